"""Kunjungan's forms. The booking form gets a count field per ticket type of the place
(``n_<type id>``), so it is built per request; counts and seats are checked by the services,
which the gate, the counter and tests share."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from kiblat.modules.kunjungan.models import TicketType
from kiblat.platform.web.forms import at_most, strip

COUNT = "n_"
PAY_CHOICES = [SelectChoice("cash", _l("Tunai")), SelectChoice("qris", _l("QRIS"))]
WHOLE = _l("Jumlah tiket harus bilangan bulat, misalnya 2.")


class _BookingBase(FlaskForm):
    slot = IntegerField(_l("Sesi"), validators=[InputRequired(_l("Pilih sesi kunjungan."))],
                        invalid_value_message=_l("Pilih sesi kunjungan."))
    name = StringField(_l("Nama pemesan"), filters=[strip],
                       validators=[DataRequired(_l("Nama pemesan wajib diisi.")), at_most(160, _l("Nama pemesan"))])
    email = EmailField(_l("Email (untuk tiket dan kabar pembatalan)"), filters=[strip],
                       validators=[Optional(), at_most(254, _l("Email"))])
    request_key = HiddenField(validators=[Length(max=64)])

    def counts(self) -> dict[int, int]:
        return {int(field.name[len(COUNT):]): field.data or 0 for field in self if field.name.startswith(COUNT)}


class BookingForm(_BookingBase):
    """A visitor books for themselves (or a group)."""


class WalkInForm(_BookingBase):
    """The counter sells tickets for now and takes the money at once."""

    method = SelectField(_l("Dibayar dengan"), choices=PAY_CHOICES)


def _with_counts(base: type[_BookingBase], types: Iterable[TicketType]) -> type[_BookingBase]:
    form_class = type(base.__name__, (base,), {})
    for ticket_type in types:
        setattr(form_class, f"{COUNT}{ticket_type.id}", IntegerField(
            ticket_type.name, default=0, validators=[Optional(), NumberRange(min=0, message=_l("Jumlah tiket tidak boleh negatif."))],
            invalid_value_message=WHOLE))
    return form_class


def booking_form(types: Iterable[TicketType], **kwargs) -> BookingForm:  # noqa: ANN003
    return _with_counts(BookingForm, types)(**kwargs)


def walk_in_form(types: Iterable[TicketType], **kwargs) -> WalkInForm:  # noqa: ANN003
    return _with_counts(WalkInForm, types)(**kwargs)


class CancelForm(FlaskForm):
    reason = StringField(_l("Alasan (boleh dikosongkan)"), filters=[strip], validators=[at_most(200, _l("Alasan"))])


class PayForm(FlaskForm):
    method = SelectField(_l("Dibayar dengan"), choices=PAY_CHOICES)


class ScanForm(FlaskForm):
    """One scan; the gate page's script sends the same fields, so it works without script too."""

    code = StringField(_l("Kode tiket"), filters=[strip], validators=[Length(max=200)])
    nonce = HiddenField(validators=[Length(max=64)])
    gate = StringField(_l("Nama gerbang"), filters=[strip], default="Gerbang 1", validators=[Length(max=40)])
    direction = SelectField(_l("Arah"), choices=[SelectChoice("in", _l("Masuk")), SelectChoice("out", _l("Keluar"))], default="in")


class SyncForm(FlaskForm):
    """Scans a gate made while offline, as the JSON list its script kept."""

    scans = TextAreaField(validators=[InputRequired(), Length(max=2_000_000)])
