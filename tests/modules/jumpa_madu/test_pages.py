"""The whole story through real pages (CSRF, sign-in, permissions), one client per person."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from kiblat.modules.jumpa_madu.models import Nasabah, SavingsWithdrawal, WastePickup
from kiblat.modules.jumpa_madu.services import ledger, pickups
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.jumpa_madu.helpers import BINJAI, DELI_SERDANG, first_desa, in_tenant, regency


def person(app, tenant, role: str):  # noqa: ANN001, ANN201
    email = f"{role}-{secrets.token_hex(3)}@example.id"
    user_id = add_user(app, tenant, role=role, email=email)
    client = app.test_client()
    assert sign_in(client, tenant, email).status_code == 302
    return client, user_id


def post(client, tenant, path: str, data: dict, page: str | None = None):  # noqa: ANN001, ANN201
    host = f"http://{tenant.primary_host}"
    token = csrf_token(client.get(page or path, base_url=host).get_data(as_text=True))
    return client.post(path, base_url=host, data={"csrf_token": token, **data})


def text_of(client, tenant, path: str) -> str:  # noqa: ANN001
    response = client.get(path, base_url=f"http://{tenant.primary_host}")
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def test_request_weigh_and_withdraw_through_the_pages(app) -> None:  # noqa: ANN001
    binjai = regency(app, BINJAI)
    citizen, citizen_id = person(app, binjai, "citizen")
    officer, _ = person(app, binjai, "petugas_bank_sampah")
    collector, collector_id = person(app, binjai, "pengumpul_sampah")
    stranger, _ = person(app, binjai, "pengumpul_sampah")
    with in_tenant(app, binjai):
        desa, today = first_desa(), pickups.today().isoformat()

    response = post(citizen, binjai, "/jumpa-madu/daftar",
                    {"phone": f"0812{secrets.randbelow(10**8):08d}", "desa": desa, "address": "Jl. Sudirman 5"})
    assert response.status_code == 302
    bad = post(citizen, binjai, "/jumpa-madu/jemput", {"date": today, "window": "1", "kg_kardus": "-3"})
    assert "tidak boleh negatif" in bad.get_data(as_text=True)
    assert post(citizen, binjai, "/jumpa-madu/jemput",
                {"date": today, "window": "1", "kg_kardus": "5", "kg_kaleng": "1,5"}).status_code == 302
    with in_tenant(app, binjai):
        book = tenant_db.session.scalar(select(Nasabah).where(Nasabah.user_id == citizen_id))
        pickup_id = tenant_db.session.scalar(select(WastePickup.id).where(WastePickup.nasabah_id == book.id))
        nasabah_id = book.id

    assert post(officer, binjai, f"/jumpa-madu/kelola/jemput/{pickup_id}/jadwal", {"date": today, "window": "1"},
                page="/jumpa-madu/kelola").status_code == 302
    assert post(officer, binjai, f"/jumpa-madu/kelola/jemput/{pickup_id}/tugaskan",
                {"collector": str(collector_id)}, page="/jumpa-madu/kelola").status_code == 302
    assert "Timbang" in text_of(collector, binjai, "/jumpa-madu/rute")
    assert stranger.get(f"/jumpa-madu/rute/{pickup_id}/timbang",
                        base_url=f"http://{binjai.primary_host}").status_code == 404
    assert citizen.get("/jumpa-madu/rute", base_url=f"http://{binjai.primary_host}").status_code == 403

    form = text_of(collector, binjai, f"/jumpa-madu/rute/{pickup_id}/timbang")
    key = re.search(r'name="key" value="([0-9a-f]+)"', form).group(1)
    weighing = {"key": key, "kg_kardus": "6", "kg_kaleng": "1,25"}
    too_heavy = post(collector, binjai, f"/jumpa-madu/rute/{pickup_id}/timbang", {**weighing, "kg_kardus": "501"})
    assert "lebih dari 500 kg" in too_heavy.get_data(as_text=True)
    first = post(collector, binjai, f"/jumpa-madu/rute/{pickup_id}/timbang", weighing)
    again = post(collector, binjai, f"/jumpa-madu/rute/{pickup_id}/timbang", weighing)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]  # the same receipt, paid once
    expected = 6 * 2_000 + 15_000  # 6 kg kardus + 1,25 kg kaleng at Rp12.000
    page = text_of(citizen, binjai, "/jumpa-madu/tabungan")
    assert "Rp27.000" in page and "tanda terima" in page
    assert "Rp15.000" in text_of(citizen, binjai, first.headers["Location"])

    refused = post(citizen, binjai, "/jumpa-madu/tarik", {"amount": "50000"}, page="/jumpa-madu/tabungan")
    assert refused.status_code == 302
    assert "Saldo tidak cukup" in text_of(citizen, binjai, "/jumpa-madu/tabungan")
    post(citizen, binjai, "/jumpa-madu/tarik", {"amount": "20.000"}, page="/jumpa-madu/tabungan")
    with in_tenant(app, binjai):
        withdrawal_id = tenant_db.session.scalar(
            select(SavingsWithdrawal.id).where(SavingsWithdrawal.nasabah_id == nasabah_id))
    assert citizen.post(f"/jumpa-madu/kelola/tarik/{withdrawal_id}/setujui",
                        base_url=f"http://{binjai.primary_host}").status_code in (400, 403)
    post(officer, binjai, f"/jumpa-madu/kelola/tarik/{withdrawal_id}/setujui", {}, page="/jumpa-madu/kelola")
    post(officer, binjai, f"/jumpa-madu/kelola/tarik/{withdrawal_id}/bayar",
         {"method": "transfer", "reference": "BRI-0042"}, page="/jumpa-madu/kelola")
    page = text_of(citizen, binjai, "/jumpa-madu/tabungan")
    assert "Dibayar" in page and "BRI-0042" in page and "Rp7.000" in page
    with in_tenant(app, binjai):
        assert ledger.balance_of(nasabah_id) == expected - 20_000
        assert ledger.verify() == []

    report = text_of(officer, binjai, "/jumpa-madu/laporan")
    assert "<svg" in report and "Kardus" in report
    csv = text_of(officer, binjai, "/jumpa-madu/laporan.csv?jenis=kategori")
    rows = csv.splitlines()
    assert rows[0] == "bulan,jenis_sampah,kg,rupiah" and any(",Kardus," in row for row in rows)
    assert "kg" in text_of(citizen, binjai, "/jumpa-madu/")

    # Deli Serdang: Binjai's collector and officer cookies mean nothing there.
    deli = regency(app, DELI_SERDANG)
    host = f"http://{deli.primary_host}"
    assert collector.get("/jumpa-madu/rute", base_url=host).status_code == 302  # to the sign-in page
    assert officer.get("/jumpa-madu/kelola", base_url=host).status_code == 302


def test_village_operator_registers_a_neighbour_and_requests_a_pickup(app) -> None:  # noqa: ANN001
    binjai = regency(app, BINJAI)
    with in_tenant(app, binjai):
        desa, today = first_desa(), pickups.today().isoformat()
    email = f"operator-{secrets.token_hex(3)}@example.id"
    add_user(app, binjai, role="village_operator", email=email, desa_code=desa)
    operator = app.test_client()
    assert sign_in(operator, binjai, email).status_code == 302
    response = post(operator, binjai, "/jumpa-madu/operator/daftar",
                    {"name": "Bu Rukiah", "phone": f"0813{secrets.randbelow(10**8):08d}", "address": "Gg. Mawar 3"})
    assert response.status_code == 302
    account_no = response.headers["Location"].split("rekening=")[1]
    path = f"/jumpa-madu/operator/jemput?rekening={account_no}"
    assert "Bu Rukiah" in text_of(operator, binjai, path)
    assert post(operator, binjai, path, {"date": today, "window": "1", "kg_koran": "4"}).status_code == 302
    with in_tenant(app, binjai):
        book = tenant_db.session.scalar(select(Nasabah).where(Nasabah.account_no == account_no))
        assert [p.status for p in pickups.of_nasabah(book.id)] == ["requested"]
        assert book.registered_by_user_id is not None
