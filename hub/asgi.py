"""ASGI entry point for uvicorn: `uvicorn hub.asgi:app`."""

from hub.app import create_app

app = create_app()
