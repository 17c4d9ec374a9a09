"""Public interface of MeSRA Bertuah for other modules and for provisioning.

Only the school registry is offered; nothing here reads report content.
"""

from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.services.schools import add_school, all_schools

__all__ = ["MesraError", "add_school", "all_schools"]
