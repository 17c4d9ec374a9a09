"""Jumpa Madu tables, all named ``jumpa_madu_*``.

Configuration (copied from a template regency): banks and their service areas, waste
categories with their price history, pickup windows and the withdrawal policy.
Citizen data: nasabah, the append-only ledger with its balance table, pickups,
deposits (receipts) and withdrawals.
"""

from kiblat.modules.jumpa_madu.models.config import (
    BankPolicy,
    PickupWindow,
    WasteBank,
    WasteBankArea,
    WasteCategory,
    WastePrice,
)
from kiblat.modules.jumpa_madu.models.ledger import LedgerEntry, Nasabah, SavingsBalance
from kiblat.modules.jumpa_madu.models.operations import (
    SavingsWithdrawal,
    WasteDeposit,
    WasteDepositLine,
    WastePickup,
    WastePickupItem,
)

__all__ = [
    "SavingsBalance",
    "WasteBank",
    "WasteBankArea",
    "WasteCategory",
    "WasteDeposit",
    "WasteDepositLine",
    "LedgerEntry",
    "Nasabah",
    "WastePickup",
    "WastePickupItem",
    "BankPolicy",
    "WastePrice",
    "PickupWindow",
    "SavingsWithdrawal",
]
