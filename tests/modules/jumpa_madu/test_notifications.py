"""Emails go through the outbox and the job queue: scheduled, picked up (receipt), paid."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from kiblat.modules.jumpa_madu.services import deposits, pickups, withdrawals
from kiblat.platform.core.extensions import db
from kiblat.platform.jobs.queue import queued_jobs
from kiblat.platform.jobs.registry import handler_for
from kiblat.platform.mail.models import OutboxMessage
from kiblat.platform.web.formatting import long_date
from tests.modules.jumpa_madu.helpers import BINJAI, in_tenant, new_nasabah, regency
from tests.modules.jumpa_madu.test_flow import assigned_pickup, collector


def test_pickup_receipt_and_payment_emails_are_queued_jobs(app) -> None:  # noqa: ANN001
    binjai = regency(app, BINJAI)
    email = f"nasabah-{secrets.token_hex(4)}@example.id"
    with in_tenant(app, binjai):
        nid = new_nasabah(email=email)
        mine = collector("surel")
        pickup_id = assigned_pickup(nid, mine)
        deposit = deposits.record_deposit(nid, [deposits.Weighing("kardus", 7_500)], secrets.token_hex(16),
                                          actor_id=mine, pickup_id=pickup_id)
        withdrawal = withdrawals.request(nid, 15_000, None)
        withdrawals.approve(withdrawal.id, None)
        withdrawals.mark_paid(withdrawal.id, "cash", "", None)
        assert pickups.get(pickup_id).status == "picked_up"
        deposit_id, withdrawal_id, pickup_date = deposit.id, withdrawal.id, pickups.get(pickup_id).pickup_date
    with app.app_context():
        messages = {m.subject: m for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == email))}
        assert set(messages) == {
            f"Penjemputan sampah #{pickup_id} dijadwalkan",
            f"Tanda terima setoran sampah #{deposit_id}",
            f"Penarikan #{withdrawal_id} sudah dibayar",
        }
        # Indonesian numbers and a written-out date, as on the site: never 7.50 kg or 09-12-2026.
        assert "Kardus: 7,50 kg × Rp2.000/kg = Rp15.000" in messages[f"Tanda terima setoran sampah #{deposit_id}"].body
        scheduled = messages[f"Penjemputan sampah #{pickup_id} dijadwalkan"].body
        assert f"dijemput pada {long_date(pickup_date)} pukul" in scheduled
        assert not re.search(r"\d{2}-\d{2}-\d{4}", scheduled)
        queued = {job.payload["message_id"] for job in queued_jobs(10_000)
                  if job.kind == "mail.deliver" and job.tenant_slug == binjai.slug}
        assert {m.id for m in messages.values()} <= queued
        for message in messages.values():
            handler_for("mail.deliver")({"message_id": message.id})
            db.session.refresh(message)
            assert message.status in ("printed", "sent")
