"""Staff pages for meet-the-buyer events, under /admin/events: set them up,
see who is coming, mark attendance on the day, export and message attendees."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.access import role_required
from app.accounts.areas import limit_to_areas
from app.accounts.models import Role
from app.accounts.scoping import Loader, areas_for, by_id, guard_staff_blueprint
from app.core.audit import record_export
from app.core.db import db, utcnow
from app.core.downloads import download
from app.core.form_pages import render_form
from app.core.i18n import current_language
from app.core.spreadsheets import XLSX_MIMETYPE, csv_lines
from app.events import admin_bp
from app.events.exports import attendees_xlsx, header, rows
from app.events.forms import (
    ActionForm,
    EventForm,
    MessageForm,
    MoveBookingForm,
    StaffBookingForm,
)
from app.events.models import CANCELLED, CONFIRMED, WAITING, Attendee, Booking, Event
from app.events.services import (
    STATUS_ACTIONS,
    BookingError,
    book_for,
    cancel_for,
    change_status,
    live_bookings,
    message_attendees,
    move_booking,
    promote,
    save_event,
    set_attendance,
)
from app.plans.models import PlanItem

EVENT_STATUSES = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "cancelled": _l("Cancelled"),
}
BOOKING_STATUSES = {
    CONFIRMED: _l("Confirmed"),
    WAITING: _l("Waiting list"),
    CANCELLED: _l("Cancelled"),
}


def _attendee_of(session, attendee_id: int, loaded: dict) -> Attendee | None:
    """An attendee only under the event the URL names."""
    attendee = session.get(Attendee, attendee_id)
    if attendee is None or attendee.booking.event_id != loaded["event"].id:
        return None
    return attendee


def _booking_of(session, booking_id: int, loaded: dict) -> Booking | None:
    """A booking only under the event the URL names."""
    booking = session.get(Booking, booking_id)
    if booking is None or booking.event_id != loaded["event"].id:
        return None
    return booking


# Every event and attendee a URL names is loaded here and checked against the
# reader's service areas: outside them, or missing, is "not found".
guard_staff_blueprint(
    admin_bp,
    {
        "event_id": Loader("event", by_id(Event), area=lambda event: event.service_area_id),
        "attendee_id": Loader(
            "attendee", _attendee_of, area=lambda attendee: attendee.booking.event.service_area_id
        ),
        "booking_id": Loader(
            "booking", _booking_of, area=lambda booking: booking.event.service_area_id
        ),
    },
    # The view checks the action against STATUS_ACTIONS.
    plain={"action"},
)


def _form(**kwargs) -> EventForm:
    plans = db.session.execute(
        select(PlanItem.id, PlanItem.title)
        .where(PlanItem.status == "published")
        .order_by(PlanItem.title)
    ).all()
    language = current_language()
    return EventForm(
        plan_choices=[(plan.id, plan.title) for plan in plans],
        # Staff limited to some areas file and move events only within them.
        area_choices=[(area.id, area.localised_name(language)) for area in areas_for(db.session)],
        **kwargs,
    )


@admin_bp.get("/")
def index():
    events = db.session.scalars(
        limit_to_areas(select(Event), current_user, Event.service_area_id)
        .options(selectinload(Event.service_area))
        .order_by(Event.starts_at.desc())
    ).all()
    return render_template("events/admin/index.html", events=events, statuses=EVENT_STATUSES)


@admin_bp.route("/new", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def new():
    form = _form()
    if form.validate_on_submit():
        event = save_event(db.session, None, form.to_data())
        db.session.commit()
        flash(_("Event saved as a draft."), "success")
        return redirect(url_for("events_admin.show", event_id=event.id))
    return render_form("events/admin/form.html", form, event=None)


@admin_bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def edit(event: Event):
    form = _form()
    if form.validate_on_submit():
        data = form.to_data()
        if data["capacity"] < event.places_taken:
            form.capacity.errors.append(
                _("%(num)d places are already booked", num=event.places_taken)
            )
        else:
            save_event(db.session, event, data)
            # More places: whoever is waiting gets them, in order.
            promote(db.session, event)
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("events_admin.show", event_id=event.id))
    elif not form.is_submitted():
        form.fill_from(event)
    return render_form("events/admin/form.html", form, event=event)


@admin_bp.post("/<int:event_id>/status/<action>")
@role_required(Role.COMMISSIONER)
def status(event: Event, action: str):
    form = ActionForm()
    if action not in STATUS_ACTIONS or not form.validate_on_submit():
        abort(400)
    if action == "cancel":
        # Cancelling emails every booker: it is only done from the page that says so.
        return redirect(url_for("events_admin.cancel", event_id=event.id), 303)
    emailed = change_status(db.session, event, action)
    db.session.commit()
    if emailed:
        flash(
            _(
                "Event published. We have emailed %(num)d people whose bookings were cancelled"
                " with the event, with a link to book again.",
                num=emailed,
            ),
            "success",
        )
    else:
        flash(_("Event status changed."), "success")
    return redirect(url_for("events_admin.show", event_id=event.id))


@admin_bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def cancel(event: Event):
    """Check before cancelling: says how many bookers will be emailed."""
    if event.status != "published":
        flash(_("Only a published event can be cancelled."), "error")
        return redirect(url_for("events_admin.show", event_id=event.id))
    form = ActionForm()
    if form.validate_on_submit():
        emailed = change_status(db.session, event, "cancel")
        db.session.commit()
        flash(
            _(
                "Event cancelled. We have emailed %(num)d bookings to tell them.",
                num=emailed,
            ),
            "success",
        )
        return redirect(url_for("events_admin.show", event_id=event.id))
    bookings = live_bookings(db.session, event)
    return render_form(
        "events/admin/cancel.html",
        form,
        event=event,
        confirmed=sum(1 for b in bookings if b.status == CONFIRMED),
        waiting=sum(1 for b in bookings if b.status == WAITING),
    )


def _bookings(event: Event) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .where(Booking.event_id == event.id)
            .options(
                selectinload(Booking.attendees),
                selectinload(Booking.supplier),
                selectinload(Booking.contact),
                selectinload(Booking.slot),
            )
            .order_by(Booking.status, Booking.id)
        )
    )


@admin_bp.get("/<int:event_id>")
def show(event: Event):
    bookings = _bookings(event)
    return render_template(
        "events/admin/show.html",
        event=event,
        bookings=bookings,
        confirmed=[b for b in bookings if b.status == CONFIRMED],
        waiting=[b for b in bookings if b.status == WAITING],
        statuses=EVENT_STATUSES,
        action_form=ActionForm(),
    )


@admin_bp.post("/<int:event_id>/attendance/<int:attendee_id>")
@role_required(Role.COMMISSIONER)
def attendance(event: Event, attendee: Attendee):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    value = request.form.get("attended")
    set_attendance(db.session, attendee, {"yes": True, "no": False}.get(value))
    db.session.commit()
    return redirect(url_for("events_admin.show", event_id=event.id) + f"#attendee-{attendee.id}")


@admin_bp.get("/<int:event_id>/attendees.csv")
def export_csv(event: Event):
    table = rows([b for b in _bookings(event) if b.status != CANCELLED], BOOKING_STATUSES)
    record_export("event.exported", obj=event, summary="csv")
    return download(
        csv_lines(header(), table),
        filename=f"{event.slug}-attendees.csv",
        mimetype="text/csv",
    )


@admin_bp.get("/<int:event_id>/attendees.xlsx")
def export_xlsx(event: Event):
    table = rows([b for b in _bookings(event) if b.status != CANCELLED], BOOKING_STATUSES)
    record_export("event.exported", obj=event, summary="xlsx")
    return download(
        attendees_xlsx(table),
        filename=f"{event.slug}-attendees.xlsx",
        mimetype=XLSX_MIMETYPE,
    )


@admin_bp.route("/<int:event_id>/message", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def message(event: Event):
    form = MessageForm()
    if form.validate_on_submit():
        sent = message_attendees(db.session, event, form.subject.data, form.message.data)
        db.session.commit()
        flash(_("Message queued for %(num)d bookings.", num=sent), "success")
        return redirect(url_for("events_admin.show", event_id=event.id))
    return render_form("events/admin/message.html", form, event=event)


# Staff acting for someone: add, move and cancel a booking; and the list for
# checking people in on the day.


def _staff_booking_message(error: BookingError) -> str:
    if error.code == "unknown_organisation":
        return _(
            "There is no organisation of that name on the supplier register. Check the name, or"
            " ask them to register"
        )
    if error.code == "email_elsewhere":
        return _(
            "This email address belongs to someone at %(organisation)s",
            organisation=error.details["organisation"],
        )
    if error.code == "full":
        return _(
            "That event has only %(num)d places left: the booking has not been moved",
            num=error.details["left"],
        )
    if error.code == "same_event":
        return _("Select a different event")
    if error.code == "organisation_limit":
        return _(
            "Each organisation can book %(limit)d places at that event; this one already"
            " holds %(held)d",
            limit=error.details["limit"],
            held=error.details["held"],
        )
    if error.code == "closed":
        return _("That event is not taking bookings")
    return _("The booking could not be made")


@admin_bp.route("/<int:event_id>/bookings/new", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def add_booking(event: Event):
    form = StaffBookingForm()
    if form.validate_on_submit():
        try:
            booking = book_for(
                db.session,
                event.id,
                name=form.name.data,
                email=form.email.data,
                organisation=form.organisation.data,
                names=form.name_list(),
                locale=form.locale.data,
                access_needs=form.access_needs.data or "",
            )
            db.session.commit()
        except BookingError as error:
            db.session.rollback()
            field = {
                "unknown_organisation": form.organisation,
                "email_elsewhere": form.email,
            }.get(error.code, form.names)
            field.errors = [*field.errors, _staff_booking_message(error)]
        else:
            if booking.status == CONFIRMED:
                flash(_("Booking %(ref)s added and confirmed.", ref=booking.reference), "success")
            else:
                flash(
                    _(
                        "The event is full: %(ref)s is on the waiting list.",
                        ref=booking.reference,
                    ),
                    "success",
                )
            return redirect(url_for("events_admin.show", event_id=event.id))
    return render_form("events/admin/add_booking.html", form, event=event)


def _move_choices(event: Event) -> list[tuple[str, str]]:
    """Upcoming published events the member of staff manages, the same
    event's other dates (same title) first."""
    others = db.session.scalars(
        limit_to_areas(select(Event), current_user, Event.service_area_id)
        .where(Event.status == "published", Event.id != event.id, Event.ends_at > utcnow())
        .order_by(Event.starts_at)
    ).all()
    others = sorted(others, key=lambda other: other.title != event.title)
    language = current_language()
    return [
        (
            str(other.id),
            _(
                "%(title)s, %(when)s (%(num)d places left)",
                title=other.title_cy if language == "cy" and other.title_cy else other.title,
                when=format_datetime(other.starts_at, "d MMMM yyyy HH:mm"),
                num=other.places_left,
            ),
        )
        for other in others
    ]


@admin_bp.route("/<int:event_id>/bookings/<int:booking_id>/move", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def move(event: Event, booking: Booking):
    if booking.status == CANCELLED:
        abort(404)
    form = MoveBookingForm(event_choices=_move_choices(event))
    if form.validate_on_submit():
        try:
            moved = move_booking(db.session, booking.id, int(form.to_event.data))
            db.session.commit()
        except BookingError as error:
            db.session.rollback()
            form.to_event.errors = [*form.to_event.errors, _staff_booking_message(error)]
        else:
            flash(
                _(
                    "Booking moved to %(title)s: its new reference is %(ref)s.",
                    title=moved.event.title,
                    ref=moved.reference,
                ),
                "success",
            )
            return redirect(url_for("events_admin.show", event_id=event.id))
    return render_form("events/admin/move_booking.html", form, event=event, booking=booking)


@admin_bp.route("/<int:event_id>/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def cancel_booking(event: Event, booking: Booking):
    """Check before cancelling for someone: they are emailed."""
    if booking.status == CANCELLED:
        flash(_("That booking is already cancelled."), "error")
        return redirect(url_for("events_admin.show", event_id=event.id))
    form = ActionForm()
    if form.validate_on_submit():
        cancel_for(db.session, booking.id)
        db.session.commit()
        flash(
            _("Booking %(ref)s cancelled. We have emailed them.", ref=booking.reference), "success"
        )
        return redirect(url_for("events_admin.show", event_id=event.id))
    return render_form("events/admin/cancel_booking.html", form, event=event, booking=booking)


@admin_bp.get("/<int:event_id>/check-in")
def check_in(event: Event):
    """The list for the door: confirmed bookings, a button per person."""
    query = " ".join(request.args.get("q", "").split())[:100]
    confirmed = [b for b in _bookings(event) if b.status == CONFIRMED]
    booked = sum(len(b.attendees) for b in confirmed)
    arrived = sum(1 for b in confirmed for person in b.attendees if person.attended)
    if query:
        needle = query.casefold()
        confirmed = [
            b
            for b in confirmed
            if needle in b.supplier.name.casefold()
            or any(needle in person.name.casefold() for person in b.attendees)
        ]
    return render_template(
        "events/admin/check_in.html",
        event=event,
        bookings=confirmed,
        booked=booked,
        arrived=arrived,
        query=query,
        action_form=ActionForm(),
    )


@admin_bp.post("/<int:event_id>/check-in/<int:attendee_id>")
@role_required(Role.COMMISSIONER)
def check_in_mark(event: Event, attendee: Attendee):
    form = ActionForm()
    if not form.validate_on_submit() or attendee.booking.status != CONFIRMED:
        abort(400)
    value = request.form.get("attended")
    set_attendance(db.session, attendee, True if value == "yes" else None)
    db.session.commit()
    query = request.form.get("q", "")
    return redirect(
        url_for("events_admin.check_in", event_id=event.id, q=query or None)
        + f"#attendee-{attendee.id}"
    )
