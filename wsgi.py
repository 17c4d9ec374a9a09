"""WSGI entry point: ``gunicorn wsgi:app`` from the repository root."""

from kiblat.platform.core.wsgi import app

__all__ = ["app"]
