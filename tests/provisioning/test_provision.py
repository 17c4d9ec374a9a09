"""Provisioning from a spec and from a template; dry run; re-applying; failure and resume."""

from __future__ import annotations

import pickle

import pytest
from sqlalchemy import func, select, text

from kiblat.modules.pengumuman.models import Announcement, Category
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.models import Invitation, User
from kiblat.platform.mail.models import OutboxMessage
from kiblat.platform.regions.data import subregions_of_regency
from kiblat.platform.storage.files import storage_for_slug
from kiblat.provisioning.deprovision import archive_tenant, delete_tenant
from kiblat.provisioning.models import ProvisioningRun, TemplateCopy, TenantAuditEvent
from kiblat.provisioning.run import ProvisioningFailed, plan, provision_now, resume, run_progress
from kiblat.tenants.context import schema_name_for, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan
from kiblat.tenants.models import PlatformState, Tenant
from kiblat.tenants.registry import tenant_registry
from kiblat.tenants.services import TenantError
from tests.conftest import get
from tests.files import real_png

PNG = real_png()


def count(model) -> int:  # noqa: ANN001
    return tenant_db.session.scalar(select(func.count()).select_from(model)) or 0


def test_provision_from_spec(make_spec, tmp_path, client) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    spec = make_spec(domains=["portal.example.go.id"])
    spec["branding"]["logo"] = str(logo)
    run = provision_now(spec)
    assert run.status == "succeeded"
    tenant = tenant_registry().by_slug(spec["slug"])
    assert tenant.status == "active"
    assert tenant.branding.primary_color == "#123456" and tenant.branding.tagline == "Maju bersama"
    assert storage_for_slug(tenant.slug).exists(tenant.branding.logo_key)
    assert tenant.branding.logo_key.endswith(".png")  # stored as the upload check re-encoded it
    assert tenant.settings_for("pengumuman") == {"items_per_page": 5}
    kecamatan, desa = subregions_of_regency(spec["region"])
    with tenant_context(tenant):
        assert (count(Kecamatan), count(Desa)) == (len(kecamatan), len(desa))
        user = tenant_db.session.scalar(select(User))
        assert (user.email, user.role_key, user.password_hash) == (f"admin@{tenant.slug}.example.id", "admin", None)
        assert count(Invitation) == 1
        assert {c.key for c in tenant_db.session.scalars(select(Category))} >= {"umum", "layanan"}
    assert db.session.scalar(select(OutboxMessage.status).where(OutboxMessage.recipient == user.email)) == "printed"
    assert get(client, "portal.example.go.id", "/").status_code == 200
    assert get(client, tenant.primary_host, "/pengumuman/").status_code == 200
    assert [s["status"] for s in run_progress(run.id)["steps"]].count("failed") == 0
    migrated = next(s for s in run.steps if s.name == "migrate").changes
    assert [change.split(" ke ")[0] for change in migrated] == ["migrasi inti", "migrasi modul pengumuman"]


def test_template_copies_configuration_only(make_spec, template_tenant) -> None:
    run = provision_now(make_spec(template=template_tenant))
    source = tenant_registry().by_slug(template_tenant)
    target = tenant_registry().by_slug(run.tenant_slug)
    with tenant_context(source):
        source_categories = {(c.id, c.key, c.name) for c in tenant_db.session.scalars(select(Category))}
    with tenant_context(target):
        categories = {(c.id, c.key, c.name) for c in tenant_db.session.scalars(select(Category))}
        assert categories == source_categories
        assert any(key == "pertanian" for _, key, _ in categories)
        assert count(Announcement) == 0  # citizen data is never copied
        assert [u.email for u in tenant_db.session.scalars(select(User))] == [f"admin@{target.slug}.example.id"]
        # The copied ids advanced the sequence: a new category gets a fresh id.
        tenant_db.session.add(Category(key="baru", name="Baru"))
        tenant_db.session.commit()
    copy = db.session.scalar(select(TemplateCopy).where(TemplateCopy.tenant_slug == target.slug))
    assert (copy.source_slug, copy.module_key, copy.rows) == (template_tenant, "pengumuman", {"pengumuman_category": 5})


def test_dry_run_changes_nothing(make_spec) -> None:
    spec = make_spec()
    before = (db.session.scalar(select(func.count()).select_from(Tenant)),
              db.session.scalar(select(func.count()).select_from(ProvisioningRun)))
    steps = dict(plan(spec))
    assert steps["register"] and steps["create_storage"] and steps["modules"] == ["aktifkan modul pengumuman"]
    # The migrate step takes the modules' tables too: one migration transaction for all of them.
    assert [change.split(" ke ")[0] for change in steps["migrate"]] == ["migrasi inti", "migrasi modul pengumuman"]
    assert before == (db.session.scalar(select(func.count()).select_from(Tenant)),
                      db.session.scalar(select(func.count()).select_from(ProvisioningRun)))
    assert not tenant_db.engines.storage_exists(spec["slug"])


def test_reapplying_a_changed_spec_applies_only_the_difference(make_spec) -> None:
    spec = make_spec()
    provision_now(spec)
    assert all(not changes for _, changes in plan(spec))
    spec["branding"]["accent_color"] = "#00AA00"
    spec["users"].append({"name": "Humas", "email": "humas@example.id", "role": "humas"})
    assert {name for name, changes in plan(spec) if changes} == {"branding", "users"}
    run = provision_now(spec)
    changed = {s.name: s.changes for s in run.steps if s.status == "done"}
    assert changed == {
        "branding": ["accent_color: '#00aa00'"],
        "users": ["pengguna humas@example.id (humas)", "undangan untuk humas@example.id"],
    }
    tenant = tenant_registry().by_slug(spec["slug"])
    assert tenant.branding.accent_color == "#00aa00" and tenant.status == "active"
    with tenant_context(tenant):
        assert count(User) == 2 and count(Invitation) == 2


def _table(slug: str) -> str:
    # text() SQL is not schema-translated, so name the tenant's schema on PostgreSQL.
    return f'"{schema_name_for(slug)}".kecamatan' if tenant_db.engines.is_postgresql else "kecamatan"


def _block_migrations(slug: str) -> None:
    """A conflicting table where the core migration wants to create ``kecamatan``."""
    engines = tenant_db.engines
    engines.create_storage(slug)
    with engines.engine_for(slug).begin() as conn:
        conn.execute(text(f"CREATE TABLE {_table(slug)} (x INTEGER)"))


def _unblock(slug: str) -> None:
    with tenant_db.engines.engine_for(slug).begin() as conn:
        conn.execute(text(f"DROP TABLE {_table(slug)}"))


def test_failed_step_is_visible_and_resumable(make_spec, client) -> None:
    spec = make_spec()
    _block_migrations(spec["slug"])
    with pytest.raises(ProvisioningFailed) as info:
        provision_now(spec)
    assert info.value.step == "migrate"
    copied = pickle.loads(pickle.dumps(info.value))  # what a process pool hands back
    assert (copied.run_id, copied.step, copied.error, str(copied)) == (
        info.value.run_id, "migrate", info.value.error, str(info.value))
    progress = run_progress(info.value.run_id)
    assert progress["status"] == "failed" and progress["current_step"] == "migrate"
    assert progress["error"].startswith("Langkah migrate gagal")
    tenant = tenant_registry().by_slug(spec["slug"])
    assert tenant.status == "provisioning"
    assert get(client, tenant.primary_host, "/").status_code == 503
    _unblock(spec["slug"])
    run = resume(spec["slug"])
    assert run.id == info.value.run_id and run.status == "succeeded"
    assert tenant_registry().by_slug(spec["slug"]).status == "active"


def test_archive_then_delete(make_spec, client) -> None:
    spec = make_spec()
    provision_now(spec)
    slug = spec["slug"]
    tenant_registry().public_pages_changed(slug)  # as a published announcement does
    assert db.session.scalar(select(PlatformState.value).where(PlatformState.key == f"pages:{slug}"))
    host = tenant_registry().by_slug(slug).primary_host
    with pytest.raises(TenantError, match="diarsipkan"):
        delete_tenant(slug, confirm=slug)
    archive_tenant(slug)
    assert get(client, host, "/").status_code == 404
    from kiblat.tenants.portability.exports import exports_dir

    exports_dir(slug).mkdir(parents=True)
    (exports_dir(slug) / "lama.zip").write_bytes(b"arsip lama")
    with pytest.raises(TenantError, match="Konfirmasi"):
        delete_tenant(slug, confirm="salah")
    delete_tenant(slug, confirm=slug)
    assert tenant_registry().by_slug(slug) is None
    assert not tenant_db.engines.storage_exists(slug)
    assert not storage_for_slug(slug).root.exists()
    assert not exports_dir(slug).exists()
    assert db.session.scalar(select(PlatformState.key).where(PlatformState.key == f"pages:{slug}")) is None
    actions = db.session.scalars(select(TenantAuditEvent.action).where(TenantAuditEvent.tenant_slug == slug)).all()
    assert sorted(actions) == ["archived", "deleted"]
