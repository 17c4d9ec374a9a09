"""Public interface of Jumpa Madu for other modules, provisioning and tests."""

from kiblat.modules.jumpa_madu.services.errors import InsufficientBalance, JumpaMaduError
from kiblat.modules.jumpa_madu.services.ledger import balance_of, verify

__all__ = ["InsufficientBalance", "JumpaMaduError", "balance_of", "verify"]
