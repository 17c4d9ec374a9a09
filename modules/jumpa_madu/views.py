"""Public and citizen pages: price list, registration, savings book, pickups, withdrawals."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from kiblat.modules.jumpa_madu.services import (
    config,
    deposits,
    ledger,
    nasabah,
    pickups,
    reports,
    withdrawals,
)
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.modules.jumpa_madu.views_common import (
    form_date,
    form_float,
    form_int,
    own_nasabah,
    refused,
    render,
)
from kiblat.platform.identity.sessions import get_current_user, has_permission, login_required
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa


def index() -> str:
    can = {p: has_permission(p) for p in ("jumpa_madu.collect", "jumpa_madu.manage", "jumpa_madu.report",
                                          "citizen.assist")}
    return render("index.html", prices=config.price_list(), recycled=reports.kg_this_year(),
                  book=own_nasabah(), signed_in=get_current_user() is not None, can=can)


def _desa_options() -> list[Desa]:
    from sqlalchemy import select

    return list(tenant_db.session.scalars(select(Desa).order_by(Desa.name)))


@login_required
def register():  # noqa: ANN201
    user = get_current_user()
    if own_nasabah() is not None:
        return redirect(url_for("jumpa_madu.account"))
    if request.method == "POST":
        try:
            nasabah.register(user, phone=request.form.get("phone", ""), desa_code=request.form.get("desa", ""),
                             address=request.form.get("address", ""), nik=request.form.get("nik") or None,
                             latitude=form_float("latitude"), longitude=form_float("longitude"))
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Buku tabungan bank sampah Anda sudah dibuka."))
            return redirect(url_for("jumpa_madu.account"))
    return render("register.html", desa=_desa_options(), user=user, form=request.form)


@login_required
def account():  # noqa: ANN201
    book = own_nasabah()
    if book is None:
        return redirect(url_for("jumpa_madu.register"))
    page = ledger.statement(book.id, request.args.get("halaman", 1, type=int) or 1)
    receipts = deposits.by_entry([e.id for e in page.entries])
    steps = withdrawals.by_reference([e.reference for e in page.entries])
    return render("account.html", book=book, page=page, receipts=receipts, steps=steps, pickups=pickups.of_nasabah(book.id),
                  withdrawals=withdrawals.of_nasabah(book.id), minimum=config.policy().min_withdrawal)


@login_required
def request_pickup():  # noqa: ANN201
    book = own_nasabah()
    if book is None:
        return redirect(url_for("jumpa_madu.register"))
    if request.method == "POST":
        try:
            pickup = _submit_pickup(book)
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Permintaan penjemputan #%(id)s terkirim.", id=pickup.id))
            return redirect(url_for("jumpa_madu.account"))
    return render("pickup_form.html", book=book, windows=config.windows(), prices=config.price_list(),
                  today=pickups.today(), form=request.form, action=url_for("jumpa_madu.request_pickup"))


def _submit_pickup(book):  # noqa: ANN001, ANN202
    estimates = {}
    for category, _price in config.price_list():
        grams = deposits.parse_kg(request.form.get(f"kg_{category.key}", ""))
        if grams:
            estimates[category.key] = grams
    photo = request.files.get("photo")
    return pickups.request_pickup(
        book, pickup_date=form_date("date"), window_id=form_int("window", 0) or 0, estimates=estimates,
        actor_id=get_current_user().id, address=request.form.get("address") or None,
        photo=(photo.stream, photo.filename) if photo and photo.filename else None,
    )


@login_required
def cancel_pickup(pickup_id: int):  # noqa: ANN201
    book = own_nasabah()
    if book is None:
        abort(404)
    try:
        pickups.cancel(pickup_id, request.form.get("reason", ""), nasabah_id=book.id)
        flash(_("Penjemputan dibatalkan."))
    except JumpaMaduError as exc:
        tenant_db.session.rollback()
        refused(exc)
    return redirect(url_for("jumpa_madu.account"))


@login_required
def withdraw():  # noqa: ANN201
    book = own_nasabah()
    if book is None:
        abort(404)
    try:
        withdrawal = withdrawals.request(book.id, form_int("amount", 0) or 0, get_current_user().id)
        flash(_("Permintaan penarikan #%(id)s sebesar %(amount)s diajukan.", id=withdrawal.id,
                amount=ledger.rupiah(withdrawal.amount)))
    except JumpaMaduError as exc:
        tenant_db.session.rollback()
        refused(exc)
    return redirect(url_for("jumpa_madu.account"))


@login_required
def receipt(deposit_id: int):  # noqa: ANN201
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
                  can_correct=has_permission("jumpa_madu.manage"))


@login_required
def pickup_photo(pickup_id: int):  # noqa: ANN201
    """The photo of a pickup, for its nasabah, the waste-bank officers and its collector."""
    from flask import send_file

    from kiblat.platform.storage.files import tenant_storage

    pickup = pickups.get(pickup_id)
    book = own_nasabah()
    allowed = pickup is not None and pickup.photo_key and (
        (book is not None and pickup.nasabah_id == book.id) or has_permission("jumpa_madu.manage")
        or (has_permission("jumpa_madu.collect") and pickup.collector_user_id == get_current_user().id)
    )
    if not allowed:
        abort(404)
    return send_file(tenant_storage().open(pickup.photo_key), download_name=pickup.photo_key.rsplit("/", 1)[-1],
                     max_age=0)
