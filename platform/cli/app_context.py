"""Creates the app once per CLI invocation and keeps an app context open for commands."""

from __future__ import annotations

import click
from flask import Flask

from kiblat.platform.core.app import create_app

# Commands that touch only databases and migrations: they get the app without its pages.
DATA_ONLY_COMMANDS = {"db"}


def data_only_app(environ: dict) -> Flask:
    """The app without its pages, built from ``environ`` (worker processes of ``db upgrade --jobs``)."""
    return create_app(environ, web=False)


def pass_app_context(ctx: click.Context) -> None:
    if ctx.resilient_parsing:
        return
    app = create_app(web=ctx.invoked_subcommand not in DATA_ONLY_COMMANDS)
    ctx.obj = app
    ctx.with_resource(app.app_context())
