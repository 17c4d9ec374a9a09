"""Thin handlers for signing in and out on a regency's host."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from kiblat.platform.identity.accounts import authenticate
from kiblat.platform.identity.forms import LoginForm, LogoutForm
from kiblat.platform.identity.sessions import get_current_user, login_user, logout_user
from kiblat.tenants.context import get_current_tenant


def _safe_next(target: str | None) -> str:
    target = target or "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def login() -> str | Response:
    if get_current_tenant() is None:
        abort(404)
    if get_current_user() is not None:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    error = False
    if form.validate_on_submit():
        user = authenticate(form.identifier.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        error = True
    status = 401 if error else 200
    return render_template("identity/login.html", form=form, error=error), status


def logout() -> Response:
    if get_current_tenant() is None:
        abort(404)
    if LogoutForm().validate_on_submit():
        logout_user()
        flash("Anda sudah keluar.")
    return redirect(url_for("web.home"))
