"""The wizard's steps. Each ``save_*`` validates everything first, then saves the step on the
applicant's draft request and commits, so an abandoned wizard resumes where it stopped.

A step can only be saved once every earlier step is done (and the email is verified): a
form posted out of order is refused with :class:`StepOrderError`, changing nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, or_, select

from kiblat.platform.billing.pricing import Quote, base_prices, quote
from kiblat.platform.core.extensions import db
from kiblat.platform.core.texts import _
from kiblat.platform.modular.manifest import ModuleManifest
from kiblat.platform.onboarding import domains, files
from kiblat.platform.onboarding.accounts import is_official_email
from kiblat.platform.onboarding.errors import OnboardingError, StepOrderError
from kiblat.platform.onboarding.models import Applicant, OnboardingRequest
from kiblat.platform.regions.models import Province, Regency
from kiblat.tenants import services
from kiblat.tenants.models import Tenant, TenantStatus

STEPS = ("wilayah", "bukti", "alamat", "tampilan", "modul", "paket")
# Requests holding their region and slug: other applicants cannot take them meanwhile.
HOLDING = ("review", "approved", "provisioning", "active")
TEMPLATE_SLUG = "deliserdang"
TAGLINE_MAX = 200
SEARCH_LIMIT = 25


@dataclass(frozen=True)
class RegionChoice:
    code: str
    name: str
    province: str
    taken_by_host: str | None  # the tenant's primary host: whom to contact
    pending: bool  # another applicant's request is being processed


# Reading ------------------------------------------------------------------------------
def draft_for(applicant: Applicant) -> OnboardingRequest:
    """The applicant's request, created empty on first use (commits when created)."""
    request = db.session.scalar(select(OnboardingRequest).where(OnboardingRequest.applicant_id == applicant.id))
    if request is None:
        request = OnboardingRequest(applicant_id=applicant.id, status="draft", data={}, steps_done=[])
        db.session.add(request)
        db.session.commit()
    return request


def next_step(request: OnboardingRequest) -> str | None:
    """The first step not done yet (None: ready to submit)."""
    return next((s for s in STEPS if s not in (request.steps_done or [])), None)


def require_step(applicant: Applicant, request: OnboardingRequest, step: str) -> None:
    """Refuse a step that is not reachable yet (unverified email, earlier steps missing)."""
    if step not in STEPS:
        raise OnboardingError(_("Langkah tidak dikenal."), status=404)
    if not applicant.verified:
        raise StepOrderError(_("Pastikan alamat email Anda lewat tautan yang kami kirim terlebih dahulu."))
    if request.status not in ("draft", "rejected"):
        raise StepOrderError(_("Permohonan sudah dikirim; data tidak dapat diubah lagi."))
    missing = [s for s in STEPS[: STEPS.index(step)] if s not in (request.steps_done or [])]
    if missing:
        raise StepOrderError(_("Selesaikan langkah sebelumnya terlebih dahulu (%(step)s).", step=missing[0]))


def _mark_done(request: OnboardingRequest, step: str, invalidates: tuple[str, ...] = ()) -> None:
    done = [s for s in (request.steps_done or []) if s not in invalidates and s != step]
    request.steps_done = [s for s in STEPS if s in {*done, step}]
    if request.status == "rejected":
        request.status = "draft"


def _other_requests(request: OnboardingRequest):  # noqa: ANN202
    return select(OnboardingRequest).where(OnboardingRequest.id != request.id,
                                           OnboardingRequest.status.in_(HOLDING))


def tenant_host(slug: str) -> str:
    return f"{slug}.{current_app.config['BASE_DOMAIN']}"


# Step 1: the region ---------------------------------------------------------------------
def search_regions(query: str, request: OnboardingRequest | None = None) -> list[RegionChoice]:
    """Kabupaten/kota whose name (or code) matches, with whether each is already taken."""
    words = " ".join((query or "").split())[:60]
    if len(words) < 2:
        return []
    pattern = f"%{words.lower()}%"
    rows = db.session.execute(
        select(Regency.code, Regency.name, Province.name)
        .join(Province, Province.code == Regency.province_code)
        .where(or_(func.lower(Regency.name).like(pattern), Regency.code.like(f"{words}%")))
        .order_by(Regency.name).limit(SEARCH_LIMIT)
    ).all()
    codes = [r[0] for r in rows]
    taken = dict(db.session.execute(select(Tenant.region_code, Tenant.slug).where(Tenant.region_code.in_(codes))).all())
    query_pending = select(OnboardingRequest.region_code).where(OnboardingRequest.region_code.in_(codes),
                                                                OnboardingRequest.status.in_(HOLDING))
    if request is not None:
        query_pending = query_pending.where(OnboardingRequest.id != request.id)
    pending = set(db.session.scalars(query_pending))
    return [RegionChoice(code, name, province, tenant_host(taken[code]) if code in taken else None,
                         code in pending) for code, name, province in rows]


def check_region_free(request: OnboardingRequest, code: str) -> Regency:
    regency = db.session.get(Regency, (code or "").strip())
    if regency is None:
        raise OnboardingError(_("Pilih kabupaten/kota dari daftar resmi."), "region")
    holder = db.session.scalar(select(Tenant.slug).where(Tenant.region_code == regency.code))
    if holder is not None:
        raise OnboardingError(_("%(name)s sudah bergabung di Kiblat. Hubungi admin-nya melalui %(host)s.",
                                name=regency.name, host=tenant_host(holder)), "region")
    if db.session.scalar(_other_requests(request).where(OnboardingRequest.region_code == regency.code)):
        raise OnboardingError(_("Pendaftaran %(name)s sedang diproses. Bila Anda merasa berhak, hubungi staf Kiblat.",
                                name=regency.name), "region")
    return regency


def save_region(applicant: Applicant, request: OnboardingRequest, code: str) -> Regency:
    require_step(applicant, request, "wilayah")
    regency = check_region_free(request, code)
    changed = request.region_code != regency.code
    request.region_code = regency.code
    if changed or not request.slug:
        request.slug = services.slug_from_regency(regency)
    # Another region: its address and price must be confirmed again.
    _mark_done(request, "wilayah", ("bukti", "alamat", "paket") if changed else ())
    db.session.commit()
    return regency


# Step 2: proof of the claim ---------------------------------------------------------------
def official_proof_available(applicant: Applicant, region_code: str | None) -> bool:
    """Only a verified address on a domain staff recorded as official for this very region
    proves the claim by itself; any other address (another region's .go.id too) uploads a
    letter that staff review."""
    return applicant.verified and domains.is_official_for(applicant.email, region_code)


def official_elsewhere(applicant: Applicant) -> bool:
    """A government address that is not an official domain of the chosen region."""
    return is_official_email(applicant.email)


def save_proof(applicant: Applicant, request: OnboardingRequest, letter: bytes | None = None) -> str:
    """A verified email on an official domain of the region proves the claim; anyone else
    uploads an assignment letter."""
    require_step(applicant, request, "bukti")
    if letter is None and request.proof == "letter" and request.letter_key:
        pass  # the letter uploaded before is kept
    elif letter is None:
        if not official_proof_available(applicant, request.region_code):
            raise OnboardingError(_("Unggah surat tugas: email Anda bukan alamat resmi pemerintah daerah yang "
                                    "Anda pilih."), "letter")
        request.proof, request.letter_key = "official", None
    else:
        key = files.store_letter(letter)
        if request.letter_key:
            files.platform_storage().delete(request.letter_key)
        request.proof, request.letter_key = "letter", key
    _mark_done(request, "bukti")
    db.session.commit()
    return request.proof


# Step 3: the address ------------------------------------------------------------------------
def check_slug(request: OnboardingRequest, slug: str) -> str:
    slug = (slug or "").strip().lower()
    try:
        services.validate_slug(slug)
    except services.TenantError:
        raise OnboardingError(_("Alamat %(slug)s tidak valid: gunakan 2–31 huruf kecil, angka atau tanda hubung, "
                                "diawali huruf, dan bukan nama yang dicadangkan.", slug=slug or "-"), "slug") from None
    if db.session.scalar(select(Tenant.id).where(Tenant.slug == slug)) or db.session.scalar(
            _other_requests(request).where(OnboardingRequest.slug == slug)):
        raise OnboardingError(_("Alamat %(host)s sudah dipakai; pilih yang lain.", host=tenant_host(slug)), "slug")
    return slug


def save_slug(applicant: Applicant, request: OnboardingRequest, slug: str) -> str:
    require_step(applicant, request, "alamat")
    request.slug = check_slug(request, slug)
    _mark_done(request, "alamat")
    db.session.commit()
    return request.slug


# Step 4: branding ----------------------------------------------------------------------------
def default_colors(request: OnboardingRequest) -> tuple[str, str]:
    index = int((request.region_code or "00.00").replace(".", "")) % len(services.DEFAULT_PALETTE)
    return services.DEFAULT_PALETTE[index]


def branding_of(request: OnboardingRequest) -> dict:
    primary, accent = default_colors(request)
    saved = (request.data or {}).get("branding") or {}
    return {"primary_color": saved.get("primary_color", primary), "accent_color": saved.get("accent_color", accent),
            "tagline": saved.get("tagline", "")}


def check_branding(primary: str, accent: str, tagline: str) -> dict:
    values = {}
    for field, value in (("primary_color", primary), ("accent_color", accent)):
        if not services.COLOR_RE.match((value or "").strip()):
            raise OnboardingError(_("Warna harus berbentuk #RRGGBB, contoh #0b6e4f."), field)
        values[field] = value.strip().lower()
    tagline = " ".join((tagline or "").split())
    if len(tagline) > TAGLINE_MAX:
        raise OnboardingError(_("Slogan paling banyak %(n)s karakter.", n=TAGLINE_MAX), "tagline")
    values["tagline"] = tagline
    return values


def save_logo(applicant: Applicant, request: OnboardingRequest, logo: bytes) -> None:
    """Keep the logo (checked like any upload) without finishing the step: the preview shows it
    and "Simpan dan lanjut" keeps it unless another is chosen."""
    require_step(applicant, request, "tampilan")
    key = files.store_logo(logo)
    if request.logo_key:
        files.platform_storage().delete(request.logo_key)
    request.logo_key = key
    db.session.commit()


def save_branding(applicant: Applicant, request: OnboardingRequest, *, primary_color: str, accent_color: str,
                  tagline: str, logo: bytes | None = None) -> dict:
    require_step(applicant, request, "tampilan")
    values = check_branding(primary_color, accent_color, tagline)
    if logo is not None:
        key = files.store_logo(logo)
        if request.logo_key:
            files.platform_storage().delete(request.logo_key)
        request.logo_key = key
    request.data = {**(request.data or {}), "branding": values}
    _mark_done(request, "tampilan")
    db.session.commit()
    return values


# Step 5: modules --------------------------------------------------------------------------------
def available_modules() -> list[ModuleManifest]:
    return sorted(services.modules(), key=lambda m: m.key)


def resolve_modules(keys: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """The chosen modules plus what they require; returns (ordered keys, added → needed by)."""
    registry = services.modules()
    chosen = {k for k in keys if k}
    unknown = sorted(k for k in chosen if k not in registry)
    if unknown:
        raise OnboardingError(_("Modul tidak dikenal: %(keys)s.", keys=", ".join(unknown)), "modules")
    if not chosen:
        raise OnboardingError(_("Pilih paling sedikit satu modul."), "modules")
    ordered = registry.dependency_order(chosen)
    added = {k: sorted(c for c in chosen if k in registry.dependency_order({c}) and c != k)
             for k in ordered if k not in chosen}
    return ordered, added


def save_modules(applicant: Applicant, request: OnboardingRequest, keys: list[str]) -> dict[str, list[str]]:
    require_step(applicant, request, "modul")
    ordered, added = resolve_modules(keys)
    changed = ordered != (request.data or {}).get("modules")
    request.data = {**(request.data or {}), "modules": ordered, "modules_added": added}
    _mark_done(request, "modul", ("paket",) if changed else ())
    db.session.commit()
    return added


# Step 6: price and template ----------------------------------------------------------------------
def price_of(request: OnboardingRequest) -> Quote:
    regency = db.session.get(Regency, request.region_code) if request.region_code else None
    return quote((request.data or {}).get("modules") or [], regency.population if regency else None,
                 base_prices(current_app.extensions["kiblat_modules"]))


def template_available(request: OnboardingRequest) -> bool:
    source = db.session.scalar(select(Tenant).where(Tenant.slug == TEMPLATE_SLUG))
    return source is not None and source.status == TenantStatus.ACTIVE and request.slug != TEMPLATE_SLUG


def save_plan(applicant: Applicant, request: OnboardingRequest, *, accept_price: bool, use_template: bool) -> Quote:
    require_step(applicant, request, "paket")
    if not accept_price:
        raise OnboardingError(_("Setujui biaya bulanan untuk melanjutkan."), "accept_price")
    if use_template and not template_available(request):
        raise OnboardingError(_("Konfigurasi Deli Serdang belum tersedia sebagai templat."), "template")
    price = price_of(request)
    request.data = {**(request.data or {}), "template": TEMPLATE_SLUG if use_template else None,
                    "monthly_price": price.total, "tier": price.tier.key}
    _mark_done(request, "paket")
    db.session.commit()
    return price
