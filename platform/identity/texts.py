"""``_`` lives in ``kiblat.platform.core.texts`` (below the web kernel, which needs it too).

Kept here so that code written against this name goes on working; new code imports
``kiblat.platform.core.texts``.
"""

from kiblat.platform.core.texts import _

__all__ = ["_"]
