"""Which model modules define control-plane tables (the platform's shared database)."""

import importlib

CONTROL_PLANE_MODEL_MODULES = (
    "kiblat.platform.regions.models",
    "kiblat.tenants.models",
    "kiblat.provisioning.models",
    "kiblat.platform.mail.models",
    "kiblat.platform.billing.models",
    "kiblat.platform.identity.staff.models",
    "kiblat.platform.identity.server_sessions",
    "kiblat.platform.throttle.models",
    "kiblat.platform.onboarding.models",
    "kiblat.platform.opendata.models",
    "kiblat.platform.smartcity.models",
)


def import_control_plane_models() -> None:
    for name in CONTROL_PLANE_MODEL_MODULES:
        importlib.import_module(name)
