"""Satu Data's Python interface for other modules, provisioning and tests."""

from kiblat.modules.satu_data.services.datasets import DatasetError, create_dataset
from kiblat.modules.satu_data.services.review import publish_version

__all__ = ["DatasetError", "create_dataset", "publish_version"]
