"""What switching Jumpa Madu off would strand: citizens' savings and withdrawals still owed."""

from __future__ import annotations

from sqlalchemy import func, select

from kiblat.modules.jumpa_madu.models import SavingsWithdrawal
from kiblat.modules.jumpa_madu.models.ledger import SavingsBalance
from kiblat.platform.identity.texts import _
from kiblat.platform.modular.manifest import DisableCheck
from kiblat.platform.web.formatting import rupiah
from kiblat.tenants.database import tenant_db

OPEN_WITHDRAWALS = ("requested", "approved")


def disable_check() -> DisableCheck:
    """Refuse while any nasabah holds a balance or a withdrawal is not yet paid or rejected:
    citizens would lose the only place that shows and pays out their money."""
    session = tenant_db.session
    holders, total = session.execute(
        select(func.count(), func.coalesce(func.sum(SavingsBalance.balance), 0)).where(SavingsBalance.balance > 0)
    ).one()
    pending, pending_total = session.execute(
        select(func.count(), func.coalesce(func.sum(SavingsWithdrawal.amount), 0))
        .where(SavingsWithdrawal.status.in_(OPEN_WITHDRAWALS))
    ).one()
    refusals = []
    if holders:
        refusals.append(_("%(n)s nasabah masih memiliki saldo, seluruhnya %(amount)s. Bayarkan saldo mereka "
                          "terlebih dahulu.", n=holders, amount=rupiah(int(total))))
    if pending:
        refusals.append(_("%(n)s penarikan sebesar %(amount)s belum selesai dibayar atau ditolak.",
                          n=pending, amount=rupiah(int(pending_total))))
    return DisableCheck(refusals=tuple(refusals))
