"""The place's managers edit it in the browser: name and address, ticket types and prices,
slot rules and quotas, closed days. A refused form is shown again with what was typed."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, flash, redirect, url_for
from flask_babel import gettext as _

from kiblat.modules.kunjungan.forms import (
    ClosureForm,
    ClosureRemoveForm,
    PlaceForm,
    RuleForm,
    RuleUpdateForm,
    TicketTypeForm,
)
from kiblat.modules.kunjungan.models import Place
from kiblat.modules.kunjungan.services import editor, places
from kiblat.modules.kunjungan.services.errors import KunjunganError
from kiblat.modules.kunjungan.views.common import checked, day_long, place_or_404, render
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.sessions import permission_required
from kiblat.tenants.database import tenant_db


def _page(place: Place, **forms) -> str:  # noqa: ANN003
    defaults = {
        "place_form": PlaceForm(formdata=None, obj=place),
        "type_form": TicketTypeForm(formdata=None),
        "rule_form": RuleForm(formdata=None),
        "closure_form": ClosureForm(formdata=None),
    }
    defaults.update(forms)
    return render("editor.html", place=place, types=editor.all_ticket_types(place), rules=places.rules(place.id),
                  closures=editor.closures(place), row_form=TicketTypeForm(formdata=None),
                  rule_update=RuleUpdateForm(formdata=None), remove_form=ClosureRemoveForm(formdata=None), **defaults)


def _saved(place: Place, action: str, table: str, row_id: int, message: str, **details) -> Response:  # noqa: ANN003
    record(action, table, row_id, place=place.key, **details)
    outcome = editor.resync(place)
    tenant_db.session.commit()
    flash(message)
    if outcome.overbooked:
        flash(_("%(n)s sesi mendatang sudah dipesan melebihi kuota baru: pesanan itu tetap berlaku, "
                "sesi itu tidak menerima pesanan baru.", n=outcome.overbooked), "error")
    return redirect(url_for("kunjungan.editor", place_key=place.key))


def _attempt(place: Place, form_name: str, form, change: Callable[[], Response]) -> Response | str:  # noqa: ANN001
    if checked(form):
        try:
            return change()
        except KunjunganError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return _page(place, **{form_name: form})


@permission_required("kunjungan.manage")
def editor_page(place_key: str) -> str:
    return _page(place_or_404(place_key))


@permission_required("kunjungan.manage")
def place_save(place_key: str) -> Response | str:
    place = place_or_404(place_key)
    form = PlaceForm()

    def change() -> Response:
        editor.update_place(place, form.name.data, form.address.data or "", form.release_on_exit.data)
        return _saved(place, "kunjungan.place_edit", "kunjungan_place", place.id, _("Keterangan tempat disimpan."),
                      name=place.name)
    return _attempt(place, "place_form", form, change)


@permission_required("kunjungan.manage")
def ticket_type_save(place_key: str) -> Response | str:
    place = place_or_404(place_key)
    form = TicketTypeForm()

    def change() -> Response:
        if form.type_id.data:
            found = editor.update_ticket_type(place, form.type_id.data, form.name.data, form.price.data,
                                              form.active.data)
            message = _("Jenis tiket %(name)s disimpan.", name=found.name)
        else:
            found = editor.add_ticket_type(place, form.name.data, form.price.data)
            message = _("Jenis tiket %(name)s ditambahkan.", name=found.name)
        return _saved(place, "kunjungan.ticket_type", "kunjungan_ticket_type", found.id, message,
                      price=found.price, active=found.active)
    return _attempt(place, "type_form", form, change)


@permission_required("kunjungan.manage")
def rule_add(place_key: str) -> Response | str:
    place = place_or_404(place_key)
    form = RuleForm()

    def change() -> Response:
        rule = editor.add_rule(place, form.starts.data, form.ends.data, "".join(sorted(form.weekdays.data)),
                               form.capacity.data, form.peak_capacity.data, form.open_on_holidays.data)
        return _saved(place, "kunjungan.rule_add", "kunjungan_slot_rule", rule.id,
                      _("Sesi %(start)s–%(end)s ditambahkan.", start=rule.starts, end=rule.ends),
                      capacity=rule.capacity, peak_capacity=rule.peak_capacity)
    return _attempt(place, "rule_form", form, change)


@permission_required("kunjungan.manage")
def rule_update(place_key: str) -> Response | str:
    place = place_or_404(place_key)
    form = RuleUpdateForm()

    def change() -> Response:
        rule = editor.update_rule(place, form.rule_id.data, form.capacity.data, form.peak_capacity.data,
                                  form.active.data)
        message = (_("Kuota sesi %(start)s disimpan.", start=rule.starts) if rule.active
                   else _("Sesi %(start)s dihentikan.", start=rule.starts))
        return _saved(place, "kunjungan.rule_edit", "kunjungan_slot_rule", rule.id, message,
                      capacity=rule.capacity, peak_capacity=rule.peak_capacity, active=rule.active)
    return _attempt(place, "rule_update_form", form, change)


@permission_required("kunjungan.manage")
def closure_add(place_key: str) -> Response | str:
    place = place_or_404(place_key)
    form = ClosureForm()

    def change() -> Response:
        closure = editor.add_closure(place, form.day.data, form.reason.data or "")
        return _saved(place, "kunjungan.closure_add", "kunjungan_closure", closure.id,
                      _("Tempat ditutup pada %(day)s.", day=day_long(closure.day)),
                      day=closure.day.isoformat())
    return _attempt(place, "closure_form", form, change)


@permission_required("kunjungan.manage")
def closure_remove(place_key: str) -> Response | str:
    place = place_or_404(place_key)
    form = ClosureRemoveForm()

    def change() -> Response:
        day = editor.remove_closure(place, form.closure_id.data)
        return _saved(place, "kunjungan.closure_remove", "kunjungan_closure", form.closure_id.data,
                      _("Tempat dibuka kembali."), day=day.isoformat())
    return _attempt(place, "closure_form", form, change)
