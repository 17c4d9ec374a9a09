"""Crash-injection points: tests stop a real provisioning process here and SIGKILL it.

With ``KIBLAT_PROVISIONING_PAUSE_AT=<point>`` the process writes the file named by
``KIBLAT_PROVISIONING_PAUSE_FILE`` on reaching that point and then waits to be
killed. Unset (always, outside tests) it costs one dictionary lookup.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def pause_point(name: str) -> None:
    if os.environ.get("KIBLAT_PROVISIONING_PAUSE_AT") != name:
        return
    Path(os.environ["KIBLAT_PROVISIONING_PAUSE_FILE"]).write_text(name)
    while True:  # pragma: no cover - ended by SIGKILL
        time.sleep(60)
