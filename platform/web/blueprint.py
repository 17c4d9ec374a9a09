"""Routes every host shares: health, assets, home page, branding stylesheet, language switch."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
)

from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import media_type_of, send_download
from kiblat.platform.web import page_cache
from kiblat.platform.web.i18n import LANGUAGE_COOKIE
from kiblat.platform.web.page_cache import cached_for_anonymous
from kiblat.platform.web.urls import safe_local_path
from kiblat.tenants.context import get_current_tenant
from kiblat.tenants.registry import tenant_registry

STATIC_DIR = Path(__file__).with_name("static")
LOGO_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
                   "image/svg+xml": ".svg"}
bp = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)


@bp.get("/healthz")
def healthz() -> Response:
    """Alive: the process answers. Whether it can serve (databases, Redis, storage) is /readyz."""
    tenant = get_current_tenant()
    body = {"status": "ok"}
    if tenant is not None:
        body["tenant"] = tenant.slug
    return jsonify(body)


def _modules() -> ModuleRegistry:
    return current_app.extensions["kiblat_modules"]


def _home_changes_in() -> float | None:
    """A home page changes with time alone only through the figures modules add to a regency's
    (``home_summary``), which do not say when they change: those pages are kept the default age."""
    tenant = get_current_tenant()
    if tenant is not None and any(m.home_summary is not None for m in _modules() if m.key in tenant.modules):
        return page_cache.MAX_AGE
    return None


@bp.get("/")
@cached_for_anonymous(changes_in=_home_changes_in)
def home() -> str:
    tenant = get_current_tenant()
    if tenant is None:
        return render_template(
            "home/platform.html",
            modules=list(_modules()),
            tenants=[t for t in tenant_registry().all() if t.status == "active"],
        )
    enabled = [m for m in _modules() if m.key in tenant.modules]
    summaries = {m.key: m.hook("home_summary")() for m in enabled if m.home_summary is not None}
    return render_template("home/tenant.html", modules=enabled, summaries=summaries)


@bp.get("/brand.css")
def brand_css() -> Response:
    tenant = get_current_tenant()
    if tenant is None:
        abort(404)
    css = render_template("brand.css", branding=tenant.branding)
    response = Response(css, mimetype="text/css")
    # The URL carries the branding version, so a changed branding is a new URL.
    response.cache_control.public = True
    response.cache_control.max_age = 31536000 if request.args.get("v") else 300
    return response


@bp.get("/logo")
def logo() -> Response:
    tenant = get_current_tenant()
    if tenant is None or not tenant.branding.logo_key:
        abort(404)
    storage = tenant_storage()
    if not storage.exists(tenant.branding.logo_key):
        abort(404)
    with storage.open(tenant.branding.logo_key) as handle:
        data = handle.read()
    # Every logo now comes through the upload check (onboarding and provisioning specs alike);
    # an SVG stored before that is served as an attachment in a sandbox: <img> still shows it,
    # opened directly it runs nothing.
    media_type = media_type_of(data) or ("image/svg+xml" if b"<svg" in data[:1024] else "application/octet-stream")
    return send_download(data, download_name="logo" + LOGO_EXTENSIONS.get(media_type, ""),
                         media_type=media_type, inline=True, public=True,
                         max_age=31536000 if request.args.get("v") else 300)


@bp.get("/bahasa/<code>")
def switch_language(code: str) -> Response:
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    response = redirect(safe_local_path(request.args.get("next")))
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
