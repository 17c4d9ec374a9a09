"""A tenant's billing account: created on first use, mode chosen by configuration."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from kiblat.platform.billing.models import GOVERNMENT, MODES, STRIPE, BillingAccount
from kiblat.platform.billing.pricing import Quote, base_prices, quote
from kiblat.platform.billing.settings import BillingError, stripe_secret_key
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.accounts import EMAIL_RE
from kiblat.platform.regions.models import Regency
from kiblat.tenants.models import Tenant
from kiblat.tenants.services import TenantError, enabled_modules, get_tenant


def tenant_by_slug(slug: str) -> Tenant:
    try:
        return get_tenant(slug)
    except TenantError as exc:
        raise BillingError(str(exc)) from None


def default_mode() -> str:
    """Stripe when a Stripe key is configured; otherwise invoices paid by the government."""
    return STRIPE if stripe_secret_key() else GOVERNMENT


def account_for(tenant: Tenant) -> BillingAccount:
    account = db.session.get(BillingAccount, tenant.id)
    if account is None:
        account = BillingAccount(tenant_id=tenant.id, mode=default_mode())
        db.session.add(account)
        db.session.flush()
    return account


def get_account(slug: str) -> BillingAccount:
    tenant = tenant_by_slug(slug)
    account = account_for(tenant)
    db.session.commit()
    return account


def configure_account(slug: str, mode: str | None = None, contact_email: str | None = None) -> BillingAccount:
    """Change the billing mode and/or the address that receives billing notices."""
    if mode is not None and mode not in MODES:
        raise BillingError(f"Mode penagihan {mode!r} tidak dikenal; pilih {' atau '.join(MODES)}")
    if contact_email is not None and not EMAIL_RE.match(contact_email.strip()):
        raise BillingError(f"Alamat email {contact_email!r} tidak valid")
    tenant = tenant_by_slug(slug)
    account = account_for(tenant)
    if mode is not None:
        account.mode = mode
    if contact_email is not None:
        account.contact_email = contact_email.strip().lower()
    db.session.commit()
    return account


def tenant_quote(tenant: Tenant) -> Quote:
    """The tenant's monthly plan: its enabled modules at its regency's population tier."""
    population = db.session.scalar(select(Regency.population).where(Regency.code == tenant.region_code))
    return quote(enabled_modules(tenant.id), population, installed_prices())


def installed_prices() -> dict[str, int]:
    """Base price of every installed module, as its manifest declares it."""
    return base_prices(current_app.extensions["kiblat_modules"])
