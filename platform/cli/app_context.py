"""The app factory the fleet upgrade hands to its worker processes."""

from __future__ import annotations

from flask import Flask

from kiblat.platform.cli.lazy import App, build_app


def data_only_app(environ: dict) -> Flask:
    """The app without its pages, built from ``environ`` (worker processes of ``db upgrade --jobs``)."""
    return build_app(App.DATA, environ)
