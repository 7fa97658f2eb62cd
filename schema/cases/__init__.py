"""GraphQL of cases (办件): intake, listing, applicants, instant cases, case events."""
