"""OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html) over the published
catalogue: the six verbs, ``oai_dc`` metadata, ``from``/``until`` at seconds granularity, one
set per collection, and the protocol's own error codes.

Lists are paged by object id (keyset, never by offset), so a harvest that follows every
resumption token gets each published object exactly once even when objects are published or
changed while it pages. A token is the next page's arguments signed with the app's secret
and bound to the regency: an altered token, or one from another regency, is
``badResumptionToken``. Drafts never appear. An object that was published and is then
withdrawn or deleted leaves a tombstone (``deletedRecord`` is ``persistent``): its header, with
``status="deleted"`` and no metadata, is listed and returned by GetRecord so harvesters drop
their copy; an object that was never published is ``idDoesNotExist``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from kiblat.modules.kenang_lemu.models import Collection, DeletedRecord, MuseumObject
from kiblat.modules.kenang_lemu.services import catalogue, museum
from kiblat.platform.core.times import as_utc
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
ET.register_namespace("", OAI)
ET.register_namespace("oai_dc", OAI_DC)
ET.register_namespace("dc", DC)
ET.register_namespace("xsi", XSI)

VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
FORMATS = {"oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC)}
EARLIEST_FALLBACK = datetime(2026, 1, 1, tzinfo=UTC)


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ListQuery:
    prefix: str
    set_spec: str | None
    start: datetime | None
    end: datetime | None
    after_id: int
    cursor: int


def stamp(value: datetime) -> str:
    return as_utc(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str, end: bool) -> tuple[datetime, str]:
    """A ``from``/``until`` value (day or seconds granularity) and its granularity."""
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
            return (day.replace(hour=23, minute=59, second=59) if end else day), "day"
        if len(value) == 20 and value.endswith("Z"):
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), "seconds"
    except ValueError:
        pass
    raise OaiError("badArgument", f"Tanggal {value!r} tidak sah: gunakan YYYY-MM-DD atau YYYY-MM-DDThh:mm:ssZ.")


def identifier(object_id: int) -> str:
    return f"oai:{current_tenant.primary_host}:objek/{object_id}"


def _object_id(value: str) -> int | None:
    prefix = f"oai:{current_tenant.primary_host}:objek/"
    if not value.startswith(prefix) or not value[len(prefix):].isdigit():
        return None
    return int(value[len(prefix):])


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"kenang_lemu.oai:{current_tenant.slug}")


def _token(query: ListQuery) -> str:
    return _serializer().dumps([query.prefix, query.set_spec, query.start and stamp(query.start),
                                query.end and stamp(query.end), query.after_id, query.cursor])


def _from_token(token: str) -> ListQuery:
    try:
        prefix, set_spec, start, end, after_id, cursor = _serializer().loads(token)
        return ListQuery(prefix, set_spec, start and _parse_date(start, False)[0], end and _parse_date(end, True)[0],
                         int(after_id), int(cursor))
    except (BadSignature, ValueError, TypeError, OaiError):
        raise OaiError("badResumptionToken", "Token lanjutan tidak sah atau sudah tidak berlaku.") from None


def _el(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _header(parent: ET.Element, obj: MuseumObject | DeletedRecord) -> None:
    if isinstance(obj, DeletedRecord):
        header = _el(parent, f"{{{OAI}}}header", status="deleted")
        _el(header, f"{{{OAI}}}identifier", identifier(obj.object_id))
        _el(header, f"{{{OAI}}}datestamp", stamp(obj.deleted_at))
        if obj.set_spec:
            _el(header, f"{{{OAI}}}setSpec", obj.set_spec)
        return
    header = _el(parent, f"{{{OAI}}}header")
    _el(header, f"{{{OAI}}}identifier", identifier(obj.id))
    _el(header, f"{{{OAI}}}datestamp", stamp(obj.updated_at))
    if obj.collection is not None:
        _el(header, f"{{{OAI}}}setSpec", obj.collection.key)


def _deleted_record(parent: ET.Element, tombstone: DeletedRecord) -> None:
    _header(_el(parent, f"{{{OAI}}}record"), tombstone)


def _record(parent: ET.Element, obj: MuseumObject, object_url: str) -> None:
    record = _el(parent, f"{{{OAI}}}record")
    _header(record, obj)
    metadata = _el(record, f"{{{OAI}}}metadata")
    dc = _el(metadata, f"{{{OAI_DC}}}dc", **{f"{{{XSI}}}schemaLocation":
                                             f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"})
    for element, value, language in catalogue.dublin_core(obj):
        attributes = {f"{{{XML_NS}}}lang": language} if language else {}
        _el(dc, f"{{{DC}}}{element}", value, **attributes)
    _el(dc, f"{{{DC}}}identifier", object_url)
    _el(dc, f"{{{DC}}}publisher", museum.museum().name)


def _published() -> select:
    return select(MuseumObject).where(MuseumObject.published.is_(True))


def _list_conditions(query: ListQuery) -> list:
    conditions = [MuseumObject.published.is_(True)]
    if query.set_spec:
        conditions.append(MuseumObject.collection_id.in_(select(Collection.id).where(Collection.key == query.set_spec)))
    if query.start:
        conditions.append(MuseumObject.updated_at >= query.start)
    if query.end:
        conditions.append(MuseumObject.updated_at <= query.end)
    return conditions


def _tombstone_conditions(query: ListQuery) -> list:
    conditions = []
    if query.set_spec:
        conditions.append(DeletedRecord.set_spec == query.set_spec)
    if query.start:
        conditions.append(DeletedRecord.deleted_at >= query.start)
    if query.end:
        conditions.append(DeletedRecord.deleted_at <= query.end)
    return conditions


def _list_query(args: Mapping[str, str]) -> ListQuery:
    if "resumptionToken" in args:
        return _from_token(args["resumptionToken"])
    prefix = args["metadataPrefix"]
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"Format metadata {prefix!r} tidak tersedia; gunakan oai_dc.")
    start = end = None
    granularities = set()
    if "from" in args:
        start, granularity = _parse_date(args["from"], False)
        granularities.add(granularity)
    if "until" in args:
        end, granularity = _parse_date(args["until"], True)
        granularities.add(granularity)
    if len(granularities) > 1:
        raise OaiError("badArgument", "from dan until harus memakai granularitas yang sama.")
    if start and end and start > end:
        raise OaiError("badArgument", "from tidak boleh sesudah until.")
    set_spec = args.get("set")
    if set_spec is not None and museum.collection_by_key(set_spec) is None:
        raise OaiError("badArgument", f"Set {set_spec!r} tidak dikenal.")
    return ListQuery(prefix, set_spec, start, end, 0, 0)


def _record_id(found: MuseumObject | DeletedRecord) -> int:
    return found.object_id if isinstance(found, DeletedRecord) else found.id


def _tombstone(object_id: int | None) -> DeletedRecord | None:
    return tenant_db.session.get(DeletedRecord, object_id) if object_id is not None else None


def _list(root: ET.Element, verb: str, args: Mapping[str, str], page_size: int, object_url) -> None:  # noqa: ANN001
    query = _list_query(args)
    session = tenant_db.session
    conditions = _list_conditions(query)
    deleted = _tombstone_conditions(query)
    total = (session.scalar(select(func.count(MuseumObject.id)).where(*conditions)) or 0) + \
        (session.scalar(select(func.count(DeletedRecord.object_id)).where(*deleted)) or 0)
    # Records and tombstones share the id order (an id is one or the other, never both), so the
    # keyset paging over both merged still gets each identifier exactly once.
    live = session.scalars(select(MuseumObject).where(*conditions, MuseumObject.id > query.after_id)
                           .order_by(MuseumObject.id).limit(page_size + 1))
    gone = session.scalars(select(DeletedRecord).where(*deleted, DeletedRecord.object_id > query.after_id)
                           .order_by(DeletedRecord.object_id).limit(page_size + 1))
    page = sorted([*live, *gone], key=_record_id)[:page_size + 1]
    if not page:
        if "resumptionToken" in args:
            raise OaiError("badResumptionToken", "Token lanjutan tidak lagi menunjuk ke data.")
        raise OaiError("noRecordsMatch", "Tidak ada rekaman yang cocok dengan permintaan ini.")
    more = len(page) > page_size
    page = page[:page_size]
    container = _el(root, f"{{{OAI}}}{verb}")
    for obj in page:
        if verb == "ListIdentifiers":
            _header(container, obj)
        elif isinstance(obj, DeletedRecord):
            _deleted_record(container, obj)
        else:
            _record(container, obj, object_url(obj.id))
    if more or "resumptionToken" in args:
        following = ListQuery(query.prefix, query.set_spec, query.start, query.end, _record_id(page[-1]),
                              query.cursor + len(page))
        attributes = {"cursor": str(query.cursor)}
        if total:
            attributes["completeListSize"] = str(max(total, query.cursor + len(page)))
        _el(container, f"{{{OAI}}}resumptionToken", _token(following) if more else "", **attributes)


def respond(args: Sequence[tuple[str, str]], base_url: str, page_size: int, object_url) -> bytes:  # noqa: ANN001
    """The XML answer to a request's arguments (every ``(name, value)`` pair, repeats kept)."""
    root = ET.Element(f"{{{OAI}}}OAI-PMH", {f"{{{XSI}}}schemaLocation":
                                            f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"})
    _el(root, f"{{{OAI}}}responseDate", stamp(datetime.now(UTC)))
    request_element = _el(root, f"{{{OAI}}}request", base_url)
    try:
        verb, values = _check(args)
        for name, value in values.items():
            request_element.set(name, value)
        request_element.set("verb", verb)
        _answer(root, verb, values, base_url, page_size, object_url)
    except OaiError as exc:
        if exc.code in ("badVerb", "badArgument"):
            request_element.attrib.clear()  # the spec: no attributes echoed for these errors
        for child in list(root)[2:]:
            root.remove(child)
        _el(root, f"{{{OAI}}}error", str(exc), code=exc.code)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _check(args: Sequence[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    names = [name for name, _ in args]
    verbs = [value for name, value in args if name == "verb"]
    if len(verbs) != 1:
        raise OaiError("badVerb", "Permintaan harus memuat tepat satu verb." if verbs else "Verb tidak ada.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("badVerb", f"Verb {verb!r} tidak dikenal.")
    required, optional = VERBS[verb]
    values = {name: value for name, value in args if name != "verb"}
    if len(values) != len(names) - 1:
        raise OaiError("badArgument", "Argumen tidak boleh diulang.")
    unknown = set(values) - required - optional
    if unknown:
        raise OaiError("badArgument", f"Argumen tidak sah untuk {verb}: {', '.join(sorted(unknown))}.")
    if "resumptionToken" in values:
        if len(values) > 1:
            raise OaiError("badArgument", "resumptionToken adalah argumen eksklusif.")
        return verb, values
    missing = required - set(values)
    if missing:
        raise OaiError("badArgument", f"Argumen wajib tidak ada: {', '.join(sorted(missing))}.")
    return verb, values


def _answer(root: ET.Element, verb: str, args: dict[str, str], base_url: str, page_size: int, object_url) -> None:  # noqa: ANN001
    if verb == "Identify":
        found = museum.museum()
        identify = _el(root, f"{{{OAI}}}Identify")
        _el(identify, f"{{{OAI}}}repositoryName", found.name)
        _el(identify, f"{{{OAI}}}baseURL", base_url)
        _el(identify, f"{{{OAI}}}protocolVersion", "2.0")
        _el(identify, f"{{{OAI}}}adminEmail", f"museum@{current_tenant.primary_host}")
        stamps = [tenant_db.session.scalar(select(func.min(MuseumObject.updated_at))
                                           .where(MuseumObject.published.is_(True))),
                  tenant_db.session.scalar(select(func.min(DeletedRecord.deleted_at)))]
        found_stamps = [as_utc(s) for s in stamps if s is not None]
        _el(identify, f"{{{OAI}}}earliestDatestamp", stamp(min(found_stamps) if found_stamps else EARLIEST_FALLBACK))
        _el(identify, f"{{{OAI}}}deletedRecord", "persistent")
        _el(identify, f"{{{OAI}}}granularity", "YYYY-MM-DDThh:mm:ssZ")
    elif verb == "ListMetadataFormats":
        if "identifier" in args:
            object_id = _object_id(args["identifier"])
            if object_id is None or (catalogue.get_published(object_id) is None and _tombstone(object_id) is None):
                raise OaiError("idDoesNotExist", f"Tidak ada rekaman {args['identifier']!r}.")
        formats = _el(root, f"{{{OAI}}}ListMetadataFormats")
        for prefix, (schema, namespace) in FORMATS.items():
            entry = _el(formats, f"{{{OAI}}}metadataFormat")
            _el(entry, f"{{{OAI}}}metadataPrefix", prefix)
            _el(entry, f"{{{OAI}}}schema", schema)
            _el(entry, f"{{{OAI}}}metadataNamespace", namespace)
    elif verb == "ListSets":
        if "resumptionToken" in args:
            raise OaiError("badResumptionToken", "Daftar set tidak memakai token lanjutan.")
        sets = _el(root, f"{{{OAI}}}ListSets")
        for collection in museum.collections():
            entry = _el(sets, f"{{{OAI}}}set")
            _el(entry, f"{{{OAI}}}setSpec", collection.key)
            _el(entry, f"{{{OAI}}}setName", collection.name)
    elif verb == "GetRecord":
        if args["metadataPrefix"] not in FORMATS:
            raise OaiError("cannotDisseminateFormat", f"Format metadata {args['metadataPrefix']!r} tidak tersedia.")
        object_id = _object_id(args["identifier"])
        obj = catalogue.get_published(object_id) if object_id is not None else None
        if obj is not None:
            _record(_el(root, f"{{{OAI}}}GetRecord"), obj, object_url(obj.id))
            return
        tombstone = _tombstone(object_id)
        if tombstone is None:
            raise OaiError("idDoesNotExist", f"Tidak ada rekaman {args['identifier']!r}.")
        _deleted_record(_el(root, f"{{{OAI}}}GetRecord"), tombstone)
    else:
        _list(root, verb, args, page_size, object_url)
