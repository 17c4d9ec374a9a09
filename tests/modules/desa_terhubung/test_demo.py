"""The demo: a village operator and a Diskominfo login, and a regency picture to look at, once."""

from __future__ import annotations

from sqlalchemy import func, select

from kiblat.modules.desa_terhubung import api as desa
from kiblat.modules.desa_terhubung.models import Survey
from kiblat.modules.desa_terhubung.sample import demo_logins
from kiblat.platform.identity.models import User
from kiblat.tenants.database import tenant_db
from tests.modules.desa_terhubung.helpers import in_tenant


def test_demo_logins_and_picture_are_made_once(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        logins = demo_logins(tenant)
        tenant_db.session.commit()
        surveys = tenant_db.session.scalar(select(func.count()).select_from(Survey))
        assert [login.identifier.split("@")[0] for login in logins] == ["operator.sinyal", "diskominfo"]
        operator = tenant_db.session.scalar(select(User).where(User.email == logins[0].identifier))
        assert operator.desa_code and desa.one(operator.desa_code).status == "unknown"  # waits for the journey
        found = desa.counts()
        assert found["connected"] and found["blankspot"] and surveys == sum(found.values()) - found["unknown"]
        demo_logins(tenant)
        tenant_db.session.commit()
        assert tenant_db.session.scalar(select(func.count()).select_from(Survey)) == surveys
