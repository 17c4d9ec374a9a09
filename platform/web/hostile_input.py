"""Hostile input answered with a clean 4xx, for every route at once.

* ``<int:…>`` in any URL rule only matches numbers a database id can hold; a longer one is a
  404 before any view or query sees it (SQLite refuses integers beyond 2^63, PostgreSQL's
  ``integer`` columns end at 2^31).
* ``request.args.get(…, type=int)`` and ``request.form.get(…, type=int)`` treat such a number
  as absent (the caller's default).
* JSON nested too deeply to parse is invalid JSON (a 400), not a ``RecursionError``.
* A NUL character in a path segment, query or form value is a 400 (PostgreSQL cannot store
  one: it would otherwise reach a query and fail there); :func:`contains_nul` lets JSON
  readers refuse it too.
* A body that is parsed in one go (url-encoded form, JSON) may be ``MAX_PLAIN_BODY_SIZE``
  at most (413 otherwise): 15 MB of millions of tiny fields never reaches the parser. Only
  multipart forms, which carry files and are parsed as a stream within ``MAX_FORM_PARTS``
  and ``MAX_FORM_MEMORY_SIZE``, may reach ``MAX_CONTENT_LENGTH``.
* A refused body no larger than ``MAX_CONTENT_LENGTH`` is read to its end before the 413
  leaves: a server that closes with unread data resets the connection, and a proxy still
  sending it (nginx) then shows its own 502 instead of Kiblat's page.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, Response, abort, current_app, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter
from werkzeug.wsgi import LimitedStream

# Every id column is an SQL ``integer``.
MAX_ID = 2**31 - 1
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
DRAIN_CHUNK = 64 * 1024


class BoundedIntConverter(IntegerConverter):
    """``int`` in URL rules, at most :data:`MAX_ID` unless a rule names its own ``max``."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002, ANN001
                 max: int | None = MAX_ID, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else max,
                         signed=signed)


def bounded_int(value: Any) -> int:
    """``int(value)`` for a value an id column can hold; ValueError otherwise."""
    number = int(value)
    if not -MAX_ID <= number <= MAX_ID:
        raise ValueError("integer out of range")
    return number


class BoundedParameters(ImmutableMultiDict):
    """Query and form values whose ``get(type=int)`` refuses numbers no column can hold."""

    def get(self, key, default=None, type=None):  # noqa: A002, ANN001, ANN201
        return super().get(key, default, bounded_int if type is int else type)


class KiblatRequest(Request):
    parameter_storage_class = BoundedParameters

    @property
    def max_content_length(self) -> int | None:
        limit = Request.max_content_length.fget(self)
        if self._max_content_length is not None or self.mimetype == "multipart/form-data" or not current_app:
            return limit
        plain = current_app.config.get("MAX_PLAIN_BODY_SIZE")
        return plain if limit is None else min(limit, plain or limit)

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


class KiblatJSONProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON is nested too deeply") from None


def contains_nul(value: Any) -> bool:
    """Whether a parsed JSON document holds a NUL character in any key or text."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def refuse_nul_characters() -> None:
    current = request._get_current_object()
    has_body = current.method in ("POST", "PUT", "PATCH")
    if not current.view_args and not current.query_string and not has_body:
        return  # nothing a visitor typed reaches a view (most page views)
    values = [*(current.view_args or {}).values(), *current.args.values()]
    if has_body and current.mimetype in FORM_TYPES:
        values += current.form.values()
    if any(isinstance(value, str) and "\x00" in value for value in values):
        abort(400, description="Permintaan memuat karakter yang tidak diperbolehkan.")


def drain_refused_body(response: Response) -> Response:
    """Read what is left of a body refused with 413, when it is within MAX_CONTENT_LENGTH."""
    if response.status_code != 413:
        return response
    current = request._get_current_object()
    length = current.content_length
    if not length or length > current_app.config["MAX_CONTENT_LENGTH"]:
        return response  # nginx never passes more on; a bigger claim is not worth a worker's time
    # A parser that stopped part-way left werkzeug's stream, which knows what is left;
    # a body refused by its length alone was never touched.
    stream = current.__dict__.get("stream") or LimitedStream(current.environ["wsgi.input"], length)
    try:
        while stream.read(DRAIN_CHUNK):
            pass
    except (HTTPException, OSError, ValueError):
        pass  # the client went away or the stream ended early: nothing left to protect
    return response


def init_hostile_input(app: Flask) -> None:
    """Before any URL rule is added: rules bind their converters when they are registered."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = KiblatRequest
    app.json = KiblatJSONProvider(app)
    app.after_request(drain_refused_body)


def init_input_checks(app: Flask) -> None:
    """After the tenant is resolved, so a refusal is shown on the regency's own page."""
    app.before_request(refuse_nul_characters)
