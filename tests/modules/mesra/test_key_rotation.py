"""Rotating a regency's MeSRA data key: the new key seals at once, a job re-seals everything old
(columns and evidence files), and the old key is destroyed only after that — every report still
opens throughout and afterwards, nothing sealed before opens with the old key's ciphertext, and
no plaintext appears in the raw tables or files."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from PIL import Image
from sqlalchemy import inspect, select, update

from kiblat.modules.mesra import models
from kiblat.modules.mesra.models import DataKey, IdentityRequest, Report
from kiblat.modules.mesra.services import reports, reveal, rotation, vault
from kiblat.modules.mesra.services.cases import Handler
from kiblat.platform.jobs.queue import run_due
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.modules.mesra.helpers import regency
from tests.modules.mesra.test_confidentiality import files_bytes, raw_tenant_bytes

STORY = "Kisah-rotasi-kunci yang hanya untuk petugas"
NAME = "Pelapor-Rotasi Sejati"
REPLY = "Balasan-rotasi dari pelapor"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 6), (0, 90, 0)).save(out, "PNG")
    return out.getvalue()


def _sealed_values() -> list[str]:
    values = []
    for model, columns in rotation.SEALED_COLUMNS.items():
        for row in tenant_db.session.scalars(select(model)):
            values += [getattr(row, c) for c in columns if getattr(row, c)]
    return values


def _readable(report_id: int) -> tuple:
    report = tenant_db.session.get(Report, report_id)
    files = reports.files_of(report)
    content = reports.file_content(report, files[0][0].id)[1] if files else b""
    return (reports.content_of(report)["what"], reports.identity_of(report).get("name"),
            [body for _, body in reports.thread(report, True)], [name for _, name in files], content,
            [vault.open_text(r.reason_enc) for r in tenant_db.session.scalars(
                select(IdentityRequest).where(IdentityRequest.report_id == report_id))])


def test_every_sealed_column_is_rotated() -> None:
    listed = {(model.__tablename__, column) for model, columns in rotation.SEALED_COLUMNS.items() for column in columns}
    found = {(mapper.local_table.name, column.key) for mapper in models.TenantModel.registry.mappers
             if mapper.local_table.name.startswith("mesra_")
             for column in inspect(mapper.class_).columns if column.key.endswith("_enc")}
    assert found and found == listed


def test_rotation_reseals_everything_then_destroys_the_old_key(app, make_tenant) -> None:  # noqa: ANN001
    r = regency(app, make_tenant)
    with app.test_request_context(), tenant_context(r.tenant):
        report, code = reports.submit(reports.NewReport(r.school_a, "perundungan", STORY, name=NAME,
                                                        contact="0812-0000-1111"),
                                      upload=reports.Upload("bukti.png", _png()))
        reports.reporter_reply(reports.by_code(code), REPLY)
        reveal.request_identity(Handler(r.satgas, True, frozenset()), report, "Alasan-rotasi: korban perlu didampingi.")
        old_id = report.id
        before = _readable(old_id)
        assert before[0] == STORY and before[1] == NAME and before[4] == _png()
        old_tokens = _sealed_values()
        old_file = files_bytes(app, r.tenant)

        key_id = rotation.start()
        assert rotation.key_count() == 2
        # New data is sealed with the new key straight away; old data still opens.
        new, _ = reports.submit(reports.NewReport(r.school_b, "fisik", "Laporan-sesudah-rotasi"))
        assert vault.is_current(new.content_enc.encode()) and _readable(old_id) == before

        progress = rotation.reencrypt()  # the new key is younger than the grace: old key kept
        assert progress.rewritten == len(old_tokens) + 1 and progress.waiting and rotation.key_count() == 2
        assert all(vault.is_current(v.encode()) for v in _sealed_values())
        assert _readable(old_id) == before

        later = datetime.now(UTC) + rotation.GRACE + timedelta(minutes=1)
        done = rotation.reencrypt(later)
        assert done == rotation.Progress(0, 1, False)
        assert [k.id for k in tenant_db.session.scalars(select(DataKey))] == [key_id]
        vault.forget_keys()
        assert _readable(old_id) == before  # every report still opens after the old key is gone
        assert reports.content_of(tenant_db.session.get(Report, new.id))["what"] == "Laporan-sesudah-rotasi"
        for token in old_tokens:  # what the old key sealed is now unreadable
            try:
                vault.open_text(token)
            except vault.VaultError:
                continue
            raise AssertionError("a ciphertext of the destroyed key still opens")
    raw = raw_tenant_bytes(app, r.tenant) + files_bytes(app, r.tenant)
    for plaintext in (STORY, NAME, REPLY, "Laporan-sesudah-rotasi", "Alasan-rotasi"):
        assert plaintext.encode() not in raw
    assert old_file not in files_bytes(app, r.tenant)  # the old sealed file was replaced, not kept
    with app.app_context():
        run_due()  # the queued job finds nothing left to do and no key to destroy
    with app.app_context(), tenant_context(r.tenant):
        assert rotation.key_count() == 1


def test_the_job_runs_the_rotation_and_waits_out_the_grace(app, make_tenant) -> None:  # noqa: ANN001
    r = regency(app, make_tenant)
    with app.test_request_context(), tenant_context(r.tenant):
        report, _code = reports.submit(reports.NewReport(r.school_a, "fisik", STORY))
        report_id = report.id
        rotation.start()
    with app.app_context():
        run_due()  # re-seals, then waits: the old key is still there
    with app.app_context(), tenant_context(r.tenant):
        assert rotation.key_count() == 2
        tenant_db.session.execute(update(DataKey).values(created_at=datetime.now(UTC) - timedelta(hours=1)))
        tenant_db.session.commit()
    with app.app_context():
        run_due(datetime.now(UTC) + timedelta(hours=1))  # the job queued again after the grace
    with app.app_context(), tenant_context(r.tenant):
        assert rotation.key_count() == 1
        assert reports.content_of(tenant_db.session.get(Report, report_id))["what"] == STORY
