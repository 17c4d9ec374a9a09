"""Satu Data's tables, one file per concept."""

from kiblat.modules.satu_data.models.dataset import (
    DRAFT,
    PUBLISHED,
    REJECTED,
    RETURNED,
    SUBMITTED,
    SUPERSEDED,
    Dataset,
    DatasetEvent,
    DatasetVersion,
    Resource,
)
from kiblat.modules.satu_data.models.living import LivingDataset
from kiblat.modules.satu_data.models.plan import DataPlan

__all__ = ["DRAFT", "PUBLISHED", "REJECTED", "RETURNED", "SUBMITTED", "SUPERSEDED", "DataPlan", "Dataset",
           "DatasetEvent", "DatasetVersion", "LivingDataset", "Resource"]
