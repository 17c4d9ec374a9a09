"""Bahasa Indonesia by default; English when the visitor picks it (a cookie remembers)."""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel, get_translations

from kiblat.tenants.context import get_current_tenant

LANGUAGE_COOKIE = "lang"
# Absolute: Flask-Babel would resolve a relative folder against the app's root_path
# (``platform/``), not against this package.
TRANSLATIONS_DIR = Path(__file__).with_name("translations")


def select_locale() -> str:
    # Outside a request (jobs, CLI) there is no visitor to ask: the default language.
    config = current_app.config
    chosen = ""
    if has_request_context():
        current = request._get_current_object()
        if "HTTP_COOKIE" in current.environ:  # no Cookie header: nothing to parse
            chosen = current.cookies.get(LANGUAGE_COOKIE, "")
    return chosen if chosen in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


# Babel locales by language code, parsed once per process (Flask-Babel would parse one per request).
_LOCALES: dict[str, Locale] = {}


def _babel_locale() -> Locale:
    code = select_locale()
    locale = _LOCALES.get(code)
    if locale is None:
        locale = _LOCALES[code] = Locale.parse(code)
    return locale


def select_timezone() -> str:
    tenant = get_current_tenant()
    return tenant.time_zone if tenant else current_app.config["BABEL_DEFAULT_TIMEZONE"]


def _translations():  # noqa: ANN202
    # Looked up once per request instead of once per string: a page has dozens of strings.
    translations = g.get("kiblat_translations")
    if translations is None:
        translations = g.kiblat_translations = get_translations()
    return translations


def _gettext(string: str) -> str:
    return _translations().ugettext(string)


def _ngettext(singular: str, plural: str, number: int) -> str:
    return _translations().ungettext(singular, plural, number)


def init_i18n(app: Flask, babel: Babel) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    babel.init_app(app, locale_selector=_babel_locale, timezone_selector=select_timezone)
    # Jinja applies %(name)s variables and escaping itself (newstyle gettext).
    app.jinja_env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
