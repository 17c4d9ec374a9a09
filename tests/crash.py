"""Killing a real ``kiblat`` command with SIGKILL at a named point of its work (the crash tests of
provisioning and tenant moves). The command pauses at ``point`` (``KIBLAT_PROVISIONING_PAUSE_AT``)
and says so by creating a marker file; only then is it killed, so the crash lands exactly there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask import Flask

# A busy two-core machine can take a minute just to import the platform in the child process.
REACH_POINT_WITHIN = 180


def kill_cli_at(app: Flask, arguments: list[str], point: str, tmp_path: Path) -> None:
    """Run ``kiblat <arguments>`` against ``app``'s deployment and SIGKILL it at ``point``."""
    marker = tmp_path / "paused"
    marker.unlink(missing_ok=True)
    env = {**os.environ, **app.config["KIBLAT_SOURCE_ENV"],
           "KIBLAT_PROVISIONING_PAUSE_AT": point, "KIBLAT_PROVISIONING_PAUSE_FILE": str(marker)}
    process = subprocess.Popen(
        [sys.executable, "-c", "from kiblat.platform.cli import main; main()", *arguments],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + REACH_POINT_WITHIN
    while not marker.exists():
        if process.poll() is not None:
            pytest.fail(f"process ended before {point}: {process.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"never reached {point}")
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()
