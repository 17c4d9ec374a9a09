"""Kunjungan's forms. The booking form gets a count field per ticket type of the place
(``n_<type id>``), so it is built per request; counts and seats are checked by the services,
which the gate, the counter and tests share."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from kiblat.modules.kunjungan.models import TicketType
from kiblat.platform.payments.forms import StripeSettingsForm as PaymentSettingsForm
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

    # Shown only where the regency takes payments through Stripe.
    bayar_online = BooleanField(_l("Bayar online sekarang (kartu atau cara lain di Stripe)"))


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


WEEKDAY_CHOICES = [SelectChoice("1", _l("Senin")), SelectChoice("2", _l("Selasa")), SelectChoice("3", _l("Rabu")),
                   SelectChoice("4", _l("Kamis")), SelectChoice("5", _l("Jumat")), SelectChoice("6", _l("Sabtu")),
                   SelectChoice("7", _l("Minggu"))]
CLOCK = _l("Jam ditulis JJ:MM, misalnya 09:30.")
QUOTA = _l("Kuota harus bilangan bulat, paling sedikit 1.")
PRICE = _l("Harga harus bilangan bulat Rupiah, tidak negatif (0 untuk gratis).")


class PlaceForm(FlaskForm):
    name = StringField(_l("Nama tempat"), filters=[strip],
                       validators=[DataRequired(_l("Nama tempat wajib diisi.")), at_most(160, _l("Nama tempat"))])
    address = StringField(_l("Alamat"), filters=[strip], validators=[at_most(300, _l("Alamat"))])
    release_on_exit = BooleanField(_l("Pengunjung yang keluar membebaskan kursinya untuk pembeli di loket"))


class TicketTypeForm(FlaskForm):
    type_id = IntegerField(validators=[Optional()], widget=HiddenInput())
    name = StringField(_l("Nama jenis tiket"), filters=[strip],
                       validators=[DataRequired(_l("Nama jenis tiket wajib diisi.")), at_most(120, _l("Nama jenis tiket"))])
    price = IntegerField(_l("Harga (Rp)"), validators=[InputRequired(PRICE), NumberRange(min=0, max=100_000_000, message=PRICE)],
                         invalid_value_message=PRICE)
    active = BooleanField(_l("Dijual"), default=True)


class RuleForm(FlaskForm):
    starts = StringField(_l("Mulai"), filters=[strip], validators=[DataRequired(CLOCK), Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=CLOCK)])
    ends = StringField(_l("Selesai"), filters=[strip], validators=[DataRequired(CLOCK), Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=CLOCK)])
    weekdays = SelectMultipleField(_l("Hari"), choices=WEEKDAY_CHOICES, default=list("1234567"),
                                   widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    capacity = IntegerField(_l("Kuota (tiket)"), validators=[InputRequired(QUOTA), NumberRange(min=1, max=100_000, message=QUOTA)],
                            invalid_value_message=QUOTA)
    peak_capacity = IntegerField(_l("Kuota akhir pekan dan hari libur (boleh kosong)"),
                                 validators=[Optional(), NumberRange(min=1, max=100_000, message=QUOTA)],
                                 invalid_value_message=QUOTA)
    open_on_holidays = BooleanField(_l("Buka pada hari libur nasional"), default=True)

    def validate_weekdays(self, field: SelectMultipleField) -> None:
        # Not DataRequired: browsers would then demand every day's box be ticked.
        if not field.data:
            raise ValidationError(_l("Pilih paling sedikit satu hari."))

    def validate_ends(self, field: StringField) -> None:
        if self.starts.data and field.data and field.data <= self.starts.data:
            raise ValidationError(_l("Jam selesai harus sesudah jam mulai."))


class RuleUpdateForm(FlaskForm):
    rule_id = IntegerField(validators=[InputRequired()], widget=HiddenInput())
    capacity = IntegerField(_l("Kuota"), validators=[InputRequired(QUOTA), NumberRange(min=1, max=100_000, message=QUOTA)],
                            invalid_value_message=QUOTA)
    peak_capacity = IntegerField(_l("Kuota ramai"), validators=[Optional(), NumberRange(min=1, max=100_000, message=QUOTA)],
                                 invalid_value_message=QUOTA)
    active = BooleanField(_l("Aktif"), default=True)


class ClosureForm(FlaskForm):
    day = DateField(_l("Tanggal tutup"), validators=[InputRequired(_l("Pilih tanggal tutup."))],
                    invalid_value_message=_l("Pilih tanggal tutup."))
    reason = StringField(_l("Alasan"), filters=[strip], validators=[at_most(200, _l("Alasan"))])


class ClosureRemoveForm(FlaskForm):
    closure_id = IntegerField(validators=[InputRequired()], widget=HiddenInput())


class StripeSettingsForm(PaymentSettingsForm):
    """The regency's Stripe keys for ticket sales (the platform's form, worded for visitors)."""

    aktif = BooleanField(_l("Pengunjung dapat membayar tiket online"))


class PayOnlineForm(FlaskForm):
    """The visitor's "pay online" button (CSRF only)."""
