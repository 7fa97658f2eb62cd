"""GraphQL of the holiday calendar and working-day due dates."""
