"""GraphQL of the organisation: service points, windows, departments, staff."""
