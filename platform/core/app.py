"""Application factory: one Flask app serves the platform host and every tenant host."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from types import FunctionType
from typing import Any

from flask import Flask, request
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from kiblat.platform.cache.tenant_cache import init_cache
from kiblat.platform.core.config import load_config
from kiblat.platform.core.control_plane import import_control_plane_models
from kiblat.platform.core.extensions import csrf, db
from kiblat.platform.jobs import registry as job_registry
from kiblat.platform.jobs.schedules import Schedule, schedule_table
from kiblat.platform.modular.loader import init_modules
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.throttle.store import init_counter_store
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import init_registry

# The platform's own background jobs register their handlers when these are imported (modules
# declare theirs in their manifests); the worker imports them when it first runs a job.
PLATFORM_JOB_MODULES = (
    "kiblat.provisioning.jobs",
    "kiblat.platform.mail.jobs",
    "kiblat.tenants.portability.jobs",
    "kiblat.platform.billing.jobs",
    "kiblat.platform.onboarding.jobs",
    "kiblat.platform.console.jobs",
    "kiblat.platform.smartcity.jobs",
    "kiblat.platform.identity.jobs",
    "kiblat.platform.uploads.jobs",
)
# The platform's own schedules (modules declare theirs in their manifests), at WIB wall-clock
# times; ``kiblat worker`` runs them once per deployment however many workers run.
PLATFORM_SCHEDULES = (
    Schedule("billing.sweep", "daily", at="01:00", per_tenant=False),
    Schedule("billing.invoices", "monthly", at="06:00", day=1, per_tenant=False),
    Schedule("smart_city.snapshot", "monthly", at="03:00", day=1, per_tenant=False),
    Schedule("sessions.prune", "daily", at="03:30", per_tenant=False),
    Schedule("uploads.prune_held", "daily", at="03:45", per_tenant=False),
)


class KiblatFlask(Flask):
    """Flask, remembering which hooks and views are plain functions.

    Flask asks ``inspect.iscoroutinefunction`` about every hook and view on every request
    (a dozen per request here); the answer for a function never changes.
    """

    _SYNC_LIMIT = 4096  # functions made per request (rare) are not remembered past this

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync_functions: set[Callable[..., Any]] = set()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        if type(func) is not FunctionType:  # methods may be unhashable (their object decides)
            return super().ensure_sync(func)
        if func in self._sync_functions:
            return func
        wrapped = super().ensure_sync(func)
        if wrapped is func and len(self._sync_functions) < self._SYNC_LIMIT:
            self._sync_functions.add(func)
        return wrapped


def create_app(environ: Mapping[str, str] | None = None, *, web: bool = True) -> Flask:
    """Build the app from ``KIBLAT_*`` variables (``environ`` defaults to ``os.environ``).

    ``web=False`` gives the data layer only (config, databases, tenant registry, module
    manifests and models): what migrations need, without importing every page.
    """
    source = dict(os.environ if environ is None else environ)
    values = load_config(source)
    app = KiblatFlask(
        "kiblat",
        root_path=os.path.dirname(os.path.dirname(__file__)),
        instance_path=str(values["INSTANCE_PATH"]),
        static_folder=None,
        template_folder=None,
    )
    app.config.from_mapping(values)
    app.config["KIBLAT_SOURCE_ENV"] = {k: v for k, v in source.items() if k.startswith("KIBLAT_")}
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}

    import_control_plane_models()
    db.init_app(app)
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _tune_sqlite(engine)
    tenant_db.init_app(app)
    _init_csrf(app)
    init_cache(app)
    init_counter_store(app, engine)
    init_registry(app)
    job_registry.add_handler_modules(PLATFORM_JOB_MODULES)
    registry = _init_web_layer(app) if web else init_modules(app, blueprints=False)
    # A job scheduled twice (by the platform or any module) stops start-up here.
    app.extensions["kiblat_schedules"] = schedule_table(PLATFORM_SCHEDULES, registry.schedules())
    # Worker processes some jobs start (the smart-city snapshot) build their own app with this.
    app.extensions["kiblat_app_factory"] = create_app
    if app.config["TRUST_PROXY"]:
        # Outermost, so every layer below (the response cache too) sees the visitor's host and scheme.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return app


def _init_web_layer(app: Flask) -> ModuleRegistry:
    """Pages, sign-in, APIs and every module's routes (imported here: they are most of start-up)."""
    from kiblat.platform.admin import init_admin
    from kiblat.platform.api import init_api
    from kiblat.platform.billing import init_billing
    from kiblat.platform.console import init_console
    from kiblat.platform.core.extensions import babel
    from kiblat.platform.dashboard import init_dashboard
    from kiblat.platform.identity import init_identity
    from kiblat.platform.identity.audit import init_audit
    from kiblat.platform.identity.oidc import init_oidc
    from kiblat.platform.identity.staff import init_staff
    from kiblat.platform.mail import init_mail
    from kiblat.platform.metrics import init_metrics
    from kiblat.platform.metrics.requests import record_request
    from kiblat.platform.onboarding import init_onboarding
    from kiblat.platform.payments import init_payments
    from kiblat.platform.privacy import init_privacy
    from kiblat.platform.site import init_site
    from kiblat.platform.staff import init_staff_pages
    from kiblat.platform.survey import init_survey
    from kiblat.platform.throttle.lookups import init_lookup_guard
    from kiblat.platform.web import init_web
    from kiblat.platform.web.hostile_input import init_hostile_input, init_input_checks
    from kiblat.platform.web.public_content import watch_public_tables
    from kiblat.platform.web.response_cache import AnonymousResponseCache
    from kiblat.provisioning.labels import status_label, step_label
    from kiblat.tenants.portability.blueprint import bp as portability
    from kiblat.tenants.routing import init_routing

    init_hostile_input(app)  # first: URL rules bind their converters when they are added
    init_web(app, babel)
    init_metrics(app)
    init_identity(app)
    init_admin(app)
    init_oidc(app)
    init_mail(app)
    init_billing(app)
    init_routing(app)
    # Body checks come after the tenant is known: their refusals show the regency's own page.
    init_input_checks(app)
    _check_forms(app)
    init_audit(app)
    init_privacy(app)
    init_survey(app)
    init_payments(app)
    init_staff(app)  # after routing: its hooks need the request's tenant
    init_staff_pages(app)
    registry = init_modules(app)
    watch_public_tables(app, (table for manifest in registry for table in manifest.public_tables))
    init_api(app)
    init_lookup_guard(app)  # after every module's pages and API routes exist
    app.register_blueprint(portability)
    init_site(app)
    init_dashboard(app)
    # The onboarding status page and the console's journals name steps and statuses in words.
    app.add_template_filter(step_label, "provision_step")
    app.add_template_filter(status_label, "run_status")
    init_console(app)
    init_onboarding(app)
    app.wsgi_app = AnonymousResponseCache(app.wsgi_app, app.extensions["kiblat_tenant_registry"].page_version_if_fresh,
                                          app.config["JSON_LOGS"], observers=[record_request])
    return registry


def _init_csrf(app: Flask) -> None:
    """Flask-WTF's tokens; its own per-request hook is replaced by :func:`_check_forms`."""
    app.extensions["kiblat_check_forms"] = app.config.get("WTF_CSRF_CHECK_DEFAULT", True)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # Flask-WTF's hook stays, returning at once
    csrf.init_app(app)


def _check_forms(app: Flask) -> None:
    """Flask-WTF's check, run only for the methods it protects. Its own hook looks up the
    view's exemptions before it looks at the method, on every GET too; this one asks the
    method first and then calls the same check, exemptions included."""
    if not app.extensions["kiblat_check_forms"]:
        return

    def csrf_protect() -> None:
        if request.method in app.config["WTF_CSRF_METHODS"] and app.config["WTF_CSRF_ENABLED"]:
            csrf.protect(apply_exemptions=True)

    app.before_request(csrf_protect)


def _tune_sqlite(engine) -> None:  # noqa: ANN001
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
