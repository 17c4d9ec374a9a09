"""Sri Deli's endpoints in the regency's API (``/api/v1/perizinan``)."""

from __future__ import annotations

from kiblat.modules.sri_deli.services import catalogue, queries, reports
from kiblat.platform.api.errors import ApiError
from kiblat.platform.api.routes import ApiRoutes

api = ApiRoutes("perizinan", "Sri Deli: katalog izin, simulasi biaya, pelacakan dan verifikasi")

PERMIT = {
    "type": "object",
    "required": ["key", "name", "opd", "sla_days", "fee_kind"],
    "properties": {
        "key": {"type": "string"}, "name": {"type": "string"}, "opd": {"type": "string"},
        "legal_basis": {"type": "string"}, "sla_days": {"type": "integer"},
        "fee_kind": {"type": "string", "enum": ["fixed", "formula"]}, "fee_amount": {"type": "integer"},
        "fee_formula": {"type": "string"},
        "documents": {"type": "array", "items": {"type": "object"}},
        "fields": {"type": "array", "items": {"type": "object"}},
        "stages": {"type": "array", "items": {"type": "object"}},
    },
}
FEE_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "required": ["permit", "values"],
    "properties": {
        "permit": {"type": "string", "maxLength": 40},
        "values": {"type": "object", "additionalProperties": {"type": ["number", "string"]}},
    },
}
TRACK_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "required": ["number", "code"],
    "properties": {"number": {"type": "string", "maxLength": 40}, "code": {"type": "string", "maxLength": 20}},
}


def _permit_json(permit) -> dict:  # noqa: ANN001
    return {"key": permit.key, "name": permit.name, "opd": permit.opd_short_name,
            "legal_basis": permit.legal_basis, "sla_days": permit.sla_days, "fee_kind": permit.fee_kind,
            "fee_amount": permit.fee_amount, "fee_formula": permit.fee_formula, "documents": permit.documents,
            "fields": permit.fields, "stages": [{"key": s["key"], "label": s["label"]} for s in permit.stages]}


@api.route("/perizinan/izin", "GET", name="catalogue", summary="Katalog izin",
           response_schema={"type": "object", "properties": {"items": {"type": "array", "items": PERMIT}}})
def list_permits() -> dict:
    return {"items": [_permit_json(p) for p in catalogue.offered_types()]}


@api.route("/perizinan/simulasi-biaya", "POST", name="fee", summary="Simulasi biaya/retribusi izin",
           body=FEE_REQUEST,
           response_schema={"type": "object", "properties": {"fee": {"type": "integer"}}})
def simulate(body: dict) -> dict:
    permit = catalogue.offered_type(body["permit"])
    if permit is None:
        raise ApiError(404, "not_found", "Jenis izin tidak dikenal.")
    fee, errors = catalogue.simulate_fee(permit, {k: str(v) for k, v in body["values"].items()})
    if errors:
        raise ApiError(400, "validation_error", "; ".join(errors) + ".")
    return {"permit": permit.key, "fee": fee}


@api.route("/perizinan/lacak", "POST", name="track", summary="Lacak permohonan (nomor + kode lacak)",
           body=TRACK_REQUEST, response_schema={"type": "object"})
def track(body: dict) -> dict:
    application = queries.track(body["number"], body["code"])
    if application is None:
        raise ApiError(404, "not_found", "Nomor pendaftaran atau kode lacak tidak cocok.")
    return queries.tracking_view(application)


@api.route("/perizinan/verifikasi/<token>", "GET", name="verify", summary="Verifikasi keaslian izin",
           response_schema={"type": "object", "properties": {"state": {"type": "string"}}})
def verify(token: str) -> dict:
    application = queries.by_verify_token(token)
    if application is None:
        raise ApiError(404, "not_found", "Izin tidak ditemukan.")
    return {"state": queries.certificate_state(application), "certificate_number": application.certificate_number,
            "permit": application.permit_type.name, "holder": application.applicant_name,
            "valid_until": queries.aware(application.valid_until).isoformat() if application.valid_until else None}


@api.route("/perizinan/statistik", "GET", name="statistics", summary="Statistik perizinan",
           description="Jumlah per jenis/status/bulan, lama proses rata-rata dan p90, kepatuhan SLA per OPD.",
           scope="sri_deli.read", response_schema={"type": "object"})
def statistics() -> dict:
    return reports.summary()
