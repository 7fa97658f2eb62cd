"""GraphQL of appointments (网上预约)."""
