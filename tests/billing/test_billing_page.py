"""The regency's billing page: its plan, standing and invoices with PDFs, for its
administrators only, and never another regency's invoice."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from pypdf import PdfReader

from kiblat.platform.billing import invoices as gov
from kiblat.platform.billing.standing import reconcile
from kiblat.platform.web.formatting import rupiah

from ..identity.helpers import add_user, sign_in

PAGE = "/pengaturan/tagihan"


def test_admin_sees_plan_standing_and_invoices_of_their_own_regency_only(app, make_tenant):
    tenant_a, tenant_b = make_tenant(), make_tenant()
    with app.app_context():
        mine = gov.issue_invoice(tenant_a.slug, date(2026, 12, 1), datetime(2026, 12, 1, tzinfo=UTC))
        theirs = gov.issue_invoice(tenant_b.slug, date(2026, 12, 1), datetime(2026, 12, 1, tzinfo=UTC))
        reconcile(tenant_a.id, datetime(2027, 1, 2, tzinfo=UTC))
        mine_number, mine_total, theirs_number = mine.number, mine.total, theirs.number
    add_user(app, tenant_a, role="admin", email="admin@a.example.id")
    client = app.test_client()
    sign_in(client, tenant_a, "admin@a.example.id")
    host_a, host_b = f"http://{tenant_a.primary_host}", f"http://{tenant_b.primary_host}"

    page = client.get(PAGE, base_url=host_a)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert mine_number in html and rupiah(mine_total) in html
    assert "Pengumuman" in html
    assert "lewat jatuh tempo" in html and "15 Jan 2027" in html
    assert theirs_number not in html

    pdf = client.get(f"{PAGE}/{mine_number}.pdf", base_url=host_a)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert mine_number in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    # Regency B's invoice is not found through regency A's host ...
    assert client.get(f"{PAGE}/{theirs_number}.pdf", base_url=host_a).status_code == 404
    # ... and A's session means nothing on B's host.
    response = client.get(f"{PAGE}/{theirs_number}.pdf", base_url=host_b)
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_citizens_and_the_platform_host_get_no_billing_page(app, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, role="citizen", email="warga@a.example.id")
    client = app.test_client()
    sign_in(client, tenant, "warga@a.example.id")
    assert client.get(PAGE, base_url=f"http://{tenant.primary_host}").status_code == 403
    assert app.test_client().get(PAGE, base_url="http://kiblat.test").status_code == 404
