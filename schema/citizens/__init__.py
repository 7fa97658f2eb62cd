"""GraphQL of resident accounts."""
