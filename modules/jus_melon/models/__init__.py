"""Jus Melon's tables."""

from kiblat.modules.jus_melon.models.activity import Activity
from kiblat.modules.jus_melon.models.business import ISSUED, PENDING, REJECTED, Business

__all__ = ["ISSUED", "PENDING", "REJECTED", "Activity", "Business"]
