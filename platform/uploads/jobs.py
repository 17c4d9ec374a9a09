"""The daily removal of files held for forms nobody sent again, in every regency (scheduled by
the platform, ``PLATFORM_SCHEDULES``)."""

from __future__ import annotations

import logging

from kiblat.platform.jobs.registry import job_handler
from kiblat.platform.uploads.held import prune
from kiblat.tenants.context import tenant_context
from kiblat.tenants.registry import tenant_registry

logger = logging.getLogger("kiblat.uploads")


def prune_everywhere() -> int:
    removed = 0
    for tenant in tenant_registry().all():
        with tenant_context(tenant):
            try:
                removed += prune()
            except OSError:  # one regency's unreadable folder never stops the others
                logger.exception("held uploads of %s could not be pruned", tenant.slug)
    return removed


@job_handler("uploads.prune_held", lock=True)
def prune_held_job(payload: dict) -> int:
    return prune_everywhere()
