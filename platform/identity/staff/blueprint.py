"""Routes on a regency's host for impersonation: spend a staff token, stop impersonating."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request
from werkzeug.wrappers import Response

from kiblat.platform.identity.staff.impersonation import (
    ImpersonationError,
    StopForm,
    consume_grant,
    end_impersonation,
)
from kiblat.platform.web.hosts import require_tenant_host

bp = Blueprint("staff_access", __name__, template_folder="templates")


bp.before_request(require_tenant_host)


def platform_url(path: str) -> str:
    """The same path on the platform host, keeping the request's scheme and port."""
    port = request.host.partition(":")[2]
    host = current_app.config["BASE_DOMAIN"] + (f":{port}" if port else "")
    return f"{request.scheme}://{host}{path}"


@bp.get("/staff-masuk/<token>")
def enter(token: str) -> Response | tuple[str, int]:
    try:
        consume_grant(token)
    except ImpersonationError as exc:
        return render_template("identity/impersonation_invalid.html", message=str(exc)), 410
    return redirect("/")


@bp.post("/staff-masuk/selesai")
def stop() -> Response:
    if not StopForm().validate_on_submit():
        abort(400)
    end_impersonation("stopped")
    return redirect(platform_url("/staff/"))
