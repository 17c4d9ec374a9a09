"""The park's managers: harvest status, prices per kg, the park's texts and photos, reports."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, flash, redirect, url_for
from flask_babel import gettext as _

from kiblat.modules.kunjungan import api as kunjungan
from kiblat.modules.taman_buah.forms import ParkForm, PhotoForm, PriceForm, StatusForm
from kiblat.modules.taman_buah.services import harvest, park, photos, reports, settings
from kiblat.modules.taman_buah.services.errors import TamanBuahError
from kiblat.modules.taman_buah.views.common import checked, render, today
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.sessions import permission_required
from kiblat.platform.web.forms import read_upload
from kiblat.tenants.database import tenant_db


def _page(park_form: ParkForm | None = None) -> str:
    fruits = harvest.commodities()
    found = park.park()
    return render("manage.html", fruits=fruits, prices={f.id: harvest.current_price(f.id) for f in fruits},
                  status_form=StatusForm(formdata=None), price_form=PriceForm(formdata=None),
                  photo_form=PhotoForm(formdata=None), park_form=park_form or ParkForm(formdata=None, obj=found),
                  park=found)


@permission_required("taman_buah.manage")
def manage() -> str:
    return _page()


@permission_required("taman_buah.manage")
def status() -> Response:
    form = StatusForm()
    if checked(form):
        try:
            fruit, mailed = harvest.set_status(form.commodity.data, form.status.data, form.note.data or "")
        except TamanBuahError as exc:
            flash(str(exc), "error")
        else:
            record("taman_buah.status", "taman_buah_commodity", fruit.id, status=fruit.status)
            tenant_db.session.commit()
            flash(_("Status %(fruit)s disimpan; %(n)s pelanggan dikabari.", fruit=fruit.name, n=mailed))
    return redirect(url_for("taman_buah.manage"))


@permission_required("taman_buah.manage")
def price() -> Response:
    form = PriceForm()
    if checked(form):
        try:
            added = harvest.set_price(form.commodity.data, form.price.data)
        except TamanBuahError as exc:
            flash(str(exc), "error")
        else:
            record("taman_buah.price", "taman_buah_price", added.id, commodity=form.commodity.data,
                   price_per_kg=added.price_per_kg)
            tenant_db.session.commit()
            flash(_("Harga baru berlaku mulai sekarang."))
    return redirect(url_for("taman_buah.manage"))


@permission_required("taman_buah.manage")
def photo_upload() -> Response:
    form = PhotoForm()
    if checked(form):
        upload = read_upload(form.photo.data, settings.photo_max_bytes())
        if upload is None:
            flash(_("Pilih foto yang akan diunggah."), "error")
        else:
            try:
                photos.add(upload[1], upload[0], form.caption.data or "")
            except TamanBuahError as exc:
                flash(str(exc), "error")
            else:
                flash(_("Foto ditambahkan ke galeri."))
    return redirect(url_for("taman_buah.manage"))


@permission_required("taman_buah.manage")
def park_texts() -> Response | str:
    form = ParkForm()
    if checked(form):
        park.update(form.name.data, form.about.data or "", form.opening_hours.data or "", form.address.data or "",
                    form.directions.data or "")
        flash(_("Keterangan taman disimpan."))
        return redirect(url_for("taman_buah.manage"))
    return _page(form)


@permission_required("taman_buah.manage")
def report() -> str:
    end = today()
    start = end - timedelta(days=13)
    place = kunjungan.place_by_key(park.park().place_key)
    # A day appears when Kunjungan reports paid tickets for it, even if nobody bought fruit.
    visitors = {d.day: d.entered for d in kunjungan.visitors_per_day(place.id, start, end)} if place else {}
    days = reports.daily(start, end, visitors)
    return render("report.html", start=start, end=end, days=days,
                  fruits=reports.per_commodity(start, end), peak=max((d.revenue for d in days), default=0))
