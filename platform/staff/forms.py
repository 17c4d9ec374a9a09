from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from kiblat.platform.identity.passwords import MAX_LENGTH
from kiblat.platform.identity.staff.impersonation import REASON_MAX, REASON_MIN


class StaffLoginForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(_l("Isi email.")), Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(_l("Isi kata sandi.")), Length(max=MAX_LENGTH)])


class TotpForm(FlaskForm):
    code = StringField(_l("Kode 6 angka"), validators=[DataRequired(_l("Isi kode dari aplikasi autentikator.")),
                                                      Length(max=12)])


class ImpersonateForm(FlaskForm):
    tenant = HiddenField(validators=[DataRequired()])
    user_id = IntegerField(_l("Admin"), validators=[DataRequired(_l("Pilih admin."))])
    reason = TextAreaField(
        _l("Alasan"),
        validators=[DataRequired(_l("Alasan wajib diisi.")),
                    Length(min=REASON_MIN, max=REASON_MAX,
                           message=_l("Alasan %(min)s–%(max)s karakter.", min=REASON_MIN, max=REASON_MAX))],
    )


class StaffLogoutForm(FlaskForm):
    """Empty: signing out is a POST with a CSRF token."""
