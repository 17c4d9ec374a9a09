"""Values every layout needs: tenant, its navigation, languages."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_babel import get_locale

from kiblat.platform.modular.manifest import Localized, ModuleManifest, NavEntry
from kiblat.tenants.context import get_current_tenant


def _navigation(tenant) -> list[NavEntry]:  # noqa: ANN001
    """The enabled modules' menu entries; the entry carrying a module's own name shows the
    name the regency gave it (Sri Deli → "Perizinan Online Binjai")."""
    if tenant is None:
        return []
    entries: list[NavEntry] = []
    for manifest in current_app.extensions["kiblat_modules"]:
        if manifest.key in tenant.modules:
            renamed = dict(tenant.module_names).get(manifest.key)
            for entry in manifest.navigation:
                if renamed and entry.label == manifest.name:
                    entry = NavEntry(Localized(renamed, renamed), entry.endpoint)  # noqa: PLW2901
                entries.append(entry)
    return entries


def _module_namer(tenant, locale: str):  # noqa: ANN001, ANN202
    def module_name(manifest: ModuleManifest | str) -> str:
        """A module's name as this regency shows it, in the reader's language."""
        if isinstance(manifest, str):
            manifest = current_app.extensions["kiblat_modules"].get(manifest)
        default = manifest.name.get(locale)
        return tenant.module_name(manifest.key, default) if tenant is not None else default
    return module_name


def _section_name(tenant, locale: str) -> str | None:  # noqa: ANN001
    """The name of the module serving this page, for the page title."""
    if tenant is None or not request or request.blueprint not in tenant.modules:
        return None
    manifest = current_app.extensions["kiblat_modules"].get(request.blueprint)
    return tenant.module_name(manifest.key, manifest.name.get(locale)) if manifest is not None else None


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
        "module_name": _module_namer(tenant, locale),
        "section_name": _section_name(tenant, locale),
        "locale": locale,
        "languages": current_app.config["LANGUAGES"],
        "current_path": request.full_path.rstrip("?") if request else "/",
        "base_domain": current_app.config["BASE_DOMAIN"],
        "static_css_url": _static_css_url(),
    }
