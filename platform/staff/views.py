"""Thin handlers; the logic lives in ``kiblat.platform.identity.staff``."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.oidc.staff import staff_oidc_login_url
from kiblat.platform.identity.staff import throttle
from kiblat.platform.identity.staff.accounts import (
    authenticate_staff,
    enable_totp,
    find_staff,
    provisioning_uri,
    totp_secret,
    verify_totp,
)
from kiblat.platform.identity.staff.impersonation import (
    ImpersonationError,
    create_grant,
    tenant_admins,
)
from kiblat.platform.identity.staff.models import StaffActionLog
from kiblat.platform.identity.staff.sessions import (
    begin_login,
    complete_login,
    get_current_staff,
    logout_staff,
    pending_staff,
    staff_required,
)
from kiblat.platform.staff.forms import ImpersonateForm, StaffLoginForm, StaffLogoutForm, TotpForm
from kiblat.platform.throttle import minutes
from kiblat.platform.web.urls import safe_local_path
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.registry import tenant_registry

PER_PAGE = 50


def _tenant_url(host: str, path: str) -> str:
    port = request.host.partition(":")[2]
    return f"{request.scheme}://{host}{':' + port if port else ''}{path}"


def _throttled(wait: int) -> tuple[str, int, dict[str, str]]:
    """The message, 429 and Retry-After while staff sign-in is blocked for this account or address."""
    message = _("Terlalu banyak percobaan yang gagal. Demi keamanan akun, coba lagi dalam %(minutes)s menit.",
                minutes=minutes(wait))
    return message, 429, {"Retry-After": str(wait)}


def login() -> str | Response | tuple[str, int, dict[str, str]]:
    if get_current_staff() is not None:
        return redirect(url_for("staff.home"))
    form = StaffLoginForm()
    error = None
    status, headers = 200, {}
    if form.validate_on_submit():
        email, ip = form.email.data, request.remote_addr
        wait = throttle.blocked_for(email, ip)
        if wait:
            error, status, headers = _throttled(wait)
        else:
            staff = authenticate_staff(email, form.password.data)
            if staff is None:
                throttle.note_failure(email, ip)
                error, status = _("Email atau kata sandi salah."), 401
            else:
                begin_login(staff)
                target = "staff.verify" if staff.totp_enabled else "staff.enrol"
                return redirect(url_for(target, next=request.args.get("next")))
    sso_url = staff_oidc_login_url(safe_local_path(request.args.get("next")))
    return render_template("staff/login.html", form=form, error=error, sso_url=sso_url), status, headers


def sso_login(claims: dict) -> Response | tuple[str, int]:
    """Staff single sign-on proved the email; staff two-factor still follows, as with a password."""
    staff = find_staff(claims.get("email") or "")
    if staff is None or not staff.active:
        return render_template("staff/login.html", form=StaffLoginForm(),
                               error=_("Tidak ada akun staf aktif untuk email ini.")), 403
    begin_login(staff)
    target = "staff.verify" if staff.totp_enabled else "staff.enrol"
    return redirect(url_for(target, next=claims.get("next")))


def _second_factor(enrolling: bool) -> str | Response | tuple[str, int, dict[str, str]]:
    staff = pending_staff()
    if staff is None:
        flash(_("Masuk dengan email dan kata sandi terlebih dahulu."))
        return redirect(url_for("staff.login"))
    if staff.totp_enabled == enrolling:
        return redirect(url_for("staff.verify" if staff.totp_enabled else "staff.enrol"))
    form = TotpForm()
    error, status, headers = None, 200, {}
    if form.validate_on_submit():
        wait = throttle.blocked_for(staff.email, request.remote_addr)
        if wait:
            error, status, headers = _throttled(wait)
        elif (enable_totp if enrolling else verify_totp)(staff, form.code.data):
            throttle.clear_account(staff.email)
            complete_login(staff)
            return redirect(safe_local_path(request.args.get("next") or url_for("staff.home")))
        else:
            throttle.note_failure(staff.email, request.remote_addr)
            error, status = _("Kode salah atau sudah dipakai. Tunggu kode berikutnya lalu coba lagi."), 401
    context = {"form": form, "error": error, "enrolling": enrolling}
    if enrolling:
        context.update(secret=totp_secret(staff), uri=provisioning_uri(staff))
    return render_template("staff/second_factor.html", **context), status, headers


def verify() -> str | Response | tuple[str, int]:
    return _second_factor(enrolling=False)


def enrol() -> str | Response | tuple[str, int]:
    return _second_factor(enrolling=True)


def logout() -> Response:
    if StaffLogoutForm().validate_on_submit():
        logout_staff()
        flash(_("Anda sudah keluar."))
    return redirect(url_for("staff.login"))


@staff_required
def home() -> str:
    tenants = [t for t in tenant_registry().all() if t.status == TenantStatus.ACTIVE]
    return render_template("staff/home.html", staff=get_current_staff(), tenants=tenants,
                           logout_form=StaffLogoutForm())


@staff_required
def impersonate() -> str | Response | tuple[str, int]:
    staff = get_current_staff()
    slug = request.values.get("tenant", "")
    tenant = tenant_registry().by_slug(slug) if slug else None
    if tenant is not None and tenant.status != TenantStatus.ACTIVE:
        tenant = None
    form = ImpersonateForm(tenant=slug)
    error, status = None, 200
    if request.method == "POST" and form.validate_on_submit():
        try:
            _grant, token = create_grant(staff, form.tenant.data, form.user_id.data, form.reason.data,
                                         request.remote_addr)
        except ImpersonationError as exc:
            error, status = str(exc), 400
        else:
            return redirect(_tenant_url(tenant.primary_host, f"/staff-masuk/{token}"))
    elif request.method == "POST":
        status = 400
    admins = tenant_admins(tenant) if tenant is not None else []
    tenants = [t for t in tenant_registry().all() if t.status == TenantStatus.ACTIVE]
    return render_template("staff/impersonate.html", form=form, tenant=tenant, tenants=tenants, admins=admins,
                           error=error), status


@staff_required
def activity() -> str:
    staff = get_current_staff()
    query = select(StaffActionLog).where(StaffActionLog.staff_id == staff.id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, request.args.get("halaman", 1, type=int) or 1), pages)
    entries = db.session.scalars(
        query.order_by(StaffActionLog.created_at.desc(), StaffActionLog.id.desc())
        .offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    ).all()
    return render_template("staff/activity.html", entries=entries, page=page, pages=pages, total=total)
