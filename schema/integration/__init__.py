"""GraphQL of department integration (endpoints, hand-offs)."""
