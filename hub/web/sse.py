"""GraphQL over Server-Sent Events on /graphql (the graphql-sse protocol, distinct connections).

strawberry brings the transport: a request asking for ``Accept: text/event-stream`` (POST with
a JSON body, or GET for queries and subscriptions) is executed with ``schema.stream`` and every
result is a ``next`` event, then ``complete``; the client ends a subscription by closing the
connection. The request goes through the same view as any other — the same bearer token,
cost budget, lookup guard, shared event results and ``after`` cursors as over the websocket.
This module adapts two details:

- ``HubSSETransport`` ends lines with LF: strawberry writes CRLF, which the SSE spec allows
  but the subgraph client of Hive Gateway (@graphql-tools/executor-http) does not read — it
  splits events on a blank line of two LFs and so never saw one.
- ``errors_as_results``: a document refused by an extension that raises instead of returning
  an error (the parser cache and the token limit raise a syntax error) ended the stream with
  no event at all; the protocol wants such errors as a ``next`` event, as validation errors
  already are.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from graphql import GraphQLError
from strawberry.http.streaming import SSETransport
from strawberry.types import ExecutionResult

STREAM_MEDIA_TYPE = "text/event-stream"


class HubSSETransport(SSETransport):
    """strawberry's SSE transport with LF line endings (see the module docstring)."""

    def encode_event(self, event: str, data: str | None = None) -> str:
        return super().encode_event(event, data).replace("\r\n", "\n")

    def encode_comment(self, comment: str) -> str:
        return f": {comment}\n\n"


async def errors_as_results(source: AsyncIterator[Any], schema: Any) -> AsyncGenerator[Any, None]:
    """``source``'s results; a GraphQL error it raises becomes a last result carrying it (with
    its code, as every top-level error: ``schema.process_errors``)."""
    try:
        async for result in source:
            yield result
    except GraphQLError as error:
        schema.process_errors([error])
        yield ExecutionResult(data=None, errors=[error])
    finally:  # closed early (the client went away): close the subscription's generators too
        close = getattr(source, "aclose", None)
        if close is not None:
            await close()


def wants_stream(accept: str) -> bool:
    """Whether the client asks for an event stream."""
    return any(part.split(";", 1)[0].strip().lower() == STREAM_MEDIA_TYPE
               for part in accept.split(","))
