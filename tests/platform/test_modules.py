"""The module framework: discovery, enable/disable, requires, settings, table prefixes."""

from __future__ import annotations

import sys
import textwrap

import pytest
from sqlalchemy import select

from kiblat.modules.pengumuman import api as pengumuman
from kiblat.modules.pengumuman.models import Category
from kiblat.platform.modular.manifest import Localized, ModuleManifest
from kiblat.platform.modular.registry import ModuleError, ModuleRegistry, discover_manifests
from kiblat.tenants import services
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.conftest import get


def _manifest(key: str, requires: tuple[str, ...] = ()) -> ModuleManifest:
    return ModuleManifest(
        key=key, name=Localized(key, key), description=Localized("", ""), version="1",
        url_prefix=f"/{key}", blueprint="x:bp", models="x", requires=requires,
    )


def test_in_tree_modules_are_discovered_without_being_named():
    keys = {m.key for m in discover_manifests()}
    assert "pengumuman" in keys


def test_third_party_package_is_discovered_through_its_entry_point(tmp_path, monkeypatch):
    package = tmp_path / "kiblat_demo_plugin"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "manifest.py").write_text(textwrap.dedent("""
        from kiblat.platform.modular.manifest import Localized, ModuleManifest
        manifest = ModuleManifest(key="demo_plugin", name=Localized("Demo", "Demo"),
            description=Localized("d", "d"), version="0.1", url_prefix="/demo",
            blueprint="kiblat_demo_plugin.blueprint:bp", models="kiblat_demo_plugin.models")
    """))
    dist = tmp_path / "kiblat_demo_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: kiblat-demo-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[kiblat.modules]\ndemo_plugin = kiblat_demo_plugin.manifest:manifest\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = {m.key: m for m in discover_manifests()}
    assert found["demo_plugin"].package == "kiblat_demo_plugin"
    assert found["demo_plugin"].path == package
    sys.modules.pop("kiblat_demo_plugin.manifest", None)


def test_registry_orders_requirements_and_rejects_unknown_or_cyclic():
    registry = ModuleRegistry([_manifest("sri_deli"), _manifest("jus_melon", ("sri_deli",)), _manifest("base")])
    assert registry.dependency_order({"jus_melon"}) == ["sri_deli", "jus_melon"]
    assert registry.dependents("sri_deli") == ["jus_melon"]
    with pytest.raises(ModuleError, match="requires unknown module"):
        ModuleRegistry([_manifest("jus_melon", ("sri_deli",))])
    with pytest.raises(ModuleError, match="cycle"):
        ModuleRegistry([_manifest("aa", ("bb",)), _manifest("bb", ("aa",))]).dependency_order({"aa"})
    with pytest.raises(ValueError, match="module key"):
        _manifest("Bad-Key")


def test_disable_hides_routes_and_navigation_and_keeps_data(app, client, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        pengumuman.publish("Tetap ada", "isi")
    home = get(client, tenant.primary_host, "/").get_data(as_text=True)
    assert 'href="/pengumuman/"' in home

    with app.app_context():
        services.disable_module(tenant.slug, "pengumuman")
    for path in ("/pengumuman/", "/pengumuman/1", "/pengumuman/rss.xml"):
        assert get(client, tenant.primary_host, path).status_code == 404
    assert 'href="/pengumuman/"' not in get(client, tenant.primary_host, "/").get_data(as_text=True)

    with app.app_context():
        services.enable_module(tenant.slug, "pengumuman")
    response = get(client, tenant.primary_host, "/pengumuman/")
    assert response.status_code == 200 and "Tetap ada" in response.get_data(as_text=True)


def test_module_off_for_one_tenant_stays_on_for_another(app, client, make_tenant):
    on, off = make_tenant(), make_tenant(modules=())
    assert get(client, on.primary_host, "/pengumuman/").status_code == 200
    assert get(client, off.primary_host, "/pengumuman/").status_code == 404


def test_enabling_migrates_and_seeds_once(app, make_tenant):
    tenant = make_tenant(modules=())
    with app.app_context():
        services.enable_module(tenant.slug, "pengumuman")
        services.disable_module(tenant.slug, "pengumuman")
        services.enable_module(tenant.slug, "pengumuman")
        with tenant_context(tenant_registry().by_slug(tenant.slug)):
            keys = tenant_db.session.scalars(select(Category.key)).all()
    assert sorted(keys) == ["darurat", "kesehatan", "layanan", "umum"]


def test_settings_are_validated_against_the_schema_with_defaults(app, make_tenant):
    tenant = make_tenant(modules=())
    with app.app_context():
        with pytest.raises(services.TenantError, match="items_per_page"):
            services.enable_module(tenant.slug, "pengumuman", {"items_per_page": 0})
        with pytest.raises(services.TenantError, match="tidak valid"):
            services.enable_module(tenant.slug, "pengumuman", {"colour": "red"})
        assert "pengumuman" not in tenant_registry().by_slug(tenant.slug).modules
        services.enable_module(tenant.slug, "pengumuman")
        assert tenant_registry().by_slug(tenant.slug).settings_for("pengumuman") == {"items_per_page": 10}
        services.update_module_settings(tenant.slug, "pengumuman", {"items_per_page": 2})
        assert tenant_registry().by_slug(tenant.slug).settings_for("pengumuman") == {"items_per_page": 2}


def test_unknown_module_and_disabling_what_is_off_are_clear_errors(app, make_tenant):
    tenant = make_tenant(modules=())
    with app.app_context():
        with pytest.raises(services.TenantError, match="tidak dikenal"):
            services.enable_module(tenant.slug, "jumpa_madu_x")
        with pytest.raises(services.TenantError, match="tidak aktif"):
            services.disable_module(tenant.slug, "pengumuman")


def test_every_module_table_carries_its_key():
    from kiblat.migrations.metadata import tenant_metadata_for_migrations
    from kiblat.tenants.database import TENANT_CORE_MODEL_MODULES, TenantModel

    tenant_metadata_for_migrations()
    owners = {m.package: m.key for m in discover_manifests()}
    for mapper in TenantModel.registry.mappers:
        module = mapper.class_.__module__
        if module in TENANT_CORE_MODEL_MODULES:
            continue
        key = next(k for package, k in owners.items() if module.startswith(package + "."))
        assert mapper.local_table.name.startswith(key + "_"), (module, mapper.local_table.name)
