"""GraphQL of courses and training sessions."""
