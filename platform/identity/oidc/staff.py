"""Single sign-on for platform staff on the base domain, configured by the environment:

    KIBLAT_STAFF_OIDC_ISSUER, KIBLAT_STAFF_OIDC_CLIENT_ID, KIBLAT_STAFF_OIDC_CLIENT_SECRET
    (optional KIBLAT_STAFF_OIDC_SCOPES, default "openid email profile")

This module runs the OpenID Connect flow and validates the ID token; deciding which
staff account the person is, and signing them in (staff two-factor included), belongs to
platform staff accounts, which hand that decision over with :func:`register_staff_login_hook`.
Until a hook is registered the staff SSO routes answer 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import requests
from authlib.common.errors import AuthlibBaseError
from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from kiblat.platform.identity.oidc.clients import registry
from kiblat.platform.identity.oidc.settings import (
    SsoSettingsError,
    check_discovery,
    normalize_issuer,
)
from kiblat.platform.web.hosts import require_platform_host
from kiblat.platform.web.urls import safe_local_path

CLIENT_NAME = "_staff"  # tenant clients are keyed by slug, which never starts with "_"
FLOW_KEY = "staff_oidc_flow"
HOOK_KEY = "kiblat_staff_oidc_hook"

StaffLoginHook = Callable[[dict], Response]
"""Receives the validated ID token claims (``iss``, ``sub``, ``email``…) and returns the response."""

bp = Blueprint("staff_oidc", __name__, template_folder="templates")


@dataclass(frozen=True)
class StaffOidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str


def staff_oidc_config() -> StaffOidcConfig | None:
    env = current_app.config.get("KIBLAT_SOURCE_ENV", {})
    issuer, client_id = env.get("KIBLAT_STAFF_OIDC_ISSUER", ""), env.get("KIBLAT_STAFF_OIDC_CLIENT_ID", "")
    secret = env.get("KIBLAT_STAFF_OIDC_CLIENT_SECRET", "")
    if not (issuer and client_id and secret):
        return None
    return StaffOidcConfig(normalize_issuer(issuer), client_id, secret,
                           env.get("KIBLAT_STAFF_OIDC_SCOPES", "openid email profile"))


def register_staff_login_hook(hook: StaffLoginHook) -> None:
    """Called once by platform staff accounts at start-up."""
    current_app.extensions[HOOK_KEY] = hook


def staff_oidc_available() -> bool:
    return HOOK_KEY in current_app.extensions and staff_oidc_config() is not None


def staff_oidc_login_url(next_url: str = "/") -> str | None:
    """Where a "sign in with SSO" link on the staff login page points; None when not set up."""
    return url_for("staff_oidc.start", next=next_url) if staff_oidc_available() else None


def _client(config: StaffOidcConfig):  # noqa: ANN202
    client = registry().client_for(CLIENT_NAME, issuer=config.issuer, client_id=config.client_id,
                                   secret=config.client_secret, scopes=config.scopes)
    check_discovery(config.issuer, client.load_server_metadata())
    return client


def _error(message: str, status: int) -> tuple[str, int]:
    return render_template("oidc/staff_error.html", message=message), status


@bp.before_request
def _platform_host_with_sso_only() -> None:
    require_platform_host()
    if not staff_oidc_available():
        abort(404)


@bp.get("/staff/masuk/sso")
def start() -> Response | tuple[str, int]:
    config = staff_oidc_config()
    try:
        client = _client(config)
    except (SsoSettingsError, requests.RequestException, ValueError):
        return _error("Penyedia SSO staf tidak dapat dihubungi atau salah dikonfigurasi.", 503)
    redirect_uri = url_for("staff_oidc.callback", _external=True)
    data = client.create_authorization_url(redirect_uri)
    client.save_authorize_data(redirect_uri=redirect_uri, **data)
    session[FLOW_KEY] = {"state": data["state"], "next": safe_local_path(request.args.get("next"))}
    return redirect(data["url"])


@bp.get("/staff/masuk/sso/callback")
def callback() -> Response | tuple[str, int]:
    flow = session.pop(FLOW_KEY, None)
    if not flow or flow.get("state") != request.args.get("state"):
        return _error("Proses masuk tidak dikenali atau sudah kedaluwarsa. Silakan mulai lagi.", 400)
    try:
        client = _client(staff_oidc_config())
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        if claims.get("sub") and "email" not in claims:
            info = client.userinfo(token=token)  # conformant providers put profile claims here
            if str(info.get("sub")) == str(claims["sub"]):
                claims = {**info, **claims}
    except (AuthlibBaseError, SsoSettingsError, requests.RequestException, ValueError):
        return _error("Penyedia SSO staf menolak proses masuk. Silakan mulai lagi.", 400)
    if not claims.get("sub"):
        return _error("Penyedia SSO staf tidak mengirim ID token yang sah.", 400)
    claims["next"] = flow.get("next") or "/"
    return current_app.extensions[HOOK_KEY](claims)
