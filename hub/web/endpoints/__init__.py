"""Plain HTTP endpoints beside GraphQL: files, PDFs, exports and department callbacks."""

from starlette.requests import Request


def public_base(request: Request) -> str:
    """Where phones and printed links reach the hub: HUB_PUBLIC_BASE_URL, else this request's
    own address (the same rule as the GraphQL context's ``public_base``)."""
    configured: str = request.app.state.services.settings.public_base_url
    return configured or str(request.base_url).rstrip("/")
