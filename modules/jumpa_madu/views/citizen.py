"""Public and citizen pages: price list, registration, savings book, pickups, withdrawals."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.modules.jumpa_madu.forms import (
    NasabahForm,
    PickupForm,
    ReasonForm,
    WithdrawForm,
    pickup_form,
)
from kiblat.modules.jumpa_madu.models import Nasabah, WastePickup
from kiblat.modules.jumpa_madu.services import (
    config,
    deposits,
    ledger,
    nasabah,
    pickups,
    reports,
    settings,
    withdrawals,
)
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.modules.jumpa_madu.views.common import checked, own_nasabah, refused, render
from kiblat.platform.identity.sessions import get_current_user, has_permission, login_required
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import media_type_of, send_download
from kiblat.platform.web.formatting import rupiah
from kiblat.tenants.database import tenant_db

PHOTO_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}


def index() -> str:
    can = {p: has_permission(p) for p in ("jumpa_madu.collect", "jumpa_madu.manage", "jumpa_madu.report",
                                          "citizen.assist")}
    return render("index.html", prices=config.price_list(), recycled=reports.kg_this_year(),
                  book=own_nasabah(), signed_in=get_current_user() is not None, can=can)


@login_required
def register() -> Response | str:
    user = get_current_user()
    if own_nasabah() is not None:
        return redirect(url_for("jumpa_madu.account"))
    form = NasabahForm(data={"phone": user.phone or "", "desa": user.desa_code or ""})
    if checked(form):
        try:
            nasabah.register(user, phone=form.phone.data, desa_code=form.desa.data or "",
                             address=form.address.data or "", nik=form.nik.data or None,
                             latitude=form.latitude.data, longitude=form.longitude.data)
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Buku tabungan bank sampah Anda sudah dibuka."))
            return redirect(url_for("jumpa_madu.account"))
    return render("register.html", desa=nasabah.desa_options(), form=form)


@login_required
def account() -> Response | str:
    book = own_nasabah()
    if book is None:
        return redirect(url_for("jumpa_madu.register"))
    page = ledger.statement(book.id, request.args.get("halaman", 1, type=int) or 1)
    receipts = deposits.by_entry([e.id for e in page.entries])
    steps = withdrawals.by_reference([e.reference for e in page.entries])
    return render("account.html", book=book, page=page, receipts=receipts, steps=steps, pickups=pickups.of_nasabah(book.id),
                  withdrawals=withdrawals.of_nasabah(book.id), minimum=config.policy().min_withdrawal,
                  withdraw_form=WithdrawForm(), cancel_form=ReasonForm())


def pickup_page(book: Nasabah | None, action: str, form: PickupForm, **context) -> str:  # noqa: ANN003
    """The pickup request form, for the nasabah themselves or for a village operator."""
    if not form.is_submitted() and book is not None:
        form.address.data = book.address
        form.date.data = pickups.today()
    return render("pickup_form.html", book=book, windows=config.windows(), prices=config.price_list(),
                  today=pickups.today(), form=form, action=action,
                  photo_mb=settings.photo_max_bytes() // settings.MB, **context)


def submit_pickup(book: Nasabah, form: PickupForm) -> WastePickup:
    """Ask for the pickup the form describes (the caller has validated it)."""
    photo = form.photo.data
    estimates = {w.category_key: w.grams for w in deposits.weighings(form.kilograms())}
    return pickups.request_pickup(
        book, pickup_date=form.date.data, window_id=form.window.data or 0, estimates=estimates,
        actor_id=get_current_user().id, address=form.address.data or None,
        photo=(photo.stream, photo.filename) if photo and getattr(photo, "filename", "") else None,
    )


@login_required
def request_pickup() -> Response | str:
    book = own_nasabah()
    if book is None:
        return redirect(url_for("jumpa_madu.register"))
    form = pickup_form(c for c, _price in config.price_list())
    if checked(form):
        try:
            pickup = submit_pickup(book, form)
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Permintaan penjemputan #%(id)s terkirim.", id=pickup.id))
            return redirect(url_for("jumpa_madu.account"))
    return pickup_page(book, url_for("jumpa_madu.request_pickup"), form)


@login_required
def cancel_pickup(pickup_id: int) -> Response:
    book = own_nasabah()
    if book is None:
        abort(404)
    form = ReasonForm()
    if checked(form):
        try:
            pickups.cancel(pickup_id, form.reason.data or "", nasabah_id=book.id)
            flash(_("Penjemputan dibatalkan."))
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
    return redirect(url_for("jumpa_madu.account"))


@login_required
def withdraw() -> Response:
    book = own_nasabah()
    if book is None:
        abort(404)
    form = WithdrawForm()
    if checked(form):
        try:
            withdrawal = withdrawals.request(book.id, form.amount.data or 0, get_current_user().id)
            flash(_("Permintaan penarikan #%(id)s sebesar %(amount)s diajukan.", id=withdrawal.id,
                    amount=rupiah(withdrawal.amount)))
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
    return redirect(url_for("jumpa_madu.account"))


@login_required
def receipt(deposit_id: int) -> str:
    deposit = deposits.get(deposit_id)
    book = own_nasabah()
    allowed = deposit is not None and (
        (book is not None and deposit.nasabah_id == book.id)
        or has_permission("jumpa_madu.manage")
        or (has_permission("jumpa_madu.collect") and deposit.recorded_by_user_id == get_current_user().id)
    )
    if not allowed:
        abort(404)
    return render("receipt.html", deposit=deposit, book=nasabah.get(deposit.nasabah_id),
                  can_correct=has_permission("jumpa_madu.manage"), correct_form=ReasonForm())


@login_required
def pickup_photo(pickup_id: int) -> Response:
    """The photo of a pickup, for its nasabah, the waste-bank officers and its collector."""
    pickup = pickups.get(pickup_id)
    book = own_nasabah()
    allowed = pickup is not None and pickup.photo_key and (
        (book is not None and pickup.nasabah_id == book.id) or has_permission("jumpa_madu.manage")
        or (has_permission("jumpa_madu.collect") and pickup.collector_user_id == get_current_user().id)
    )
    if not allowed:
        abort(404)
    with tenant_storage().open(pickup.photo_key) as handle:
        data = handle.read()
    # Photos from before the upload check may be anything: unknown content is never shown inline.
    media_type = media_type_of(data) or "application/octet-stream"
    return send_download(data, download_name=f"penjemputan-{pickup.id}{PHOTO_EXTENSIONS.get(media_type, '')}",
                         media_type=media_type, inline=True)
