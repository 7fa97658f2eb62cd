"""The PostgreSQL volume bench (`make bench-pg`): the hub, PostGraphile and an asyncpg floor, side by side."""
