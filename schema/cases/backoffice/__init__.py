"""GraphQL of the back office (后台审批)."""
