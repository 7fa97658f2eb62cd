"""GraphQL of staff accounts and login."""
