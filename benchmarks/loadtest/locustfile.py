"""The mixed workload: citizens reading pages and tracking permit applications, nasabah checking and withdrawing savings, waste-bank
officers recording deposits, and API clients reading prices, statements and permit tracking, over
every regency.

Each write that got a 2xx (or the redirect a form answers with on success) is appended to
``LOADTEST_WRITES`` (one JSON line), so the run can check afterwards that every one is stored.
Per-user pacing: ``LOADTEST_USER_RATE`` requests per second (locust's constant_throughput).
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import threading
import time

import pyotp
from locust import HttpUser, constant_throughput, task

FIXTURES = json.loads(open(os.environ["LOADTEST_FIXTURES"]).read())["tenants"]  # noqa: SIM115
WRITES = os.environ["LOADTEST_WRITES"]
RATE = float(os.environ.get("LOADTEST_USER_RATE", "1"))
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
WITHDRAWAL_RE = re.compile(r"penarikan #(\d+)")
RECEIPT_RE = re.compile(r"/jumpa-madu/setoran/(\d+)$")
_lock = threading.Lock()


def record(**write: object) -> None:
    with _lock, open(WRITES, "a") as out:
        out.write(json.dumps(write) + "\n")


class Regency(HttpUser):
    abstract = True
    wait_time = constant_throughput(RATE)

    def on_start(self) -> None:
        self.tenant = random.choice(FIXTURES)
        self.headers = {"Host": self.tenant["host"]}

    def get(self, path: str, name: str, **kwargs):  # noqa: ANN003, ANN201
        return self.client.get(path, headers={**self.headers, **kwargs.pop("headers", {})}, name=name, **kwargs)

    def sign_in(self, email: str, password: str, totp: str | None = None) -> bool:
        page = self.get("/masuk", "/masuk")
        token = CSRF_RE.search(page.text or "")
        if token is None:
            return False
        answer = self.client.post("/masuk", headers=self.headers, name="/masuk [POST]", allow_redirects=False,
                                  data={"csrf_token": token.group(1), "identifier": email, "password": password})
        if answer.status_code != 302 or totp is None:
            return answer.status_code == 302
        for _attempt in range(2):  # a code is taken once: another user of the account may have used it
            token = self.csrf("/masuk/kode", "/masuk/kode")
            if token is None:
                return False
            answer = self.client.post("/masuk/kode", headers=self.headers, name="/masuk/kode [POST]",
                                      allow_redirects=False, data={"csrf_token": token, "code": pyotp.TOTP(totp).now()})
            if answer.status_code == 302:
                return True
            time.sleep(31 - time.time() % 30)
        return False

    def csrf(self, path: str, name: str) -> str | None:
        found = CSRF_RE.search(self.get(path, name).text or "")
        return found.group(1) if found else None


class Citizen(Regency):
    """Anonymous pages: the regency home, its announcements, the waste bank's public page."""

    weight = 6

    @task(3)
    def home(self) -> None:
        self.get("/", "citizen: /")

    @task(2)
    def announcements(self) -> None:
        self.get("/pengumuman/", "citizen: /pengumuman/")

    @task(1)
    def waste_bank(self) -> None:
        self.get("/jumpa-madu/", "citizen: /jumpa-madu/")

    @task(1)
    def track_permit(self) -> None:
        permit = random.choice(self.tenant["permits"])
        self.get("/perizinan/lacak", "citizen: /perizinan/lacak", params={"nomor": permit["number"], "kode": permit["code"]})


class Nasabah(Regency):
    """A signed-in nasabah: the savings book, and now and then a withdrawal request."""

    weight = 2

    def on_start(self) -> None:
        super().on_start()
        self.book = random.choice(self.tenant["nasabah"])
        self.token = self.csrf("/jumpa-madu/tabungan", "nasabah: /jumpa-madu/tabungan") \
            if self.sign_in(self.book["email"], self.book["password"]) else None

    @task(4)
    def savings_book(self) -> None:
        page = self.get("/jumpa-madu/tabungan", "nasabah: /jumpa-madu/tabungan")
        if self.token is None:
            found = CSRF_RE.search(page.text or "")
            self.token = found.group(1) if found else None

    @task(1)
    def withdraw(self) -> None:
        if self.token is None:
            return
        amount = 10_000 + random.randrange(0, 500) * 10
        answer = self.client.post("/jumpa-madu/tarik", headers=self.headers, name="nasabah: /jumpa-madu/tarik [POST]",
                                  data={"csrf_token": self.token, "amount": str(amount)})
        found = WITHDRAWAL_RE.search(answer.text or "") if answer.ok else None
        if found:
            record(kind="withdrawal", slug=self.tenant["slug"], id=int(found.group(1)), amount=amount)


class Officer(Regency):
    """A waste-bank officer recording walk-in deposits."""

    weight = 1

    def on_start(self) -> None:
        super().on_start()
        officer = random.choice(self.tenant["officers"])
        self.token = self.csrf("/jumpa-madu/kelola/setor", "officer: /jumpa-madu/kelola/setor") \
            if self.sign_in(officer["email"], officer["password"], officer["totp"]) else None

    @task
    def deposit(self) -> None:
        if self.token is None:
            self.token = self.csrf("/jumpa-madu/kelola/setor", "officer: /jumpa-madu/kelola/setor")
            return
        key = secrets.token_hex(16)
        book = random.choice(self.tenant["nasabah"])
        with self.client.post("/jumpa-madu/kelola/setor", headers=self.headers, allow_redirects=False,
                              name="officer: /jumpa-madu/kelola/setor [POST]", catch_response=True,
                              data={"csrf_token": self.token, "key": key, "account_no": book["account_no"],
                                    "kg_kardus": "2", "kg_kaleng": "0.5"}) as answer:
            found = RECEIPT_RE.search(answer.headers.get("Location", "")) if answer.status_code == 302 else None
            if found:
                record(kind="deposit", slug=self.tenant["slug"], key=key, id=int(found.group(1)))
            elif answer.status_code < 400:
                answer.failure(f"deposit not recorded: {answer.status_code} {answer.headers.get('Location', '')}")


class ApiClient(Regency):
    """An application using the API: prices and a nasabah's statement."""

    weight = 1

    def on_start(self) -> None:
        super().on_start()
        api = self.tenant["api"]
        answer = self.client.post("/api/v1/oauth/token", headers=self.headers, name="api: token",
                                  data={"grant_type": "client_credentials"}, auth=(api["client_id"], api["secret"]))
        self.bearer = {"Authorization": f"Bearer {answer.json()['access_token']}"} if answer.ok else {}

    @task(2)
    def prices(self) -> None:
        self.get("/api/v1/jumpa-madu/harga", "api: /jumpa-madu/harga", headers=self.bearer)

    @task(1)
    def track_permit(self) -> None:
        permit = random.choice(self.tenant["permits"])
        self.client.post("/api/v1/perizinan/lacak", headers={**self.headers, **self.bearer}, name="api: /perizinan/lacak",
                         json={"number": permit["number"], "code": permit["code"]})

    @task(1)
    def statement(self) -> None:
        book = random.choice(self.tenant["nasabah"])
        self.get(f"/api/v1/jumpa-madu/nasabah/{book['account_no']}/tabungan", "api: statement", headers=self.bearer)
