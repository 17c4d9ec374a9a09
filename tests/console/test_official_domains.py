"""Staff keep the official email domains per region in the console (both backends)."""

from __future__ import annotations

import uuid

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.staff.models import StaffActionLog
from kiblat.platform.onboarding import domains
from tests.console.helpers import BASE, signed_in_staff
from tests.identity.helpers import csrf_token


def test_staff_add_and_remove_an_official_domain(app):
    client = signed_in_staff(app)
    page = client.get("/staff/onboarding/", base_url=BASE).get_data(as_text=True)
    assert "deliserdangkab.go.id" in page and "binjaikota.go.id" in page
    domain = f"uji{uuid.uuid4().hex[:6]}.go.id"
    added = client.post("/staff/onboarding/domain", base_url=BASE, follow_redirects=True,
                        data={"csrf_token": csrf_token(page), "domain": domain.upper(), "region_code": "12.06"})
    assert f"Domain {domain} tercatat sebagai domain resmi 12.06" in added.get_data(as_text=True)
    refused = client.post("/staff/onboarding/domain", base_url=BASE, follow_redirects=True,
                          data={"csrf_token": csrf_token(page), "domain": "bukan domain", "region_code": "12.06"})
    assert "Domain bukan domain tidak valid" in refused.get_data(as_text=True)
    with app.app_context():
        assert domains.is_official_for(f"camat@{domain}", "12.06")
        assert db.session.query(StaffActionLog).filter_by(action="onboarding.domain_add", object_id=domain).count() == 1
    removed = client.post("/staff/onboarding/domain/hapus", base_url=BASE, follow_redirects=True,
                          data={"csrf_token": csrf_token(page), "domain": domain})
    assert f"Domain {domain} dihapus" in removed.get_data(as_text=True)
    with app.app_context():
        assert not domains.is_official_for(f"camat@{domain}", "12.06")
    # Without the CSRF token nothing changes.
    assert client.post("/staff/onboarding/domain", base_url=BASE,
                       data={"domain": domain, "region_code": "12.06"}).status_code == 400
