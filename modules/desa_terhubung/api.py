"""Public interface of Desa Terhubung for provisioning and tests."""

from kiblat.modules.desa_terhubung.services.errors import DesaError
from kiblat.modules.desa_terhubung.services.registry import all_desa, counts, one, status_of
from kiblat.modules.desa_terhubung.services.surveys import (
           Signal,
           SurveyInput,
           question,
           submit,
           verify,
)

__all__ = ["DesaError", "Signal", "SurveyInput", "all_desa", "counts", "one", "question", "status_of", "submit",
           "verify"]
