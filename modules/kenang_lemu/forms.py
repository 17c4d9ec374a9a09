"""Kenang Lemu's forms. Domain checks (unique inventory numbers, image content, dates of a
temporary exhibition) stay in the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Optional

from kiblat.platform.web.forms import at_most, strip


class ObjectForm(FlaskForm):
    inventory_number = StringField(_l("Nomor inventaris"), filters=[strip],
                                   validators=[DataRequired(_l("Nomor inventaris wajib diisi.")),
                                               at_most(60, _l("Nomor inventaris"))])
    title = StringField(_l("Judul"), filters=[strip],
                        validators=[DataRequired(_l("Judul wajib diisi.")), at_most(200, _l("Judul"))])
    title_en = StringField(_l("Judul dalam bahasa Inggris (boleh dikosongkan)"), filters=[strip],
                           validators=[at_most(200, _l("Judul"))])
    description = TextAreaField(_l("Deskripsi"), filters=[strip], validators=[at_most(20_000, _l("Deskripsi"))])
    description_en = TextAreaField(_l("Deskripsi dalam bahasa Inggris (boleh dikosongkan)"), filters=[strip],
                                   validators=[at_most(20_000, _l("Deskripsi"))])
    collection = SelectField(_l("Koleksi"), choices=[], validate_choice=False)
    material = StringField(_l("Bahan"), filters=[strip], validators=[at_most(120, _l("Bahan"))])
    dimensions = StringField(_l("Ukuran"), filters=[strip], validators=[at_most(120, _l("Ukuran"))])
    period = StringField(_l("Tanggal atau periode"), filters=[strip], validators=[at_most(120, _l("Periode"))])
    # The origin inside the regency is picked from the Kemendagri list (kecamatan, then desa —
    # two steps that work without JavaScript); the free text is for origins elsewhere.
    langkah = HiddenField()
    origin_kecamatan = SelectField(_l("Asal: kecamatan di daerah ini"), choices=[], validate_choice=False)
    origin_desa = SelectField(_l("Asal: desa/kelurahan"), choices=[], validate_choice=False)
    origin = StringField(_l("Asal di luar daerah ini (boleh dikosongkan)"), filters=[strip],
                         validators=[at_most(160, _l("Asal"))])
    culture = StringField(_l("Budaya/suku"), filters=[strip], validators=[at_most(120, _l("Budaya/suku"))])
    acquisition_method = StringField(_l("Cara perolehan (hibah, pembelian, temuan…)"), filters=[strip],
                                     validators=[at_most(60, _l("Cara perolehan"))])
    acquisition_date = StringField(_l("Tanggal perolehan"), filters=[strip],
                                   validators=[at_most(40, _l("Tanggal perolehan"))])
    acquisition_source = StringField(_l("Diperoleh dari (tidak ditampilkan ke publik)"), filters=[strip],
                                     validators=[at_most(200, _l("Diperoleh dari"))])
    condition = StringField(_l("Kondisi"), filters=[strip], validators=[at_most(120, _l("Kondisi"))])
    location = StringField(_l("Lokasi (ruang pamer atau gudang)"), filters=[strip],
                           validators=[at_most(160, _l("Lokasi"))])
    rights = StringField(_l("Hak (lisensi foto dan data)"), filters=[strip], validators=[at_most(200, _l("Hak"))])

    def values(self) -> dict[str, str]:
        picked = {"csrf_token", "collection", "origin_kecamatan", "origin_desa", "langkah"}
        found = {f.name: f.data or "" for f in self if f.name not in picked}
        found["origin_code"] = self.origin_desa.data or self.origin_kecamatan.data or ""
        return found

    @property
    def only_choosing_area(self) -> bool:
        """The "show desa" button was pressed: list the kecamatan's desa, save nothing yet."""
        return self.langkah.data == "wilayah"


class ImageForm(FlaskForm):
    image = FileField(_l("Foto (JPEG atau PNG)"))
    alt = StringField(_l("Teks alternatif (apa yang terlihat di foto)"), filters=[strip],
                      validators=[DataRequired(_l("Teks alternatif wajib diisi.")), at_most(300, _l("Teks alternatif"))])
    alt_en = StringField(_l("Teks alternatif dalam bahasa Inggris (boleh dikosongkan)"), filters=[strip],
                         validators=[at_most(300, _l("Teks alternatif"))])


class ConfirmForm(FlaskForm):
    """A button with nothing to type (publish, withdraw, delete)."""


class ExhibitionForm(FlaskForm):
    title = StringField(_l("Judul pameran"), filters=[strip],
                        validators=[DataRequired(_l("Judul pameran wajib diisi.")), at_most(200, _l("Judul"))])
    title_en = StringField(_l("Judul dalam bahasa Inggris (boleh dikosongkan)"), filters=[strip],
                           validators=[at_most(200, _l("Judul"))])
    intro = TextAreaField(_l("Pengantar"), filters=[strip], validators=[at_most(20_000, _l("Pengantar"))])
    intro_en = TextAreaField(_l("Pengantar dalam bahasa Inggris (boleh dikosongkan)"), filters=[strip],
                             validators=[at_most(20_000, _l("Pengantar"))])
    kind = SelectField(_l("Jenis"), choices=[("permanent", _l("Pameran tetap")), ("temporary", _l("Pameran temporer"))])
    starts_on = DateField(_l("Mulai"), validators=[Optional()], invalid_value_message=_l("Tanggal tidak valid (TTTT-BB-HH)"))
    ends_on = DateField(_l("Selesai"), validators=[Optional()], invalid_value_message=_l("Tanggal tidak valid (TTTT-BB-HH)"))


class ExhibitionItemForm(FlaskForm):
    inventory_number = StringField(_l("Nomor inventaris koleksi"), filters=[strip],
                                   validators=[DataRequired(_l("Nomor inventaris wajib diisi.")),
                                               at_most(60, _l("Nomor inventaris"))])


class MoveForm(FlaskForm):
    item = IntegerField(validators=[InputRequired()])
    step = IntegerField(validators=[InputRequired(), AnyOf([-1, 0, 1])])
    action = HiddenField(default="move")


class PhotoBatchForm(FlaskForm):
    photos = MultipleFileField(_l("Foto koleksi (JPEG atau PNG, nama berkas = nomor inventaris)"))


class ImportForm(FlaskForm):
    table = FileField(_l("Berkas CSV katalog"))


class ProfileForm(FlaskForm):
    name = StringField(_l("Nama museum"), filters=[strip],
                       validators=[DataRequired(_l("Nama museum wajib diisi.")), at_most(160, _l("Nama museum"))])
    registration_number = StringField(_l("Nomor Pendaftaran Nasional"), filters=[strip],
                                      validators=[at_most(60, _l("Nomor pendaftaran"))])
    museum_type = SelectField(_l("Tipe museum"), choices=[("", _l("Belum ditetapkan")), ("A", "A"), ("B", "B"),
                                                          ("C", "C")])
    address = StringField(_l("Alamat"), filters=[strip], validators=[at_most(300, _l("Alamat"))])
    contact = StringField(_l("Kontak (telepon, email)"), filters=[strip], validators=[at_most(300, _l("Kontak"))])
    opening_hours = StringField(_l("Jam buka"), filters=[strip], validators=[at_most(300, _l("Jam buka"))])
    about = TextAreaField(_l("Tentang museum"), filters=[strip], validators=[at_most(20_000, _l("Tentang museum"))])
    about_en = TextAreaField(_l("Tentang museum dalam bahasa Inggris (boleh dikosongkan)"), filters=[strip],
                             validators=[at_most(20_000, _l("Tentang museum"))])
