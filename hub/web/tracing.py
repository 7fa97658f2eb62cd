"""OpenTelemetry traces, on when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set (the ``[otel]`` extra).

A span per HTTP request and websocket (the ASGI instrumentation) with, inside it, the GraphQL
operation's spans: parse, validate, execute (strawberry's extension, without its span per field:
a list of 100 items would make thousands of spans and the per-field hook costs every request).
Spans go out in batches over OTLP/HTTP; the SDK reads the standard ``OTEL_*`` variables
(``OTEL_SERVICE_NAME``, ``OTEL_EXPORTER_OTLP_HEADERS`` …). The query text on a span is redacted
like the access log (no full ID number or phone number).
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

from hub.web.observe import redact

_provider: Any = None


def enabled() -> bool:
    return bool(os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"))


def _missing(error: ImportError) -> RuntimeError:
    return RuntimeError("OTEL_EXPORTER_OTLP_ENDPOINT 已设置，但未安装 OpenTelemetry："
                        f"pip install 'onewindow-hub[otel]'（{error}）")


def provider() -> Any:
    """The process's tracer provider, set up once (the SDK allows one global provider)."""
    global _provider
    if _provider is None:
        try:
            from opentelemetry import trace
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
            from opentelemetry.sdk.resources import Resource
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.export import BatchSpanProcessor
        except ImportError as e:
            raise _missing(e) from e
        name = os.environ.get("OTEL_SERVICE_NAME", "onewindow-hub")
        _provider = TracerProvider(resource=Resource.create({"service.name": name}))
        _provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(_provider)
    return _provider


def asgi_middleware() -> Any:
    """The ASGI instrumentation's middleware class, bound to the provider."""
    try:
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
    except ImportError as e:
        raise _missing(e) from e
    tracer_provider = provider()

    class HubTracing(OpenTelemetryMiddleware):
        def __init__(self, app: Any) -> None:
            super().__init__(app, tracer_provider=tracer_provider,
                             exclude_spans=["receive", "send"])

    return HubTracing


def schema_extension() -> Any:
    """strawberry's OpenTelemetry extension, operation-level only, query text redacted."""
    from strawberry.extensions import SchemaExtension
    from strawberry.extensions.tracing.opentelemetry import LifecycleStep, OpenTelemetryExtension

    tracer_provider = provider()

    class OperationSpans(OpenTelemetryExtension):
        resolve = SchemaExtension.resolve  # type: ignore[assignment]  # no span per field

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(tracer_provider=tracer_provider, **kwargs)

        def on_operation(self) -> Generator[None, None, None]:
            steps = super().on_operation()
            next(steps)
            span = self._span_holder[LifecycleStep.OPERATION]
            if self.execution_context.query:
                span.set_attribute("query", redact(self.execution_context.query))
            yield
            next(steps, None)

    return OperationSpans
