"""Cases (办件): intake, routing, the back office, the clock, issuance and ratings."""
