"""The sample rows the demo and the cross-tenant probe use."""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

from sqlalchemy import select

from kiblat.modules.desa_terhubung.models import Survey
from kiblat.modules.desa_terhubung.services import operators, plans, surveys
from kiblat.modules.desa_terhubung.services.surveys import Signal, SurveyInput
from kiblat.platform.identity.demo_accounts import OFFICER_PASSWORD, ensure_demo_account
from kiblat.platform.modular.manifest import DemoLogin
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa


def sample_data(marker: str) -> None:
    """A verified survey, a questioned one and one waiting, in the first desa of the regency."""
    codes = list(tenant_db.session.scalars(select(Desa.code).order_by(Desa.code).limit(3)))
    day = surveys.today() - timedelta(days=7)
    kinds = (
        (Signal("telkomsel", "4g", "strong"), Signal("indosat", "3g", "weak")),
        (Signal("telkomsel", "none", "none"), Signal("xl", "none", "none")),
        (Signal("xl", "2g", "weak"),),
    )
    made = []
    for index, (code, signals) in enumerate(zip(codes * 3, kinds, strict=False)):
        survey, _new = surveys.submit(
            SurveyInput(desa_code=code, signals=signals, observed_on=day + timedelta(days=index),
                        public_access=f"{marker} Wi-Fi kantor desa", download_mbps=12.5 - 4 * index,
                        notes=f"{marker} survei contoh"),
            secrets.token_urlsafe(24), user_id=None)
        made.append(survey)
    surveys.verify(made[0].id, None, f"{marker} sesuai")
    if len(made) > 1:
        surveys.question(made[1].id, None, f"{marker} foto kurang jelas")
    target_year = surveys.today().year + 1
    plans.set_target(f"{marker} 0 desa blankspot pada {target_year}", target_year, 0)
    plans.add_plan(codes[0], f"{marker} menara BTS 4G", "bakti", 1_250_000_000, "funded",
                   surveys.today() + timedelta(days=120))
    operator = operators.add(codes[0], f"{marker} operator desa", "0812-0000-0000", day)
    training = operators.add_training(f"{marker} pelatihan layanan daring", day, f"{marker} aula kantor bupati")
    operators.attend(training.id, operator.id, certified=True)


def demo_logins(tenant: TenantInfo) -> list[DemoLogin]:
    """A village operator placed in the regency's first desa and a Diskominfo officer; the first
    time, a picture of the regency to look at: verified surveys for most desa (a few blankspot),
    one waiting for verification, a target, plans and the operator roster with a training."""
    email = f"operator.sinyal@{tenant.slug}.example.id"
    operator = ensure_demo_account(email, f"Operator Desa {tenant.short_name}", "operator_desa_terhubung",
                                   OFFICER_PASSWORD, place="desa")
    ensure_demo_account(f"diskominfo@{tenant.slug}.example.id", f"Petugas Diskominfo {tenant.short_name}",
                        "diskominfo", OFFICER_PASSWORD)
    tenant_db.session.commit()
    if tenant_db.session.scalar(select(Survey.id).limit(1)) is None:
        _demo_picture(email, operator.desa_code, tenant.short_name)
    return [DemoLogin("operator sinyal", email, OFFICER_PASSWORD),
            DemoLogin("diskominfo", f"diskominfo@{tenant.slug}.example.id", OFFICER_PASSWORD)]


def _demo_picture(operator_email: str, operator_desa: str | None, regency: str) -> None:
    chance = random.Random(regency)  # the same picture every time for the same regency
    codes = list(tenant_db.session.scalars(select(Desa.code).order_by(Desa.code)))
    day = surveys.today()
    for code in codes:
        roll = chance.random()
        if code == operator_desa or roll > 0.9:
            continue  # no verified data yet (the operator's own desa waits for the demo journey)
        if roll < 0.6:
            signals = (Signal("telkomsel", "4g", chance.choice(("strong", "very_strong"))),
                       Signal("indosat", "4g", "weak"))
        elif roll < 0.82:
            signals = (Signal("telkomsel", chance.choice(("3g", "2g", "4g")), "weak"),)
        else:
            signals = (Signal("telkomsel", "none", "none"), Signal("xl", "none", "none"))
        found, _new = surveys.submit(
            SurveyInput(desa_code=code, signals=signals, source=chance.choice(("podes", "survey", "bakti")),
                        observed_on=day - timedelta(days=chance.randint(5, 400)),
                        download_mbps=round(chance.uniform(1, 40), 1) if roll < 0.82 else None),
            secrets.token_urlsafe(24), user_id=None)
        surveys.verify(found.id, None)
        if roll >= 0.82 and chance.random() < 0.7:
            plans.add_plan(code, "Menara BTS 4G", chance.choice(("bakti", "operator", "apbd")),
                           chance.choice((850_000_000, 1_200_000_000, 1_500_000_000)),
                           chance.choice(("planned", "funded", "building")), day + timedelta(days=chance.randint(60, 500)))
        elif roll >= 0.6 and chance.random() < 0.3:
            plans.add_plan(code, "Langganan internet satelit kantor desa", "dana_desa",
                           chance.choice((18_000_000, 24_000_000, 36_000_000)), "funded",
                           day + timedelta(days=chance.randint(30, 200)))
    plans.set_target(f"0 desa blankspot pada {day.year + 1}", day.year + 1, 0)
    training = operators.add_training("Pelatihan operator desa: layanan daring dan survei sinyal",
                                      day - timedelta(days=30), "Aula Diskominfo")
    for code in codes[:25:3]:
        operator = operators.add(code, f"Operator {code[-4:]}", f"0812{chance.randint(10**7, 10**8 - 1)}",
                                 day - timedelta(days=chance.randint(60, 900)))
        operators.attend(training.id, operator.id, certified=chance.random() < 0.6)
    if operator_desa:
        operators.add(operator_desa, "Operator Desa (demo)", "0812-3456-7890", day - timedelta(days=100),
                      email=operator_email)
