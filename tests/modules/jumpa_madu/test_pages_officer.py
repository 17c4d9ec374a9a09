"""Officer pages: walk-in deposits, corrections from the receipt; photos and desa boundaries."""

from __future__ import annotations

import io
import re
import secrets

from PIL import Image
from sqlalchemy import select

from kiblat.modules.jumpa_madu.models import Nasabah, WastePickup
from kiblat.modules.jumpa_madu.services import ledger, pickups
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from tests.files import real_png
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.jumpa_madu.helpers import BINJAI, first_desa, in_tenant, new_nasabah, regency
from tests.modules.jumpa_madu.test_pages import person, post, text_of

PNG = real_png((32, 24))


def test_walk_in_deposit_and_correction_from_the_receipt(app) -> None:  # noqa: ANN001
    binjai = regency(app, BINJAI)
    officer, _ = person(app, binjai, "petugas_bank_sampah")
    with in_tenant(app, binjai):
        nid = new_nasabah()
        account_no = tenant_db.session.get(Nasabah, nid).account_no
    form = text_of(officer, binjai, "/jumpa-madu/kelola/setor")
    key = re.search(r'name="key" value="([0-9a-f]+)"', form).group(1)
    unknown = post(officer, binjai, "/jumpa-madu/kelola/setor", {"account_no": "TIDAK-ADA", "key": key, "kg_kardus": "2"})
    assert "tidak ditemukan" in unknown.get_data(as_text=True)
    done = post(officer, binjai, "/jumpa-madu/kelola/setor", {"account_no": account_no, "key": key, "kg_botol_pet": "2"})
    assert done.status_code == 302
    receipt = done.headers["Location"]
    again = post(officer, binjai, "/jumpa-madu/kelola/setor", {"account_no": account_no, "key": key, "kg_botol_pet": "2"})
    assert again.headers["Location"] == receipt  # the same form twice: one deposit
    page = text_of(officer, binjai, receipt)
    assert "Rp7.000" in page and "Batalkan setoran ini" in page
    action = re.search(r'action="(/jumpa-madu/kelola/koreksi/\d+)"', page).group(1)
    assert post(officer, binjai, action, {"reason": "", "next": receipt}, page=receipt).status_code == 302
    with in_tenant(app, binjai):
        assert ledger.balance_of(nid) == 7_000  # no reason, no correction
    post(officer, binjai, action, {"reason": "Salah nasabah", "next": "https://contoh.example/"}, page=receipt)
    post(officer, binjai, action, {"reason": "Lagi", "next": receipt}, page=receipt)
    with in_tenant(app, binjai):
        assert ledger.balance_of(nid) == 0
        assert [e.kind for e in ledger.statement(nid).entries] == ["correction", "deposit"]


def test_photo_is_private_and_operators_stay_in_their_desa(app) -> None:  # noqa: ANN001
    binjai = regency(app, BINJAI)
    citizen, citizen_id = person(app, binjai, "citizen")
    other, _ = person(app, binjai, "citizen")
    with in_tenant(app, binjai):
        desa, today = first_desa(), pickups.today().isoformat()
        other_desa = tenant_db.session.scalar(select(Desa.code).where(Desa.code != desa).order_by(Desa.code).limit(1))
    post(citizen, binjai, "/jumpa-madu/daftar",
         {"phone": f"0812{secrets.randbelow(10**8):08d}", "desa": desa, "address": "Jl. Flamboyan 9"})
    host = f"http://{binjai.primary_host}"
    token = csrf_token(citizen.get("/jumpa-madu/jemput", base_url=host).get_data(as_text=True))
    bad = citizen.post("/jumpa-madu/jemput", base_url=host, content_type="multipart/form-data", data={
        "csrf_token": token, "date": today, "window": "1", "kg_kardus": "3",
        "photo": (io.BytesIO(b"MZ not an image"), "virus.exe")})
    assert "Foto sampah: Jenis berkas tidak diterima: gunakan JPEG, PNG atau WebP." in bad.get_data(as_text=True)
    sent = citizen.post("/jumpa-madu/jemput", base_url=host, content_type="multipart/form-data", data={
        "csrf_token": token, "date": today, "window": "1", "kg_kardus": "3", "photo": (io.BytesIO(PNG), "sampah.png")})
    assert sent.status_code == 302
    with in_tenant(app, binjai):
        book = tenant_db.session.scalar(select(Nasabah).where(Nasabah.user_id == citizen_id))
        pickup_id = tenant_db.session.scalar(select(WastePickup.id).where(WastePickup.nasabah_id == book.id))
        account_no = book.account_no
    photo = citizen.get(f"/jumpa-madu/jemput/{pickup_id}/foto", base_url=host)
    assert photo.mimetype == "image/png"  # stored as Pillow wrote it again: the same pixels
    assert Image.open(io.BytesIO(photo.data)).tobytes() == Image.open(io.BytesIO(PNG)).tobytes()
    assert other.get(f"/jumpa-madu/jemput/{pickup_id}/foto", base_url=host).status_code == 404

    email = f"operator-{secrets.token_hex(3)}@example.id"
    add_user(app, binjai, role="village_operator", email=email, desa_code=other_desa)
    operator = app.test_client()
    sign_in(operator, binjai, email)
    assert operator.get(f"/jumpa-madu/operator/jemput?rekening={account_no}", base_url=host).status_code == 404
