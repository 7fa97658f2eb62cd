"""Counts the SQL statements Tortoise sends, to pin the cost of GraphQL operations."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

SQL_VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = str(record.msg if not record.args else record.args[0]).lstrip()
        if text.upper().startswith(SQL_VERBS):
            self.statements.append(text)


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Yields the list of SQL statements executed inside the block."""
    logger = logging.getLogger("tortoise.db_client")
    recorder = _Recorder()
    previous = logger.level
    logger.addHandler(recorder)
    logger.setLevel(logging.DEBUG)
    try:
        yield recorder.statements
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(previous)
