"""GraphQL of notifications: 我的消息, templates, the message list, robot groups."""
