"""Bahasa Indonesia by default; English when the visitor picks it (a cookie remembers)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, request
from flask_babel import Babel

from kiblat.tenants.context import get_current_tenant

LANGUAGE_COOKIE = "lang"
# Absolute: Flask-Babel would resolve a relative folder against the app's root_path
# (``platform/``), not against this package.
TRANSLATIONS_DIR = Path(__file__).with_name("translations")


def select_locale() -> str:
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    return chosen if chosen in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    tenant = get_current_tenant()
    return tenant.time_zone if tenant else current_app.config["BABEL_DEFAULT_TIMEZONE"]


def init_i18n(app: Flask, babel: Babel) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
