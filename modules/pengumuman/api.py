"""Public interface of Pengumuman for other modules and for provisioning.

Everything else in this package is internal and may change.
"""

from kiblat.modules.pengumuman.services.announcements import AnnouncementError, latest, publish

__all__ = ["AnnouncementError", "latest", "publish"]
