"""Citizens read words, not codes: the fee formula with field labels, statuses in their language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiblat.tenants.context import tenant_context
from tests.identity.helpers import add_user, sign_in
from tests.modules.sri_deli.helpers import officer
from tests.modules.sri_deli.test_payments import approve_billboard


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("sri_deli",))


def test_fee_formula_in_words_in_both_languages(app, tenant):
    base = f"http://{tenant.primary_host}"
    with app.test_request_context(base_url=base), tenant_context(tenant):
        officer("DPMPTSP")  # a permit type is offered once someone can process it
    client = app.test_client()
    page = client.get("/perizinan/izin/reklame", base_url=base).text
    assert "Luas bidang reklame (m²) × Lama pemasangan (hari) × 2.500 (Rp)" in page
    assert "luas_reklame" not in page.split("<form")[0] and "lama_hari *" not in page
    client.get("/bahasa/en?next=/", base_url=base)
    english = client.get("/perizinan/izin/reklame", base_url=base).text
    assert "× 2,500 (Rp)" in english


def test_status_badge_is_words_in_both_languages(app, tenant):
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "citizen", email="warga@example.id")
    with app.test_request_context(base_url=base), tenant_context(tenant):
        from sqlalchemy import select

        from kiblat.platform.identity.models import User
        from kiblat.tenants.database import tenant_db

        application = approve_billboard(datetime.now(UTC))
        application.user_id = tenant_db.session.scalar(select(User.id).where(User.email == "warga@example.id"))
        tenant_db.session.commit()
        application_id = application.id
    client = app.test_client()
    sign_in(client, tenant, "warga@example.id")
    page = client.get(f"/perizinan/saya/{application_id}", base_url=base).text
    assert "Menunggu pembayaran retribusi" in page and ">tagihan<" not in page
    assert "Tagihan retribusi dibuat" in page
    client.get("/bahasa/en?next=/", base_url=base)
    english = client.get(f"/perizinan/saya/{application_id}", base_url=base).text
    assert "Awaiting retribusi payment" in english and "Retribusi bill issued" in english
    assert "Pay the retribusi" in english
