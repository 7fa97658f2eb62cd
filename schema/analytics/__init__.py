"""GraphQL of the management dashboard."""
