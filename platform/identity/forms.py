from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from kiblat.platform.identity.services import MIN_PASSWORD


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "Kata sandi baru",
        validators=[DataRequired(), Length(min=MIN_PASSWORD, message=f"Paling sedikit {MIN_PASSWORD} karakter.")],
    )
    confirm = PasswordField(
        "Ulangi kata sandi", validators=[DataRequired(), EqualTo("password", message="Kata sandi tidak sama.")]
    )
