"""Wizard fixes over HTTP (both backends): the emailed verification link brings a saved wizard
back, the logo chosen before "Perbarui pratinjau" is kept, the sign-out button is visible."""

from __future__ import annotations

import re

from kiblat.platform.core.extensions import db
from kiblat.platform.onboarding import wizard
from kiblat.platform.onboarding.models import OnboardingRequest
from tests.console.helpers import BASE
from tests.identity.helpers import csrf_token
from tests.onboarding.helpers import (
    PASSWORD,
    PDF,
    PNG,
    free_region,
    make_applicant,
    verification_token,
)


def _signed_in(client, email: str) -> None:  # noqa: ANN001
    page = client.get("/bergabung/masuk", base_url=BASE).get_data(as_text=True)
    answer = client.post("/bergabung/masuk", base_url=BASE,
                         data={"csrf_token": csrf_token(page), "email": email, "password": PASSWORD})
    assert answer.status_code == 302


def test_the_emailed_link_resumes_a_saved_wizard(ctx, client) -> None:
    applicant = make_applicant(official=False)  # verified through the link already
    draft = wizard.draft_for(applicant)
    wizard.save_region(applicant, draft, free_region())
    token = verification_token(applicant.email)
    # Signed out: the spent link sends to the sign-in page, saying the data is kept.
    again = client.get(f"/bergabung/verifikasi/{token}", base_url=BASE, follow_redirects=True)
    assert again.status_code == 200 and "data Anda tersimpan" in again.get_data(as_text=True)
    # Signed in: the link continues at the next unfinished step.
    _signed_in(client, applicant.email)
    resumed = client.get(f"/bergabung/verifikasi/{token}", base_url=BASE)
    assert resumed.status_code == 302 and resumed.headers["Location"].endswith("/bergabung/langkah/bukti")
    # A token that never existed is still refused.
    assert client.get("/bergabung/verifikasi/tidak-ada", base_url=BASE).status_code == 410


def test_the_logo_survives_the_preview_and_sign_out_is_visible(ctx, client) -> None:
    applicant = make_applicant(official=False)
    draft = wizard.draft_for(applicant)
    wizard.save_region(applicant, draft, free_region())
    wizard.save_proof(applicant, draft, PDF)
    wizard.save_slug(applicant, draft, f"t{applicant.id:09d}"[:20])
    draft_id = draft.id
    _signed_in(client, applicant.email)
    page = client.get("/bergabung/langkah/tampilan", base_url=BASE).get_data(as_text=True)
    assert re.search(r'class="link-button on-light"[^>]*>Keluar \(data tersimpan\)', page)
    # What "Perbarui pratinjau" does with a chosen logo (views.step): kept, the step not finished.
    wizard.save_logo(applicant, draft, PNG)
    assert draft.logo_key and "tampilan" not in draft.steps_done
    page = client.get("/bergabung/langkah/tampilan", base_url=BASE).get_data(as_text=True)
    assert 'id="bp-logo" src="/bergabung/logo"' in page  # the preview shows it
    # "Simpan dan lanjut" without choosing the file again keeps it.
    wizard.save_branding(applicant, draft, primary_color="#1d4e89", accent_color="#e76f51", tagline="Maju")
    db.session.expire_all()
    kept = db.session.get(OnboardingRequest, draft_id)
    assert kept.logo_key and "tampilan" in kept.steps_done
