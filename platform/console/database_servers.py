"""The console's list of database servers, each with the regencies it holds and moves under way."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.tenants import servers
from kiblat.tenants.models import Tenant, TenantMove


@dataclass(frozen=True)
class ServerRow:
    server: servers.ServerInfo
    tenants: list[tuple[str, str]]  # (slug, official name)


@dataclass(frozen=True)
class ServerOverview:
    rows: list[ServerRow]
    moves: list[TenantMove]  # unfinished


def server_overview() -> ServerOverview:
    names = dict(db.session.execute(select(Tenant.slug, Tenant.official_name)).all())
    grouped = servers.tenants_by_server()
    rows = [ServerRow(s, [(slug, names[slug]) for slug in grouped.get(s.name, [])]) for s in servers.list_servers()]
    moves = list(db.session.scalars(select(TenantMove).where(TenantMove.status.in_(("running", "failed")))
                                    .order_by(TenantMove.started_at)))
    return ServerOverview(rows, moves)
