"""A few realistic rows of every kind Sri Deli stores (demos and the cross-tenant probe)."""

from __future__ import annotations

import contextlib
import io
import secrets
from datetime import UTC, date, datetime

from sqlalchemy import select

from kiblat.modules.sri_deli.models import (
    AWAITING_PAYMENT,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    Bill,
)
from kiblat.modules.sri_deli.services import (
    catalogue,
    holidays,
    numbers,
    online,
    payments,
    staffing,
)
from kiblat.platform.identity.demo_accounts import OFFICER_PASSWORD, ensure_demo_account
from kiblat.platform.identity.models import Opd
from kiblat.platform.modular.manifest import DemoLogin
from kiblat.platform.payments import accounts
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa


def sample_pdf(text: str) -> bytes:
    """A real one-page PDF, as an officer would download it (the permits benchmark uploads it too:
    the upload check opens every PDF)."""
    from fpdf import FPDF  # imported when needed: it is slow to import

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def sample_data(marker: str) -> None:
    session = tenant_db.session
    catalogue.seed()
    today = date.today()
    with contextlib.suppress(holidays.HolidayError):
        holidays.add_local(date(today.year + 2, 12, 30), f"{marker} cuti bersama", "cuti_bersama")
    desa = session.scalar(select(Desa.code).order_by(Desa.code))
    permit = catalogue.get_type("penelitian")
    now = datetime.now(UTC)
    application = Application(
        number=numbers.registration_number(permit.key, now) + "-" + secrets.token_hex(4),
        tracking_hash=numbers.hash_code("SAMPLE" + marker), idempotency_key=secrets.token_hex(16),
        permit_type=permit, opd_short_name=permit.opd_short_name, applicant_kind="perorangan",
        applicant_name=f"{marker} pemohon", nik_masked="1207********0001", desa_code=desa,
        address=f"{marker} Jalan Sudirman", form_data={"judul": f"{marker} penelitian"},
        email=f"pemohon.{secrets.token_hex(3)}@example.id", submitted_at=now, pauses=[])
    session.add(application)
    session.flush()
    pdf = sample_pdf(f"KTP {marker}")
    key = tenant_storage().save(io.BytesIO(pdf), "ktp.pdf", f"sri_deli/{application.id}")
    session.add(ApplicationDocument(application_id=application.id, doc_key="ktp", filename=f"{marker}-ktp.pdf",
                                    storage_key=key, content_type="application/pdf", size=len(pdf)))
    session.add(ApplicationEvent(application_id=application.id, action="submitted", stage_key="kelengkapan",
                                 actor_name=f"{marker} pemohon", note=f"{marker} diajukan", at=now))
    session.flush()
    _awaiting_payment(marker, desa, now)
    # Online payment left switched off: a demo regency has no Stripe account of its own.
    accounts.save(online.OWNER, "", "", enabled=False, actor_name=f"{marker} admin", now=now)


def _awaiting_payment(marker: str, desa: str, now: datetime) -> Bill:
    """An approved billboard permit whose retribusi is not paid yet (a bill with a kode bayar)."""
    session = tenant_db.session
    permit = catalogue.get_type("reklame")
    application = Application(
        number=numbers.registration_number(permit.key, now) + "-" + secrets.token_hex(4),
        tracking_hash=numbers.hash_code("SAMPLE" + marker), idempotency_key=secrets.token_hex(16),
        permit_type=permit, opd_short_name=permit.opd_short_name, applicant_kind="perorangan",
        applicant_name=f"{marker} pemasang reklame", nik_masked="1207********0002", desa_code=desa,
        address=f"{marker} Jalan Medan-Lubuk Pakam", form_data={"luas_reklame": 2, "lama_hari": 30,
                                                               "lokasi": f"{marker} simpang"},
        fee=150_000, status=AWAITING_PAYMENT, decided_at=now, email=f"reklame.{secrets.token_hex(3)}@example.id",
        submitted_at=now, pauses=[])
    session.add(application)
    session.flush()
    session.add(ApplicationEvent(application_id=application.id, action="billed", stage_key="penetapan",
                                 actor_name=f"{marker} pejabat", note=f"{marker} tagihan", at=now))
    bill = payments.create_bill(application, now)
    bill.reference = f"{marker} belum dibayar"
    session.flush()
    return bill



# The regency's OPDs the starting catalogue names, with their full names.
DEMO_OPDS = {
    "DPMPTSP": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "DINKES": "Dinas Kesehatan",
    "KESBANGPOL": "Badan Kesatuan Bangsa dan Politik",
}
# The officer role that works a stage needing each permission, and the email's first word.
STAGE_ROLES = {"sri_deli.frontoffice": ("petugas_loket", "loket"), "sri_deli.verify": ("verifikator_izin", "verifikator"),
               "sri_deli.inspect": ("verifikator_izin", "verifikator"),
               "sri_deli.approve": ("penandatangan_izin", "pejabat")}


def demo_logins(tenant: TenantInfo) -> list[DemoLogin]:
    """A permit officer for every stage of every published permit type, at the stage's OPD
    (created with its real name when missing), so each permit can be walked end to end."""
    session = tenant_db.session
    catalogue.seed()
    logins: dict[str, DemoLogin] = {}
    for permit_type in catalogue.active_types():
        for stage in permit_type.stages:
            short = staffing.stage_opd(permit_type, stage)
            opd = session.scalar(select(Opd).where(Opd.short_name == short))
            if opd is None:
                opd = Opd(name=DEMO_OPDS.get(short, short), short_name=short)
                session.add(opd)
                session.flush()
            role, word = STAGE_ROLES[stage["permission"]]
            email = f"{word}.{short.lower()}@{tenant.slug}.example.id"
            if email not in logins:
                ensure_demo_account(email, f"{word.title()} {short} {tenant.short_name}", role, OFFICER_PASSWORD,
                                    opd_id=opd.id)
                logins[email] = DemoLogin(f"{word} izin {short}", email, OFFICER_PASSWORD)
    # The revenue treasurer who confirms retribusi payments, and one bill waiting for payment.
    email = f"bendahara@{tenant.slug}.example.id"
    ensure_demo_account(email, f"Bendahara Penerimaan {tenant.short_name}", "bendahara_penerimaan",
                        OFFICER_PASSWORD)
    logins[email] = DemoLogin("bendahara penerimaan", email, OFFICER_PASSWORD)
    if not payments.unpaid():
        desa = session.scalar(select(Desa.code).order_by(Desa.code))
        _awaiting_payment("Contoh", desa, datetime.now(UTC))
    session.flush()
    return list(logins.values())
