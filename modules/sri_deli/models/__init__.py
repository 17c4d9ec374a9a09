"""Sri Deli's tables, one file per concept."""

from kiblat.modules.sri_deli.models.application import (
    APPROVED,
    AWAITING_PAYMENT,
    IN_PROCESS,
    OPEN_STATUSES,
    REJECTED,
    REVISION,
    Application,
    ApplicationDocument,
    ApplicationEvent,
)
from kiblat.modules.sri_deli.models.bill import EXPIRED, PAID, UNPAID, Bill
from kiblat.modules.sri_deli.models.catalogue import PermitType
from kiblat.modules.sri_deli.models.holiday import Holiday

__all__ = ["APPROVED", "AWAITING_PAYMENT", "EXPIRED", "IN_PROCESS", "PAID", "UNPAID", "Bill", "OPEN_STATUSES", "REJECTED", "REVISION", "Application",
           "ApplicationDocument", "ApplicationEvent", "Holiday", "PermitType"]
