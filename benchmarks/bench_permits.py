"""Sri Deli benchmark: submissions/s and tracking lookups/s with 100,000 applications in a
tenant, and the officer queue page's p95 with 10,000 open items.

Run alone: ``python benchmarks/bench_permits.py``. SQLite always; PostgreSQL too when
``KIBLAT_BENCH_POSTGRES_URL`` (default: the local server) names a server where a
throwaway database may be created. Prints a markdown section and writes it to
``benchmarks/results/permits.md``. ``KIBLAT_BENCH_PERMITS`` changes the 100,000.
"""

from __future__ import annotations

import io
import os
import random
import re
import secrets
import statistics
import tempfile
import time
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta
from io import StringIO

from benchlib.apps import scratch_postgres
from benchlib.deploy import require_postgres
from benchlib.report import write_result
from PIL import Image
from sqlalchemy import insert, select

FULL_TOTAL = 100_000
TOTAL = int(os.environ.get("KIBLAT_BENCH_PERMITS", FULL_TOTAL))
OPEN_ITEMS = min(10_000, TOTAL // 10)  # a tenth of a run made smaller
SUBMISSIONS = 300
LOOKUPS = 2_000
QUEUE_REQUESTS = 40
CODE = "BENCHKOD"


def _real_png() -> bytes:
    """An image Pillow decodes: the upload check re-encodes every image."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 110, 79)).save(out, "PNG")
    return out.getvalue()



def _app(database_url: str | None):  # noqa: ANN202
    # Signing in through the test client needs a session cookie the client files under the host.
    from kiblat.migrations import runner
    from kiblat.platform.core.app import create_app
    from kiblat.platform.regions.sync import sync_regions

    environ = {"KIBLAT_ENV": "test", "KIBLAT_INSTANCE_PATH": tempfile.mkdtemp(prefix="kiblat-bench-"),
               "KIBLAT_BASE_DOMAIN": "kiblat.test"}
    if database_url:
        environ["KIBLAT_DATABASE_URL"] = database_url
    app = create_app(environ)
    with app.app_context():
        runner.upgrade_control_plane()
        sync_regions()
    return app


def _fill(total: int, open_items: int) -> list[str]:
    """``total`` applications spread over the catalogue; ``open_items`` of them wait at
    KESBANGPOL's first stage. Returns their registration numbers."""
    from kiblat.modules.sri_deli.models import Application, PermitType
    from kiblat.modules.sri_deli.services.numbers import hash_code
    from kiblat.tenants.database import tenant_db
    from kiblat.tenants.local_regions import Desa

    session = tenant_db.session
    types = list(session.scalars(select(PermitType)))
    research = next(t for t in types if t.key == "penelitian")
    desa = list(session.scalars(select(Desa.code)))
    tracking = hash_code(CODE)
    start = datetime(2025, 1, 6, 2, tzinfo=UTC)
    numbers, batch = [], []
    for i in range(total):
        permit = research if i < open_items else types[i % len(types)]
        submitted = start + timedelta(minutes=7 * i)
        number = f"SD/{permit.key.upper()}/{submitted:%Y%m}/B{i:07d}"
        numbers.append(number)
        decided = i >= open_items
        batch.append({
            "number": number, "tracking_hash": tracking, "idempotency_key": f"bench-{i}",
            "permit_type_id": permit.id, "opd_short_name": permit.opd_short_name,
            "applicant_kind": "perorangan", "applicant_name": f"Pemohon {i}", "nik_masked": "1207********0001",
            "email": None, "desa_code": desa[i % len(desa)], "address": f"Jl. Contoh {i}",
            "form_data": {}, "fee": 0, "status": ("disetujui" if i % 5 else "ditolak") if decided else "diproses",
            "stage_index": 0, "submitted_at": submitted, "pauses": [], "decision_note": "", "revoke_reason": "",
            "decided_at": submitted + timedelta(days=3) if decided else None,
        })
        if len(batch) == 5000:
            session.execute(insert(Application), batch)
            batch = []
    if batch:
        session.execute(insert(Application), batch)
    session.commit()
    return numbers


def _officer_client(app, tenant):  # noqa: ANN001, ANN202
    import pyotp

    from kiblat.platform.identity import twofactor
    from kiblat.platform.identity.accounts import create_user
    from kiblat.platform.identity.models import Opd
    from kiblat.tenants.context import tenant_context
    from kiblat.tenants.database import tenant_db

    password = "kata-sandi-bench-123"
    with app.app_context(), tenant_context(tenant):
        opd = Opd(name="Badan Kesatuan Bangsa dan Politik", short_name="KESBANGPOL")
        tenant_db.session.add(opd)
        tenant_db.session.flush()
        user = create_user(name="Petugas Loket", role="officer", opd_id=opd.id, email="loket@bench.example.id",
                           password=password, extra_roles=("petugas_loket",))
        secret = twofactor.pending_secret(user)
        twofactor.confirm_enrolment(user, pyotp.TOTP(secret).now())
        user.totp_last_step = None
        tenant_db.session.commit()
    client = app.test_client()
    base = f"http://{tenant.primary_host}"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/masuk", base_url=base).get_data(as_text=True)).group(1)
    step = client.post("/masuk", base_url=base, data={"identifier": "loket@bench.example.id",
                                                     "password": password, "csrf_token": token})
    form = client.get(step.headers["Location"], base_url=base).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    done = client.post(step.headers["Location"], base_url=base,
                       data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})
    assert done.status_code == 302, re.sub(r"\s+", " ", done.get_data(as_text=True))[-1500:-400]
    return client, base


def bench(database_url: str | None) -> dict:
    from kiblat.modules.sri_deli.sample import sample_pdf
    from kiblat.modules.sri_deli.services import queries
    from kiblat.modules.sri_deli.services.submit import Applicant, submit
    from kiblat.provisioning.run import provision_tenant
    from kiblat.tenants.context import tenant_context
    from kiblat.tenants.database import tenant_db
    from kiblat.tenants.local_regions import Desa

    app = _app(database_url)
    result: dict = {}
    pdf, png = sample_pdf("Proposal penelitian"), _real_png()  # real files: the upload check opens them
    with app.app_context(), redirect_stdout(StringIO()):
        tenant = provision_tenant("12.07", slug="deliserdang", modules=["sri_deli"])
        with tenant_context(tenant):
            started = time.perf_counter()
            numbers = _fill(TOTAL, OPEN_ITEMS)
            result["fill_s"] = time.perf_counter() - started
        with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
            desa = tenant_db.session.scalar(select(Desa.code))
            fields = {"judul": "Ketahanan pangan", "lokasi": "Lubuk Pakam", "mulai": "2026-12-01",
                      "selesai": "2027-01-01"}
            files = {"ktp": ("ktp.pdf", pdf), "surat_pengantar": ("s.pdf", pdf), "proposal": ("p.png", png)}
            started = time.perf_counter()
            for i in range(SUBMISSIONS):
                applicant = Applicant("perorangan", f"Warga {i}", "1207015203900002", email=f"w{i}@example.id",
                                      desa_code=desa, address="Jl. Pendidikan 5")
                submit("penelitian", applicant, fields, files, secrets.token_urlsafe(24))
            result["submissions_per_s"] = SUBMISSIONS / (time.perf_counter() - started)
            sample = random.Random(7).sample(numbers, LOOKUPS)
            started = time.perf_counter()
            for number in sample:
                found = queries.track(number, CODE)
                assert found is not None
                queries.tracking_view(found)
                tenant_db.session.expunge_all()
            result["lookups_per_s"] = LOOKUPS / (time.perf_counter() - started)
            tenant_db.session.close()
    # Requests run outside any app context of ours (Flask-WTF keeps the CSRF token in ``g``).
    with redirect_stdout(StringIO()):
        client, base = _officer_client(app, tenant)
        http_lookups = 500
        started = time.perf_counter()
        for number in sample[:http_lookups]:
            response = client.post("/api/v1/perizinan/lacak", base_url=base, json={"number": number, "code": CODE})
            assert response.status_code == 200
        result["http_lookups_per_s"] = http_lookups / (time.perf_counter() - started)
        timings = []
        for _ in range(QUEUE_REQUESTS):
            started = time.perf_counter()
            response = client.get("/perizinan/petugas", base_url=base)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200 and response.get_data(as_text=True).count("/perizinan/petugas/") >= 200
        timings.sort()
        result["queue_p50_ms"] = statistics.median(timings) * 1000
        result["queue_p95_ms"] = timings[int(0.95 * len(timings)) - 1] * 1000
    with app.app_context():
        from kiblat.platform.core.extensions import db

        db.engine.dispose()
        app.extensions["kiblat_tenant_engines"].dispose()
    return result


def main() -> int:
    admin_url = require_postgres()  # the local server by default; stops loudly if unreachable
    results = {"SQLite": bench(None)}
    drop = None
    if admin_url:
        pg_url, drop = scratch_postgres(admin_url)
        try:
            results["PostgreSQL"] = bench(pg_url)
        finally:
            drop()
    lines = [
        f"One regency holding {TOTAL:,} applications ({OPEN_ITEMS:,} of them open at one OPD's first "
        "stage), single process. Submissions go through the real service: validation, content "
        "sniffing of three files, storage, registration number, history, outbox email and job. "
        f"Tracking: {LOOKUPS:,} random number + code lookups with the public view built; over HTTP, "
        "the JSON API endpoint through the test client. Queue: the officer's page (200 oldest items "
        f"with their working-day SLA), {QUEUE_REQUESTS} requests.", "",
        "| Backend | Fill | Submissions/s | Tracking lookups/s | Tracking over HTTP/s | Queue p50 | Queue p95 |",
        "|---|---|---|---|---|---|---|"]
    for backend, r in results.items():
        lines.append(f"| {backend} | {r['fill_s']:.0f} s | {r['submissions_per_s']:.0f} | {r['lookups_per_s']:.0f} "
                     f"| {r['http_lookups_per_s']:.0f} | {r['queue_p50_ms']:.0f} ms | {r['queue_p95_ms']:.0f} ms |")
    path = write_result("permits", "Permits (Sri Deli)", "\n".join(lines), quick=TOTAL != FULL_TOTAL)
    print(path.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
