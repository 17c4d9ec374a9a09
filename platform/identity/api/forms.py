from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from kiblat.platform.identity.api.services import NAME_MAX


class ApiClientForm(FlaskForm):
    name = StringField(
        _l("Nama klien"),
        validators=[DataRequired(_l("Isi nama klien.")),
                    Length(max=NAME_MAX, message=_l("Nama klien terlalu panjang."))],
    )
    scopes = SelectMultipleField(
        _l("Cakupan"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        # The service checks scopes against what the regency offers, with a clear message.
        validate_choice=False,
    )


class RevokeForm(FlaskForm):
    """Empty: revoking is a POST with a CSRF token."""
