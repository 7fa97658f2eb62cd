"""Department systems: the outbox hand-off, signed callbacks, shared base data."""
