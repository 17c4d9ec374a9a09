"""Desa Terhubung's forms. Coded answers (operators, technologies, funding sources) come from
``<select>`` lists and are checked by the services, which the CLI and tests share; numbers are
typed the Indonesian way (``12,5`` Mbps, ``150.000.000`` Rupiah)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, FloatField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from kiblat.modules.desa_terhubung.services.vocab import CARRIERS
from kiblat.platform.web.forms import at_most, strip

BAD_DATE = _l("Tanggal tidak valid.")


class DecimalField(FloatField):
    """A decimal number as people type it: ``12,5`` and ``12.5`` are the same."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        self.data = None
        if raw:
            try:
                self.data = float(raw)
            except ValueError:
                raise ValueError(_l("%(field)s harus berupa angka.", field=self.label.text)) from None


class WholeNumberField(IntegerField):
    """A whole number as people type it: ``10.000`` and ``10 000`` are ten thousand."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = (valuelist[0] if valuelist else "").strip().replace(".", "").replace(" ", "")
        self.data = None
        if raw:
            if not raw.lstrip("-").isdigit():
                raise ValueError(_l("%(field)s: isi angka bulat tanpa koma.", field=self.label.text))
            self.data = int(raw)


class SurveyForm(FlaskForm):
    """One visit: signal per cellular operator, speed test, photo, location, notes."""

    token = HiddenField()
    desa = StringField(_l("Desa/kelurahan"), validators=[Length(max=20)])
    observed_on = DateField(_l("Tanggal survei"), validators=[Optional()], invalid_value_message=BAD_DATE)
    fixed_internet = StringField(_l("Internet tetap"), default="none", validators=[Length(max=20)])
    electricity = StringField(_l("Listrik"), default="pln", validators=[Length(max=20)])
    public_access = StringField(_l("Titik akses publik"), filters=[strip],
                                validators=[at_most(200, _l("Titik akses publik"))])
    download = DecimalField(_l("Kecepatan unduh (Mbps)"))
    upload = DecimalField(_l("Kecepatan unggah (Mbps)"))
    latitude = DecimalField(_l("Garis lintang"))
    longitude = DecimalField(_l("Garis bujur"))
    photo = FileField(_l("Foto"))
    notes = TextAreaField(_l("Catatan"), filters=[strip], validators=[at_most(4000, _l("Catatan"))])


for _carrier in CARRIERS:
    setattr(SurveyForm, f"tech_{_carrier}", StringField(default="", validators=[Length(max=10)]))
    setattr(SurveyForm, f"strength_{_carrier}", StringField(default="", validators=[Length(max=20)]))


class ReviewForm(FlaskForm):
    """Diskominfo verifies a survey or asks for it to be checked again."""

    note = StringField(_l("Catatan"), filters=[strip], validators=[at_most(500, _l("Catatan"))])


class PlanForm(FlaskForm):
    desa = StringField(_l("Desa/kelurahan"), validators=[Length(max=20)])
    what = StringField(_l("Rencana"), filters=[strip], validators=[at_most(300, _l("Rencana"))])
    funding = StringField(_l("Sumber dana"), validators=[Length(max=20)])
    budget = WholeNumberField(_l("Anggaran (Rp)"))
    status = StringField(_l("Status"), default="planned", validators=[Length(max=20)])
    expected_on = DateField(_l("Perkiraan selesai"), validators=[Optional()], invalid_value_message=BAD_DATE)


class PlanStatusForm(FlaskForm):
    status = StringField(_l("Status"), validators=[Length(max=20)])


class TargetForm(FlaskForm):
    title = StringField(_l("Target"), filters=[strip], validators=[at_most(200, _l("Target"))])
    year = WholeNumberField(_l("Tahun"))
    max_blankspot = WholeNumberField(_l("Desa blankspot paling banyak"))


class OperatorForm(FlaskForm):
    desa = StringField(_l("Desa/kelurahan"), validators=[Length(max=20)])
    name = StringField(_l("Nama"), filters=[strip], validators=[at_most(120, _l("Nama"))])
    phone = StringField(_l("Nomor telepon"), filters=[strip], validators=[at_most(30, _l("Nomor telepon"))])
    email = StringField(_l("Email akun (boleh dikosongkan)"), filters=[strip], validators=[at_most(200, _l("Email"))])
    since = DateField(_l("Bertugas sejak"), validators=[Optional()], invalid_value_message=BAD_DATE)


class TrainingForm(FlaskForm):
    title = StringField(_l("Pelatihan"), filters=[strip], validators=[at_most(200, _l("Pelatihan"))])
    held_on = DateField(_l("Tanggal"), validators=[Optional()], invalid_value_message=BAD_DATE)
    place = StringField(_l("Tempat"), filters=[strip], validators=[at_most(200, _l("Tempat"))])


class AttendanceForm(FlaskForm):
    operator = WholeNumberField(_l("Operator"))
    certified = StringField(validators=[Length(max=5)])
