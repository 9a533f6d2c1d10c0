"""Staff accounts: sign-in, sign-out, roles and the create-staff command."""

from flask import Blueprint, Flask

bp = Blueprint("accounts", __name__, template_folder="templates", cli_group=None)


def init_app(app: Flask) -> None:
    from flask_login import current_user

    from app.accounts import cli, password_views, views  # noqa: F401  (routes and commands)
    from app.accounts.forms import SignOutForm
    from app.accounts.models import Role

    # The staff bar in the shared layout shows links by role and a sign-out button.
    app.add_template_global(Role, "roles")

    @app.context_processor
    def staff_bar() -> dict:
        if current_user.is_authenticated:
            return {"sign_out_form": SignOutForm()}
        return {}

    app.register_blueprint(bp)
