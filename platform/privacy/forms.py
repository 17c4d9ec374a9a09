"""Forms of the data-rights pages: accepting the notice, asking for deletion, the admin's forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length

from kiblat.platform.web.forms import at_most, strip


class AcceptForm(FlaskForm):
    """Accepting the notice's current version: a POST with a CSRF token."""


class ErasureForm(FlaskForm):
    understood = BooleanField(_l("Saya mengerti bahwa akun saya tidak dapat dipakai lagi setelah data dihapus."))
    reason = TextAreaField(_l("Alasan (boleh dikosongkan)"), filters=[strip],
                           validators=[Length(max=1000, message=_l("Alasan paling banyak 1000 karakter."))])


class NoticeForm(FlaskForm):
    controller_name = StringField(_l("Nama pengendali data (instansi)"), filters=[strip],
                                  validators=[at_most(200, _l("Nama pengendali data"))])
    controller_address = StringField(_l("Alamat pengendali data"), filters=[strip],
                                     validators=[at_most(300, _l("Alamat"))])
    dpo_name = StringField(_l("Nama pejabat pelindungan data pribadi"), filters=[strip],
                           validators=[at_most(120, _l("Nama pejabat"))])
    dpo_email = StringField(_l("Email pejabat pelindungan data pribadi"), filters=[strip],
                            validators=[at_most(254, _l("Email"))])
    dpo_phone = StringField(_l("Telepon pejabat pelindungan data pribadi (boleh dikosongkan)"), filters=[strip],
                            validators=[at_most(30, _l("Telepon"))])
    changes = TextAreaField(_l("Apa yang berubah (ditampilkan kepada warga)"), filters=[strip],
                            validators=[at_most(1000, _l("Keterangan perubahan"))])


class DecisionForm(FlaskForm):
    note = TextAreaField(_l("Catatan untuk warga"), filters=[strip],
                         validators=[at_most(1000, _l("Catatan"))])
