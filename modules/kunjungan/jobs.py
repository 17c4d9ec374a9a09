"""Background jobs of Kunjungan."""

from kiblat.modules.kunjungan.services.booking import release_expired


def expire_job(payload: dict) -> int:
    """Runs inside the job's tenant: unpaid bookings past their hold give their seats back."""
    return release_expired()
