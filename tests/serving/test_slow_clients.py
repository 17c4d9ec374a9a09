"""The production serving set-up holds while slow clients hang on to connections: gunicorn
with the shipped settings (threaded workers) and Debian's nginx with the shipped config in
front of two such app servers. Many connections that sent half a request line stay open while
``/healthz`` and a regency's home page keep answering, directly and through nginx; nginx shares
requests between both app servers, serves ``/static`` itself, passes the host through, and keeps
serving when one app server is killed. Bounded: every wait has a limit of a few seconds and the
numbers are written to ``tests/artifacts``."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask

from kiblat.platform.serving import GUNICORN_CONFIG, NGINX_CONFIG
from kiblat.platform.web.blueprint import STATIC_DIR
from tests.billing.conftest import free_port

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The shipped defaults (gunicorn_config): the test runs the configuration as it is shipped.
WORKERS, THREADS = 2, 8
ANSWER_TIMEOUT = 5.0


def stop(process: subprocess.Popen, how: signal.Signals, seconds: float) -> None:
    process.send_signal(how)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_until_answering(port: int, seconds: float = 120.0) -> None:
    # Generous: on a busy machine a cold gunicorn with two workers can take a while to boot.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _ = get(port, "kiblat.test", "/healthz", timeout=5.0)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port}")


def get(port: int, host: str, path: str, timeout: float = ANSWER_TIMEOUT) -> tuple[int, float]:
    """(status, seconds) of one GET on a fresh connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


@contextmanager
def slow_clients(port: int, count: int) -> Iterator[list[socket.socket]]:
    """``count`` connections that each sent part of a request line and then nothing more."""
    sockets = []
    try:
        for number in range(count):
            client = socket.create_connection(("127.0.0.1", port), timeout=ANSWER_TIMEOUT)
            client.sendall(f"GET /healthz?langsam={number}".encode())  # no end of line, ever
            sockets.append(client)
        time.sleep(0.5)  # let the server take them on
        yield sockets
    finally:
        for client in sockets:
            client.close()


def _start_gunicorn(app: Flask, log: Path, **settings: str) -> tuple[subprocess.Popen, int]:
    """The app under gunicorn with the shipped settings (``settings`` override), on a free port.
    In a session of its own, so the whole app server (master and workers) can be killed at once."""
    port = free_port()
    env = {**os.environ, **app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_BIND": f"127.0.0.1:{port}",
           "KIBLAT_TRUST_PROXY": "true"}
    for name in ("KIBLAT_WORKERS", "KIBLAT_THREADS"):
        env.pop(name, None)
    env.update(settings)
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", GUNICORN_CONFIG,
                                    "kiblat.platform.core.wsgi:app"], env=env, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    return process, port


@pytest.fixture(scope="module")
def app_servers(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[subprocess.Popen, int]]]:
    """Two app servers, as nginx's upstream has: the first as shipped, the second with one
    worker (enough to show it serves, and lighter on a shared machine)."""
    folder = tmp_path_factory.mktemp("gunicorn")
    started = [_start_gunicorn(app, folder / "first.log"),
               _start_gunicorn(app, folder / "second.log", KIBLAT_WORKERS="1")]
    try:
        for (_process, port), log in zip(started, ("first.log", "second.log"), strict=True):
            try:
                wait_until_answering(port)
            except RuntimeError as exc:
                said = (folder / log).read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{exc}; gunicorn said: {said}") from None
        yield started
    finally:
        for process, _port in started:
            stop(process, signal.SIGTERM, 30)


@pytest.fixture(scope="module")
def gunicorn_port(app_servers: list[tuple[subprocess.Popen, int]]) -> int:
    """The first app server's port (gunicorn alone, no nginx in front)."""
    return app_servers[0][1]


def nginx_site(listen_port: int, upstream_ports: list[int]) -> str:
    """The shipped config with this test's ports and static folder: nothing else is changed."""
    site = NGINX_CONFIG.read_text()
    site, listens = re.subn(r"(?m)^(\s*)listen 80;", rf"\1listen 127.0.0.1:{listen_port};", site)
    ports = iter(upstream_ports)
    site, upstreams = re.subn(r"(?m)^(\s*)server 10\.0\.1\.1[12]:8000 ",
                              lambda m: f"{m.group(1)}server 127.0.0.1:{next(ports)} ", site)
    site, statics = re.subn(r"alias /srv/kiblat/platform/web/static/;", f"alias {STATIC_DIR}/;", site)
    assert listens == 1 and upstreams == len(upstream_ports) == 2 and statics == 1, \
        "the shipped nginx config changed shape"
    return site


@pytest.fixture(scope="module")
def nginx_root(app_servers: list[tuple[subprocess.Popen, int]], tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[tuple[Path, int]]:
    """nginx with the shipped site in front of both app servers: its folder (``access.log``
    names the app server of each request) and its port."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed (Debian's nginx package; .ci/run installs it)")
    root = tmp_path_factory.mktemp("nginx")
    port = free_port()
    (root / "kiblat.conf").write_text(nginx_site(port, [p for _process, p in app_servers]))
    temp = {name: root / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for folder in temp.values():
        folder.mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""  # its workers write temp files under root's tmp
    (root / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {root}/nginx.pid;\nerror_log {root}/error.log warn;\n"
        "events { worker_connections 2048; }\n"
        "http {\n  log_format upstream '$upstream_addr $status $request_uri';\n"
        f"  access_log {root}/access.log upstream;\n"
        + "".join(f"  {name}_temp_path {path};\n" for name, path in
                  (("client_body", temp["body"]), ("proxy", temp["proxy"]), ("fastcgi", temp["fastcgi"]),
                   ("uwsgi", temp["uwsgi"]), ("scgi", temp["scgi"])))
        + f"  include {root}/kiblat.conf;\n}}\n")
    check = subprocess.run([NGINX, "-t", "-p", str(root), "-c", str(root / "nginx.conf")],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_answering(port)
        yield root, port
    finally:
        stop(process, signal.SIGQUIT, 15)


@pytest.fixture(scope="module")
def nginx_port(nginx_root: tuple[Path, int]) -> int:
    return nginx_root[1]


def _answers_while_slow_clients_wait(port: int, tenant_host: str, slow: int) -> dict:
    timings: dict[str, list[float]] = {"healthz": [], "tenant home": []}
    with slow_clients(port, slow):
        for _ in range(10):
            for name, host, path in (("healthz", "kiblat.test", "/healthz"), ("tenant home", tenant_host, "/")):
                status, seconds = get(port, host, path)
                assert status == 200, (name, status)
                timings[name].append(seconds)
    return {name: {"requests": len(values), "max_ms": round(max(values) * 1000, 1),
                   "median_ms": round(sorted(values)[len(values) // 2] * 1000, 1)}
            for name, values in timings.items()}


def _record(name: str, numbers: dict) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "slow_clients.json"
    known = json.loads(path.read_text()) if path.exists() else {}
    known[name] = numbers
    path.write_text(json.dumps(known, indent=2))


@pytest.mark.slow
def test_gunicorn_gthread_keeps_answering_while_slow_clients_hold_connections(app, gunicorn_port, make_tenant,
                                                                             backend):
    tenant = make_tenant()
    # Two sync workers stopped answering with three such clients. A client that trickles its
    # request head holds a thread while it does, and the kernel may hand all of them to the same
    # worker: gunicorn alone stays up with up to THREADS - 1 of them (nginx in front: hundreds).
    slow = THREADS - 1
    numbers = _answers_while_slow_clients_wait(gunicorn_port, tenant.primary_host, slow)
    _record(f"gunicorn gthread {WORKERS}x{THREADS}, {slow} slow clients ({backend})", numbers)


@pytest.mark.slow
def test_nginx_in_front_keeps_answering_while_hundreds_of_slow_clients_wait(app, nginx_port, make_tenant, backend):
    tenant = make_tenant()
    numbers = _answers_while_slow_clients_wait(nginx_port, tenant.primary_host, 300)
    _record(f"nginx + gunicorn gthread {WORKERS}x{THREADS}, 300 slow clients ({backend})", numbers)


def test_nginx_and_the_app_refuse_oversized_bodies_and_heads(app, nginx_port, make_tenant):
    tenant = make_tenant()
    connection = http.client.HTTPConnection("127.0.0.1", nginx_port, timeout=ANSWER_TIMEOUT)
    try:
        body = "&".join(f"f{i}=1" for i in range(300_000)).encode()  # 3 MB of tiny fields
        connection.request("POST", "/masuk", body=body, headers={
            "Host": tenant.primary_host, "Content-Type": "application/x-www-form-urlencoded"})
        assert connection.getresponse().status == 413
    finally:
        connection.close()
    connection = http.client.HTTPConnection("127.0.0.1", nginx_port, timeout=ANSWER_TIMEOUT)
    try:  # a request head beyond nginx's buffers is refused by nginx itself
        connection.request("GET", "/", headers={"Host": tenant.primary_host, "X-Panjang": "a" * 20_000})
        assert connection.getresponse().status in (400, 431, 494)
    finally:
        connection.close()


def test_nginx_sends_pages_compressed_to_clients_that_accept_it(app, nginx_port, make_tenant):
    tenant = make_tenant()
    answers = {}
    for encoding in ("gzip", "identity"):
        connection = http.client.HTTPConnection("127.0.0.1", nginx_port, timeout=ANSWER_TIMEOUT)
        try:
            connection.request("GET", "/", headers={"Host": tenant.primary_host, "Accept-Encoding": encoding})
            response = connection.getresponse()
            answers[encoding] = (response.status, response.getheader("Content-Encoding"), response.read())
        finally:
            connection.close()
    (status, coding, packed), (plain_status, plain_coding, plain) = answers["gzip"], answers["identity"]
    assert (status, coding) == (200, "gzip")
    assert (plain_status, plain_coding) == (200, None)
    page = gzip.decompress(packed)
    assert page.rstrip().endswith(b"</html>") and plain.rstrip().endswith(b"</html>")
    assert len(packed) < len(page) / 2


def fetch(port: int, host: str, path: str) -> tuple[int, bytes]:
    status, body, _headers = fetch_with_headers(port, host, path)
    return status, body


def fetch_with_headers(port: int, host: str, path: str) -> tuple[int, bytes, http.client.HTTPMessage]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=ANSWER_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def upstreams_of(log: Path, path: str, skip: int = 0) -> list[str]:
    """The app server(s) nginx passed each request for ``path`` to (``-``: nginx answered itself)."""
    lines = log.read_text().splitlines()[skip:]
    return [line.rsplit(" ", 2)[0] for line in lines if line.endswith(f" {path}")]


def test_nginx_shares_two_app_servers_serves_static_and_outlives_one_of_them(app, app_servers, nginx_root,
                                                                           make_tenant) -> None:
    # Last in this file: it kills the second app server.
    root, port = nginx_root
    log = root / "access.log"
    tenant = make_tenant()
    status, css, headers = fetch_with_headers(port, tenant.primary_host, "/static/kiblat.css")
    assert (status, css) == (200, (STATIC_DIR / "kiblat.css").read_bytes())
    # From disk: nginx's own expiry, and no line in the (upstream) log, which static files skip.
    assert headers["Expires"] and headers["Cache-Control"] == "max-age=86400"
    for _ in range(12):
        status, body = fetch(port, tenant.primary_host, "/healthz")
        # The host reached the app: it named the regency of that host.
        assert (status, json.loads(body).get("tenant")) == (200, tenant.slug)
    time.sleep(0.2)  # nginx writes its log line after answering
    assert upstreams_of(log, "/static/kiblat.css") == []
    addresses = {f"127.0.0.1:{p}" for _process, p in app_servers}
    assert set(upstreams_of(log, "/healthz")) == addresses, "both app servers answer"

    second, second_port = app_servers[1]
    os.killpg(second.pid, signal.SIGKILL)  # the whole app server: master and workers
    second.wait(timeout=10)
    seen = len(log.read_text().splitlines())
    for _ in range(12):
        status, body = fetch(port, tenant.primary_host, "/healthz")
        assert (status, json.loads(body).get("tenant")) == (200, tenant.slug)
    status, _page = fetch(port, tenant.primary_host, "/")
    assert status == 200
    time.sleep(0.2)
    served = upstreams_of(log, "/healthz", skip=seen)
    assert len(served) == 12 and all(s.endswith(f"127.0.0.1:{app_servers[0][1]}") for s in served), served
