"""The Open Commissioning Portal application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from app.config import load_config
from app.core.application import Portal
from app.core.inputs import init_app as init_inputs
from app.core.proxies import TrustedProxies, trusted_networks


def create_app(
    env: str | None = None, overrides: dict | None = None, instance_path: str | None = None
) -> Flask:
    """`instance_path`: where the portal keeps its own files (the SQLite
    database, the secret key, mail in development); `instance/` by default."""
    # Portal builds every absolute URL from PUBLIC_BASE_URL, never from the request.
    app = Portal(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder="core/templates",
    )
    app.config.from_object(load_config(Path(app.instance_path), env))
    if overrides:
        app.config.update(overrides)

    app.jinja_options = {**app.jinja_options, "trim_blocks": True, "lstrip_blocks": True}
    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )

    # Only the named proxies' X-Forwarded-For and -Proto are believed (see app.core.proxies).
    app.wsgi_app = TrustedProxies(app.wsgi_app, trusted_networks(app.config["TRUSTED_PROXIES"]))

    init_inputs(app)  # before any route is added: the request class and bounded <int:>
    _init_extensions(app)
    _register_capabilities(app)
    _register_plumbing(app)
    return app


def _init_extensions(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    from app.core import audit as _audit  # noqa: F401  (the audit table and its append-only guards)
    from app.core import models as _core_models  # noqa: F401  (registers tables)
    from app.core.db import db, render_migration_item
    from app.core.extensions import babel, csrf, limiter, login_manager, migrate
    from app.core.i18n import select_locale
    from app.core.outbox import init_app as init_outbox
    from app.core.themes import models as _theme_models  # noqa: F401  (registers tables)
    from app.inbox.fulltext import include_object

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(app.root_path).parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_item,
        include_object=include_object,
    )
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(app.root_path).parent / "translations"),
    )
    limiter.init_app(app)
    WTFormsHelpers(app)
    init_outbox(app)  # the outbox table, its mail settings and `flask worker`

    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.session_protection = "strong"
    login_manager.login_message = None
    # The accounts capability loads staff from their server-side sessions.


def _register_capabilities(app: Flask) -> None:
    """Each capability registers its own blueprints, inbox kinds, template
    globals and commands; core knows none of them."""
    from app import (
        accounts,
        admin,
        challenges,
        consultations,
        demo,
        events,
        inbox,
        pages,
        plans,
        suppliers,
        surveys,
    )
    from app.core.extensions import csrf
    from app.core.health import bp as health_bp
    from app.core.i18n import bp as i18n_bp
    from app.core.personal_data_core import register_core_sources
    from app.core.retention_core import register_core_handlers

    # Where core itself keeps people's details (emails, the audit log).
    register_core_sources()
    register_core_handlers()
    app.register_blueprint(health_bp)
    csrf.exempt(health_bp)
    app.register_blueprint(i18n_bp)
    for capability in (
        pages,
        plans,
        consultations,
        accounts,
        admin,
        inbox,
        challenges,
        suppliers,
        events,
        surveys,
        demo,
    ):
        capability.init_app(app)


def _register_plumbing(app: Flask) -> None:
    from app.core.bilingual import register_templates as register_bilingual
    from app.core.cpv_import import init_app as init_cpv_import
    from app.core.errors import register_error_handlers
    from app.core.formatting import register_filters
    from app.core.fragments import init_app as init_fragments
    from app.core.layout import register_layout_context
    from app.core.security import register_security_headers
    from app.core.static_assets import init_app as init_static_assets

    register_error_handlers(app)
    register_filters(app)
    register_bilingual(app)
    register_layout_context(app)
    init_fragments(app)
    init_static_assets(app)
    register_security_headers(app)
    init_cpv_import(app)
