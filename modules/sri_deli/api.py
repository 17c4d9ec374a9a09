"""Public interface of Sri Deli for other modules (Jus Melon) and for provisioning.

Everything else in this package is internal and may change.
"""

from kiblat.modules.sri_deli.services.certificate import qr_png
from kiblat.modules.sri_deli.services.holidays import holiday_set
from kiblat.modules.sri_deli.services.numbers import (
           code_matches,
           hash_code,
           new_tracking_code,
           new_verify_token,
)
from kiblat.modules.sri_deli.services.sla import add_working_days, working_days_between

# Uploads are not Sri Deli's: every module checks and serves files with kiblat.platform.uploads.
__all__ = ["add_working_days", "code_matches", "hash_code", "holiday_set", "new_tracking_code", "new_verify_token",
           "qr_png", "working_days_between"]
