"""The satisfaction survey (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017) of every service.

Modules name none of this: each declares ``completed_services`` in its manifest (the services a
citizen received to the end), and the platform offers those for rating, stores the answers and
computes the regency's satisfaction index (IKM) per service, unit and period.
"""

from __future__ import annotations

from flask import Flask


def init_survey(app: Flask) -> None:
    # Imported here on purpose: Python runs this file before any submodule, and the services and
    # models that modules' hooks and the jobs use must load without the pages (data-only app, CLI).
    from kiblat.platform.survey.blueprint import bp
    from kiblat.platform.survey.views import two_decimals

    app.register_blueprint(bp)
    app.add_template_filter(two_decimals, "ikm")
