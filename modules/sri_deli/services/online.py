"""Paying retribusi online through the regency's own Stripe account (``platform/payments``).

The citizen is sent to a Stripe Checkout page for the bill's exact amount; Stripe then tells the
regency's host (a signed webhook) that the payment succeeded, and the bill is marked paid, which
issues the permit as the treasurer's confirmation does. The platform checks the signature, the
regency and each event id once; this module finds the bill and checks its amount in Rupiah.
"""

from __future__ import annotations

from sqlalchemy import select

from kiblat.modules.sri_deli.models import Bill
from kiblat.modules.sri_deli.services import workflow
from kiblat.platform.identity.audit.service import record
from kiblat.platform.payments import accounts, checkout, webhooks
from kiblat.tenants.database import tenant_db

OWNER = "sri_deli"  # the account's owner key (this module's key)
CODE_KEY = "bill_code"  # the metadata key naming the bill
REFUSED = "refused"  # paid after the bill expired: the money must go back


def available() -> bool:
    """Citizens may pay online: the regency switched it on with both keys saved."""
    return accounts.available(OWNER)


def metadata(bill: Bill) -> dict[str, str]:
    return checkout.metadata(CODE_KEY, bill.code)


def checkout_url(bill: Bill, permit_name: str, success_url: str, cancel_url: str, locale: str) -> str:
    """A Stripe Checkout page for exactly this bill; its URL."""
    return checkout.checkout_url(OWNER, code_key=CODE_KEY, code=bill.code, rupiah=bill.amount,
                                 name=f"Retribusi {permit_name}", description=f"Retribusi {bill.code}",
                                 success_url=success_url, cancel_url=cancel_url, locale=locale)


def on_paid(payment: webhooks.Payment) -> webhooks.Handled:
    """This regency's bill the payment is for, at its exact amount, marked paid (the permit issued)."""
    code = payment.code(CODE_KEY)
    bill = tenant_db.session.scalar(select(Bill).where(Bill.code == code)) if code else None
    if bill is None:
        raise webhooks.WebhookRefused("no such bill")
    webhooks.require_amount(payment, bill.amount)
    try:
        changed = workflow.confirm_online_payment(bill, payment.reference)
    except workflow.WorkflowError:
        # Paid after the bill expired: the money must go back; the treasurer sees it in the audit log.
        tenant_db.session.rollback()
        record("sri_deli.paid_online_refused", "sri_deli_bill", bill.id, code=bill.code, reference=payment.reference)
        return webhooks.Handled(REFUSED, bill.code, bill)
    return webhooks.Handled(webhooks.PAID if changed else webhooks.ALREADY, bill.code, bill)
