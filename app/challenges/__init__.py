"""Community Right to Challenge: the public explanation and register, the
expression-of-interest form, /track, and the staff side (the services open
to challenge under /admin/, and the statutory decisions in the inbox)."""

from flask import Blueprint, Flask

bp = Blueprint("challenges", __name__, template_folder="templates")
admin_bp = Blueprint("challenges_admin", __name__, template_folder="templates")
staff_bp = Blueprint("challenges_staff", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    from app.challenges import admin_views, staff_views, views  # noqa: F401  (routes)
    from app.challenges.choices import RESERVED, STATUSES
    from app.inbox.kinds import Kind, register_kind

    register_kind(
        Kind(
            "challenge",
            "RTC",
            _kind_label(),
            template="challenges/staff/item.html",
            statuses=STATUSES,
            reserved=RESERVED,
        )
    )
    from app.challenges.choices import BODY_TYPES, PROCUREMENT_OUTCOMES
    from app.challenges.staff_views import challenge_panel
    from app.challenges.windows import council_today

    # The inbox includes this kind's partial; these give it the EOI and the day.
    app.add_template_global(challenge_panel, "challenge_eoi")
    app.add_template_global(council_today, "challenge_today")
    app.add_template_global(BODY_TYPES, "challenge_body_types")
    app.add_template_global(PROCUREMENT_OUTCOMES, "challenge_procurement_outcomes")
    from app.challenges import personal_data

    personal_data.register()
    from app.challenges import retention

    retention.register()
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp, url_prefix="/admin/challenge-services")
    app.register_blueprint(staff_bp)


def _kind_label():
    from app.inbox.kinds import KINDS

    return KINDS["challenge"].label
