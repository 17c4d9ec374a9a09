from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length

from kiblat.platform.identity.passwords import MAX_LENGTH
from kiblat.platform.identity.passwords import MIN_LENGTH as MIN_PASSWORD


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "Kata sandi baru",
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=MAX_LENGTH,
                                            message=f"Paling sedikit {MIN_PASSWORD} karakter.")],
    )
    confirm = PasswordField(
        "Ulangi kata sandi", validators=[DataRequired(), EqualTo("password", message="Kata sandi tidak sama.")]
    )


class LoginForm(FlaskForm):
    identifier = StringField(
        "Email atau nomor telepon",
        validators=[DataRequired("Isi email atau nomor telepon."), Length(max=254)],
    )
    password = PasswordField("Kata sandi", validators=[DataRequired("Isi kata sandi."), Length(max=MAX_LENGTH)])


class LogoutForm(FlaskForm):
    """Empty: signing out is a POST with a CSRF token, so no other site can sign a user out."""


class RegisterForm(FlaskForm):
    """Field checks beyond length live in registration.py, so tests and other callers share them."""

    name = StringField(_l("Nama lengkap"), validators=[Length(max=120, message=_l("Paling banyak 120 karakter."))])
    email = StringField(_l("Email"), validators=[Length(max=254, message=_l("Paling banyak 254 karakter."))])
    phone = StringField(_l("Nomor telepon"), validators=[Length(max=30, message=_l("Paling banyak 30 karakter."))])
    nik = StringField(_l("NIK (boleh dikosongkan)"),
                      validators=[Length(max=24, message=_l("NIK harus 16 angka."))])
    password = PasswordField(_l("Kata sandi"), validators=[Length(max=MAX_LENGTH)])
    confirm = PasswordField(_l("Ulangi kata sandi"), validators=[Length(max=MAX_LENGTH)])
    consent = BooleanField(_l("Saya sudah membaca pemberitahuan privasi dan menyetujui pemrosesan data pribadi "
                              "saya untuk layanan ini."))


class EmailForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(_l("Isi alamat email.")), Length(max=254)])


class PhoneResetForm(FlaskForm):
    phone = StringField(_l("Nomor telepon akun"),
                        validators=[DataRequired(_l("Isi nomor telepon akun Anda.")), Length(max=30)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Kata sandi baru"),
        validators=[DataRequired(_l("Isi kata sandi baru.")), Length(max=MAX_LENGTH)],
    )
    confirm = PasswordField(
        _l("Ulangi kata sandi"), validators=[EqualTo("password", message=_l("Kata sandi tidak sama."))]
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Kode 6 angka dari aplikasi autentikator"),
        validators=[DataRequired(_l("Isi kode dari aplikasi autentikator.")), Length(max=12)],
    )


class ProfileForm(FlaskForm):
    name = StringField(_l("Nama lengkap"), validators=[Length(max=120, message=_l("Paling banyak 120 karakter."))])
    phone = StringField(_l("Nomor telepon"), validators=[Length(max=30, message=_l("Paling banyak 30 karakter."))])


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Kata sandi saat ini"),
                            validators=[DataRequired(_l("Isi kata sandi saat ini.")), Length(max=MAX_LENGTH)])
    password = PasswordField(_l("Kata sandi baru"),
                             validators=[DataRequired(_l("Isi kata sandi baru.")), Length(max=MAX_LENGTH)])
    confirm = PasswordField(_l("Ulangi kata sandi baru"),
                            validators=[EqualTo("password", message=_l("Kata sandi tidak sama."))])


class DisableTwoFactorForm(FlaskForm):
    current = PasswordField(_l("Kata sandi saat ini"),
                            validators=[DataRequired(_l("Isi kata sandi saat ini.")), Length(max=MAX_LENGTH)])


class PostForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class NikCorrectionForm(FlaskForm):
    nik = StringField(_l("NIK yang benar (16 angka, sesuai KTP)"),
                      validators=[DataRequired(_l("Isi NIK yang benar.")), Length(max=30)])
    reason = TextAreaField(_l("Alasan koreksi"), validators=[DataRequired(_l("Tuliskan alasan koreksi.")),
                                                             Length(max=500, message=_l("Paling banyak 500 karakter."))])


class NikDecisionForm(FlaskForm):
    note = TextAreaField(_l("Catatan untuk warga (wajib bila ditolak)"), validators=[Length(max=500)])


class AssistedResetForm(FlaskForm):
    identifier = StringField(_l("Nomor telepon atau email akun"),
                             validators=[DataRequired(_l("Isi nomor telepon atau email akun warga.")), Length(max=254)])
    nik = StringField(_l("NIK pada KTP"), validators=[DataRequired(_l("Isi NIK dari KTP warga.")), Length(max=30)])
    name = StringField(_l("Nama lengkap pada KTP"),
                       validators=[DataRequired(_l("Isi nama lengkap dari KTP warga.")), Length(max=120)])


class RedeemResetCodeForm(ResetPasswordForm):
    identifier = StringField(_l("Nomor telepon atau email akun"),
                             validators=[DataRequired(_l("Isi nomor telepon atau email akun Anda.")), Length(max=254)])
    code = StringField(_l("Kode dari petugas"), validators=[DataRequired(_l("Isi kode dari petugas.")), Length(max=20)])
