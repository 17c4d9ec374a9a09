"""Satu Data's forms. Checks that need the database or the uploaded table's content stay in
the services, which the tests call directly."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from kiblat.modules.satu_data.services import metadata
from kiblat.modules.satu_data.services.review import NOTE_MAX
from kiblat.platform.web.forms import at_most, strip

YEAR = _l("Tahun harus angka empat digit, misalnya 2024")


def _choices(options: dict) -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in options.items()]


class DatasetForm(FlaskForm):
    """Metadata of a version, and optionally one table or link to add with it."""

    aksi = HiddenField(default="simpan")
    judul = StringField(_l("Judul"), filters=[strip], validators=[DataRequired(_l("Judul dataset wajib diisi.")),
                                                                 at_most(300, _l("Judul"))])
    nama = StringField(_l("Nama URL (boleh dikosongkan)"), filters=[strip], validators=[at_most(100, _l("Nama URL"))])
    deskripsi = TextAreaField(_l("Deskripsi"), validators=[at_most(5000, _l("Deskripsi"))])
    topik = SelectField(_l("Topik"), choices=_choices(metadata.TOPICS), validate_choice=False)
    kata_kunci = StringField(_l("Kata kunci (dipisah koma)"), validators=[at_most(1000, _l("Kata kunci"))])
    lisensi = SelectField(_l("Lisensi"), choices=list(metadata.LICENSES.items()), default=metadata.DEFAULT_LICENSE,
                          validate_choice=False)
    frekuensi = SelectField(_l("Frekuensi"), choices=_choices(metadata.FREQUENCIES), validate_choice=False)
    tahun_awal = IntegerField(_l("Cakupan waktu: tahun awal"), validators=[Optional(), NumberRange(1900, 2100, YEAR)],
                              invalid_value_message=YEAR)
    tahun_akhir = IntegerField(_l("Cakupan waktu: tahun akhir"), validators=[Optional(), NumberRange(1900, 2100, YEAR)],
                               invalid_value_message=YEAR)
    wilayah = StringField(_l("Cakupan wilayah (kode Kemendagri)"), filters=[strip],
                          validators=[at_most(60, _l("Cakupan wilayah"))])
    kontak = StringField(_l("Kontak"), filters=[strip], validators=[at_most(200, _l("Kontak"))])
    variabel = TextAreaField(_l("Variabel: satu baris per kolom — nama; definisi; satuan; tipe"),
                             validators=[at_most(20000, _l("Variabel"))])
    rencana = SelectField(_l("Rencana data yang dipenuhi"), coerce=int, default=0, validate_choice=False,
                          invalid_value_message=_l("Pilih rencana data dari daftar."))
    internal = BooleanField(_l("Internal: hanya untuk pemerintah daerah, tidak diterbitkan ke publik"))
    berkas = FileField(_l("Tabel CSV atau XLSX"))
    nama_sumber = StringField(_l("Nama tabel atau tautan"), filters=[strip],
                              validators=[at_most(200, _l("Nama tabel"))])
    tautan = StringField(_l("Atau tautan (https://…)"), filters=[strip], validators=[at_most(1000, _l("Tautan"))])
    format_tautan = SelectField(_l("Format tautan"), choices=[(f, f) for f in ("CSV", "XLSX", "JSON", "PDF", "HTML",
                                                                                 "API")], validate_choice=False)
    catatan = TextAreaField(_l("Catatan untuk walidata"), validators=[at_most(NOTE_MAX, _l("Catatan"))])


class RemoveResourceForm(FlaskForm):
    sumber = IntegerField(validators=[DataRequired()])


class NewVersionForm(FlaskForm):
    """Starts the next release of a published dataset."""


class ReviewForm(FlaskForm):
    aksi = HiddenField()
    catatan = TextAreaField(_l("Catatan untuk produsen data"), validators=[at_most(NOTE_MAX, _l("Catatan"))])


class PlanForm(FlaskForm):
    judul = StringField(_l("Judul data yang direncanakan"), filters=[strip],
                        validators=[DataRequired(_l("Judul wajib diisi.")), at_most(300, _l("Judul"))])
    opd = SelectField(_l("OPD"), coerce=int, validate_choice=False,
                      invalid_value_message=_l("Pilih OPD dari daftar."))
    frekuensi = SelectField(_l("Frekuensi"), choices=_choices(metadata.FREQUENCIES), validate_choice=False)
    tenggat_hari = IntegerField(_l("Tenggat setelah periode berakhir (hari)"), default=30,
                                validators=[NumberRange(0, 365, _l("Tenggat 0 sampai 365 hari"))],
                                invalid_value_message=_l("Tenggat harus berupa angka hari"))
    prioritas = BooleanField(_l("Data prioritas"))


class LivingForm(FlaskForm):
    kunci = HiddenField()
    opd = SelectField(_l("OPD produsen"), coerce=int, validate_choice=False,
                      invalid_value_message=_l("Pilih OPD dari daftar."))
    aksi = HiddenField(default="pilih")
