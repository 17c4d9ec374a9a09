"""The staff console's smart-city comparison: every live regency × every declared indicator
(published or not), sortable, and the same table as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.smartcity import services
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.registry import tenant_registry


@dataclass(frozen=True)
class Table:
    comparison: services.Comparison
    order: list[int]  # indexes into comparison.tenants, in display order
    sort: str
    descending: bool


def table(registry: ModuleRegistry, sort: str = "", descending: bool = True) -> Table:
    """``sort`` is ``nama``, ``penduduk`` or an indicator key (by its normalised value)."""
    tenants = sorted((t for t in tenant_registry().all() if t.status == TenantStatus.ACTIVE), key=lambda t: t.official_name)
    comparison = services.compare(registry, tenants, public=False)
    order = list(range(len(tenants)))
    row = next((r for r in comparison.rows if r.declared.key == sort), None)
    if row is not None:
        present = [i for i in order if row.values[i] is not None and row.values[i].normalised is not None]
        missing = [i for i in order if i not in present]
        present.sort(key=lambda i: row.values[i].normalised, reverse=descending)
        order = present + missing  # regencies without a value always last
    elif sort == "penduduk":
        order.sort(key=lambda i: comparison.populations[i] or 0, reverse=descending)
    else:
        sort = "nama"
        if descending:
            order.reverse()
    return Table(comparison, order, sort, descending)


def to_csv(result: Table) -> bytes:
    comparison = result.comparison
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["slug", "kabupaten_kota", "kode_wilayah", "penduduk"]
    for row in comparison.rows:
        header += [row.declared.key, f"{row.declared.key}.per_penduduk" if row.declared.indicator.per_capita else
                   f"{row.declared.key}.nilai_banding", f"{row.declared.key}.bulan"]
    writer.writerow(header)
    for i in result.order:
        tenant = comparison.tenants[i]
        line = [tenant.slug, tenant.official_name, tenant.region_code, comparison.populations[i] or ""]
        for row in comparison.rows:
            value = row.values[i]
            line += ["", "", ""] if value is None else [
                _plain(value.value), _plain(value.normalised), value.period or ""]
        writer.writerow(line)
    return out.getvalue().encode("utf-8")


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.6g}" if value != int(value) else str(int(value))
