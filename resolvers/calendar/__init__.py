"""Working days: the official holiday calendar, make-up working days, due dates (办结时限)."""
