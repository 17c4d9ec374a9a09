"""The admin form for the regency's single sign-on provider (labels live in the template)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import Length


class SsoSettingsForm(FlaskForm):
    display_name = StringField(validators=[Length(max=80)])
    issuer = StringField(validators=[Length(max=255)])
    client_id = StringField(validators=[Length(max=255)])
    client_secret = PasswordField(validators=[Length(max=1000)])
    scopes = StringField(default="openid email profile", validators=[Length(max=255)])
    email_claim = StringField(default="email", validators=[Length(max=80)])
    name_claim = StringField(default="name", validators=[Length(max=80)])
    phone_claim = StringField(default="phone_number", validators=[Length(max=80)])
    default_role = SelectField(default="citizen", validate_choice=False)  # checked by the service
    enabled = BooleanField()
