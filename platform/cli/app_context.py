"""Creates the app once per CLI invocation and keeps an app context open for commands."""

from __future__ import annotations

import click


def pass_app_context(ctx: click.Context) -> None:
    if ctx.resilient_parsing:
        return
    from kiblat.platform.core.app import create_app

    app = create_app()
    ctx.obj = app
    ctx.with_resource(app.app_context())
