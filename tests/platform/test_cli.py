"""The operator CLI, invoked as a person would (a fresh app per invocation)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kiblat.platform.cli import cli


def run(app, *args: str):  # noqa: ANN001, ANN201
    return CliRunner().invoke(cli, list(args), env=dict(app.config["KIBLAT_SOURCE_ENV"]))


def _free_regency(app, name_prefix: str = "") -> tuple[str, str]:  # noqa: ANN001
    from sqlalchemy import select

    from kiblat.platform.core.extensions import db
    from kiblat.platform.regions.models import Regency
    from kiblat.tenants.models import Tenant

    with app.app_context():
        used = set(db.session.scalars(select(Tenant.region_code)))
        return next((r.code, r.name) for r in db.session.scalars(select(Regency).order_by(Regency.code.desc()))
                    if r.code not in used and r.name.startswith(name_prefix))


def test_tenants_create_list_suspend_resume(app):
    code, name = _free_regency(app, "Kota ")
    result = run(app, "tenants", "create", "--region", code, "--slug", "kotauji", "--modules", "pengumuman")
    assert result.exit_code == 0, result.output
    assert f"Pemerintah {name}" in result.output and "kotauji.kiblat.test" in result.output
    listed = {t["slug"]: t for t in json.loads(run(app, "tenants", "list", "--json").output)}
    assert listed["kotauji"]["modules"] == ["pengumuman"]
    assert listed["kotauji"]["region_code"] == code
    assert run(app, "tenants", "suspend", "kotauji").exit_code == 0
    listed = {t["slug"]: t for t in json.loads(run(app, "tenants", "list", "--json").output)}
    assert listed["kotauji"]["status"] == "suspended"
    assert run(app, "tenants", "resume", "kotauji").exit_code == 0


def test_tenants_create_prints_the_link_with_the_public_port(app):
    code, _ = _free_regency(app, "Kota ")
    result = CliRunner().invoke(cli, ["tenants", "create", "--region", code, "--slug", "kotaport"],
                                env={**app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_PUBLIC_PORT": "5000"})
    assert result.exit_code == 0, result.output
    assert "http://kotaport.kiblat.test:5000/ (slug kotaport" in result.output
    for step in (["archive", "kotaport"], ["delete", "kotaport", "--confirm", "kotaport"]):
        assert run(app, "tenants", *step).exit_code == 0  # its region stays free for other tests


def test_tenants_create_bad_region_is_a_clear_error(app):
    result = run(app, "tenants", "create", "--region", "13")
    assert result.exit_code == 1
    assert "bukan kabupaten/kota" in result.output


def test_modules_list_enable_disable(app, make_tenant):
    tenant = make_tenant(modules=())
    rows = json.loads(run(app, "modules", "list", "--tenant", tenant.slug, "--json").output)
    assert {"key": "pengumuman", "enabled": False}.items() <= next(r for r in rows if r["key"] == "pengumuman").items()
    result = run(app, "modules", "enable", tenant.slug, "pengumuman", "--settings", '{"items_per_page": 5}')
    assert result.exit_code == 0, result.output
    rows = json.loads(run(app, "modules", "list", "--tenant", tenant.slug, "--json").output)
    assert next(r for r in rows if r["key"] == "pengumuman")["enabled"] is True
    bad = run(app, "modules", "enable", tenant.slug, "pengumuman", "--settings", "{not json")
    assert bad.exit_code == 1 and "bukan JSON" in bad.output
    unknown = run(app, "modules", "enable", tenant.slug, "nope")
    assert unknown.exit_code == 1 and "tidak dikenal" in unknown.output
    assert run(app, "modules", "disable", tenant.slug, "pengumuman").exit_code == 0


def test_module_cli_posts_an_announcement_into_its_tenant_only(app, client, make_tenant):
    a, b = make_tenant(), make_tenant()
    result = run(app, "pengumuman", "post", a.slug, "--title", "Dari CLI", "--body", "Isi")
    assert result.exit_code == 0, result.output
    assert "Dari CLI" in client.get("/pengumuman/", headers={"Host": a.primary_host}).get_data(as_text=True)
    assert "Dari CLI" not in client.get("/pengumuman/", headers={"Host": b.primary_host}).get_data(as_text=True)
    missing = run(app, "pengumuman", "post", "tidakada", "--title", "x", "--body", "y")
    assert missing.exit_code == 1 and "tidak ditemukan" in missing.output
