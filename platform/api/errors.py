"""Every API error is ``{"error": <code>, "message": <Bahasa Indonesia>}`` with its status."""

from __future__ import annotations

from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from kiblat.tenants.context import get_current_tenant

PREFIX = "/api/"

MESSAGES = {
    400: ("bad_request", "Permintaan tidak dapat dipahami."),
    401: ("unauthorized", "Sertakan token akses: Authorization: Bearer <token>."),
    403: ("forbidden", "Anda tidak berhak melakukan ini."),
    404: ("not_found", "Alamat atau data yang diminta tidak ada."),
    405: ("method_not_allowed", "Metode HTTP ini tidak didukung untuk alamat tersebut."),
    413: ("payload_too_large", "Badan permintaan terlalu besar."),
    415: ("unsupported_media_type", "Kirim badan permintaan sebagai application/json."),
    429: ("rate_limited", "Terlalu banyak permintaan; coba lagi nanti."),
}


class ApiError(Exception):
    """Raised by API views and services' callers for an error answer."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    response = jsonify(error=code, message=message)
    response.status_code = status
    response.headers.update(headers or {})
    return response


def handle_api_error(error: ApiError) -> Response:
    return error_response(error.status, error.code, error.message, error.headers)


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    code, message = MESSAGES.get(status, ("error", "Permintaan tidak dapat diproses."))
    headers = {}
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return error_response(status, code, message, headers)


def answer_unrouted_api_request() -> Response | None:
    """Unknown ``/api/…`` paths and wrong methods: no blueprint handler sees those."""
    failure = request.routing_exception
    if failure is None or not request.path.startswith(PREFIX):
        return None
    if get_current_tenant() is None:  # the API exists on regency hosts only
        return handle_http_exception(NotFound())
    if isinstance(failure, HTTPException) and (failure.code or 0) >= 400:
        return handle_http_exception(failure)
    return None  # e.g. a redirect to the canonical URL
