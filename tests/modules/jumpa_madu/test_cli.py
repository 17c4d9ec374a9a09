"""The module's command line: banks, prices, and the balance check."""

from __future__ import annotations

from datetime import UTC, datetime

from click.testing import CliRunner
from sqlalchemy import select, update

from kiblat.modules.jumpa_madu.models import SavingsBalance
from kiblat.modules.jumpa_madu.services import config
from kiblat.platform.cli import cli
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from tests.modules.jumpa_madu.helpers import credit, in_tenant, new_nasabah


def run(app, *args: str):  # noqa: ANN001, ANN201
    return CliRunner().invoke(cli, list(args), env=dict(app.config["KIBLAT_SOURCE_ENV"]))


def test_add_bank_set_price_and_verify(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("jumpa_madu",))
    with in_tenant(app, tenant):
        desa = tenant_db.session.scalar(select(Desa.code).order_by(Desa.code.desc()).limit(1))
    added = run(app, "jumpa_madu", "add-bank", tenant.slug, "BSU-01", "Bank Sampah Unit Mawar",
                "--parent", "BSI", "--area", desa)
    assert added.exit_code == 0, added.output
    assert run(app, "jumpa_madu", "add-bank", tenant.slug, "BSU-02", "X", "--area", "99.99").exit_code == 1
    with in_tenant(app, tenant):
        assert config.bank_for_desa(desa).code == "BSU-01"  # the unit serving the desa beats the induk

    assert run(app, "jumpa_madu", "set-price", tenant.slug, "kardus", "2200", "--from", "2030-01-01").exit_code == 0
    refused = run(app, "jumpa_madu", "set-price", tenant.slug, "emas", "100")
    assert refused.exit_code == 1 and "tidak dikenal" in refused.output
    with in_tenant(app, tenant):
        kardus = config.categories_by_key()["kardus"]
        assert config.price_at(kardus.id, datetime(2029, 12, 31, tzinfo=UTC)).price_per_kg == 2_000
        assert config.price_at(kardus.id, datetime(2030, 1, 1, tzinfo=UTC)).price_per_kg == 2_200

    with in_tenant(app, tenant):
        nid = new_nasabah()
        credit(nid)
    assert "cocok" in run(app, "jumpa_madu", "verify", tenant.slug).output
    with in_tenant(app, tenant):
        tenant_db.session.execute(update(SavingsBalance).values(balance=SavingsBalance.balance + 5))
        tenant_db.session.commit()
    broken = run(app, "jumpa_madu", "verify", tenant.slug)
    assert broken.exit_code == 1 and "1 rekening tidak cocok" in broken.output
