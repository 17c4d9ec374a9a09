from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length


class OpdForm(FlaskForm):
    name = StringField(_l("Nama OPD"), validators=[Length(max=200, message=_l("Paling banyak 200 karakter."))])
    short_name = StringField(_l("Singkatan"), validators=[Length(max=40, message=_l("Paling banyak 40 karakter."))])


class StaffUserForm(FlaskForm):
    """Choices are filled from the tenant's roles, OPD and desa by the view."""

    name = StringField(_l("Nama lengkap"), validators=[Length(max=120, message=_l("Paling banyak 120 karakter."))])
    email = StringField(_l("Email"), validators=[Length(max=254, message=_l("Paling banyak 254 karakter."))])
    phone = StringField(_l("Nomor telepon (boleh dikosongkan)"),
                        validators=[Length(max=30, message=_l("Paling banyak 30 karakter."))])
    role = SelectField(_l("Peran"), validate_choice=False)
    opd_id = SelectField(_l("OPD (untuk petugas OPD)"), validate_choice=False)
    desa_code = SelectField(_l("Desa/kelurahan (untuk operator desa)"), validate_choice=False)


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
