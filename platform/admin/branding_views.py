"""The regency admin's branding page: names, colours with a preview, the logo."""

from __future__ import annotations

from dataclasses import asdict

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiblat.platform.admin import branding
from kiblat.platform.admin.forms import AppearanceForm, LogoForm
from kiblat.platform.uploads import read_upload
from kiblat.platform.web.forms import error_messages


def _page(form: AppearanceForm, logo_form: LogoForm, error: str | None, error_field: str | None,
          preview: dict | None) -> tuple[str, int]:
    return render_template("admin/branding.html", form=form, logo_form=logo_form, error=error,
                           error_field=error_field, preview=preview), 422 if error else 200


def appearance() -> str | Response | tuple[str, int]:
    form = AppearanceForm(data=asdict(branding.current()) if request.method == "GET" else None)
    error = error_field = preview = None
    if form.is_submitted() and not form.validate():
        error = error_messages(form)[0]
    elif form.is_submitted():
        values = {name: form[name].data for name in ("official_name", "short_name", "tagline", "head_title",
                                                     "head_name", "primary_color", "accent_color")}
        try:
            checked = branding.check(values) if form.preview.data else branding.save(values)
        except branding.BrandingError as exc:
            error, error_field = str(exc), exc.field
        else:
            if form.preview.data:
                preview = asdict(checked)
            else:
                flash(_("Tampilan tersimpan dan langsung terlihat oleh warga."))
                return redirect(url_for("admin.branding"))
    return _page(form, LogoForm(), error, error_field, preview)


def logo() -> Response | tuple[str, int]:
    form = LogoForm()
    if not form.validate_on_submit():
        abort(400)
    upload = form.logo.data
    try:
        branding.save_logo(read_upload(upload, branding.LOGO_MAX_BYTES), getattr(upload, "filename", None))
    except branding.BrandingError as exc:
        appearance_form = AppearanceForm(formdata=None, data=asdict(branding.current()))
        return _page(appearance_form, form, str(exc), "logo", None)
    flash(_("Logo baru terpasang."))
    return redirect(url_for("admin.branding"))


def preview_css() -> Response:
    """The preview's colours as CSS custom properties (the CSP allows no inline style)."""
    colors = {key: request.args.get(key, "") for key in ("primary", "accent")}
    if not all(branding.COLOR_RE.match(value) for value in colors.values()):
        abort(404)
    css = f".brand-preview{{--primary:{colors['primary']};--accent:{colors['accent']}}}"
    return Response(css, mimetype="text/css")
