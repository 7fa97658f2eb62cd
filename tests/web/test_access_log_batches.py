"""The access log's handler writes lines in batches (hub.web.observe.BatchedLines): nothing is
lost, a batch goes out within its interval, and without an event loop each line at once."""

import asyncio
import io
import logging

from hub.web.observe import BatchedLines


def _logger(handler: logging.Handler) -> logging.Logger:
    logger = logging.getLogger(f"owh.test.batched.{id(handler)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return logger


async def test_lines_wait_for_their_interval_then_go_out_together():
    stream = io.StringIO()
    handler = BatchedLines(stream, interval=0.05)
    log = _logger(handler)
    for i in range(3):
        log.info("line %d", i)
    assert stream.getvalue() == ""  # still in the batch
    await asyncio.sleep(0.2)
    assert stream.getvalue() == "line 0\nline 1\nline 2\n"


async def test_a_full_batch_is_written_at_once_and_flush_writes_the_rest():
    stream = io.StringIO()
    handler = BatchedLines(stream, interval=60, limit=20)
    log = _logger(handler)
    log.info("0123456789")
    log.info("0123456789")  # 22 bytes: over the limit
    assert stream.getvalue() == "0123456789\n0123456789\n"
    log.info("tail")
    handler.flush()  # as logging.shutdown does at exit
    assert stream.getvalue().endswith("tail\n")


def test_without_an_event_loop_each_line_is_written_at_once():
    stream = io.StringIO()
    log = _logger(BatchedLines(stream))
    log.info("alone")
    assert stream.getvalue() == "alone\n"
