"""Jus Melon's forms. Checks that need the database or the law (NIK, desa, activity, the
micro/small bands, the photo's content) stay in the services, shared with tests and the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from kiblat.platform.web.forms import at_most, read_upload, strip


class RegistrationForm(FlaskForm):
    kunci = HiddenField()
    # The ticket of a photo already uploaded while another field is being corrected.
    berkas = HiddenField(validators=[Length(max=4000)])
    # Which button was pressed: "wilayah" only shows the desa of the chosen kecamatan.
    langkah = HiddenField()
    kecamatan = StringField(_l("Kecamatan"), filters=[strip], validators=[Length(max=20)])
    desa = StringField(_l("Desa/kelurahan"), filters=[strip], validators=[Length(max=20)])
    atas_nama = BooleanField(_l("Saya operator desa yang mengajukan atas nama warga"))
    nama_pemilik = StringField(_l("Nama pemilik"), validators=[at_most(200, _l("Nama pemilik"))])
    nik = StringField(_l("NIK pemilik"), validators=[at_most(32, _l("NIK"))])
    email = StringField(_l("Email"), filters=[strip], validators=[at_most(254, _l("Email"))])
    nama_usaha = StringField(_l("Nama usaha"), validators=[at_most(200, _l("Nama usaha"))])
    kegiatan = StringField(_l("Kegiatan usaha"), validators=[Length(max=20)])
    alamat = StringField(_l("Alamat usaha"), validators=[at_most(300, _l("Alamat usaha"))])
    modal = StringField(_l("Modal usaha (di luar tanah dan bangunan)"), validators=[Length(max=20)])
    omzet = StringField(_l("Hasil penjualan (omzet)"), validators=[Length(max=20)])
    foto = FileField(_l("Foto tempat usaha"))
    tampilkan = BooleanField(_l("Tampilkan usaha saya di daftar publik"))

    @property
    def only_choosing_area(self) -> bool:
        return self.langkah.data == "wilayah"

    def registration(self) -> dict[str, str]:
        """What ``services.register.register`` reads, as typed."""
        names = ("nama_pemilik", "nik", "email", "nama_usaha", "kegiatan", "alamat", "desa", "modal", "omzet")
        values = {name: self[name].data or "" for name in names}
        values["tampilkan"] = "1" if self.tampilkan.data else ""
        return values

    def photo(self, max_bytes: int) -> tuple[str, bytes] | None:
        return read_upload(self.foto.data, max_bytes)


class CheckForm(FlaskForm):
    """The officer's decision (the button pressed is ``aksi``: ``terbitkan`` or ``tolak``)."""

    aksi = HiddenField()
    catatan = TextAreaField(_l("Catatan / alasan penolakan"), validators=[at_most(2000, _l("Catatan"))])

    @property
    def issue(self) -> bool:
        return self.aksi.data == "terbitkan"


class ActivityForm(FlaskForm):
    kode = StringField(_l("Kode KBLI"), filters=[strip], validators=[Length(max=5, message=_l("Kode KBLI harus 5 angka"))])
    nama = StringField(_l("Nama kegiatan"), filters=[strip], validators=[at_most(200, _l("Nama kegiatan"))])


class ActivitySwitchForm(FlaskForm):
    """Switches one activity on or off (a button per row of the list)."""

    ubah = IntegerField(validators=[InputRequired(_l("Kegiatan tidak ditemukan"))],
                        invalid_value_message=_l("Kegiatan tidak ditemukan"))
    aktif = BooleanField(false_values=("0", "", "false"))

    @property
    def chosen(self) -> bool:
        """Whether this form (rather than the one adding an activity) was sent."""
        return bool(self.ubah.raw_data and self.ubah.raw_data[0])


class TrackForm(FlaskForm):
    """Tracking by number and code: sent as a form, or opened as a link (``?nomor=…&kode=…``)."""

    class Meta:
        csrf = False  # also a plain link; a POST is still checked by the app-wide CSRF protection

    nomor = StringField(_l("Nomor pendaftaran"), filters=[strip], validators=[Length(max=40)])
    kode = StringField(_l("Kode lacak"), filters=[strip], validators=[Length(max=20)])
