"""Shared by the portability tests: a regency with real data, and a full dump of a tenant."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import inspect, select

from kiblat.migrations.metadata import tenant_metadata_for_migrations
from kiblat.modules.pengumuman.api import publish
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.nik import protect
from kiblat.platform.identity.services import issue_invitation
from kiblat.platform.storage.files import storage_for_slug, tenant_storage
from kiblat.tenants import services
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry

PASSWORD = "kata-sandi-uji-123"
NIK = "1207012505900001"


def populate(app: Flask, tenant: TenantInfo) -> dict:
    """Users with roles, NIK and invitations, an OPD, announcements, a logo and an upload."""
    with app.app_context():
        with tenant_context(tenant):
            session = tenant_db.session
            opd = Opd(name="Dinas Komunikasi dan Informatika", short_name="Diskominfo")
            session.add(opd)
            session.flush()
            admin = create_user(name="Admin Kabupaten", role="admin", email="admin@contoh.go.id",
                                password=PASSWORD)
            officer = create_user(name="Petugas Ñame", role="officer", email="petugas@contoh.go.id",
                                  password=PASSWORD, opd_id=opd.id, extra_roles=("humas",))
            officer.nik_hash, officer.nik_cipher, officer.nik_masked = protect(NIK)
            invited = create_user(name="Calon Warga", role="citizen", phone="081234567890")
            session.commit()
            issue_invitation(invited)
            session.commit()
            for n in range(3):
                publish(f"Pengumuman {n}: jalan ditutup", f"Isi pengumuman nomor {n}.\nBaris kedua.",
                        author_name="Humas", published_at=datetime(2026, 1, 2 + n, 3, 4, 5, 678901, tzinfo=UTC))
            store = tenant_storage()
            upload = store.save(io.BytesIO(b"%PDF-1.4 lampiran\x00\xff"), "lampiran pengumuman.pdf", "pengumuman")
            logo = store.save(io.BytesIO(b"\x89PNG logo bytes"), "logo.png", "branding")
            ids = {"admin": admin.id, "officer": officer.id, "upload": upload}
        services.update_branding(tenant.slug, primary_color="#123456", tagline="Bersama membangun",
                                 head_title="Bupati", head_name="Budi", logo_key=logo)
        services.update_module_settings(tenant.slug, "pengumuman", {"items_per_page": 7})
    return ids


def _value(value: object) -> object:
    if isinstance(value, datetime):
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.isoformat()
    return value


def dump(app: Flask, slug: str) -> str:
    """Every tenant table's rows, sorted, datetimes as UTC ISO strings: one JSON text."""
    with app.app_context():
        tenant = tenant_registry().by_slug(slug)
        out = {}
        with tenant_context(tenant), tenant_db.engines.engine_for(slug).connect() as conn:
            schema = tenant.schema_name if tenant_db.engines.is_postgresql else None
            present = set(inspect(conn).get_table_names(schema=schema))
            # Tables of modules the tenant never enabled do not exist in its schema.
            for table in (t for t in tenant_metadata_for_migrations().sorted_tables if t.name in present):
                rows = [[_value(v) for v in row] for row in conn.execute(select(table))]
                out[table.name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
        return json.dumps(out, sort_keys=True, ensure_ascii=False, default=str)


def uploads(app: Flask, slug: str) -> dict[str, str]:
    with app.app_context():
        root = storage_for_slug(slug).root
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}


def users_of(app: Flask, slug: str) -> list[str]:
    with app.app_context(), tenant_context(tenant_registry().by_slug(slug)):
        return sorted(tenant_db.session.scalars(select(User.email)).all(), key=str)
