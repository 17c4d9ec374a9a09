"""Taman Buah's forms. The weighing form has a kg field per fruit (``kg_<key>``), so it is
built per request; weights are read by ``services.sales.parse_kg`` and checked there."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from kiblat.modules.taman_buah.models import Commodity
from kiblat.platform.web.forms import at_most, strip

KG = "kg_"


class SubscribeForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[strip],
                       validators=[DataRequired(_l("Alamat email wajib diisi.")), at_most(254, _l("Email"))])


class _WeighingBase(FlaskForm):
    booking_code = StringField(_l("Kode pesanan tiket (boleh dikosongkan)"), filters=[strip],
                               validators=[at_most(12, _l("Kode pesanan"))])
    visitor_name = StringField(_l("Nama pembeli (boleh dikosongkan)"), filters=[strip],
                               validators=[at_most(160, _l("Nama pembeli"))])
    request_key = HiddenField(validators=[Length(max=64)])

    def kilograms(self) -> dict[str, str]:
        return {field.name[len(KG):]: field.data or "" for field in self if field.name.startswith(KG)}


def weighing_form(commodities: Iterable[Commodity], **kwargs) -> _WeighingBase:  # noqa: ANN003
    form_class = type("WeighingForm", (_WeighingBase,), {})
    for commodity in commodities:
        setattr(form_class, f"{KG}{commodity.key}", StringField(commodity.name, validators=[Length(max=20)]))
    return form_class(**kwargs)


STATUS_CHOICES = [SelectChoice("ripe", _l("Matang, siap dipetik")), SelectChoice("soon", _l("Segera matang")),
                  SelectChoice("out", _l("Sedang tidak musim"))]


class StatusForm(FlaskForm):
    commodity = HiddenField(validators=[InputRequired(), Length(max=40)])
    status = SelectField(_l("Status panen"), choices=STATUS_CHOICES)
    note = StringField(_l("Catatan"), filters=[strip], validators=[at_most(200, _l("Catatan"))])


class PriceForm(FlaskForm):
    commodity = HiddenField(validators=[InputRequired(), Length(max=40)])
    price = IntegerField(_l("Harga per kg"), validators=[
        InputRequired(_l("Harga per kg wajib diisi.")),
        NumberRange(min=0, max=10_000_000, message=_l("Harga per kg antara Rp0 dan Rp10.000.000."))],
        invalid_value_message=_l("Harga per kg harus bilangan bulat Rupiah, tanpa titik."))


class PhotoForm(FlaskForm):
    photo = FileField(_l("Foto (JPEG atau PNG)"))
    caption = StringField(_l("Keterangan"), filters=[strip], validators=[at_most(200, _l("Keterangan"))])


class ParkForm(FlaskForm):
    name = StringField(_l("Nama taman"), filters=[strip],
                       validators=[DataRequired(_l("Nama taman wajib diisi.")), at_most(160, _l("Nama taman"))])
    about = TextAreaField(_l("Tentang taman"), validators=[at_most(4000, _l("Tentang taman"))])
    opening_hours = StringField(_l("Jam buka"), filters=[strip], validators=[at_most(300, _l("Jam buka"))])
    address = StringField(_l("Alamat"), filters=[strip], validators=[at_most(300, _l("Alamat"))])
    directions = TextAreaField(_l("Petunjuk arah"), validators=[at_most(4000, _l("Petunjuk arah"))])
