"""Values every layout needs: tenant, its navigation, languages."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_babel import get_locale

from kiblat.platform.modular.manifest import NavEntry
from kiblat.tenants.context import get_current_tenant


def _navigation(tenant) -> list[NavEntry]:  # noqa: ANN001
    if tenant is None:
        return []
    entries: list[NavEntry] = []
    for manifest in current_app.extensions["kiblat_modules"]:
        if manifest.key in tenant.modules:
            entries.extend(manifest.navigation)
    return entries


def _static_css_url() -> str:
    # The same on every request: built once per app, not by url_for on every page.
    cached = current_app.extensions.get("kiblat_static_css_url")
    if cached is None:
        cached = current_app.extensions["kiblat_static_css_url"] = url_for("web.static", filename="kiblat.css")
    return cached


def inject_layout_context() -> dict:
    tenant = get_current_tenant()
    locale = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return {
        "tenant": tenant,
        "navigation": _navigation(tenant),
        "locale": locale,
        "languages": current_app.config["LANGUAGES"],
        "current_path": request.full_path.rstrip("?") if request else "/",
        "base_domain": current_app.config["BASE_DOMAIN"],
        "static_css_url": _static_css_url(),
    }
