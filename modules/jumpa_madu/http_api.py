"""Jumpa Madu's endpoints in the regency's API (``/api/v1/jumpa-madu/…``).

Tokens are the regency's client-credentials tokens (e.g. DLH's WhatsApp service), so a
nasabah is named by account number; the price list is public."""

from __future__ import annotations

from datetime import date

from flask import request

from kiblat.modules.jumpa_madu.models import WastePickup
from kiblat.modules.jumpa_madu.services import config, ledger, nasabah, pickups, settings
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.platform.api.errors import ApiError
from kiblat.platform.api.routes import PAGE_PARAMETERS, ApiRoutes, page_args
from kiblat.tenants.database import tenant_db

api = ApiRoutes("jumpa-madu", "Bank sampah: harga, penjemputan, saldo, rute petugas")

PRICE_LIST = {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {
    "type": "object", "required": ["key", "name", "price_per_kg"],
    "properties": {"key": {"type": "string"}, "name": {"type": "string"}, "group": {"type": "string"},
                   "price_per_kg": {"type": ["integer", "null"], "description": "Rupiah per kg"},
                   "effective_from": {"type": ["string", "null"], "format": "date-time"}}}}}}
PICKUP = {"type": "object", "required": ["id", "status", "date", "window"], "properties": {
    "id": {"type": "integer"}, "status": {"type": "string", "enum": list(pickups.STATUS_LABELS)},
    "date": {"type": "string", "format": "date"}, "window": {"type": "string"}, "address": {"type": "string"},
    "desa_code": {"type": "string"}, "cancel_reason": {"type": "string"},
    "items": {"type": "array", "items": {"type": "object", "properties": {
        "category": {"type": "string"}, "estimated_grams": {"type": "integer"}}}}}}
NEW_PICKUP = {"type": "object", "additionalProperties": False, "required": ["account_no", "date", "window_id", "estimates"],
              "properties": {"account_no": {"type": "string", "maxLength": 20}, "date": {"type": "string", "format": "date"},
                             "window_id": {"type": "integer"}, "address": {"type": "string", "maxLength": 300},
                             "estimates": {"type": "object", "description": "jenis sampah → perkiraan gram",
                                           "additionalProperties": {"type": "integer", "minimum": 0}}}}
STATEMENT = {"type": "object", "required": ["account_no", "balance", "entries"], "properties": {
    "account_no": {"type": "string"}, "balance": {"type": "integer"}, "page": {"type": "integer"},
    "pages": {"type": "integer"}, "total": {"type": "integer"},
    "entries": {"type": "array", "items": {"type": "object", "properties": {
        "id": {"type": "integer"}, "kind": {"type": "string"}, "amount": {"type": "integer"},
        "balance_after": {"type": "integer"}, "memo": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"}}}}}}
ROUTE = {"type": "object", "required": ["date", "stops"], "properties": {
    "date": {"type": "string", "format": "date"},
    "stops": {"type": "array", "items": {"type": "object", "properties": {
        "desa_code": {"type": "string"}, "desa": {"type": "string"}, "pickups": {"type": "array", "items": PICKUP}}}}}}


def _pickup_json(pickup: WastePickup) -> dict:
    return {"id": pickup.id, "status": pickup.status, "date": pickup.pickup_date.isoformat(),
            "window": f"{pickup.window.starts}-{pickup.window.ends}", "address": pickup.address,
            "desa_code": pickup.desa_code, "cancel_reason": pickup.cancel_reason,
            "items": [{"category": i.category.key, "estimated_grams": i.estimated_grams} for i in pickup.items]}


def _book(account_no: str):  # noqa: ANN202
    book = nasabah.by_account_no(account_no)
    if book is None:
        raise ApiError(404, "not_found", "Nasabah dengan nomor rekening itu tidak ada.")
    return book


@api.route("/jumpa-madu/harga", "GET", name="prices", summary="Daftar harga sampah per kg yang berlaku",
           response_schema=PRICE_LIST)
def prices() -> dict:
    return {"items": [
        {"key": c.key, "name": c.name, "group": c.group, "price_per_kg": p.price_per_kg if p else None,
         "effective_from": config.as_utc(p.effective_from).isoformat() if p else None}
        for c, p in config.price_list()
    ]}


@api.route("/jumpa-madu/penjemputan", "POST", name="pickup_create", summary="Mengajukan penjemputan sampah",
           scope="jumpa_madu.write", body=NEW_PICKUP, status=201, response_schema=PICKUP)
def create_pickup(body: dict) -> dict:
    book = _book(body["account_no"])
    try:
        pickup = pickups.request_pickup(book, pickup_date=date.fromisoformat(body["date"]),
                                        window_id=body["window_id"], estimates=body["estimates"],
                                        actor_id=None, address=body.get("address"))
    except (JumpaMaduError, ValueError) as exc:
        tenant_db.session.rollback()
        raise ApiError(400, "validation_error", str(exc)) from None
    return _pickup_json(pickup)


@api.route("/jumpa-madu/penjemputan/<int:pickup_id>", "GET", name="pickup_status",
           summary="Status penjemputan", scope="jumpa_madu.read", response_schema=PICKUP)
def pickup_status(pickup_id: int) -> dict:
    pickup = pickups.get(pickup_id)
    if pickup is None:
        raise ApiError(404, "not_found", "Penjemputan tidak ditemukan.")
    return _pickup_json(pickup)


@api.route("/jumpa-madu/nasabah/<account_no>/tabungan", "GET", name="statement",
           summary="Saldo dan riwayat buku tabungan nasabah", scope="jumpa_madu.read",
           parameters=PAGE_PARAMETERS, response_schema=STATEMENT)
def statement(account_no: str) -> dict:
    book = _book(account_no)
    page, per_page = page_args(default_per_page=settings.statement_per_page(), maximum=200)
    result = ledger.statement(book.id, page, per_page)
    return {"account_no": book.account_no, "balance": result.balance, "page": result.page, "pages": result.pages,
            "total": result.total, "entries": [
                {"id": e.id, "kind": e.kind, "amount": e.amount, "balance_after": e.balance_after, "memo": e.memo,
                 "created_at": config.as_utc(e.created_at).isoformat()} for e in result.entries]}


@api.route("/jumpa-madu/rute/<int:collector_id>", "GET", name="route", summary="Rute harian petugas penjemput",
           scope="jumpa_madu.read", response_schema=ROUTE,
           parameters=({"name": "tanggal", "in": "query", "schema": {"type": "string", "format": "date"}},))
def route(collector_id: int) -> dict:
    try:
        day = date.fromisoformat(request.args["tanggal"]) if request.args.get("tanggal") else pickups.today()
    except ValueError:
        raise ApiError(400, "validation_error", "Parameter 'tanggal' harus berformat YYYY-MM-DD.") from None
    stops = pickups.route(collector_id, day)
    return {"date": day.isoformat(), "stops": [
        {"desa_code": s.desa_code, "desa": s.desa_name, "pickups": [_pickup_json(p) for p in s.pickups]}
        for s in stops]}
