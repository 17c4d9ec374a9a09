"""Sri Deli's forms. The application form's fields and documents come from the permit type in
the catalogue, so ``apply_form`` builds its class per permit type; the checks that need the
database (NIK, desa, fee formula, file contents) stay in the services, shared with the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from kiblat.modules.sri_deli.models import PermitType
from kiblat.modules.sri_deli.services.workflow import NOTE_MAX
from kiblat.platform.web.forms import at_most, read_upload, strip

DOCUMENT = "dok_"



class _PermitForm(FlaskForm):
    """With a field per catalogue entry of the permit type (named by its key) and a file field
    per document (``dok_<key>``)."""

    permit_type: PermitType

    def catalogue_values(self) -> dict[str, str]:
        """The permit type's own fields, by catalogue key, as typed."""
        return {field["key"]: self[field["key"]].data or "" for field in self.permit_type.fields}

    def documents(self, max_bytes: int) -> dict[str, tuple[str, bytes]]:
        """The documents chosen, by catalogue key: ``(filename, content)``."""
        files = {}
        for doc in self.permit_type.documents:
            upload = read_upload(self[DOCUMENT + doc["key"]].data, max_bytes)
            if upload is not None:
                files[doc["key"]] = upload
        return files


def _for_permit(base: type[_PermitForm], permit_type: PermitType, fields: bool) -> type[_PermitForm]:
    form_class = type(f"{base.__name__}For{permit_type.key.title()}", (base,), {"permit_type": permit_type})
    for field in permit_type.fields if fields else ():
        if hasattr(base, field["key"]):  # a catalogue key must not hide one of the form's own names
            raise ValueError(f"catalogue field {field['key']!r} clashes with the application form")
        setattr(form_class, field["key"], StringField(field["label"], validators=[at_most(500, field["label"])]))
    for doc in permit_type.documents:
        setattr(form_class, DOCUMENT + doc["key"], FileField(doc["label"]))
    return form_class


class ApplyForm(_PermitForm):
    kunci = HiddenField()
    # Which button was pressed: "wilayah" only shows the desa of the chosen kecamatan.
    langkah = HiddenField()
    kecamatan = StringField(_l("Kecamatan"), filters=[strip], validators=[Length(max=20)])
    desa = StringField(_l("Desa/kelurahan"), filters=[strip], validators=[Length(max=20)])
    atas_nama = BooleanField(_l("Saya operator desa yang mengajukan atas nama warga"))
    jenis_pemohon = StringField(default="perorangan", validators=[Length(max=20)])
    nama = StringField(_l("Nama"), validators=[at_most(200, _l("Nama"))])
    nik = StringField(_l("NIK"), validators=[at_most(32, _l("NIK"))])
    nib = StringField(_l("NIB (badan usaha)"), validators=[at_most(32, _l("NIB"))])
    email = StringField(_l("Email untuk pemberitahuan"), filters=[strip], validators=[at_most(254, _l("Email"))])
    alamat = StringField(_l("Alamat"), validators=[at_most(300, _l("Alamat"))])

    @property
    def only_choosing_area(self) -> bool:
        return self.langkah.data == "wilayah"


def apply_form(permit_type: PermitType, **kwargs) -> ApplyForm:  # noqa: ANN003
    """An ``ApplyForm`` with the permit type's fields and documents."""
    return _for_permit(ApplyForm, permit_type, fields=True)(**kwargs)


class ResubmitForm(_PermitForm):
    catatan = TextAreaField(_l("Keterangan perbaikan"), validators=[at_most(NOTE_MAX, _l("Catatan"))])


def resubmit_form(permit_type: PermitType) -> ResubmitForm:
    """The citizen's answer to a revision request, with a file field per document."""
    return _for_permit(ResubmitForm, permit_type, fields=False)()


class WorkForm(FlaskForm):
    """One of the officer's actions on an application (the button pressed is ``aksi``)."""

    aksi = HiddenField()
    tahap = HiddenField()
    catatan = TextAreaField(_l("Catatan / alasan"), validators=[at_most(NOTE_MAX, _l("Catatan"))])


class TrackForm(FlaskForm):
    """Tracking by number and code: sent as a form, or as a link (``?nomor=…&kode=…``)."""

    class Meta:
        csrf = False  # also a plain link; a POST is still checked by the app-wide CSRF protection

    nomor = StringField(_l("Nomor pendaftaran"), filters=[strip], validators=[Length(max=40)])
    kode = StringField(_l("Kode lacak"), filters=[strip], validators=[Length(max=20)])


class HolidayForm(FlaskForm):
    tanggal = DateField(_l("Tanggal"), validators=[InputRequired(_l("Tanggal tidak valid (TTTT-BB-HH)"))],
                        invalid_value_message=_l("Tanggal tidak valid (TTTT-BB-HH)"))
    nama = StringField(_l("Nama"), filters=[strip],
                       validators=[DataRequired(_l("Nama hari libur wajib diisi")), at_most(120, _l("Nama"))])
    # One of holidays.KINDS; the service explains any other value.
    jenis = StringField(_l("Jenis"), default="local", validators=[Length(max=20)])
