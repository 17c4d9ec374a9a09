"""``kiblat tenants list`` reads the control plane with plain DB-API queries (tenants/listing.py):
what it reads must be what the tenant registry holds, on both backends."""

from __future__ import annotations

from kiblat.tenants import services
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.dbapi import connect
from kiblat.tenants.listing import ListedTenant, listed_tenants, primary_host
from kiblat.tenants.registry import tenant_registry


def listing(app, slugs: set[str]) -> list[ListedTenant]:  # noqa: ANN001
    conn = connect(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        return [t for t in listed_tenants(conn) if t.slug in slugs]
    finally:
        conn.close()


def as_listed(tenant: TenantInfo) -> ListedTenant:
    """The listing's fields, as the tenant registry holds them."""
    return ListedTenant(tenant.slug, tenant.official_name, tenant.region_code, tenant.kind, tenant.time_zone,
                        tenant.status, tenant.primary_host, tuple(sorted(tenant.modules)))


def test_listing_reads_what_the_registry_holds(app, app_ctx, make_tenant):  # noqa: ANN001
    plain = make_tenant(modules=())
    busy = make_tenant(modules=("pengumuman", "sri_deli"))
    services.add_domain(busy.slug, f"layanan-{busy.slug}.example.id")  # a second, not primary, host
    services.suspend_tenant(plain.slug)
    slugs = {plain.slug, busy.slug}

    listed = listing(app, slugs)

    expected = sorted((as_listed(tenant_registry().fresh(s)) for s in slugs), key=lambda t: t.slug)
    assert listed == expected
    by_slug = {t.slug: t for t in listed}
    assert by_slug[busy.slug].modules == ("pengumuman", "sri_deli")
    assert by_slug[busy.slug].host == f"{busy.slug}.kiblat.test"
    assert by_slug[plain.slug].modules == ()
    assert by_slug[plain.slug].status == "suspended"
    assert by_slug[plain.slug].kind in {"kabupaten", "kota"}


def test_one_tenant_by_slug_is_read_as_the_full_listing_reads_it(app, app_ctx, make_tenant):  # noqa: ANN001
    busy = make_tenant(modules=("pengumuman", "sri_deli"))
    services.add_domain(busy.slug, f"layanan-{busy.slug}.example.id")
    make_tenant(modules=("pengumuman",))  # another regency, not read
    conn = connect(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        assert listed_tenants(conn, busy.slug) == [as_listed(tenant_registry().fresh(busy.slug))]
        assert listed_tenants(conn, "tidak-ada") == []
    finally:
        conn.close()


def test_primary_host_is_the_primary_domain_else_the_first():
    assert primary_host([("a.example.id", False), ("b.example.id", True)]) == "b.example.id"
    assert primary_host([("a.example.id", False), ("c.example.id", False)]) == "a.example.id"
    assert primary_host([]) == ""
