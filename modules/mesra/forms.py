"""MeSRA Bertuah's forms. Choices (schools, forms of violence) are checked by the services,
which the demo and tests share; the forms check presence and length."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FloatField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from kiblat.modules.mesra.services.sra import INDICATORS
from kiblat.platform.web.forms import at_most, strip

BAD_DATE = _l("Tanggal tidak valid (TTTT-BB-HH).")


class CoordinateField(FloatField):
    def process_formdata(self, valuelist: list[str]) -> None:
        raw = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        self.data = None
        if raw:
            try:
                self.data = float(raw)
            except ValueError:
                raise ValueError(_l("Titik peta harus berupa angka.")) from None


class SchoolForm(FlaskForm):
    npsn = StringField(_l("NPSN"), filters=[strip], validators=[DataRequired(_l("NPSN wajib diisi.")), Length(max=20)])
    name = StringField(_l("Nama sekolah"), filters=[strip],
                       validators=[DataRequired(_l("Nama sekolah wajib diisi.")), at_most(200, _l("Nama sekolah"))])
    level = StringField(_l("Jenjang"), validators=[Length(max=10)])
    status = StringField(_l("Status"), validators=[Length(max=10)])
    kecamatan = StringField(_l("Kecamatan"), validators=[Length(max=100)])
    desa = StringField(_l("Desa/kelurahan"), filters=[strip], validators=[Length(max=100)])
    latitude = CoordinateField(_l("Lintang"), validators=[Optional()])
    longitude = CoordinateField(_l("Bujur"), validators=[Optional()])


class ImportForm(FlaskForm):
    table = FileField(_l("Berkas CSV atau XLSX"))


class TeamForm(FlaskForm):
    sk_number = StringField(_l("Nomor SK"), filters=[strip],
                            validators=[DataRequired(_l("Nomor SK wajib diisi.")), at_most(100, _l("Nomor SK"))])
    sk_date = DateField(_l("Tanggal SK"), validators=[InputRequired(BAD_DATE)], invalid_value_message=BAD_DATE)
    term_end = DateField(_l("Akhir masa tugas"), validators=[InputRequired(BAD_DATE)], invalid_value_message=BAD_DATE)


class MemberForm(FlaskForm):
    name = StringField(_l("Nama"), filters=[strip],
                       validators=[DataRequired(_l("Nama anggota wajib diisi.")), at_most(120, _l("Nama"))])
    position = StringField(_l("Kedudukan"), validators=[Length(max=20)])
    coordinator = BooleanField(_l("Koordinator"))
    email = StringField(_l("Email akun (boleh kosong)"), filters=[strip], validators=[Length(max=200)])


class SatgasForm(FlaskForm):
    name = StringField(_l("Nama"), filters=[strip],
                       validators=[DataRequired(_l("Nama anggota wajib diisi.")), at_most(120, _l("Nama"))])
    agency = StringField(_l("Instansi"), filters=[strip],
                         validators=[DataRequired(_l("Instansi wajib diisi.")), at_most(120, _l("Instansi"))])
    email = StringField(_l("Email akun (boleh kosong)"), filters=[strip], validators=[Length(max=200)])


class ActionForm(FlaskForm):
    """A button with nothing to fill in (remove, escalate, next stage)."""


class ReportForm(FlaskForm):
    school = IntegerField(_l("Sekolah"), validators=[Optional()],
                          invalid_value_message=_l("Pilih sekolah dari daftar."))
    violence_form = StringField(_l("Bentuk kekerasan"), validators=[Length(max=20)])
    what = TextAreaField(_l("Apa yang terjadi"), filters=[strip], validators=[Length(max=5000)])
    when = StringField(_l("Kapan"), filters=[strip], validators=[Length(max=200)])
    who = TextAreaField(_l("Siapa yang terlibat"), filters=[strip], validators=[Length(max=2000)])
    accused = StringField(_l("Terlapor"), validators=[Length(max=20)])
    satgas_only = BooleanField(_l("Kirim hanya ke Satgas PPKSP"))
    name = StringField(_l("Nama"), filters=[strip], validators=[Length(max=120)])
    contact = StringField(_l("Nomor HP atau email"), filters=[strip], validators=[Length(max=120)])
    relation = StringField(_l("Hubungan dengan kejadian"), validators=[Length(max=20)])
    channel = StringField(_l("Diterima lewat"), validators=[Length(max=10)])
    evidence = FileField(_l("Berkas bukti"))


class CodeForm(FlaskForm):
    code = StringField(_l("Kode laporan"), filters=[strip],
                       validators=[DataRequired(_l("Isi kode laporan 16 angka.")), Length(max=40)])


class ReplyForm(FlaskForm):
    code = StringField(_l("Kode laporan"), validators=[DataRequired(_l("Isi kode laporan 16 angka.")), Length(max=40)])
    body = TextAreaField(_l("Pesan"), filters=[strip], validators=[Length(max=5000)])
    evidence = FileField(_l("Berkas bukti"))


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Pesan"), filters=[strip],
                         validators=[DataRequired(_l("Tulis pesan.")), Length(max=5000)])
    internal = BooleanField(_l("Catatan internal (tidak terlihat pelapor)"))


class CloseForm(FlaskForm):
    recovery = StringField(_l("Tindakan pemulihan"), validators=[DataRequired(_l("Pilih tindakan pemulihan.")),
                                                                  Length(max=20)])
    sanction = StringField(_l("Rekomendasi sanksi"), validators=[DataRequired(_l("Pilih rekomendasi sanksi.")),
                                                                  Length(max=10)])
    note = TextAreaField(_l("Kesimpulan"), filters=[strip], validators=[Length(max=5000)])


class IdentityRequestForm(FlaskForm):
    reason = TextAreaField(_l("Alasan membuka identitas pelapor"), filters=[strip], validators=[
        DataRequired(_l("Tulis alasan membuka identitas pelapor.")),
        Length(min=20, max=5000, message=_l("Alasan paling sedikit 20 dan paling banyak 5000 huruf."))])


class DecisionForm(FlaskForm):
    decision = StringField(_l("Keputusan"), validators=[DataRequired(_l("Pilih setujui atau tolak.")),
                                                         Length(max=10)])
    note = TextAreaField(_l("Catatan keputusan"), filters=[strip],
                         validators=[DataRequired(_l("Tulis catatan keputusan.")), Length(max=5000)])


class IndicatorAnswersField(Field):
    """The answer to every SRA indicator, one radio group per indicator key (``k1`` … ``o3``):
    ``{key: "0"|"1"|"2"|""}``; the service checks the values."""

    def process(self, formdata, data=None, extra_filters=None) -> None:  # noqa: ANN001 - WTForms' signature
        self.process_errors = []
        self.data = {key: (formdata.get(key, "") if formdata else "") for key in INDICATORS}


class SraForm(FlaskForm):
    """The SRA self-assessment."""

    answers = IndicatorAnswersField()
    submit = BooleanField(_l("Kirim ke Dinas Pendidikan untuk diverifikasi"))


class SraEvidenceForm(FlaskForm):
    indicator = StringField(_l("Indikator yang dibuktikan"), validators=[
        DataRequired(_l("Pilih indikator yang dibuktikan berkas ini.")), Length(max=10)])
    file = FileField(_l("Berkas bukti (PDF, JPEG atau PNG)"))


class SraReviewForm(FlaskForm):
    decision = StringField(_l("Keputusan"), validators=[DataRequired(_l("Pilih verifikasi atau kembalikan.")),
                                                         Length(max=10)])
    note = TextAreaField(_l("Catatan untuk sekolah"), filters=[strip], validators=[Length(max=2000)])
