"""Citizens' data rights (UU 27/2022 on personal data protection): the regency's privacy notice,
asking for consent again when it changes, "Data saya" (download everything the regency keeps
about me, ask for deletion) and the admin pages that publish the notice and decide deletions.

The platform names no module: each declares ``personal_data``, ``erase_personal_data`` and
``retention`` in its manifest (docs/privacy.md)."""

from __future__ import annotations

from flask import Flask


def init_privacy(app: Flask) -> None:
    # Imported here on purpose: Python runs this file before any submodule, and the services and
    # models that modules' hooks and the jobs use must load without the pages (data-only app, CLI).
    from kiblat.platform.privacy.blueprint import bp
    from kiblat.platform.privacy.views import layout_prompt

    app.register_blueprint(bp)
    app.context_processor(layout_prompt)
