"""/track: anyone who sent something with an email address can follow it.

Both the reference and the email address must match, the answer for a wrong
reference is the same as for a wrong email address, and the form is rate
limited, so neither can be guessed. A young people's response has no email
address: its page says how to ask about it instead, whatever is typed, so
it reveals nothing about whether the reference exists.
"""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.challenges.models import ExpressionOfInterest
from app.challenges.views import show_tracked
from app.consultations.models import Consultation, ConsultationResponse
from app.core.db import db, utcnow
from app.core.extensions import limiter
from app.core.form_pages import render_form
from app.core.references import normalise_reference
from app.events.models import Booking
from app.inbox.kinds import KINDS
from app.inbox.models import InboxItem
from app.pages import bp
from app.pages.forms import TrackForm
from app.surveys.models import SurveyResponse

# What each inbox status means to the person who sent the submission.
PUBLIC_STATUSES = {
    "new": _l("Received"),
    "in_progress": _l("Being looked at"),
    "waiting": _l("Waiting for a reply from you"),
    "closed": _l("Closed"),
}
BOOKING_STATUSES = {
    "confirmed": _l("Place confirmed"),
    "waiting": _l("On the waiting list"),
    "cancelled": _l("Cancelled"),
}
NOT_FOUND = _l("We could not find a submission with that reference and email address")


def _track_limit() -> str:
    return current_app.config["TRACK_RATE_LIMIT"]


def _details(item: InboxItem) -> dict:
    """What a submission of this kind adds to its status."""
    if item.kind == "consultation_response":
        consultation = db.session.scalar(
            select(Consultation)
            .join(ConsultationResponse, ConsultationResponse.consultation_id == Consultation.id)
            .where(ConsultationResponse.inbox_item_id == item.id)
        )
        return {"consultation": consultation}
    if item.kind == "event_booking":
        booking = db.session.scalar(select(Booking).where(Booking.reference == item.reference))
        return {"booking": booking}
    if item.kind == "survey_response":
        response = db.session.scalar(
            select(SurveyResponse).where(SurveyResponse.inbox_item_id == item.id)
        )
        return {"survey": response}
    return {}


@bp.route("/track", methods=["GET", "POST"])
@limiter.limit(_track_limit, methods=["POST"])
def track():
    form = TrackForm()
    if not form.validate_on_submit():
        return render_form("pages/track.html", form)
    reference = normalise_reference(form.reference.data)
    if reference and reference.startswith("CYP-"):
        # Sent without a name or email address, so no one can prove it is theirs.
        return render_template("pages/track_young_people.html")
    email = form.email.data.strip().lower()
    item = None
    if reference:
        item = db.session.scalar(select(InboxItem).where(InboxItem.reference == reference))
    # The same answer for a wrong reference and a wrong email, so neither is revealed.
    if item is None or (item.submitter_email or "").strip().lower() != email:
        form.reference.errors.append(str(NOT_FOUND))
        return render_form("pages/track.html", form)
    if item.kind == "challenge":
        eoi = db.session.scalar(
            select(ExpressionOfInterest).where(ExpressionOfInterest.inbox_item_id == item.id)
        )
        if eoi is not None:
            return show_tracked(eoi)
    return render_template(
        "pages/tracked.html",
        item=item,
        kind=KINDS.get(item.kind),
        status=PUBLIC_STATUSES.get(item.status, PUBLIC_STATUSES["in_progress"]),
        booking_statuses=BOOKING_STATUSES,
        now=utcnow(),
        **_details(item),
    )
