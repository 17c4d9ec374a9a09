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
from kiblat.modules.sri_deli.services.uploads import UploadError
from kiblat.modules.sri_deli.services.uploads import check as check_upload
from kiblat.modules.sri_deli.services.uploads import read as read_upload
from kiblat.modules.sri_deli.services.uploads import store as store_upload

__all__ = ["UploadError", "add_working_days", "check_upload", "code_matches", "hash_code", "holiday_set",
           "new_tracking_code", "new_verify_token", "qr_png", "read_upload", "store_upload",
           "working_days_between"]
