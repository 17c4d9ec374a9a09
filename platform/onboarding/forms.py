from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from kiblat.platform.identity.passwords import MAX_LENGTH


class CsrfForm(FlaskForm):
    """Only the CSRF token: the wizard's fields are validated by the services."""


class ApplicantForm(FlaskForm):
    name = StringField(_l("Nama lengkap"), validators=[DataRequired(_l("Nama wajib diisi.")), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Isi email.")), Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(_l("Isi kata sandi.")),
                                                          Length(max=MAX_LENGTH)])


class SignInForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Isi email.")), Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(_l("Isi kata sandi.")),
                                                          Length(max=MAX_LENGTH)])


class OfficialDomainForm(FlaskForm):
    """Staff record an email domain as official for a region (checked by onboarding/domains.py)."""

    domain = StringField(_l("Domain email"), validators=[Length(max=253)])
    region_code = StringField(_l("Kode wilayah (mis. 12.07)"), validators=[Length(max=5)])


class RemoveDomainForm(FlaskForm):
    domain = StringField(validators=[Length(max=253)])
