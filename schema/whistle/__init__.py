"""GraphQL of the whistle (窗口吹哨)."""
