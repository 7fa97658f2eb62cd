"""Realtime infrastructure, no domain: the event log (appended in the business transaction,
published after commit), the bus (in-process or Redis), resumable ``follow(channel, after)``,
doorbells, and the direct websocket frames for shared events. The subscriptions themselves are
GraphQL and live in schema/<domain>/subscriptions.py."""
