"""CSV exports for Diskominfo and the public."""

from __future__ import annotations

import csv
import io

from kiblat.modules.desa_terhubung.services.open_data import COLUMNS, rows


def status_csv() -> str:
    """Every desa with its verified status (UTF-8 with BOM, so spreadsheets read the names)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows())
    return out.getvalue()
