"""The property that matters most: a tenant never sees another tenant's data."""

from __future__ import annotations

from sqlalchemy import func, inspect, select, text

from kiblat.modules.pengumuman import api as pengumuman
from kiblat.modules.pengumuman.models import Announcement
from kiblat.platform.core.extensions import db
from kiblat.tenants import database
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db, tenant_metadata
from kiblat.tenants.local_regions import Desa, Kecamatan
from tests.conftest import get


def test_same_query_on_two_tenants_returns_only_each_tenants_rows(app_ctx, make_tenant):
    a, b = make_tenant(), make_tenant()
    with tenant_context(a):
        pengumuman.publish("Hanya A", "isi A")
    with tenant_context(b):
        pengumuman.publish("Hanya B", "isi B")
        pengumuman.publish("B kedua", "isi B")

    with tenant_context(a):
        titles_a = tenant_db.session.scalars(select(Announcement.title)).all()
    with tenant_context(b):
        titles_b = sorted(tenant_db.session.scalars(select(Announcement.title)).all())
    assert titles_a == ["Hanya A"]
    assert titles_b == ["B kedua", "Hanya B"]


def test_each_tenant_has_only_its_own_kecamatan_and_desa(app_ctx, make_tenant):
    deli = make_tenant(region="12.07") if _free("12.07") else None
    other = make_tenant()
    if deli is not None:
        with tenant_context(deli):
            assert tenant_db.session.scalar(select(func.count()).select_from(Kecamatan)) == 22
            codes = tenant_db.session.scalars(select(Desa.code)).all()
            assert codes and all(c.startswith("12.07.") for c in codes)
    with tenant_context(other):
        codes = tenant_db.session.scalars(select(Kecamatan.code)).all()
        assert codes and all(c.startswith(other.region_code + ".") for c in codes)


def _free(code: str) -> bool:
    from kiblat.tenants.models import Tenant

    return db.session.scalar(select(Tenant.id).where(Tenant.region_code == code)) is None


def test_request_to_host_a_cannot_read_b_rows_by_id(app, client, make_tenant):
    a, b = make_tenant(), make_tenant()
    with app.app_context(), tenant_context(b):
        secret = pengumuman.publish("Rahasia B", "hanya untuk B")
        secret_id = secret.id
    with app.app_context(), tenant_context(a):
        # Make sure A has no row with the same id, so a leak could not hide behind a coincidence.
        assert tenant_db.session.get(Announcement, secret_id) is None

    assert get(client, b.primary_host, f"/pengumuman/{secret_id}").status_code == 200
    response = get(client, a.primary_host, f"/pengumuman/{secret_id}")
    assert response.status_code == 404
    assert b"Rahasia B" not in response.data
    for path in ("/pengumuman/", "/pengumuman/rss.xml", "/"):
        assert b"Rahasia B" not in get(client, a.primary_host, path).data


def test_tenant_tables_never_in_control_plane_and_vice_versa(app_ctx, make_tenant):
    tenant = make_tenant()
    engines = tenant_db.engines
    control_tables = set(inspect(db.engine).get_table_names())
    tenant_tables = set(tenant_metadata.tables)
    assert not control_tables & tenant_tables
    with engines.engine_for(tenant).connect() as conn:
        if engines.is_postgresql:
            rows = conn.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
                {"s": tenant.schema_name},
            )
            in_tenant = {r[0] for r in rows}
        else:
            in_tenant = set(inspect(conn).get_table_names())
    assert not in_tenant & set(db.metadata.tables)
    assert {"kecamatan", "desa", "pengumuman_announcement", "alembic_version"} <= in_tenant


def test_no_foreign_key_from_tenant_tables_into_the_control_plane():
    control = set(db.metadata.tables)
    for table in tenant_metadata.tables.values():
        for fk in table.foreign_keys:
            assert fk.column.table.name not in control, f"{table.name} → {fk.target_fullname}"


def test_writes_through_one_tenant_session_never_reach_another(app_ctx, make_tenant):
    a, b = make_tenant(), make_tenant()
    with tenant_context(a):
        session_a = tenant_db.session
        session_a.add(Announcement(title="via A", body="x"))
        session_a.commit()
    with tenant_context(b):
        assert tenant_db.session is not session_a
        assert tenant_db.session.scalar(select(func.count()).select_from(Announcement)) == 0


def test_a_worker_keeps_few_schema_engines_and_each_still_reads_its_own_tenant(app_ctx, make_tenant, monkeypatch):
    """A process serving many regencies keeps only the most recently used schema-translated
    engines (memory flat with the fleet); an engine made again still reads its own schema."""
    monkeypatch.setattr(database, "TRANSLATED_ENGINES_KEPT", 2)
    tenants = [make_tenant() for _ in range(3)]
    for tenant in tenants:
        with tenant_context(tenant):
            pengumuman.publish(f"Milik {tenant.slug}", "isi")
    engines = tenant_db.engines
    for _round in range(2):
        for tenant in tenants:
            with engines.engine_for(tenant).connect() as conn:
                titles = conn.execute(select(Announcement.title)).scalars().all()
            assert titles == [f"Milik {tenant.slug}"]
            if engines.is_postgresql:
                assert len(engines._pg_translated) <= 2
