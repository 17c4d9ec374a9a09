"""The regency's part of the national catalogue on the platform host: the published metadata
of its public datasets, copied into the control plane's open-data index (never private data)."""

from __future__ import annotations

from kiblat.modules.satu_data.models import Dataset


def sync(dataset: Dataset) -> None:
    """Put the dataset's public metadata in the national index, or take it out."""
    return None
