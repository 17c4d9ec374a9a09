"""A bad spec is rejected before any step runs, naming each offending field."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiblat.platform.core.extensions import db
from kiblat.provisioning.models import ProvisioningRun
from kiblat.provisioning.run import provision_now
from kiblat.provisioning.spec import SpecError, validate_spec
from kiblat.provisioning.spec_file import load_spec_file
from kiblat.tenants.models import Tenant
from tests.files import SCRIPT, SVG, bomb_png, real_png


def rejected_fields(spec: dict) -> list[str]:
    runs = db.session.scalar(select(func.count()).select_from(ProvisioningRun))
    tenants = db.session.scalar(select(func.count()).select_from(Tenant))
    with pytest.raises(SpecError) as info:
        provision_now(spec)
    assert db.session.scalar(select(func.count()).select_from(ProvisioningRun)) == runs
    assert db.session.scalar(select(func.count()).select_from(Tenant)) == tenants
    return info.value.fields


def test_valid_spec_is_completed_with_defaults(make_spec) -> None:
    spec = validate_spec({"region": make_spec()["region"],
                          "users": [{"name": "A", "email": "A@B.go.id", "role": "admin"}]})
    assert spec["time_zone"] in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
    assert spec["names"]["official"].startswith("Pemerintah ")
    assert spec["users"][0]["email"] == "a@b.go.id"
    assert spec["modules"] == {}
    assert validate_spec(spec) == spec  # the complete spec is itself valid input


def test_unknown_fields_are_named(make_spec) -> None:
    spec = make_spec(colour="#fff")
    spec["branding"]["motto"] = "x"
    assert rejected_fields(spec) == ["branding.motto", "colour"]


def test_bad_colour_and_email(make_spec) -> None:
    spec = make_spec()
    spec["branding"]["primary_color"] = "hijau"
    spec["users"][0]["email"] = "bukan-email"
    assert sorted(rejected_fields(spec)) == ["branding.primary_color", "users[0].email"]


def test_logo_must_be_an_image_under_one_megabyte(make_spec, tmp_path) -> None:
    text = tmp_path / "logo.png"
    text.write_text("bukan gambar")
    assert rejected_fields(make_spec(branding={"logo": str(text)})) == ["branding.logo"]
    big = tmp_path / "besar.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024))
    with pytest.raises(SpecError, match="1 MB"):
        provision_now(make_spec(branding={"logo": str(big)}))


@pytest.mark.parametrize(("name", "content", "message"), [
    ("logo.svg", SVG, "Logo: Jenis berkas tidak diterima: gunakan JPEG, PNG, GIF atau WebP."),
    ("logo.png", SVG, "Logo: Jenis berkas tidak diterima"),
    ("logo.png", SCRIPT, "Logo: Jenis berkas tidak diterima"),
    ("logo.png", bomb_png(), "Logo: Gambar terlalu besar (paling banyak 4 megapiksel)"),
    ("logo.png", real_png((2100, 2000)), "Logo: Gambar terlalu besar"),
])
def test_logo_is_refused_unless_a_raster_image_the_upload_check_accepts(make_spec, tmp_path, name, content,
                                                                        message) -> None:
    # Before, an SVG named .svg was accepted for the logo shown on every page of the regency.
    logo = tmp_path / name
    logo.write_bytes(content)
    with pytest.raises(SpecError) as refused:
        provision_now(make_spec(branding={"logo": str(logo)}))
    assert message in str(refused.value)


def test_region_taken_template_missing_module_unknown_no_admin(make_spec, make_tenant) -> None:
    taken = make_tenant()
    spec = make_spec(region=taken.region_code, template="tidakada", modules={"pajak": {}})
    spec["users"][0]["role"] = "humas"
    assert sorted(rejected_fields(spec)) == ["modules.pajak", "region", "template", "users", "users[0].role"]


def test_module_settings_are_checked(make_spec) -> None:
    assert rejected_fields(make_spec(modules={"pengumuman": {"items_per_page": 500}})) == ["modules.pengumuman"]


def test_yaml_file_resolves_logo_next_to_it(tmp_path, app_ctx) -> None:
    (tmp_path / "logo.png").write_bytes(real_png())
    path = tmp_path / "spec.yaml"
    path.write_text("region: '12.07'\nbranding:\n  logo: logo.png\n")
    assert load_spec_file(path)["branding"]["logo"] == str(tmp_path / "logo.png")
    path.write_text("region: [")
    with pytest.raises(SpecError) as info:
        load_spec_file(path)
    assert info.value.fields == ["(berkas)"]
