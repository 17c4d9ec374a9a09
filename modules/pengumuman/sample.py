"""Rows of every kind Pengumuman stores, for demos and the cross-tenant probe."""

from __future__ import annotations

from kiblat.modules.pengumuman.services.announcements import publish


def sample_data(marker: str) -> None:
    publish(f"{marker} pengumuman", f"{marker} isi pengumuman.", "layanan", author_name=f"{marker} humas")
