"""Sri Deli's tables, one file per concept."""

from kiblat.modules.sri_deli.models.application import (
    APPROVED,
    IN_PROCESS,
    OPEN_STATUSES,
    REJECTED,
    REVISION,
    Application,
    ApplicationDocument,
    ApplicationEvent,
)
from kiblat.modules.sri_deli.models.catalogue import PermitType
from kiblat.modules.sri_deli.models.holiday import Holiday

__all__ = ["APPROVED", "IN_PROCESS", "OPEN_STATUSES", "REJECTED", "REVISION", "Application",
           "ApplicationDocument", "ApplicationEvent", "Holiday", "PermitType"]
