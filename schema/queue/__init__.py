"""GraphQL of the queue: tickets, windows, calls and the hall's live events."""
