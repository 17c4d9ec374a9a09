"""Regency data of every kind for tests that walk every page: users of every role (two-factor
enrolled), an invitation, a reset token, single sign-on, an API client, an upload, an official
document, a privacy notice, consent, deletion request and survey answer, recovery codes, a NIK
correction, and each enabled module's ``sample_data``; every text carries a marker."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from kiblat.platform.documents import service as documents
from kiblat.platform.documents import signers
from kiblat.platform.documents.layout import Signatory
from kiblat.platform.identity import nik_corrections, recovery, sms_gateway
from kiblat.platform.identity import tokens as account_tokens
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.api import services as api_clients
from kiblat.platform.identity.api.scopes import available_scopes
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.oidc.models import OidcIdentity
from kiblat.platform.identity.oidc.settings import SsoSettings, save_settings
from kiblat.platform.identity.privacy import notice as privacy_notice
from kiblat.platform.identity.roles import CITIZEN_ROLE, roles_for
from kiblat.platform.identity.services import issue_invitation
from kiblat.platform.privacy import erasure
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.survey.models import SurveyResponse
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from tests.identity.helpers import PASSWORD, enrol_two_factor


def seed_every_kind(app: Flask, tenant: TenantInfo, mark: str, suffix: str) -> dict:
    """Users of every role and objects of every kind, every text carrying ``mark``."""
    secrets: dict = {"users": {}}
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        session = tenant_db.session
        opd = Opd(name=f"{mark} Dinas Komunikasi", short_name="DKI")
        session.add(opd)
        session.flush()
        desa = session.scalar(select(Desa.code).order_by(Desa.code))
        for role in sorted(roles_for(tenant)):
            user = create_user(name=f"{mark} akun-{role}", role=role, email=f"{role}.{suffix}@probe.example",
                               password=PASSWORD, opd_id=opd.id if role == "officer" else None,
                               desa_code=desa if role == "village_operator" else None,
                               extra_roles=("citizen",) if role != "citizen" else ())
            if role != CITIZEN_ROLE:
                enrol_two_factor(user)
            secrets["users"][role] = user.email
        invited = create_user(name=f"{mark} undangan", role="citizen", email=f"undangan.{suffix}@probe.example")
        secrets["invitation"] = issue_invitation(invited)
        secrets["reset"] = account_tokens.issue_token(invited, account_tokens.RESET_PASSWORD)
        session.add(OidcIdentity(user_id=invited.id, issuer="https://sso.probe.example", subject=f"{mark}-sub"))
        session.commit()
        save_settings(SsoSettings(issuer="https://sso.probe.example", client_id=f"{mark}-client",
                                  client_secret="rahasia-klien", display_name=f"{mark} SSO"))
        # The regency's SMS gateway, switched off: the probe's resets must not call it.
        sms_gateway.save(sms_gateway.GatewaySettings(url=f"https://sms.{suffix}.probe.example/{mark}",
                                                     secret=f"{mark}-rahasia-gateway-sms", channel="sms",
                                                     enabled=False))
        client, secret = api_clients.create_client(f"{mark} aplikasi", sorted(available_scopes(tenant)))
        secrets["api"] = (client.client_id, secret)
        secrets["upload"] = tenant_storage().save(io.BytesIO(mark.encode()), "probe.txt")
        # An official document: its signing official, the regency's certificate and the record.
        signers.save(signers.REGENCY_SCOPE, unit_name=f"{mark} Sekretariat Daerah", unit_address=f"Jl. {mark}",
                     signer_name=f"{mark} Pejabat", signer_nip="", signer_position=f"{mark} Sekretaris Daerah")
        documents.issue_pdf(documents.Document(
            kind="probe", ref=suffix, title=f"{mark} Surat", number=f"{mark}/{suffix}", rows=[("Isi", mark)],
            verify_url=f"http://{tenant.primary_host}/", scopes=[], fallback=Signatory(f"{mark} Pejabat", "-"),
            issued_at=datetime.now(UTC)))
        # Privacy: a published notice, a consent, a deletion request; and a satisfaction rating.
        citizen = session.scalar(select(User).where(User.email == secrets["users"][CITIZEN_ROLE]))
        privacy_notice.publish(controller_name=f"{mark} Pemerintah", controller_address=f"Jl. {mark}",
                               dpo_name=f"{mark} PPDP", dpo_email=f"ppdp.{suffix}@probe.example", dpo_phone="",
                               changes=mark, by=None)
        privacy_notice.accept_current(citizen)
        erasure.request_erasure(citizen, f"{mark} alasan")
        # Account upkeep: two-factor recovery codes and a NIK correction waiting for the admin.
        recovery.issue(session.scalar(select(User).where(User.email == secrets["users"]["admin"])))
        kecamatan = "".join(desa.split(".")[:3])
        nik_corrections.request_correction(citizen, f"{kecamatan}1508900001", f"{mark} salah ketik")
        session.add(SurveyResponse(module_key="probe", ref=suffix, service_name=f"{mark} layanan",
                                   unit_name=f"{mark} unit", user_id=citizen.id, suggestion=mark,
                                   completed_at=datetime.now(UTC), **{f"u{n}": 3 for n in range(1, 10)}))
        for manifest in app.extensions["kiblat_modules"]:
            if manifest.key in tenant.modules and manifest.sample_data is not None:
                manifest.hook("sample_data")(mark)
        record("probe.seed", "tenant", tenant.slug, note=mark)
        session.commit()
    return secrets


def api_clients_scopes(tenant: TenantInfo) -> set[str]:
    from kiblat.platform.identity.api.scopes import available_scopes

    return set(available_scopes(tenant))
