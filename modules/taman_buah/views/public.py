"""Public pages: the park, its harvest calendar and ripeness subscriptions, photos."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, url_for
from flask_babel import gettext as _

from kiblat.modules.taman_buah.forms import SubscribeForm
from kiblat.modules.taman_buah.models import Photo
from kiblat.modules.taman_buah.services import harvest, park, photos
from kiblat.modules.taman_buah.services.errors import TamanBuahError
from kiblat.modules.taman_buah.views.common import checked, render
from kiblat.platform.uploads import send_download
from kiblat.tenants.database import tenant_db


def index() -> str:
    fruits = harvest.commodities()
    return render("index.html", park=park.park(), attractions=park.features("attraction"),
                  facilities=park.features("facility"), photos=photos.gallery()[:12],
                  ripe=[f for f in fruits if f.status == "ripe"])


def calendar() -> str:
    fruits = harvest.commodities()
    return render("calendar.html", fruits=fruits, prices={f.id: harvest.current_price(f.id) for f in fruits},
                  seasons={f.id: harvest.season_months(f) for f in fruits}, form=SubscribeForm())


def subscribe(key: str) -> Response | str:
    commodity = harvest.by_key(key)
    if commodity is None:
        abort(404)
    form = SubscribeForm()
    if checked(form):
        try:
            harvest.subscribe(key, form.email.data or "")
        except TamanBuahError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Kami akan mengabari %(email)s saat %(fruit)s matang.", email=form.email.data, fruit=commodity.name))
    return redirect(url_for("taman_buah.calendar"))


def unsubscribe(token: str) -> str:
    found = harvest.unsubscribe(token)
    return render("unsubscribed.html", found=found is not None)


def photo(photo_id: int) -> Response:
    found = tenant_db.session.get(Photo, photo_id)
    if found is None:
        abort(404)
    return send_download(photos.content(found), download_name=f"taman-buah-{found.id}{'.png' if found.media_type == 'image/png' else '.jpg'}",
                         media_type=found.media_type, inline=True, max_age=86400, public=True)
