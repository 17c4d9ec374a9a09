"""No report content or reporter identity in plaintext anywhere outside the case page of the
people handling it: not in the tenant's raw tables (schema or file), its uploaded files, the
logs, outgoing emails, the tenant export, the admin's, staff's or impersonating staff's pages."""

from __future__ import annotations

import io
import logging
import secrets
import zipfile
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select, text

from kiblat.modules.mesra.models import Report
from kiblat.modules.mesra.services.vault import VaultError, open_text, seal
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.models import User
from kiblat.platform.mail.models import OutboxMessage
from kiblat.platform.storage.files import storage_for_slug
from kiblat.tenants.context import schema_name_for, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.portability.export import export_tenant
from tests.identity.helpers import add_user, csrf_token
from tests.identity.test_staff import BASE, add_staff, staff_sign_in
from tests.identity.test_staff_impersonation import _request_grant
from tests.modules.mesra.helpers import CODE_RE, post_form, regency, signed_in


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 6), (0, 90, 0)).save(out, "PNG")
    return out.getvalue()


def raw_tenant_bytes(app, tenant) -> bytes:  # noqa: ANN001
    """Every row of every table of the tenant, as the database stores it."""
    with app.app_context():
        engines = tenant_db.engines
        if engines.is_postgresql:
            schema = schema_name_for(tenant.slug)
            with db.engine.connect() as conn:
                tables = conn.scalars(text("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_schema = :s"), {"s": schema}).all()
                assert "mesra_report" in tables
                return "\n".join(str(row) for table in tables for row in conn.scalars(
                    text(f'SELECT CAST(t AS text) FROM "{schema}"."{table}" AS t'))).encode()
        path = Path(engines.sqlite_path(tenant.slug))
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def files_bytes(app, tenant) -> bytes:  # noqa: ANN001
    with app.app_context():
        root = storage_for_slug(tenant.slug).root
        return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_report_content_is_nowhere_in_plaintext(app, make_tenant, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    r = regency(app, make_tenant)
    add_user(app, r.tenant, "admin", email=f"admin@{r.tenant.slug}.example.id")
    words = {key: f"{key}{secrets.token_hex(6)}" for key in
             ("Cerita", "Waktu", "Pelaku", "Nama", "Kontak", "Berkas", "Balasan", "Tanya", "Alasan", "Catatan")}
    host = f"http://{r.tenant.primary_host}"
    reporter = app.test_client()
    page = reporter.get("/mesra/lapor", base_url=host).get_data(as_text=True)
    sent = reporter.post("/mesra/lapor", base_url=host, content_type="multipart/form-data", data={
        "csrf_token": csrf_token(page), "school": str(r.school_a), "violence_form": "seksual",
        "what": f"Kejadian {words['Cerita']} di ruang kelas", "when": words["Waktu"], "who": words["Pelaku"],
        "name": words["Nama"], "contact": words["Kontak"], "relation": "korban",
        "evidence": (io.BytesIO(_png()), f"{words['Berkas']}.png")}).get_data(as_text=True)
    code = CODE_RE.search(sent).group(1).replace(" ", "")
    with app.app_context(), tenant_context(r.tenant):
        case_id = tenant_db.session.scalar(select(func.max(Report.id)))
    tppk = signed_in(app, r.tenant, "tppk-a")
    post_form(tppk, r.tenant, f"/mesra/kasus/{case_id}", f"/mesra/kasus/{case_id}/pesan", {"body": words["Tanya"]})
    status = post_form(reporter, r.tenant, "/mesra/lapor/cek", "/mesra/lapor/cek", {"code": code}).get_data(as_text=True)
    reporter.post("/mesra/lapor/balas", base_url=host, data={"csrf_token": csrf_token(status), "code": code,
                                                              "body": words["Balasan"]})
    # The handler does see it all (so the scans below would find the words if they were stored).
    case_page = tppk.get(f"/mesra/kasus/{case_id}", base_url=host).get_data(as_text=True)
    for key in ("Cerita", "Waktu", "Pelaku", "Berkas", "Balasan", "Tanya"):
        assert words[key] in case_page
    assert words["Nama"] not in case_page and words["Kontak"] not in case_page  # identity hidden by default
    # The custodian approves the handler's reasoned request; the handler then sees the identity,
    # which stays encrypted everywhere else (the reason and the custodian's note too).
    add_user(app, r.tenant, "kustodian_mesra", email=f"kustodian@{r.tenant.slug}.example.id")
    reveal_page = f"/mesra/kasus/{case_id}/identitas"
    post_form(tppk, r.tenant, reveal_page, reveal_page, {"reason": f"Perlu dihubungi {words['Alasan']} segera"})
    custodian = signed_in(app, r.tenant, "kustodian")
    custody = custodian.get("/mesra/kustodian", base_url=host).get_data(as_text=True)
    assert words["Alasan"] in custody and words["Cerita"] not in custody and words["Nama"] not in custody
    request_id = custody.split('id="request-', 1)[1].split('"', 1)[0]
    custodian.post(f"/mesra/kustodian/{request_id}", base_url=host, data={
        "csrf_token": csrf_token(custody), "decision": "approve", "note": f"Setuju {words['Catatan']}"})
    revealed = tppk.get(reveal_page, base_url=host).get_data(as_text=True)
    assert words["Nama"] in revealed and words["Kontak"] in revealed

    leaks: dict[str, bytes] = {"database": raw_tenant_bytes(app, r.tenant), "files": files_bytes(app, r.tenant)}
    assert b"SD Negeri 1 Contoh" in leaks["database"]  # the scan reads real rows
    with app.app_context():
        leaks["emails"] = "\n".join(f"{m.subject}\n{m.body}" for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.tenant_slug == r.tenant.slug))).encode()
        assert "menunggu" in leaks["emails"].decode()
        manifest = export_tenant(r.tenant.slug, tmp_path / "ekspor.zip")
        assert manifest["tables"]["mesra_report"] == 1
    with zipfile.ZipFile(tmp_path / "ekspor.zip") as archive:
        leaks["export"] = b"".join(archive.read(name) for name in archive.namelist())

    admin = signed_in(app, r.tenant, "admin")
    pages = [admin.get(path, base_url=host) for path in
             ("/admin/audit", "/mesra/sekolah", f"/mesra/sekolah/{r.school_a}", "/mesra/", "/admin/pengguna")]
    assert [p.status_code for p in pages] == [200] * 5
    assert admin.get(reveal_page, base_url=host).status_code == 403
    assert admin.get("/mesra/kustodian", base_url=host).status_code == 403
    assert admin.get(f"/mesra/kasus/{case_id}", base_url=host).status_code == 403
    staff = app.test_client()
    staff_sign_in(app, staff, add_staff(app))
    pages.append(staff.get(f"/staff/konsol/daerah/{r.tenant.slug}", base_url=BASE))
    assert pages[-1].status_code == 200
    with app.app_context(), tenant_context(r.tenant):
        admin_id = tenant_db.session.scalar(select(User.id).where(User.role_key == "admin"))
    token = _request_grant(staff, r.tenant, admin_id).headers["Location"].rsplit("/", 1)[1]
    staff.get(f"/staff-masuk/{token}", base_url=host)
    impersonated = staff.get(f"/mesra/kasus/{case_id}", base_url=host)
    assert impersonated.status_code == 403
    impersonated_identity = staff.get(reveal_page, base_url=host)
    assert impersonated_identity.status_code == 403
    pages += [impersonated, impersonated_identity, staff.get("/mesra/kustodian", base_url=host),
              staff.get("/mesra/kasus", base_url=host), staff.get("/admin/audit", base_url=host)]
    leaks["pages"] = b"\n".join(p.get_data() for p in pages)
    leaks["logs"] = "\n".join(f"{rec.getMessage()} {rec.args}" for rec in caplog.records).encode() + \
        caplog.text.encode()

    for where, content in leaks.items():
        for key, word in words.items():
            assert word.encode() not in content, f"{key} found in {where}"
    assert code.encode() not in leaks["database"] + leaks["logs"] + leaks["export"]


def test_another_tenant_key_cannot_open_the_ciphertext(app, make_tenant):
    first, second = regency(app, make_tenant), regency(app, make_tenant)
    with app.app_context(), tenant_context(first.tenant):
        token = seal("rahasia")
    with app.app_context(), tenant_context(second.tenant):
        try:
            open_text(token)
        except VaultError:
            pass
        else:
            raise AssertionError("a tenant's ciphertext opened with another tenant's key")


def test_the_module_page_links_only_to_case_pages_that_would_open(app, make_tenant):
    found = regency(app, make_tenant)
    tenant = found.tenant
    add_user(app, tenant, "admin", email=f"kepala@{tenant.slug}.example.id", two_factor=True)
    host = f"http://{tenant.primary_host}"
    for who, sees_cases in (("kepala", False), ("satgas", True)):
        client = signed_in(app, tenant, who)
        page = client.get("/mesra/", base_url=host).get_data(as_text=True)
        assert ('href="/mesra/kasus"' in page) is sees_cases, who
        assert 'href="/mesra/kustodian"' not in page  # neither is a custodian
        assert client.get("/mesra/kasus", base_url=host).status_code == (200 if sees_cases else 403)
