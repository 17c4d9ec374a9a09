"""What switching Sri Deli off would leave behind: applications citizens are still waiting on."""

from __future__ import annotations

from sqlalchemy import func, select

from kiblat.modules.sri_deli.models import OPEN_STATUSES, Application
from kiblat.platform.identity.texts import _
from kiblat.platform.modular.manifest import DisableCheck
from kiblat.tenants.database import tenant_db


def disable_check() -> DisableCheck:
    """A warning, not a refusal: the regency may stop the service, but should know who waits."""
    open_count = tenant_db.session.scalar(
        select(func.count()).select_from(Application).where(Application.status.in_(OPEN_STATUSES))) or 0
    if not open_count:
        return DisableCheck()
    return DisableCheck(warnings=(
        _("%(n)s permohonan izin masih diproses. Pemohon tidak akan dapat melacaknya lagi; sebaiknya "
          "tutup penerimaan permohonan baru lalu selesaikan yang ada sebelum menonaktifkan.", n=open_count),))
