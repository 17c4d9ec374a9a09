"""Flask-WTF forms of Pengumuman: the Humas editor."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional

from kiblat.modules.pengumuman.services.announcements import BODY_MAX, TITLE_MAX
from kiblat.modules.pengumuman.services.media import ALT_MAX
from kiblat.platform.web.forms import at_most, strip


class AnnouncementForm(FlaskForm):
    """Category choices come from the regency's categories (filled by the view)."""

    title = StringField(_l("Judul"), filters=[strip], validators=[at_most(TITLE_MAX, _l("Judul"))])
    category = SelectField(_l("Kategori"), validate_choice=False)
    body = TextAreaField(_l("Isi"), validators=[at_most(BODY_MAX, _l("Isi"))])
    publish_at = DateTimeLocalField(
        _l("Terbitkan pada (kosongkan untuk sekarang)"), format="%Y-%m-%dT%H:%M",
        validators=[Optional()], invalid_value_message=_l("Waktu terbit tidak valid (TTTT-BB-HH JJ:MM)."))
    pinned_until = DateField(
        _l("Sematkan di atas sampai tanggal (kosongkan bila tidak)"), validators=[Optional()],
        invalid_value_message=_l("Tanggal akhir sematan tidak valid (TTTT-BB-HH)."))
    cover = FileField(_l("Gambar sampul (JPEG atau PNG, paling besar 3 MB)"))
    cover_alt = StringField(_l("Teks alternatif gambar sampul (apa yang terlihat)"), filters=[strip],
                            validators=[at_most(ALT_MAX, _l("Teks alternatif"))])
    remove_cover = BooleanField(_l("Hapus gambar sampul"))
    # The attachments ticked for removal (their ids; the view keeps only the announcement's own).
    removed_attachments = SelectMultipleField(name="hapus_lampiran", validate_choice=False)
    attachments = MultipleFileField(_l("Lampiran PDF (paling banyak 5 berkas, masing-masing 5 MB)"))
    preview = SubmitField(_l("Pratinjau"))
    draft = SubmitField(_l("Simpan sebagai draf"))
    publish = SubmitField(_l("Terbitkan"))


class WithdrawForm(FlaskForm):
    """Only the CSRF token: take an announcement off the public pages."""
