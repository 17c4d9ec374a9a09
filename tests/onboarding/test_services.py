"""The wizard's services on both backends: each step, forged steps, auto-approval versus
staff review, rejection email through the outbox, provisioning and the handoff."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.models import User
from kiblat.platform.identity.passwords import verify_password
from kiblat.platform.identity.staff.models import StaffUser
from kiblat.platform.mail.models import OutboxMessage
from kiblat.platform.onboarding import accounts, domains, files, handoff, review, wizard
from kiblat.platform.onboarding.errors import OnboardingError, StepOrderError
from kiblat.platform.onboarding.models import Applicant, OnboardingRequest
from kiblat.platform.regions.models import Regency
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import Tenant, TenantStatus
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import add_user
from tests.onboarding.helpers import (
    PASSWORD,
    PDF,
    PNG,
    free_region,
    make_applicant,
    record_official_domain,
    run_jobs,
    verification_token,
    walk_wizard,
)


def test_account_verification_link_from_the_outbox_works_once(ctx) -> None:
    applicant = make_applicant(verified=False)
    assert not applicant.verified
    token = verification_token(applicant.email)
    assert accounts.verify_email(token).verified
    with pytest.raises(OnboardingError):
        accounts.verify_email(token)
    with pytest.raises(OnboardingError, match="sudah terdaftar"):
        accounts.create_applicant(name="Lain", email=applicant.email.upper(), password=PASSWORD)
    assert accounts.authenticate(applicant.email, PASSWORD).id == applicant.id
    assert accounts.authenticate(applicant.email, "salah-sekali-123") is None


def test_steps_are_refused_before_verification_and_out_of_order(ctx) -> None:
    unverified = make_applicant(verified=False)
    draft = wizard.draft_for(unverified)
    with pytest.raises(StepOrderError, match="email"):
        wizard.save_region(unverified, draft, free_region())
    applicant = make_applicant()
    draft = wizard.draft_for(applicant)
    with pytest.raises(StepOrderError):
        wizard.save_slug(applicant, draft, "lompatlangkah")
    with pytest.raises(StepOrderError):
        wizard.save_plan(applicant, draft, accept_price=True, use_template=False)
    with pytest.raises(StepOrderError):
        review.submit(applicant, draft)
    db.session.refresh(draft)
    assert (draft.slug, draft.steps_done, draft.status) == (None, [], "draft")


def test_taken_region_names_the_host_and_no_personal_data(ctx, make_tenant) -> None:
    tenant = make_tenant(region=free_region())
    add_user(ctx, tenant, role="admin", email=f"rahasia@{tenant.slug}.example.id")
    applicant = make_applicant()
    draft = wizard.draft_for(applicant)
    with pytest.raises(OnboardingError) as refused:
        wizard.save_region(applicant, draft, tenant.region_code)
    assert tenant.primary_host in str(refused.value) and "rahasia" not in str(refused.value)
    name = db.session.get(Regency, tenant.region_code).name
    choice = next(c for c in wizard.search_regions(name, draft) if c.code == tenant.region_code)
    assert choice.taken_by_host == tenant.primary_host
    assert wizard.search_regions("x") == []  # too short to search
    with pytest.raises(OnboardingError, match="daftar resmi"):
        wizard.save_region(applicant, draft, "99.99")
    # The slug step refuses a taken address and a malformed one.
    wizard.save_region(applicant, draft, free_region())
    record_official_domain(applicant, draft.region_code)
    wizard.save_proof(applicant, draft)
    for bad in (tenant.slug, "Bukan Slug", "www"):
        with pytest.raises(OnboardingError):
            wizard.save_slug(applicant, draft, bad)
    db.session.refresh(draft)
    assert draft.steps_done == ["wilayah", "bukti"]


def test_letter_and_logo_are_checked_by_content_and_size(ctx) -> None:
    applicant = make_applicant(official=False)
    draft = wizard.draft_for(applicant)
    wizard.save_region(applicant, draft, free_region())
    with pytest.raises(OnboardingError, match="surat tugas"):
        wizard.save_proof(applicant, draft, None)  # not a .go.id address: a letter is required
    with pytest.raises(OnboardingError, match="PDF, JPEG atau PNG"):
        wizard.save_proof(applicant, draft, b"<html>bukan surat</html>")
    with pytest.raises(OnboardingError, match="5 MB"):
        wizard.save_proof(applicant, draft, PDF + b"0" * files.MAX_LETTER_BYTES)
    db.session.refresh(draft)
    assert draft.letter_key is None and "bukti" not in draft.steps_done
    assert wizard.save_proof(applicant, draft, PDF) == "letter"
    stored = files.absolute_path(draft.letter_key)
    assert stored.read_bytes() == PDF and "platform-files" in stored.parts and "uploads" not in stored.parts
    wizard.save_slug(applicant, draft, f"l{applicant.id}x{draft.id}")
    with pytest.raises(OnboardingError, match="JPEG, PNG, GIF atau WebP"):
        wizard.save_branding(applicant, draft, primary_color="#112233", accent_color="#445566", tagline="",
                             logo=b"GIF? tidak, ini teks")
    with pytest.raises(OnboardingError, match="1 MB"):
        wizard.save_branding(applicant, draft, primary_color="#112233", accent_color="#445566", tagline="",
                             logo=PNG + b"\x00" * files.MAX_LOGO_BYTES)
    with pytest.raises(OnboardingError, match="#RRGGBB"):
        wizard.save_branding(applicant, draft, primary_color="merah", accent_color="#445566", tagline="")
    db.session.refresh(draft)
    assert draft.logo_key is None and "tampilan" not in draft.steps_done


def test_modules_resolve_requirements_and_price_is_in_rupiah(ctx) -> None:
    applicant = make_applicant()
    draft = walk_wizard(applicant)
    assert draft.data["modules"] == ["pengumuman"]
    price = wizard.price_of(draft)
    assert price.total > 0 and draft.data["monthly_price"] == price.total
    registry = wizard.services.modules()
    needing = [m for m in registry if m.requires]
    if needing:  # a module that requires another gets it added, and says why
        ordered, added = wizard.resolve_modules([needing[0].key])
        assert set(needing[0].requires) <= set(ordered) and all(needing[0].key in v for v in added.values())
    with pytest.raises(OnboardingError):
        wizard.resolve_modules(["tidak_ada"])
    with pytest.raises(OnboardingError):
        wizard.resolve_modules([])


def test_official_email_is_approved_automatically_and_provisioned(ctx, client, staff) -> None:
    applicant = make_applicant(official=True)
    region = free_region()
    domains.add(staff, applicant.email.rpartition("@")[2], region)  # recorded for this very region
    draft = walk_wizard(applicant, region)
    review.submit(applicant, draft)
    assert draft.status == "provisioning" and draft.auto_approved and draft.run_id
    draft_id, applicant_id = draft.id, applicant.id
    run_jobs()  # the worker ends its session: reload what the test holds
    draft = db.session.get(OnboardingRequest, draft_id)
    applicant = db.session.get(Applicant, applicant_id)
    assert draft.status == "active", draft.error
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == draft.slug))
    assert tenant.status == TenantStatus.ACTIVE and tenant.region_code == draft.region_code
    assert tenant.branding.primary_color == "#1d4e89" and tenant.branding.logo_key
    info = tenant_registry().by_slug(draft.slug)
    with tenant_context(info):
        admin = tenant_db.session.scalar(select(User).where(User.email == applicant.email))
        assert admin.role_key == "admin" and verify_password(admin.password_hash, PASSWORD)
        assert admin.totp_enabled_at is None  # enrols two-factor at first sign-in
    # No invitation to set a password was sent: the applicant already has one.
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.key == f"invite:{draft.slug}:{applicant.email}")) == 0

    # The handoff: one-time, bound to this tenant's host.
    token = handoff.issue_handoff(applicant, draft)
    other = wizard.tenant_host("deliserdang-lain")
    assert client.get(f"/bergabung-masuk/{token}", base_url=f"http://{other}").status_code in (404, 410)
    landed = client.get(f"/bergabung-masuk/{token}", base_url=f"http://{info.primary_host}")
    assert landed.status_code == 302 and "/akun/dua-langkah" in landed.headers["Location"]
    admin_page = client.get("/admin/", base_url=f"http://{info.primary_host}")
    assert admin_page.status_code == 302 and "/akun/dua-langkah" in admin_page.headers["Location"]
    assert client.get(f"/bergabung-masuk/{token}", base_url=f"http://{info.primary_host}").status_code == 410


def test_handoff_token_of_one_tenant_fails_on_another(ctx, client, make_tenant, staff) -> None:
    applicant = make_applicant(official=True)
    region = free_region()
    domains.add(staff, applicant.email.rpartition("@")[2], region)
    draft = walk_wizard(applicant, region)
    review.submit(applicant, draft)
    draft_id, applicant_id = draft.id, applicant.id
    run_jobs()
    draft = db.session.get(OnboardingRequest, draft_id)
    applicant = db.session.get(Applicant, applicant_id)
    token = handoff.issue_handoff(applicant, draft)
    elsewhere = make_tenant()
    assert client.get(f"/bergabung-masuk/{token}", base_url=f"http://{elsewhere.primary_host}").status_code == 410
    # Refused there, the token was not spent: it still works on its own tenant.
    own = tenant_registry().by_slug(draft.slug)
    assert client.get(f"/bergabung-masuk/{token}", base_url=f"http://{own.primary_host}").status_code == 302


def test_letter_goes_to_staff_review_and_rejection_is_emailed(ctx, staff) -> None:
    applicant = make_applicant(official=False)
    draft = walk_wizard(applicant, letter=PDF)
    review.submit(applicant, draft)
    assert draft.status == "review" and draft.run_id is None
    assert draft in review.pending_requests()
    with pytest.raises(OnboardingError, match="Alasan"):
        review.reject(draft, staff, "pendek")
    review.reject(draft, staff, "Surat tugas tidak ditandatangani pejabat berwenang.")
    assert draft.status == "rejected"
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == applicant.email)
                             .order_by(OutboxMessage.id.desc()).limit(1))
    assert "ditolak" in mail.subject and "tidak ditandatangani pejabat berwenang" in mail.body
    ids = draft.id, applicant.id, mail.id, staff.id
    run_jobs()
    draft, applicant = db.session.get(OnboardingRequest, ids[0]), db.session.get(Applicant, ids[1])
    staff = db.session.get(StaffUser, ids[3])
    assert db.session.get(OnboardingRequest, ids[0]).status == "rejected"
    assert db.session.get(OutboxMessage, ids[2]).status == "printed"  # delivered by the job queue
    # Corrected and resubmitted, then approved by staff.
    wizard.save_proof(applicant, draft, PDF)
    review.submit(applicant, draft)
    assert draft.status == "review"
    review.approve(draft, staff)
    assert draft.status == "provisioning" and not draft.auto_approved and draft.reviewed_by == staff.id
    with pytest.raises(OnboardingError):
        review.approve(draft, staff)  # not waiting for review any more


def test_auto_approval_can_be_switched_off_by_staff(ctx, staff) -> None:
    review.set_auto_approve(staff, False)
    try:
        applicant = make_applicant(official=True)
        draft = walk_wizard(applicant)
        review.submit(applicant, draft)
        assert draft.status == "review" and not draft.auto_approved
    finally:
        review.set_auto_approve(staff, True)


def test_region_claimed_meanwhile_is_refused_at_submit(ctx, make_tenant) -> None:
    applicant = make_applicant(official=True)
    draft = walk_wizard(applicant)
    make_tenant(region=draft.region_code)
    with pytest.raises(OnboardingError, match="sudah bergabung"):
        review.submit(applicant, draft)
    db.session.rollback()
    assert db.session.get(OnboardingRequest, draft.id).status == "draft"


def test_a_go_id_address_of_another_region_uploads_a_letter_and_waits_for_staff(ctx, staff) -> None:
    # budi@karokab.go.id asking for another region: verified and .go.id, but not that region's domain.
    applicant = make_applicant(official=True)
    draft = wizard.draft_for(applicant)
    wizard.save_region(applicant, draft, free_region())  # holds its region from now on
    home = free_region()
    domains.add(staff, applicant.email.rpartition("@")[2], home)
    assert not wizard.official_proof_available(applicant, draft.region_code)
    with pytest.raises(OnboardingError, match="bukan alamat resmi pemerintah daerah yang Anda pilih"):
        wizard.save_proof(applicant, draft, None)
    assert draft.proof != "official" and "bukti" not in (draft.steps_done or [])
    wizard.save_proof(applicant, draft, PDF)
    assert draft.proof == "letter" and draft.letter_key
    wizard.save_slug(applicant, draft, f"o{uuid.uuid4().hex[:9]}")
    wizard.save_branding(applicant, draft, primary_color="#1D4E89", accent_color="#e76f51", tagline="Maju", logo=PNG)
    wizard.save_modules(applicant, draft, ["pengumuman"])
    wizard.save_plan(applicant, draft, accept_price=True, use_template=False)
    review.submit(applicant, draft)
    assert draft.status == "review" and not draft.auto_approved and draft.run_id is None
    # Choosing another region after the proof asks for the proof again.
    stranger = make_applicant(official=True)
    draft = walk_wizard(stranger)
    assert draft.proof == "official"
    wizard.save_region(stranger, draft, free_region())
    assert "bukti" not in draft.steps_done


def test_staff_keep_the_official_domain_list(ctx, staff) -> None:
    assert {(d.domain, d.region_code) for d in domains.all_domains()} >= {
        ("deliserdangkab.go.id", "12.07"), ("binjaikota.go.id", "12.75")}  # seeded for the demo regions
    assert domains.is_official_for("Admin@DeliSerdangKab.go.id", "12.07")
    assert not domains.is_official_for("admin@deliserdangkab.go.id", "12.75")
    assert not domains.is_official_for("budi@karokab.go.id", "12.71")
    for domain, code, message in (("bukan domain", "12.07", "tidak valid"), ("karo.go.id", "99.99", "tidak dikenal"),
                                  ("deliserdangkab.go.id", "12.06", "sudah tercatat untuk wilayah 12.07")):
        with pytest.raises(OnboardingError, match=message):
            domains.add(staff, domain, code)
    tag = free_region().replace(".", "")
    domains.add(staff, f"@Uji{tag}.go.id", "12.06")
    assert domains.is_official_for(f"camat@uji{tag}.go.id", "12.06")
    domains.remove(staff, f"uji{tag}.go.id")
    assert not domains.is_official_for(f"camat@uji{tag}.go.id", "12.06")
    with pytest.raises(OnboardingError):
        domains.remove(staff, f"uji{tag}.go.id")
