"""GraphQL of catalogue governance (city/district versions, publishing)."""
