"""Staff accounts: sign-in (with a second factor, or through the council's
identity provider), sessions kept on the server, roles and the create-staff
command."""

from flask import Blueprint, Flask

bp = Blueprint("accounts", __name__, template_folder="templates", cli_group=None)


def init_app(app: Flask) -> None:
    from flask_login import current_user

    from app.accounts import (  # noqa: F401  (routes and commands)
        account_views,
        cli,
        password_views,
        security_key_views,
        sso,
        sso_views,
        views,
    )
    from app.accounts import one_time_code_views as _codes  # noqa: F401  (codes at sign-in)
    from app.accounts.forms import SignOutForm
    from app.accounts.models import Role

    _load_staff_from_server_sessions(app)
    from app.accounts import personal_data

    personal_data.register()
    from app.accounts import retention

    retention.register()

    # The staff bar in the shared layout shows links by role and a sign-out button.
    app.add_template_global(Role, "roles")
    # The sign-in page's button for the council's identity provider (None when off).
    app.add_template_global(sso.button_label, "sso_button_label")
    app.add_template_global(sso.password_sign_in_open_to_all, "password_sign_in_open_to_all")
    app.after_request(sso.allow_forms_to_provider)

    @app.context_processor
    def staff_bar() -> dict:
        if current_user.is_authenticated:
            return {"sign_out_form": SignOutForm()}
        return {}

    app.register_blueprint(bp)
    app.register_blueprint(account_views.bp)


def _load_staff_from_server_sessions(app: Flask) -> None:
    from flask import session as cookie
    from flask_login import current_user

    from app.accounts import sessions
    from app.core.db import db
    from app.core.extensions import login_manager

    @login_manager.user_loader
    def load_user(user_id: str):
        token = cookie.get(sessions.COOKIE_KEY)
        if not token:
            return None
        row = sessions.find(db.session, token)
        reason = sessions.check(db.session, row)
        if reason is None and (str(row.staff_user_id) != user_id or not row.staff_user.is_active):
            reason = "unknown"
        if db.session.dirty:
            # Nothing else is pending yet: this runs first thing in the request.
            db.session.commit()
        if reason is not None:
            cookie.pop(sessions.COOKIE_KEY, None)
            if reason in {"idle", "expired"}:
                cookie[sessions.ENDED_KEY] = reason
            return None
        return row.staff_user

    @app.before_request
    def check_staff_session() -> None:
        # Settled before the view runs, so the loader's commit (an idle
        # session ended, the last-seen time moved on) holds nothing of the view's.
        if dict.__contains__(cookie._get_current_object(), sessions.COOKIE_KEY):
            current_user._get_current_object()
