from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget


class OpdForm(FlaskForm):
    name = StringField(_l("Nama OPD"), validators=[Length(max=200, message=_l("Paling banyak 200 karakter."))])
    short_name = StringField(_l("Singkatan"), validators=[Length(max=40, message=_l("Paling banyak 40 karakter."))])


class StaffEditForm(FlaskForm):
    """Choices are filled from the tenant's roles, OPD, kecamatan and desa by the view; the
    service checks each value against the regency."""

    name = StringField(_l("Nama lengkap"), validators=[Length(max=120, message=_l("Paling banyak 120 karakter."))])
    phone = StringField(_l("Nomor telepon (boleh dikosongkan)"),
                        validators=[Length(max=30, message=_l("Paling banyak 30 karakter."))])
    role = SelectField(_l("Peran utama"), validate_choice=False)
    extra_roles = SelectMultipleField(_l("Peran tambahan"), validate_choice=False,
                                      widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    opd_id = SelectField(_l("OPD"), validate_choice=False)
    kecamatan_code = SelectField(_l("Kecamatan"), validate_choice=False)
    desa_code = SelectField(_l("Desa/kelurahan"), validate_choice=False)


class StaffUserForm(StaffEditForm):
    email = StringField(_l("Email"), validators=[Length(max=254, message=_l("Paling banyak 254 karakter."))])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class ModuleNameForm(FlaskForm):
    """The name citizens see for a module in this regency; empty for the module's own."""

    display_name = StringField(_l("Nama yang ditampilkan kepada warga"),
                               validators=[Length(max=80, message=_l("Nama tampilan paling banyak 80 karakter."))])


class ConfirmForm(FlaskForm):
    """The confirmation of a change whose consequences the page has stated."""


def settings_form(schema: dict, current: dict, formdata: object = None) -> FlaskForm:
    """A form with one field per property of a module's ``settings_schema``: whole numbers
    with their range, choices for an ``enum``, a tick box for a yes/no, text otherwise. The
    schema itself is checked again by the service; the form gives each field its message."""

    class ModuleSettingsForm(FlaskForm):
        pass

    for name, spec in schema.get("properties", {}).items():
        label = spec.get("description") or name
        default = current.get(name, spec.get("default"))
        kind = spec.get("type")
        if "enum" in spec:
            field = SelectField(label, choices=[(str(v), str(v)) for v in spec["enum"]], default=str(default))
        elif kind == "integer":
            low, high = spec.get("minimum"), spec.get("maximum")
            message = _l("Isi bilangan bulat antara %(low)s dan %(high)s.", low=low, high=high)
            field = IntegerField(label, default=default, invalid_value_message=message,
                                 validators=[InputRequired(message), NumberRange(low, high, message)],
                                 render_kw={"inputmode": "numeric", "min": low, "max": high})
        elif kind == "boolean":
            field = BooleanField(label, default=bool(default))
        else:
            field = StringField(label, default=default or "", validators=[Length(max=spec.get("maxLength", 500))])
        setattr(ModuleSettingsForm, name, field)
    return ModuleSettingsForm(formdata=formdata) if formdata is not None else ModuleSettingsForm()


def settings_values(form: FlaskForm, schema: dict) -> dict:
    """The submitted settings, typed as the schema wants them."""
    values = {}
    for name, spec in schema.get("properties", {}).items():
        data = form[name].data
        if "enum" in spec:
            data = next((v for v in spec["enum"] if str(v) == data), data)
        values[name] = data
    return values


class AppearanceForm(FlaskForm):
    """Names, colours and the head of region; the service checks contrast and lengths."""

    official_name = StringField(_l("Nama resmi pemerintah daerah"), validators=[Length(max=200)])
    short_name = StringField(_l("Nama singkat"), validators=[Length(max=100)])
    tagline = StringField(_l("Slogan"), validators=[Length(max=200)])
    head_title = StringField(_l("Jabatan kepala daerah (mis. Bupati)"), validators=[Length(max=60)])
    head_name = StringField(_l("Nama kepala daerah"), validators=[Length(max=120)])
    primary_color = StringField(_l("Warna utama"), validators=[Length(max=7)])
    accent_color = StringField(_l("Warna aksen"), validators=[Length(max=7)])
    preview = SubmitField(_l("Pratinjau"))
    save = SubmitField(_l("Simpan"))


class LogoForm(FlaskForm):
    logo = FileField(_l("Logo baru (PNG, JPEG, GIF atau WebP, paling besar 1 MB)"))


class SigningCertificateForm(FlaskForm):
    berkas = FileField(_l("Berkas sertifikat PKCS#12 (.p12 atau .pfx)"))
    sandi = PasswordField(_l("Kata sandi berkas"), validators=[Length(max=200)])


class DocumentSignerForm(FlaskForm):
    lingkup = SelectField(_l("Berlaku untuk"), choices=[], validate_choice=False)
    unit = StringField(_l("Nama unit pada kop surat"), validators=[Length(max=200)])
    alamat = StringField(_l("Alamat unit"), validators=[Length(max=300)])
    nama = StringField(_l("Nama pejabat penandatangan"), validators=[InputRequired(_l("Nama wajib diisi")),
                                                                    Length(max=120)])
    nip = StringField(_l("NIP"), validators=[Length(max=24)])
    jabatan = StringField(_l("Jabatan"), validators=[InputRequired(_l("Jabatan wajib diisi")), Length(max=200)])


class StaffImportForm(FlaskForm):
    """A CSV of officers; "Periksa" only reports, "Impor" creates them all or none."""

    berkas = FileField(_l("Berkas CSV petugas"))
    checked_csv = HiddenField()  # the file already checked, so "Impor" needs no second upload
    check = SubmitField(_l("Periksa"))
    run = SubmitField(_l("Impor"))


class SmsGatewayForm(FlaskForm):
    """The regency's SMS/WhatsApp webhook; an empty secret keeps the stored one. ``test_phone``
    is used only by the "send test message" button."""

    url = StringField(_l("Alamat webhook (URL)"), validators=[Length(max=500, message=_l("Paling banyak 500 karakter."))])
    secret = PasswordField(_l("Rahasia/token"), validators=[Length(max=500, message=_l("Paling banyak 500 karakter."))])
    channel = SelectField(_l("Saluran"), choices=[("sms", _l("SMS")), ("whatsapp", _l("WhatsApp"))])
    enabled = BooleanField(_l("Kirim kode atur ulang kata sandi lewat gateway ini"))
    test_phone = StringField(_l("Nomor tujuan pesan uji"),
                             validators=[Length(max=30, message=_l("Paling banyak 30 karakter."))])
    # Which button was pressed: ``save`` or ``test`` (the buttons carry name="action").
    action = StringField()
