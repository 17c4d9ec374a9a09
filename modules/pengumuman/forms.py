"""Form for posting an announcement (used by the admin pages once sign-in exists)."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from kiblat.modules.pengumuman.services import BODY_MAX, DEFAULT_CATEGORIES, TITLE_MAX


class AnnouncementForm(FlaskForm):
    title = StringField("Judul", validators=[DataRequired("Judul wajib diisi"), Length(max=TITLE_MAX)])
    category = SelectField("Kategori", choices=list(DEFAULT_CATEGORIES))
    body = TextAreaField("Isi", validators=[DataRequired("Isi wajib diisi"), Length(max=BODY_MAX)])
