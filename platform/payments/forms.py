"""The regency's Stripe keys form; a module subclasses it to word the switch for its own people."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import Length

from kiblat.platform.web.forms import strip


class StripeSettingsForm(FlaskForm):
    """The regency's Stripe keys; an empty field keeps the key already saved."""

    kunci_rahasia = PasswordField(_l("Kunci rahasia Stripe (sk_…)"), filters=[strip],
                                  validators=[Length(max=255, message=_l("Kunci rahasia paling banyak 255 karakter"))])
    rahasia_webhook = PasswordField(_l("Rahasia penandatanganan webhook (whsec_…)"), filters=[strip],
                                    validators=[Length(max=255, message=_l("Rahasia webhook paling banyak 255 karakter"))])
    aktif = BooleanField(_l("Pembayaran online aktif"))
