"""The six dimensions of Gerakan Menuju 100 Smart City, and which modules serve each."""

from __future__ import annotations

from kiblat.platform.modular.manifest import SMART_CITY_DIMENSIONS, Localized

DIMENSIONS: dict[str, Localized] = {
    "governance": Localized("Smart Governance (tata kelola pemerintahan)", "Smart Governance"),
    "branding": Localized("Smart Branding (citra dan pariwisata daerah)", "Smart Branding"),
    "economy": Localized("Smart Economy (ekonomi)", "Smart Economy"),
    "living": Localized("Smart Living (kualitas hidup)", "Smart Living"),
    "society": Localized("Smart Society (masyarakat)", "Smart Society"),
    "environment": Localized("Smart Environment (lingkungan)", "Smart Environment"),
}
assert tuple(DIMENSIONS) == SMART_CITY_DIMENSIONS
