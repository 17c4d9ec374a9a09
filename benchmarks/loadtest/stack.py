"""The serving stack of the load test on loopback: two gunicorn app servers with the shipped
settings and Debian's nginx with the shipped config in front of both."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from kiblat.platform.serving import GUNICORN_CONFIG, NGINX_CONFIG
from kiblat.platform.web.blueprint import STATIC_DIR

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int, host: str = "kiblat.beban", path: str = "/healthz") -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path, headers={"Host": host})
        ok = connection.getresponse().status == 200
        connection.close()
        return ok
    except OSError:
        return False


def wait_answering(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if answers(port):
            return
        time.sleep(0.3)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port}")


class AppServer:
    """One gunicorn (master and workers) in a process group of its own."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", GUNICORN_CONFIG, "kiblat.platform.core.wsgi:app"],
                env={**env, "KIBLAT_BIND": f"127.0.0.1:{self.port}"}, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill_worker(self) -> int:
        pid = self.workers()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class Nginx:
    """The shipped site with loopback ports and this checkout's static folder: nothing else changed."""

    def __init__(self, root: Path, upstream_ports: list[int]) -> None:
        self.port = free_port()
        site = NGINX_CONFIG.read_text()
        site = re.sub(r"(?m)^(\s*)listen 80;", rf"\1listen 127.0.0.1:{self.port};", site)
        ports = iter(upstream_ports)
        site = re.sub(r"(?m)^(\s*)server 10\.0\.1\.1[12]:8000 ", lambda m: f"{m.group(1)}server 127.0.0.1:{next(ports)} ",
                      site)
        site = site.replace("alias /srv/kiblat/platform/web/static/;", f"alias {STATIC_DIR}/;")
        # The load test's thousands of requests come from one address.
        site = site.replace("limit_conn kiblat_per_address 40;", "limit_conn kiblat_per_address 4000;")
        root.mkdir(parents=True, exist_ok=True)
        (root / "kiblat.conf").write_text(site)
        temps = {name: root / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
        for folder in temps.values():
            folder.mkdir(exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (root / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {root}/nginx.pid;\nerror_log {root}/error.log warn;\n"
            "events { worker_connections 4096; }\nhttp {\n  access_log off;\n"
            + "".join(f"  {name}_temp_path {path};\n" for name, path in temps.items())
            + f"  include {root}/kiblat.conf;\n}}\n")
        self.process = subprocess.Popen([NGINX, "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
