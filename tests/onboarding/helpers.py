"""Building applicants and walking the wizard through the services, as the pages do."""

from __future__ import annotations

import re
import struct
import uuid
import zlib

from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.jobs.queue import run_due
from kiblat.platform.mail.models import OutboxMessage
from kiblat.platform.onboarding import accounts, wizard
from kiblat.platform.onboarding.models import Applicant, OfficialDomain, OnboardingRequest
from kiblat.platform.regions.models import Regency
from kiblat.tenants.models import Tenant
from tests.files import real_pdf
from tests.jobs import LATER

PASSWORD = "kata-sandi-pendaftar-1"


def _png(size: int = 16, rgb: tuple[int, int, int] = (242, 194, 0)) -> bytes:
    """A real (decodable) PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PNG = _png()
PDF = real_pdf("Surat tugas")
LINK_RE = re.compile(r"https?://\S+/bergabung/verifikasi/(\S+)")


def free_region() -> str:
    """A regency neither a tenant nor any onboarding request uses (needs an app context)."""
    used = set(db.session.scalars(select(Tenant.region_code)))
    used |= set(db.session.scalars(select(OnboardingRequest.region_code).where(OnboardingRequest.region_code.is_not(None))))
    # The last free code: deterministic, and far from the first ones make_tenant takes.
    return next(c for c in db.session.scalars(select(Regency.code).order_by(Regency.code.desc())) if c not in used)


def verification_token(email: str) -> str:
    """The token of the latest verification link mailed to ``email``, read from the outbox."""
    body = db.session.scalar(select(OutboxMessage.body).where(OutboxMessage.recipient == email)
                             .order_by(OutboxMessage.id.desc()).limit(1))
    return LINK_RE.search(body).group(1)


def make_applicant(official: bool = True, verified: bool = True) -> Applicant:
    tag = uuid.uuid4().hex[:8]
    domain = f"dinas{tag}.go.id" if official else f"pemda{tag}.example.id"
    applicant = accounts.create_applicant(name=f"Pendaftar {tag}", email=f"admin@{domain}", password=PASSWORD)
    if verified:
        accounts.verify_email(verification_token(applicant.email))
    return applicant


def record_official_domain(applicant: Applicant, region: str) -> None:
    """Staff record the applicant's domain as official for ``region`` (what the console does)."""
    domain = applicant.email.rpartition("@")[2]
    if db.session.get(OfficialDomain, domain) is None:
        db.session.add(OfficialDomain(domain=domain, region_code=region))
        db.session.commit()


def walk_wizard(applicant: Applicant, region: str | None = None, letter: bytes | None = None,
                modules: tuple[str, ...] = ("pengumuman",)) -> OnboardingRequest:
    """Every step; an applicant on a .go.id address without a letter proves the claim with a
    domain recorded for the region (recorded here when nobody did)."""
    draft = wizard.draft_for(applicant)
    wizard.save_region(applicant, draft, region or free_region())
    if letter is None and accounts.is_official_email(applicant.email):
        record_official_domain(applicant, draft.region_code)
    wizard.save_proof(applicant, draft, letter)
    wizard.save_slug(applicant, draft, f"o{uuid.uuid4().hex[:9]}")
    wizard.save_branding(applicant, draft, primary_color="#1D4E89", accent_color="#e76f51", tagline="Maju",
                         logo=PNG)
    wizard.save_modules(applicant, draft, list(modules))
    wizard.save_plan(applicant, draft, accept_price=True, use_template=False)
    return draft


def run_jobs() -> None:
    run_due(LATER)  # retries too, without waiting for their backoff
