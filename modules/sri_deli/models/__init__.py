"""Sri Deli's tables, one file per concept."""

from kiblat.modules.sri_deli.models.application import (
    APPROVED,
    AWAITING_PAYMENT,
    EVENT_LABELS,
    IN_PROCESS,
    OPEN_STATUSES,
    REJECTED,
    REVISION,
    STATUS_LABELS,
    Application,
    ApplicationDocument,
    ApplicationEvent,
)
from kiblat.modules.sri_deli.models.bill import BILL_LABELS, EXPIRED, PAID, UNPAID, Bill
from kiblat.modules.sri_deli.models.catalogue import PermitType
from kiblat.modules.sri_deli.models.holiday import HOLIDAY_KIND_LABELS, Holiday

__all__ = ["APPROVED", "AWAITING_PAYMENT", "BILL_LABELS", "EVENT_LABELS", "STATUS_LABELS", "EXPIRED", "IN_PROCESS", "PAID", "UNPAID", "Bill", "OPEN_STATUSES", "REJECTED", "REVISION", "Application",
           "ApplicationDocument", "ApplicationEvent", "HOLIDAY_KIND_LABELS", "Holiday", "PermitType"]
