"""Thin handlers of the wizard on the platform host; the logic lives in the services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import (
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiblat.platform import throttle
from kiblat.platform.core.extensions import db
from kiblat.platform.onboarding import accounts, files, handoff, jobs, review, wizard
from kiblat.platform.onboarding.errors import OnboardingError
from kiblat.platform.onboarding.forms import ApplicantForm, CsrfForm, SignInForm
from kiblat.platform.regions.models import Regency
from kiblat.platform.throttle import PLATFORM_SCOPE, minutes
from kiblat.platform.uploads import send_download
from kiblat.tenants import services

STEP_TITLES = {
    "wilayah": _l("Kabupaten/kota"), "bukti": _l("Bukti penugasan"), "alamat": _l("Alamat"),
    "tampilan": _l("Tampilan"), "modul": _l("Modul"), "paket": _l("Biaya"),
}


def applicant_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):  # noqa: ANN202
        if accounts.current_applicant() is None:
            return redirect(url_for("onboarding.sign_in"))
        return view(*args, **kwargs)

    return wrapped


def _where_next(applicant, draft) -> Response:  # noqa: ANN001
    if not applicant.verified:
        return redirect(url_for("onboarding.check_email"))
    if draft.status not in ("draft", "rejected"):
        return redirect(url_for("onboarding.status"))
    step = wizard.next_step(draft)
    return redirect(url_for("onboarding.step", step=step) if step else url_for("onboarding.summary"))


def start() -> str | Response:
    applicant = accounts.current_applicant()
    if applicant is not None:
        return _where_next(applicant, wizard.draft_for(applicant))
    return render_template("onboarding/start.html")


def create_account() -> str | Response | tuple[str, int]:
    form = ApplicantForm()
    error = None
    if form.validate_on_submit():
        try:
            applicant = accounts.create_applicant(name=form.name.data, email=form.email.data,
                                                  password=form.password.data)
        except OnboardingError as exc:
            error = str(exc)
        else:
            accounts.sign_in(applicant)
            return redirect(url_for("onboarding.check_email"))
    status = 400 if request.method == "POST" else 200
    return render_template("onboarding/account.html", form=form, error=error), status


def sign_in() -> str | Response | tuple[str, int] | tuple[str, int, dict]:
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        address = request.remote_addr or "unknown"
        wait = accounts.sign_in_wait(form.email.data, address)
        if wait:
            error = _("Terlalu banyak percobaan yang gagal. Demi keamanan akun, coba lagi dalam %(minutes)s menit.",
                      minutes=minutes(wait))
            return render_template("onboarding/sign_in.html", form=form, error=error), 429, {"Retry-After": str(wait)}
        applicant = accounts.authenticate(form.email.data, form.password.data)
        if applicant is not None:
            accounts.clear_failed_sign_ins(form.email.data)
            accounts.sign_in(applicant)
            return _where_next(applicant, wizard.draft_for(applicant))
        accounts.note_failed_sign_in(form.email.data, address)
        error = _("Email atau kata sandi salah.")
    status = 401 if request.method == "POST" else 200
    return render_template("onboarding/sign_in.html", form=form, error=error), status


def sign_out() -> Response:
    if CsrfForm().validate_on_submit():
        accounts.sign_out()
    return redirect(url_for("onboarding.start"))


@applicant_required
def check_email() -> str | Response:
    applicant = accounts.current_applicant()
    if applicant.verified:
        return _where_next(applicant, wizard.draft_for(applicant))
    return render_template("onboarding/check_email.html", applicant=applicant, form=CsrfForm())


@applicant_required
def resend() -> Response:
    applicant = accounts.current_applicant()
    if CsrfForm().validate_on_submit() and not applicant.verified:
        accounts.send_verification(applicant)
        flash(_("Tautan verifikasi baru sudah dikirim."))
    return redirect(url_for("onboarding.check_email"))


def verify(token: str) -> str | Response | tuple[str, int] | tuple[str, int, dict]:
    address = request.remote_addr or "unknown"
    wait = throttle.retry_after(accounts.LINK_IP, address, PLATFORM_SCOPE)
    if wait:
        message = _("Terlalu banyak percobaan yang gagal. Demi keamanan akun, coba lagi dalam %(minutes)s menit.",
                    minutes=minutes(wait))
        return (render_template("onboarding/message.html", title=_("Tautan tidak berlaku"), message=message), 429,
                {"Retry-After": str(wait)})
    try:
        applicant = accounts.verify_email(token)
    except OnboardingError as exc:
        returning = accounts.verified_by_used_link(token)
        if returning is not None:
            # The email's link opened again to come back to a saved wizard: the signed-in
            # applicant continues where they left off; anyone else signs in first (the link is
            # spent and proves nothing more).
            current = accounts.current_applicant()
            if current is not None and current.id == returning.id:
                return _where_next(current, wizard.draft_for(current))
            flash(_("Email Anda sudah terverifikasi. Masuk untuk melanjutkan pendaftaran; data Anda tersimpan."))
            return redirect(url_for("onboarding.sign_in"))
        throttle.hit(accounts.LINK_IP, address, PLATFORM_SCOPE)
        return render_template("onboarding/message.html", title=_("Tautan tidak berlaku"), message=str(exc)), 410
    accounts.sign_in(applicant)
    flash(_("Email Anda sudah terverifikasi."))
    return _where_next(applicant, wizard.draft_for(applicant))


def _step_context(step: str, applicant, draft) -> dict:  # noqa: ANN001
    context = {"step": step, "steps": wizard.STEPS, "titles": STEP_TITLES, "draft": draft, "applicant": applicant,
               "form": CsrfForm(), "regency": db.session.get(Regency, draft.region_code) if draft.region_code else None}
    if step == "wilayah":
        query = request.args.get("q", "")
        context.update(query=query, choices=wizard.search_regions(query, draft))
    elif step == "bukti":
        context.update(official=wizard.official_proof_available(applicant, draft.region_code),
                       official_elsewhere=wizard.official_elsewhere(applicant),
                       max_mb=files.MAX_LETTER_BYTES // (1024 * 1024))
    elif step == "alamat":
        context.update(slug=request.form.get("slug", draft.slug or ""))
    elif step == "tampilan":
        branding = wizard.branding_of(draft)
        if request.method == "POST":
            branding = {k: request.form.get(k, v) for k, v in branding.items()}
        context.update(branding=branding, preview_css=url_for(
            "onboarding.preview_css", p=branding["primary_color"], a=branding["accent_color"]))
    elif step == "modul":
        chosen = set((draft.data or {}).get("modules") or [])
        context.update(manifests=wizard.available_modules(), chosen=chosen,
                       added=(draft.data or {}).get("modules_added") or {})
    elif step == "paket":
        context.update(price=wizard.price_of(draft), modules={m.key: m for m in wizard.available_modules()},
                       template_available=wizard.template_available(draft))
    return context


def _save(step: str, applicant, draft) -> None:  # noqa: ANN001
    form = request.form
    if step == "wilayah":
        wizard.save_region(applicant, draft, form.get("region", ""))
    elif step == "bukti":
        upload = request.files.get("letter")
        letter = upload.stream.read(files.MAX_LETTER_BYTES + 1) if upload and upload.filename else None
        wizard.save_proof(applicant, draft, letter)
    elif step == "alamat":
        wizard.save_slug(applicant, draft, form.get("slug", ""))
    elif step == "tampilan":
        upload = request.files.get("logo")
        logo = upload.stream.read(files.MAX_LOGO_BYTES + 1) if upload and upload.filename else None
        if form.get("action") == "preview":
            wizard.require_step(applicant, draft, step)
            wizard.check_branding(form.get("primary_color", ""), form.get("accent_color", ""), form.get("tagline", ""))
            if logo is not None:  # a logo chosen before previewing is kept, not lost with the preview
                wizard.save_logo(applicant, draft, logo)
            raise _Preview
        wizard.save_branding(applicant, draft, primary_color=form.get("primary_color", ""),
                             accent_color=form.get("accent_color", ""), tagline=form.get("tagline", ""), logo=logo)
    elif step == "modul":
        added = wizard.save_modules(applicant, draft, form.getlist("modules"))
        for key, needed_by in added.items():
            flash(_("Modul %(key)s ditambahkan karena dibutuhkan oleh %(by)s.", key=key, by=", ".join(needed_by)))
    elif step == "paket":
        wizard.save_plan(applicant, draft, accept_price=form.get("accept_price") == "1",
                         use_template=form.get("template") == "1")


class _Preview(Exception):
    """The no-JavaScript preview: show the posted branding without saving it."""


@applicant_required
def step(step: str) -> str | Response | tuple[str, int]:
    applicant = accounts.current_applicant()
    draft = wizard.draft_for(applicant)
    try:
        wizard.require_step(applicant, draft, step)
    except OnboardingError as exc:
        if request.method == "POST":
            return render_template("onboarding/message.html", title=_("Langkah belum dapat diisi"),
                                   message=str(exc), back=True), exc.status
        if exc.status == 404:
            abort(404)
        flash(str(exc))
        return _where_next(applicant, draft)
    error = field = None
    status = 200
    if request.method == "POST":
        if not CsrfForm().validate_on_submit():
            abort(400)
        try:
            _save(step, applicant, draft)
        except _Preview:
            pass
        except OnboardingError as exc:
            db.session.rollback()
            error, field, status = str(exc), exc.field, exc.status
        else:
            return _where_next(applicant, draft)
    return render_template(f"onboarding/step_{step}.html", error=error, error_field=field,
                           **_step_context(step, applicant, draft)), status


@applicant_required
def summary() -> str | Response | tuple[str, int]:
    applicant = accounts.current_applicant()
    draft = wizard.draft_for(applicant)
    if not applicant.verified or draft.status not in ("draft", "rejected") or wizard.next_step(draft):
        return _where_next(applicant, draft)
    error, status = None, 200
    if request.method == "POST" and CsrfForm().validate_on_submit():
        try:
            review.submit(applicant, draft)
        except OnboardingError as exc:
            db.session.rollback()
            error, status = str(exc), exc.status
        else:
            return redirect(url_for("onboarding.status"))
    return render_template("onboarding/summary.html", draft=draft, applicant=applicant, error=error,
                           form=CsrfForm(), steps=wizard.STEPS, titles=STEP_TITLES, step=None,
                           regency=db.session.get(Regency, draft.region_code), price=wizard.price_of(draft),
                           branding=wizard.branding_of(draft),
                           host=wizard.tenant_host(draft.slug)), status


@applicant_required
def status() -> str | Response:
    applicant = accounts.current_applicant()
    draft = wizard.draft_for(applicant)
    if draft.status == "draft":
        return _where_next(applicant, draft)
    return render_template("onboarding/status.html", draft=draft, progress=jobs.progress_of(draft),
                           form=CsrfForm(), regency=db.session.get(Regency, draft.region_code),
                           host=wizard.tenant_host(draft.slug))


@applicant_required
def status_json() -> Response:
    draft = wizard.draft_for(accounts.current_applicant())
    return jsonify(jobs.progress_of(draft))


@applicant_required
def enter_regency() -> str | Response | tuple[str, int]:
    applicant = accounts.current_applicant()
    draft = wizard.draft_for(applicant)
    if not CsrfForm().validate_on_submit():
        abort(400)
    try:
        token = handoff.issue_handoff(applicant, draft)
    except OnboardingError as exc:
        flash(str(exc))
        return redirect(url_for("onboarding.status"))
    port = request.host.partition(":")[2]
    host = wizard.tenant_host(draft.slug) + (f":{port}" if port else "")
    # A link, not a redirect: the CSP's form-action 'self' forbids a form posting across hosts.
    return render_template("onboarding/handoff.html", host=wizard.tenant_host(draft.slug),
                           url=f"{request.scheme}://{host}/bergabung-masuk/{token}")


def preview_css() -> Response:
    """The branding preview's colours as a same-origin stylesheet (the CSP forbids inline styles)."""
    colors = []
    for name in ("p", "a"):
        value = request.args.get(name, "")
        colors.append(value.lower() if services.COLOR_RE.match(value) else "#0b6e4f")
    css = (f".brand-preview{{--preview-primary:{colors[0]};--preview-accent:{colors[1]};border:1px solid #ccc;"
           "border-radius:8px;overflow:hidden;max-width:32rem}\n"
           ".brand-preview .bp-header{background:var(--preview-primary);color:#fff;padding:1rem;display:flex;"
           "gap:.75rem;align-items:center}\n"
           ".brand-preview .bp-logo{max-height:48px;max-width:96px}\n"
           ".brand-preview .bp-body{padding:1rem;margin:0}\n"
           ".brand-preview .bp-accent{background:var(--preview-accent);color:#111;padding:.1rem .4rem;"
           "border-radius:4px}\n")
    return Response(css, mimetype="text/css", headers={"Cache-Control": "private, max-age=300"})


@applicant_required
def logo() -> Response:
    draft = wizard.draft_for(accounts.current_applicant())
    if not draft.logo_key or not files.platform_storage().exists(draft.logo_key):
        abort(404)
    return send_download(files.platform_storage().open(draft.logo_key), download_name=draft.logo_key.rsplit("/")[-1],
                         media_type=files.media_type(draft.logo_key), inline=True)


def land(token: str) -> Response | tuple[str, int]:
    """On the new regency's host: spend the handoff token, then two-factor enrolment."""
    try:
        handoff.consume_handoff(token)
    except OnboardingError as exc:
        return render_template("onboarding/message.html", title=_("Tautan tidak berlaku"), message=str(exc)), 410
    return redirect(url_for("identity.totp_setup", next="/admin/"))
