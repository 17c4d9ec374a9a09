"""Public interface of Kenang Lemu for other modules, provisioning and tests."""

from kiblat.modules.kenang_lemu.services.catalogue import by_inventory_number, save, set_published
from kiblat.modules.kenang_lemu.services.errors import KenangLemuError
from kiblat.modules.kenang_lemu.services.exhibitions import add_object
from kiblat.modules.kenang_lemu.services.images import add as add_image

__all__ = ["KenangLemuError", "add_image", "add_object", "by_inventory_number", "save", "set_published"]
