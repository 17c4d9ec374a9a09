from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
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
