"""Public interface of Jus Melon for other modules and for provisioning."""

from kiblat.modules.jus_melon.services.bands import BandError, scale_of
from kiblat.modules.jus_melon.services.registry import search

__all__ = ["BandError", "scale_of", "search"]
