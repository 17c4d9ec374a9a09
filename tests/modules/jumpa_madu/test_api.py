"""The JSON API: prices, pickups, statements and routes, scoped tokens, tenant-bound."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.modules.jumpa_madu.models import Nasabah
from kiblat.modules.jumpa_madu.services import config, pickups
from kiblat.tenants.database import tenant_db
from tests.api.helpers import assert_error, bearer, token_for, url
from tests.modules.jumpa_madu.helpers import (
    BINJAI,
    DELI_SERDANG,
    credit,
    in_tenant,
    new_nasabah,
    regency,
)
from tests.modules.jumpa_madu.test_flow import assigned_pickup, collector

SCOPES = ("jumpa_madu.read", "jumpa_madu.write")


def test_api_prices_pickups_statement_and_route(app, client) -> None:  # noqa: ANN001
    binjai = regency(app, BINJAI)
    with in_tenant(app, binjai):
        nid = new_nasabah()
        credit(nid)
        account_no = tenant_db.session.get(Nasabah, nid).account_no
        window_id, today = config.windows()[0].id, pickups.today().isoformat()
        mine = collector("api")
        assigned = assigned_pickup(nid, mine)
    base = url(binjai)
    prices = client.get("/api/v1/jumpa-madu/harga", base_url=base).get_json()["items"]
    assert next(p for p in prices if p["key"] == "kardus")["price_per_kg"] == 2_000

    token = token_for(app, client, binjai, SCOPES)
    assert_error(client.get(f"/api/v1/jumpa-madu/nasabah/{account_no}/tabungan", base_url=base), 401, "unauthorized")
    book = client.get(f"/api/v1/jumpa-madu/nasabah/{account_no}/tabungan", base_url=base, headers=bearer(token))
    assert book.status_code == 200 and book.get_json()["balance"] == 120_000
    assert [e["kind"] for e in book.get_json()["entries"]] == ["deposit"]

    body = {"account_no": account_no, "date": today, "window_id": window_id, "estimates": {"kardus": 2000}}
    created = client.post("/api/v1/jumpa-madu/penjemputan", base_url=base, headers=bearer(token), json=body)
    assert created.status_code == 201 and created.get_json()["status"] == "requested"
    status = client.get(f"/api/v1/jumpa-madu/penjemputan/{created.get_json()['id']}", base_url=base,
                        headers=bearer(token))
    assert status.get_json()["items"] == [{"category": "kardus", "estimated_grams": 2000}]
    bad = client.post("/api/v1/jumpa-madu/penjemputan", base_url=base, headers=bearer(token),
                      json={**body, "estimates": {"emas": 5}})
    assert "tidak dikenal" in assert_error(bad, 400, "validation_error")["message"]
    negative = client.post("/api/v1/jumpa-madu/penjemputan", base_url=base, headers=bearer(token),
                           json={**body, "estimates": {"kardus": -5}})
    assert negative.status_code == 400

    route = client.get(f"/api/v1/jumpa-madu/rute/{mine}?tanggal={today}", base_url=base, headers=bearer(token))
    assert [p["id"] for s in route.get_json()["stops"] for p in s["pickups"]] == [assigned]

    # Binjai's token and account numbers mean nothing in Deli Serdang.
    deli = regency(app, DELI_SERDANG)
    elsewhere = client.get(f"/api/v1/jumpa-madu/nasabah/{account_no}/tabungan", base_url=url(deli),
                           headers=bearer(token))
    assert elsewhere.status_code == 401
    deli_token = token_for(app, client, deli, SCOPES)
    with in_tenant(app, deli):
        assert tenant_db.session.scalar(select(Nasabah.id).where(Nasabah.account_no == account_no)) is None
    missing = client.get(f"/api/v1/jumpa-madu/nasabah/{account_no}/tabungan", base_url=url(deli),
                         headers=bearer(deli_token))
    assert_error(missing, 404, "not_found")
