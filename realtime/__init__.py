"""Realtime: subscriptions over graphql-transport-ws.

The event log, the pub/sub backplane (in-process or Redis) and the queue-call and whistle
events arrive with the queue issue; for now the package serves the server clock.
"""
