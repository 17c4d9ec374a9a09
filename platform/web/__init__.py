"""The web layer shared by every host: layouts, assets, errors, i18n, request logs."""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel


def init_web(app: Flask, babel: Babel) -> None:
    # Imported here, not at the top: Python runs this file before any submodule, and
    # ``platform.web.formatting`` (Rupiah, dates) is used by module models and services that
    # the data-only app and the CLI load; they must not import every page and the upload
    # libraries (PDF, images) that the web blueprint pulls in.
    from kiblat.platform.web import (
        compression,
        errors,
        filters,
        i18n,
        request_log,
        security,
        sessions,
    )
    from kiblat.platform.web.blueprint import bp
    from kiblat.platform.web.context import inject_layout_context

    sessions.init_sessions(app)
    i18n.init_i18n(app, babel)
    app.register_blueprint(bp)
    filters.register_filters(app)
    app.context_processor(inject_layout_context)
    errors.register_error_handlers(app)
    request_log.init_request_log(app)
    security.init_security_headers(app)
    compression.init_compression(app)
