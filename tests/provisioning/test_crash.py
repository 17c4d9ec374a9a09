"""Crash injection: a real ``kiblat tenants create`` process is SIGKILLed at each step,
then the same spec is run again; the tenant must end up exactly as if nothing happened."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from kiblat.modules.pengumuman.models import Category
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.models import Invitation, User
from kiblat.platform.mail.models import OutboxMessage
from kiblat.platform.regions.data import subregions_of_regency
from kiblat.provisioning.models import TemplateCopy
from kiblat.provisioning.run import latest_run, provision_now
from kiblat.provisioning.steps import STEP_NAMES
from kiblat.tenants.context import schema_name_for, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan
from kiblat.tenants.models import ModuleEnablement, Tenant
from kiblat.tenants.registry import tenant_registry
from tests.crash import kill_cli_at

POINTS = [f"{name}:end" for name in STEP_NAMES] + [
    "register:start", "modules:pengumuman", "template:pengumuman", "users:invitation",
]


def _assert_converged(spec: dict, template: str) -> None:
    slug = spec["slug"]
    tenant = tenant_registry().by_slug(slug)
    assert tenant.status == "active"
    assert tenant.branding.primary_color == "#123456"
    assert tenant.modules == frozenset({"pengumuman"})
    assert latest_run(slug).status == "succeeded"
    kecamatan, desa = subregions_of_regency(spec["region"])
    with tenant_context(tenant_registry().by_slug(template)):
        template_categories = set(tenant_db.session.scalars(select(Category.key)))
    with tenant_context(tenant):
        session = tenant_db.session
        assert session.scalar(select(func.count()).select_from(Kecamatan)) == len(kecamatan)
        assert session.scalar(select(func.count()).select_from(Desa)) == len(desa)
        assert session.scalars(select(User.email)).all() == [spec["users"][0]["email"].lower()]
        # Exactly one usable invitation: the one in the email that was sent.
        assert session.scalar(select(func.count()).select_from(Invitation).where(Invitation.used_at.is_(None))) == 1
        assert set(session.scalars(select(Category.key))) == template_categories
    tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == slug))
    assert db.session.scalar(select(func.count()).select_from(ModuleEnablement)
                             .where(ModuleEnablement.tenant_id == tenant_id)) == 1
    assert db.session.scalar(select(func.count()).select_from(TemplateCopy)
                             .where(TemplateCopy.tenant_slug == slug)) == 1
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.tenant_slug == slug)).all()
    assert [m.status for m in messages] == ["printed"]


def _assert_no_orphans() -> None:
    """Every tenant schema (or file) belongs to a registered tenant, and vice versa."""
    slugs = set(db.session.scalars(select(Tenant.slug)))
    engines = tenant_db.engines
    if engines.is_postgresql:
        schemas = set(db.session.scalars(text(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'tenant\\_%'")))
        assert schemas == {schema_name_for(s) for s in slugs}
    else:
        files = {p.name.removesuffix(".sqlite3") for p in engines.sqlite_path("x").parent.glob("*.sqlite3")}
        assert files == slugs


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_kill_anywhere_then_rerun_converges(app, make_spec, template_tenant, tmp_path, point) -> None:
    spec = make_spec(template=template_tenant)
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec))
    kill_cli_at(app, ["tenants", "create", "--spec", str(spec_file)], point, tmp_path)
    tenant_registry().clear()
    killed = tenant_registry().by_slug(spec["slug"])
    if killed is not None and point != "activate:end":
        assert killed.status == "provisioning"  # never half-active
    provision_now(spec)
    _assert_converged(spec, template_tenant)
    _assert_no_orphans()
