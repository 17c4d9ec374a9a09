"""Console forms: CSRF on every POST; the services do the real validation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField


class ActionForm(FlaskForm):
    """A POST with a CSRF token and nothing else (resume, export, disable a module, upgrades)."""


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Alasan"))


class DeleteForm(FlaskForm):
    confirm = StringField(_l("Ketik slug untuk konfirmasi"))


class SettingsForm(FlaskForm):
    settings = TextAreaField(_l("Pengaturan (JSON)"))
