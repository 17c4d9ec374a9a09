"""The console's tenant list and tenant page: every action works, is audited, and bad input
gets a clear message while nothing is lost."""

from __future__ import annotations

import re

from sqlalchemy import select

from kiblat.platform.console.usage import CACHE_KEY
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.staff.models import StaffActionLog
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import ModuleEnablement, Tenant, TenantStatus
from kiblat.tenants.registry import tenant_registry
from tests.console.helpers import BASE, post, run_jobs, signed_in_staff, tenant_page, text_of
from tests.identity.helpers import add_user


def _status(app, slug: str) -> TenantStatus | None:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(select(Tenant.status).where(Tenant.slug == slug))


def _actions(app, slug: str) -> list[tuple[str, dict]]:  # noqa: ANN001
    with app.app_context():
        return [(a.action, a.details) for a in db.session.scalars(
            select(StaffActionLog).where(StaffActionLog.tenant_slug == slug).order_by(StaffActionLog.id))]


def _row(html: str, slug: str) -> str:
    match = re.search(rf'<tr data-slug="{slug}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {slug}"
    return match.group(1)


def test_list_shows_users_activity_modules_revisions_and_filters(app, make_tenant):
    a = make_tenant(modules=("pengumuman",))
    with app.app_context():
        from kiblat.platform.regions.models import Regency

        used = set(db.session.scalars(select(Tenant.region_code)))
        other_province = next(code for code in db.session.scalars(select(Regency.code).order_by(Regency.code.desc()))
                              if code not in used and code[:2] != a.province_code)
    b = make_tenant(modules=(), region=other_province)
    for n in range(3):
        add_user(app, a, email=f"warga{n}@a.example.id")
    add_user(app, b, email="warga@b.example.id")
    with app.app_context(), tenant_context(a):
        record("uji.aktivitas", "uji", 1)
        tenant_db.session.commit()
    app.extensions.pop(CACHE_KEY, None)
    staff = signed_in_staff(app)

    html = staff.get("/staff/konsol/", base_url=BASE, query_string={"q": a.slug}).get_data(as_text=True)
    row = _row(html, a.slug)
    assert 'data-users="3"' in row  # counted in the tenant's own schema/file only
    assert "pengumuman" in row and "terkini" in row and "aktif" in row
    assert re.search(r"\d{1,2} \w{3} \d{4}, \d\d[:.]\d\d", row)  # last activity from its audit log, in words
    assert "Rp" in row and "belum ada akun" in row
    html = staff.get("/staff/konsol/", base_url=BASE, query_string={"q": b.slug}).get_data(as_text=True)
    assert 'data-users="1"' in _row(html, b.slug)

    # Each filter is combined with the tenant's own slug: the shared list holds the tenants of
    # every other test too, in an order those tests decide, 50 to a page.
    def listed(tenant, **filters) -> bool:  # noqa: ANN001
        page = staff.get("/staff/konsol/", base_url=BASE, query_string={"q": tenant.slug, **filters})
        return f'data-slug="{tenant.slug}"' in page.get_data(as_text=True)

    assert listed(a, module="pengumuman") and not listed(b, module="pengumuman")
    assert listed(b, province=b.province_code) and not listed(a, province=b.province_code)
    with app.app_context():
        db.session.execute(select(Tenant))  # keep the session warm on both backends
        from kiblat.tenants.services import suspend_tenant

        suspend_tenant(b.slug)
    assert listed(b, status="suspended") and not listed(a, status="suspended")
    nothing = staff.get("/staff/konsol/", base_url=BASE, query_string={"q": "tidak-ada-yang-cocok"})
    assert "Tidak ada kabupaten/kota yang cocok" in nothing.get_data(as_text=True)


def test_tenant_page_shows_domains_branding_journal_audit_and_impersonation(app, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        record("opd.create", "opd", 7, name="dari uji")
        tenant_db.session.commit()
    staff = signed_in_staff(app)
    html = staff.get(tenant_page(tenant.slug), base_url=BASE).get_data(as_text=True)
    assert tenant.primary_host in html
    assert f'fill="{tenant.branding.primary_color}"' in html  # branding preview as SVG attributes
    assert "OPD ditambahkan" in html and "opd.create" not in html and "Jurnal penyediaan" in html
    # The journal names steps and statuses in words, never their codes.
    assert "Membuat tabel layanan: selesai" in html and "Membuka layanan: selesai" in html and "berhasil" in html
    assert "create_storage" not in html and "succeeded" not in html and ">migrate:" not in html
    assert f"/staff/penyamaran?tenant={tenant.slug}" in html
    assert "style=" not in html and "<script" not in html


def test_suspend_needs_a_reason_citizens_see_the_notice_and_resume_restores(app, make_tenant):
    tenant = make_tenant()
    staff = signed_in_staff(app, name="Budi Diskominfo")
    page = tenant_page(tenant.slug)
    short = post(staff, page, f"{page}/hentikan", prefix="suspend", reason="singkat")
    body = short.get_data(as_text=True)
    assert short.status_code == 400 and "paling sedikit 10 karakter" in body
    assert re.search(r">\s*singkat</textarea>", body)  # the input is kept
    assert _status(app, tenant.slug) == TenantStatus.ACTIVE

    reason = "Pemeliharaan server daerah selama dua jam"
    done = post(staff, page, f"{page}/hentikan", prefix="suspend", reason=reason)
    assert done.status_code == 302
    assert _status(app, tenant.slug) == TenantStatus.SUSPENDED
    citizen = app.test_client().get("/", base_url=f"http://{tenant.primary_host}")
    assert citizen.status_code == 503 and "dihentikan sementara" in citizen.get_data(as_text=True)
    assert ("tenant.suspend", {"reason": reason}) in _actions(app, tenant.slug)
    with app.app_context(), tenant_context(tenant_registry().by_slug(tenant.slug)):
        entry = tenant_db.session.scalar(select(AuditEntry).where(AuditEntry.action == "tenant.suspend"))
        assert entry.impersonator_name == "Budi Diskominfo" and entry.details["reason"] == reason

    again = post(staff, page, f"{page}/hentikan", prefix="suspend", reason=reason)
    assert again.status_code == 400 and "Hanya kabupaten/kota yang aktif" in again.get_data(as_text=True)
    assert post(staff, page, f"{page}/lanjutkan").status_code == 302
    assert _status(app, tenant.slug) == TenantStatus.ACTIVE
    assert app.test_client().get("/", base_url=f"http://{tenant.primary_host}").status_code == 200
    assert [a for a, _ in _actions(app, tenant.slug)] == ["tenant.suspend", "tenant.resume"]


def test_modules_are_enabled_configured_and_disabled_with_schema_errors_shown(app, make_tenant):
    tenant = make_tenant(modules=())
    staff = signed_in_staff(app)
    page = tenant_page(tenant.slug)
    enable = f"{page}/modul/pengumuman/aktifkan"

    bad_json = post(staff, page, enable, prefix="m-pengumuman", settings='{"items_per_page": ')
    assert bad_json.status_code == 400 and "bukan JSON yang sah" in bad_json.get_data(as_text=True)
    not_object = post(staff, page, enable, prefix="m-pengumuman", settings="[1, 2]")
    assert not_object.status_code == 400 and "objek JSON" in not_object.get_data(as_text=True)
    invalid = post(staff, page, enable, prefix="m-pengumuman", settings='{"items_per_page": 500}')
    body = text_of(invalid.get_data(as_text=True))
    assert invalid.status_code == 400 and "tidak valid pada items_per_page" in body
    assert "500" in body  # the typed settings are kept in the form
    assert "pengumuman" not in tenant_registry_modules(app, tenant.slug)

    assert post(staff, page, enable, prefix="m-pengumuman", settings='{"items_per_page": 20}').status_code == 302
    assert "pengumuman" in tenant_registry_modules(app, tenant.slug)
    settings = f"{page}/modul/pengumuman/pengaturan"
    wrong = post(staff, page, settings, prefix="m-pengumuman", settings='{"tidak_dikenal": 1}')
    assert wrong.status_code == 400 and "tidak valid" in wrong.get_data(as_text=True)
    assert post(staff, page, settings, prefix="m-pengumuman", settings='{"items_per_page": 5}').status_code == 302
    with app.app_context():
        enablement = db.session.scalar(select(ModuleEnablement).join(Tenant).where(Tenant.slug == tenant.slug))
        assert enablement.settings == {"items_per_page": 5}
    unknown = post(staff, page, f"{page}/modul/tidak_ada/aktifkan", prefix="m-tidak_ada", settings="{}")
    assert unknown.status_code == 400
    assert post(staff, page, f"{page}/modul/pengumuman/nonaktifkan").status_code == 302
    assert "pengumuman" not in tenant_registry_modules(app, tenant.slug)
    assert [a for a, _ in _actions(app, tenant.slug)] == [
        "module.enable", "module.settings", "module.disable"]


def tenant_registry_modules(app, slug: str) -> frozenset[str]:  # noqa: ANN001
    with app.app_context():
        return tenant_registry().by_slug(slug).modules


def test_delete_needs_archive_and_the_typed_slug_and_offers_an_export_first(app, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@hapus.example.id")
    staff = signed_in_staff(app)
    page = tenant_page(tenant.slug)

    early = post(staff, page, f"{page}/hapus", prefix="delete", confirm=tenant.slug)
    assert early.status_code == 400 and "Arsipkan" in early.get_data(as_text=True)
    assert _status(app, tenant.slug) == TenantStatus.ACTIVE
    no_reason = post(staff, page, f"{page}/arsipkan", prefix="archive", reason="")
    assert no_reason.status_code == 400 and "Alasan wajib diisi" in no_reason.get_data(as_text=True)
    assert post(staff, page, f"{page}/arsipkan", prefix="archive",
                reason="Kontrak berakhir, data disimpan sementara").status_code == 302
    assert _status(app, tenant.slug) == TenantStatus.ARCHIVED
    assert app.test_client().get("/", base_url=f"http://{tenant.primary_host}").status_code == 404

    archived = staff.get(page, base_url=BASE).get_data(as_text=True)
    assert "Buat ekspor" in archived and "Hapus permanen" in archived
    assert post(staff, page, f"{page}/ekspor").status_code == 302
    run_jobs(app)
    archived = staff.get(page, base_url=BASE).get_data(as_text=True)
    link = re.search(rf'href="({page}/ekspor/[0-9a-f]{{32}})"', archived)
    assert link, "the finished export is offered for download"
    download = staff.get(link.group(1), base_url=BASE)
    assert download.status_code == 200 and download.data[:2] == b"PK"

    wrong = post(staff, page, f"{page}/hapus", prefix="delete", confirm=tenant.slug.upper())
    assert wrong.status_code == 400 and f"Ketik slug {tenant.slug} persis" in wrong.get_data(as_text=True)
    assert _status(app, tenant.slug) == TenantStatus.ARCHIVED
    gone = post(staff, page, f"{page}/hapus", prefix="delete", confirm=tenant.slug)
    assert gone.status_code == 302
    assert _status(app, tenant.slug) is None
    with app.app_context():
        assert not tenant_db.engines.storage_exists(tenant.slug)
    assert [a for a, _ in _actions(app, tenant.slug)] == ["tenant.archive", "tenant.export", "tenant.delete"]
    assert staff.get(page, base_url=BASE).status_code == 404
