"""Jumpa Madu's forms. Numbers are typed the Indonesian way (``10.000`` Rupiah, ``2,5`` kg);
weights are read by ``services.deposits.parse_kg`` and checked by the services, which the API
and the CLI share. The weighing and pickup forms get a field per active waste category
(``kg_<category key>``), so they are built per request."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, FloatField, HiddenField, IntegerField, StringField
from wtforms.validators import Length

from kiblat.modules.jumpa_madu.models import WasteCategory
from kiblat.platform.web.forms import at_most, strip

KG = "kg_"
BAD_DATE = _l("Tanggal tidak valid.")


class WholeNumberField(IntegerField):
    """A whole number as people type it: ``10.000`` and ``10 000`` are ten thousand."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:  # noqa: ANN001, ANN003
        kwargs.setdefault("invalid_value_message", _l("Isi angka bulat tanpa koma."))
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = (valuelist[0] if valuelist else "").strip().replace(".", "").replace(" ", "")
        self.data = None
        if raw:
            if not raw.lstrip("-").isdigit():
                raise ValueError(self.invalid_value_message)
            self.data = int(raw)


class CoordinateField(FloatField):
    """A latitude or longitude; a decimal comma is accepted."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        self.data = None
        if raw:
            try:
                self.data = float(raw)
            except ValueError:
                raise ValueError(_l("Titik peta harus berupa angka.")) from None



class NasabahForm(FlaskForm):
    """A citizen opens their own savings book."""

    phone = StringField(_l("Nomor telepon"), filters=[strip], validators=[at_most(30, _l("Nomor telepon"))])
    nik = StringField(_l("NIK (boleh dikosongkan)"), filters=[strip], validators=[at_most(32, _l("NIK"))])
    desa = StringField(_l("Desa/kelurahan"), validators=[Length(max=20)])
    address = StringField(_l("Alamat lengkap"), validators=[at_most(300, _l("Alamat"))])
    latitude = CoordinateField(_l("Garis lintang (boleh dikosongkan)"))
    longitude = CoordinateField(_l("Garis bujur"))


class NeighbourForm(FlaskForm):
    """A village operator registers a neighbour."""

    name = StringField(_l("Nama"), filters=[strip], validators=[at_most(120, _l("Nama"))])
    phone = StringField(_l("Nomor telepon"), filters=[strip], validators=[at_most(30, _l("Nomor telepon"))])
    email = StringField(_l("Email (boleh dikosongkan)"), filters=[strip], validators=[at_most(254, _l("Email"))])
    nik = StringField(_l("NIK (boleh dikosongkan)"), filters=[strip], validators=[at_most(32, _l("NIK"))])
    address = StringField(_l("Alamat lengkap"), validators=[at_most(300, _l("Alamat"))])


class _WeightsForm(FlaskForm):
    """With a ``kg_<key>`` text field per waste category."""

    def kilograms(self) -> dict[str, str]:
        """Category key → the weight as typed (blank when left empty)."""
        return {field.name.removeprefix(KG): field.data or "" for field in self if field.name.startswith(KG)}


def _with_weights(base: type[_WeightsForm], categories: Iterable[WasteCategory]) -> type[_WeightsForm]:
    form_class = type(base.__name__, (base,), {})
    for category in categories:
        setattr(form_class, KG + category.key, StringField(category.name, validators=[Length(max=20)]))
    return form_class


class PickupForm(_WeightsForm):
    address = StringField(_l("Alamat penjemputan"), validators=[at_most(300, _l("Alamat"))])
    date = DateField(_l("Tanggal"), invalid_value_message=BAD_DATE)
    window = WholeNumberField(_l("Waktu"))
    photo = FileField(_l("Foto sampah (boleh dikosongkan)"))


def pickup_form(categories: Iterable[WasteCategory], **kwargs) -> PickupForm:  # noqa: ANN003
    return _with_weights(PickupForm, categories)(**kwargs)


class WeighingForm(_WeightsForm):
    # One key per form shown: the same weighing sent twice is recorded once.
    key = HiddenField()
    confirm_heavy = BooleanField(_l("Berat besar sudah diperiksa"))
    # The walk-in desk names the nasabah; at a pickup the nasabah is the pickup's.
    account_no = StringField(_l("Nomor rekening nasabah"), filters=[strip], validators=[Length(max=40)])


def weighing_form(categories: Iterable[WasteCategory], **kwargs) -> WeighingForm:  # noqa: ANN003
    return _with_weights(WeighingForm, categories)(**kwargs)


class WithdrawForm(FlaskForm):
    amount = WholeNumberField(_l("Jumlah (Rupiah)"))


class OfficerActionForm(FlaskForm):
    """A waste-bank officer's button; approving a withdrawal needs nothing more."""

    # Where to return afterwards (a local path; the view checks it).
    next = HiddenField()


class ReasonForm(OfficerActionForm):
    """Cancelling a pickup, rejecting a withdrawal, correcting an entry: a reason is needed."""

    # The services keep the first 300 characters; the page's field allows no more.
    reason = StringField(_l("Alasan"))


class ScheduleForm(OfficerActionForm):
    date = DateField(_l("Tanggal"), invalid_value_message=BAD_DATE)
    window = WholeNumberField(_l("Waktu"))


class AssignForm(OfficerActionForm):
    collector = WholeNumberField(_l("Petugas penjemput"))


class PaymentForm(OfficerActionForm):
    method = StringField(_l("Cara bayar"), validators=[Length(max=20)])
    reference = StringField(_l("Nomor referensi transfer"), filters=[strip])
