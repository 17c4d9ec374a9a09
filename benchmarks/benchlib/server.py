"""gunicorn on loopback, started and stopped by the benchmark itself."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

WORKERS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(app_spec: str, port: int) -> list[str]:
    """Identical settings for every app under test: N sync workers, no access log."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return [
        str(gunicorn), "--workers", str(WORKERS), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--timeout", "60",
        "--log-level", "warning", app_spec,
    ]


def pinned_to(cpus: set[int] | None) -> Callable[[], None] | None:
    """A ``preexec_fn`` that keeps a child process (and its children) on ``cpus``."""
    if cpus is None:
        return None
    return lambda: os.sched_setaffinity(0, cpus)


def get(port: int, host: str, path: str = "/") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log_path: Path

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


def _wait_ready(server: Server, host: str, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited: {server.log_path.read_text()[-2000:]}")
        try:
            status, _ = get(server.port, host, path)
            if status == 200 and len(server.worker_pids()) == WORKERS:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not ready after {timeout:.0f}s: {server.log_path.read_text()[-2000:]}")


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], log_path: Path, ready_host: str,
             ready_path: str = "/", cwd: Path | None = None,
             cpus: set[int] | None = None) -> Iterator[Server]:
    """Serve ``app_spec``; the workers' stderr (request log lines included) goes to ``log_path``.
    ``cpus``: the only CPUs the server and its workers may run on."""
    port = free_port()
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            gunicorn_command(app_spec, port), env=env, cwd=cwd, stdout=log, stderr=log,
            start_new_session=True, preexec_fn=pinned_to(cpus),
        )
    server = Server(process, port, log_path)
    try:
        _wait_ready(server, ready_host, ready_path, timeout=60)
        yield server
    finally:
        stop(server)


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=5)
