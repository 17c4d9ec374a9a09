"""The regency audit log: who did what, on whose behalf, when. ``record()`` is the API."""

from __future__ import annotations

from flask import Flask


def init_audit(app: Flask) -> None:
    # Imported here on purpose: Python runs this file before any submodule, and the package's
    # models (a tenant table every process loads) must load without every page (the data-only app, migrations, the CLI).
    from kiblat.platform.identity.audit import receivers
    from kiblat.platform.identity.audit.blueprint import bp
    from kiblat.platform.identity.audit.labels import action_label, detail_lines, object_label

    app.register_blueprint(bp)
    # The regency's log and the staff console show actions, objects and details in words.
    app.add_template_filter(action_label, "audit_action")
    app.add_template_filter(detail_lines, "audit_details")
    app.add_template_global(object_label, "audit_object")
    receivers.connect()
