"""Staff accounts: sign-in, sign-out, roles and the create-staff command."""

from flask import Blueprint, Flask

bp = Blueprint("accounts", __name__, template_folder="templates", cli_group=None)


def init_app(app: Flask) -> None:
    from flask_login import current_user

    from app.accounts import cli, sso, sso_views, views  # noqa: F401  (routes and commands)
    from app.accounts.forms import SignOutForm
    from app.accounts.models import Role

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
