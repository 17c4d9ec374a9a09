"""The harvest calendar: season months, today's status that staff set, and visitors who
asked to be told when a fruit is ripe (one mail per ripening)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from flask import has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.modules.taman_buah.models import Commodity, Price, Subscription
from kiblat.modules.taman_buah.services.errors import TamanBuahError
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.platform.web.formatting import INDONESIAN, rupiah
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

STATUSES = ("ripe", "soon", "out")
EMAIL_MAX = 254


def commodities() -> list[Commodity]:
    return list(tenant_db.session.scalars(select(Commodity).order_by(Commodity.position, Commodity.id)))


def by_key(key: str) -> Commodity | None:
    return tenant_db.session.scalar(select(Commodity).where(Commodity.key == key))


def season_months(commodity: Commodity) -> list[int]:
    return sorted({int(m) for m in commodity.season.split(",") if m.strip().isdigit()})


def current_price(commodity_id: int, at: datetime | None = None) -> int | None:
    moment = at or datetime.now(UTC)
    return tenant_db.session.scalar(
        select(Price.price_per_kg).where(Price.commodity_id == commodity_id, Price.effective_from <= moment)
        .order_by(Price.effective_from.desc()).limit(1))


def price_history(commodity_id: int) -> list[Price]:
    return list(tenant_db.session.scalars(
        select(Price).where(Price.commodity_id == commodity_id).order_by(Price.effective_from.desc())))


def set_price(key: str, price_per_kg: int, effective_from: datetime | None = None) -> Price:
    commodity = by_key(key)
    if commodity is None:
        raise TamanBuahError("Jenis buah tidak dikenal.")
    if not isinstance(price_per_kg, int) or price_per_kg < 0 or price_per_kg > 10_000_000:
        raise TamanBuahError("Harga per kg harus bilangan bulat Rupiah antara 0 dan 10.000.000.")
    price = Price(commodity_id=commodity.id, price_per_kg=price_per_kg, effective_from=effective_from or datetime.now(UTC))
    tenant_db.session.add(price)
    tenant_db.session.commit()
    return price


def set_status(key: str, status: str, note: str = "") -> tuple[Commodity, int]:
    """Today's status; turning ``ripe`` mails everyone waiting for it. Returns (fruit, mails)."""
    commodity = by_key(key)
    if commodity is None:
        raise TamanBuahError("Jenis buah tidak dikenal.")
    if status not in STATUSES:
        raise TamanBuahError("Status panen tidak dikenal.")
    became_ripe = status == "ripe" and commodity.status != "ripe"
    commodity.status, commodity.status_note = status, note.strip()[:200]
    commodity.status_updated_at = datetime.now(UTC)
    tenant_db.session.commit()
    return commodity, _tell_subscribers(commodity) if became_ripe else 0


def _unsubscribe_url(token: str) -> str:
    if has_request_context():
        return url_for("taman_buah.unsubscribe", token=token, _external=True)
    return f"https://{current_tenant.primary_host}/taman-buah/berhenti/{token}"


def _tell_subscribers(commodity: Commodity) -> int:
    session = tenant_db.session
    waiting = list(session.scalars(select(Subscription).where(Subscription.commodity_id == commodity.id)))
    price = current_price(commodity.id)
    slug = current_tenant.slug
    stamp = commodity.status_updated_at.strftime("%Y%m%d%H%M%S")
    for subscription in waiting:
        body = (f"{commodity.name} di Taman Buah {current_tenant.short_name} sudah matang dan siap dipetik"
                + (f" ({rupiah(price, INDONESIAN)} per kg)" if price is not None else "") + ".\n"
                + (f"{commodity.status_note}\n" if commodity.status_note else "")
                + "\nBerhenti menerima kabar ini: "
                + f"{_unsubscribe_url(subscription.token)}\n")
        message = queue_message(subscription.email, f"{commodity.name} sudah matang", body,
                                key=f"{slug}:taman_buah:ripe:{subscription.id}:{stamp}", tenant_slug=slug)
        enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=slug)
        subscription.notified_at = datetime.now(UTC)
    session.commit()
    return len(waiting)


def subscribe(key: str, email: str) -> Subscription:
    commodity = by_key(key)
    if commodity is None:
        raise TamanBuahError("Jenis buah tidak dikenal.")
    email = (email or "").strip().lower()
    if not email or "@" not in email or len(email) > EMAIL_MAX or " " in email:
        raise TamanBuahError("Alamat email tidak valid.")
    session = tenant_db.session
    found = session.scalar(select(Subscription).where(Subscription.commodity_id == commodity.id,
                                                      Subscription.email == email))
    if found is not None:
        return found
    subscription = Subscription(commodity_id=commodity.id, email=email, token=secrets.token_urlsafe(24))
    session.add(subscription)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return session.scalar(select(Subscription).where(Subscription.commodity_id == commodity.id,
                                                         Subscription.email == email))
    return subscription


def unsubscribe(token: str) -> Subscription | None:
    session = tenant_db.session
    found = session.scalar(select(Subscription).where(Subscription.token == token[:40]))
    if found is not None:
        session.delete(found)
        session.commit()
    return found


def home_summary() -> str | None:
    ripe = [c.name for c in commodities() if c.status == "ripe"]
    return _("Taman Buah: %(fruits)s sedang matang.", fruits=", ".join(ripe)) if ripe else None
