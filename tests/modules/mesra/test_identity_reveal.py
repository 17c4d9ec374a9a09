"""The reporter's identity is hidden from handlers and revealed only to the handler who asked
with a reason, after the custodian approved; every step is audited."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, csrf_token
from tests.modules.mesra.helpers import post_form, regency, signed_in, submit

REASON = "Korban perlu dihubungi langsung untuk jadwal pemeriksaan dan pendampingan."


def _setup(app, make_tenant, **identity):  # noqa: ANN001, ANN003, ANN202
    r = regency(app, make_tenant)
    add_user(app, r.tenant, "kustodian_mesra", email=f"kustodian@{r.tenant.slug}.example.id")
    case, _code = submit(app, r.tenant, r.school_a, what="Cerita yang hanya untuk petugas", **identity)
    return r, case, f"http://{r.tenant.primary_host}"


def _decide(app, r, host: str, decision: str, note: str) -> str:  # noqa: ANN001
    custodian = signed_in(app, r.tenant, "kustodian")
    page = custodian.get("/mesra/kustodian", base_url=host).get_data(as_text=True)
    request_id = page.split('id="request-', 1)[1].split('"', 1)[0]
    custodian.post(f"/mesra/kustodian/{request_id}", base_url=host,
                   data={"csrf_token": csrf_token(page), "decision": decision, "note": note})
    return page


def _audit(app, r, case: int) -> set[tuple[str, int]]:  # noqa: ANN001
    with app.app_context(), tenant_context(r.tenant):
        return {(e.action, e.actor_user_id) for e in tenant_db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_id == str(case)))}


def test_approved_request_shows_the_identity_to_that_handler_only(app, make_tenant):
    r, case, host = _setup(app, make_tenant, name="Rina Pelapor", contact="081299990000")
    page = f"/mesra/kasus/{case}/identitas"
    tppk = signed_in(app, r.tenant, "tppk-a")
    assert "Rina Pelapor" not in tppk.get(f"/mesra/kasus/{case}", base_url=host).get_data(as_text=True)
    short = post_form(tppk, r.tenant, page, page, {"reason": "perlu"}, follow_redirects=True).get_data(as_text=True)
    assert "paling sedikit 20" in short and "Rina Pelapor" not in short
    assert "Menunggu kustodian" not in short
    sent = post_form(tppk, r.tenant, page, page, {"reason": REASON}, follow_redirects=True).get_data(as_text=True)
    assert "Menunggu kustodian" in sent and "Rina Pelapor" not in sent

    listing = _decide(app, r, host, "approve", "Disetujui untuk pemeriksaan")
    assert REASON in listing and f"#{case}" in listing
    assert "Cerita yang hanya" not in listing and "Rina Pelapor" not in listing

    shown = tppk.get(page, base_url=host).get_data(as_text=True)
    assert "Rina Pelapor" in shown and "081299990000" in shown and "Disetujui untuk pemeriksaan" in shown
    # Another handler who may read the case, but did not ask, still does not see it.
    satgas = signed_in(app, r.tenant, "satgas").get(page, base_url=host)
    assert satgas.status_code == 200 and "Rina Pelapor" not in satgas.get_data(as_text=True)
    # The other school's handler, the regency admin: 403.
    other = signed_in(app, r.tenant, "tppk-b").get(page, base_url=host)
    assert other.status_code == 403 and "Rina Pelapor" not in other.get_data(as_text=True)
    add_user(app, r.tenant, "admin", email=f"admin@{r.tenant.slug}.example.id")
    admin = signed_in(app, r.tenant, "admin")
    assert admin.get(page, base_url=host).status_code == 403
    assert admin.get("/mesra/kustodian", base_url=host).status_code == 403

    entries = _audit(app, r, case)
    with app.app_context(), tenant_context(r.tenant):
        from_custodian = tenant_db.session.scalar(select(AuditEntry.actor_user_id).where(
            AuditEntry.action == "mesra.identity_approved"))
    assert ("mesra.identity_requested", r.tppk_a) in entries
    assert ("mesra.identity_viewed", r.tppk_a) in entries
    assert ("mesra.identity_approved", from_custodian) in entries and from_custodian not in (r.tppk_a, None)
    assert ("mesra.case_refused", r.tppk_b) in entries
    assert not any(action == "mesra.identity_viewed" and who != r.tppk_a for action, who in entries)


def test_refused_request_keeps_the_identity_hidden(app, make_tenant):
    r, case, host = _setup(app, make_tenant, name="Budi Pelapor", contact="budi@example.id")
    page = f"/mesra/kasus/{case}/identitas"
    tppk = signed_in(app, r.tenant, "tppk-a")
    post_form(tppk, r.tenant, page, page, {"reason": REASON})
    _decide(app, r, host, "refuse", "Alasan belum cukup kuat")
    shown = tppk.get(page, base_url=host).get_data(as_text=True)
    assert "Budi Pelapor" not in shown and "budi@example.id" not in shown
    assert "Ditolak" in shown and "Alasan belum cukup kuat" in shown
    entries = {action for action, _who in _audit(app, r, case)}
    assert {"mesra.identity_requested", "mesra.identity_refused"} <= entries
    assert "mesra.identity_viewed" not in entries


def test_anonymous_report_has_no_identity_to_reveal(app, make_tenant):
    r, case, host = _setup(app, make_tenant)
    page = f"/mesra/kasus/{case}/identitas"
    tppk = signed_in(app, r.tenant, "tppk-a")
    assert "tidak ada identitas" in tppk.get(page, base_url=host).get_data(as_text=True)
    post_form(tppk, r.tenant, page, page, {"reason": REASON})
    custodian = signed_in(app, r.tenant, "kustodian")
    assert "Tidak ada permintaan" in custodian.get("/mesra/kustodian", base_url=host).get_data(as_text=True)


def test_escalated_case_hides_the_identity_again_from_the_school_tppk(app, make_tenant):
    r, case, host = _setup(app, make_tenant, name="Sari Pelapor", contact="0811")
    page = f"/mesra/kasus/{case}/identitas"
    tppk = signed_in(app, r.tenant, "tppk-a")
    post_form(tppk, r.tenant, page, page, {"reason": REASON})
    _decide(app, r, host, "approve", "Disetujui")
    assert "Sari Pelapor" in tppk.get(page, base_url=host).get_data(as_text=True)
    post_form(tppk, r.tenant, f"/mesra/kasus/{case}", f"/mesra/kasus/{case}/limpahkan", {})
    gone = tppk.get(page, base_url=host)
    assert gone.status_code == 403 and "Sari Pelapor" not in gone.get_data(as_text=True)

