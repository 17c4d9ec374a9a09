"""The regency's own billing page on its host: plan, standing, invoices and their PDFs."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from kiblat.platform.billing.accounts import account_for, tenant_by_slug, tenant_quote
from kiblat.platform.billing.invoices import get_invoice, module_title, tenant_invoices
from kiblat.platform.billing.pdf import invoice_pdf
from kiblat.platform.billing.settings import BillingError
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.sessions import permission_required
from kiblat.platform.uploads import send_download
from kiblat.platform.web.hosts import require_tenant_host
from kiblat.tenants.context import get_current_tenant

bp = Blueprint("billing_pages", __name__, template_folder="templates")


bp.before_request(require_tenant_host)


def _tenant():  # noqa: ANN202
    return tenant_by_slug(get_current_tenant().slug)


@bp.get("/pengaturan/tagihan")
@permission_required("tenant.settings")
def invoices() -> str:
    tenant = _tenant()
    account = account_for(tenant)
    db.session.commit()
    plan = tenant_quote(tenant)
    names = {line.module_key: module_title(line.module_key) for line in plan.lines}
    return render_template("billing/invoices.html", account=account, plan=plan, names=names,
                           invoices=tenant_invoices(tenant.id))


@bp.get("/pengaturan/tagihan/<number>.pdf")
@permission_required("tenant.settings")
def invoice_pdf_view(number: str) -> Response:
    tenant = _tenant()
    try:
        invoice = get_invoice(number, tenant_id=tenant.id)  # never another regency's invoice
    except BillingError:
        abort(404)
    return send_download(invoice_pdf(invoice, tenant), download_name=f"{invoice.number}.pdf",
                         media_type="application/pdf", inline=True)
