"""Public event pages, the calendar file, and booking and cancelling places."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.db import db, utcnow
from app.core.downloads import download
from app.core.extensions import limiter
from app.core.form_pages import render_form
from app.core.formatting import uktime
from app.core.i18n import current_language
from app.core.page_cache import cached_page
from app.events import bp
from app.events.calendar import event_calendar
from app.events.forms import LONDON, ActionForm, BookingForm, RegisterAndBookForm
from app.events.models import CANCELLED, CONFIRMED, Booking, Event
from app.events.public_cache import CONTENT, next_event_change
from app.events.services import (
    BookingError,
    book,
    booking_for_token,
    booking_open,
    free_slots,
    places_held,
    register_and_book,
)
from app.events.services import cancel as cancel_service
from app.suppliers.services import find_duplicates
from app.suppliers.signed_in import current_contact
from app.suppliers.views import area_choices

# The booking a visitor has just registered and booked, for its confirmation
# page: they are not signed in until they prove their address by email.
NEW_BOOKING = "events_new_supplier_booking"


def _published(slug: str) -> Event:
    event = db.session.scalar(
        select(Event).where(Event.slug == slug, Event.status.in_(("published", "cancelled")))
    )
    if event is None:
        abort(404)
    return event


@bp.get("/events/")
@cached_page(CONTENT, fresh_until=next_event_change)
def index():
    now = utcnow()
    listed = select(Event).where(Event.status.in_(("published", "cancelled")))
    upcoming = db.session.scalars(
        listed.where(Event.ends_at >= now).order_by(Event.starts_at)
    ).all()
    past = db.session.scalars(
        listed.where(Event.ends_at < now).order_by(Event.starts_at.desc()).limit(20)
    ).all()
    return render_template("events/index.html", upcoming=upcoming, past=past)


def _my_bookings(event: Event) -> list[Booking]:
    contact = current_contact()
    if contact is None:
        return []
    return list(
        db.session.scalars(
            select(Booking)
            .where(
                Booking.event_id == event.id,
                Booking.supplier_id == contact.supplier_id,
                Booking.status != CANCELLED,
            )
            .order_by(Booking.id)
        )
    )


@bp.get("/events/<slug>")
@cached_page(CONTENT, fresh_until=next_event_change)
def detail(slug: str):
    event = _published(slug)
    bookings = _my_bookings(event)
    return render_template(
        "events/detail.html",
        event=event,
        bookings=bookings,
        confirmed=any(b.status == CONFIRMED for b in bookings),
        open=booking_open(event),
        finished=event.ends_at <= utcnow(),
        # Only for someone with bookings here: a form's token would stop the
        # page being cached for everyone else.
        cancel_form=ActionForm() if bookings else None,
    )


@bp.get("/events/<slug>.ics")
def calendar(slug: str):
    event = _published(slug)
    return download(event_calendar(event), filename=f"{event.slug}.ics", mimetype="text/calendar")


def _booking_message(error: BookingError) -> str:
    if error.code == "closed":
        return _("Booking for this event has closed")
    if error.code == "organisation_limit":
        limit = ngettext(
            "Each organisation can book %(num)d place at this event.",
            "Each organisation can book %(num)d places at this event.",
            error.details["limit"],
        )
        if not error.details["held"]:
            return limit
        held = ngettext(
            "Yours has already booked %(num)d.",
            "Yours has already booked %(num)d.",
            error.details["held"],
        )
        return f"{limit} {held}"
    if error.code == "slot_taken":
        return _("Someone has just booked that one-to-one meeting. Choose another")
    return _("Enter the name of at least one person coming")


def _slot_choices(event: Event) -> list[tuple[str, str]]:
    return [
        (str(slot.id), f"{slot.starts_at.astimezone(LONDON):%H:%M} – {slot.buyer_name}")
        for slot in free_slots(db.session, event)
    ]


def _show_booking_error(form: BookingForm, error: BookingError) -> None:
    field = form.slot_id if error.code == "slot_taken" else form.names
    field.errors = [*field.errors, _booking_message(error)]


@bp.route("/events/<slug>/book", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
def book_view(slug: str):
    event = _published(slug)
    contact = current_contact()
    if contact is None:
        return render_template("events/book_sign_in.html", event=event)
    if not booking_open(event):
        return render_template("events/closed.html", event=event), 400
    language = current_language()
    form = BookingForm(slot_choices=_slot_choices(event))
    if form.validate_on_submit():
        try:
            booking = book(
                db.session,
                event.id,
                contact,
                names=form.name_list(),
                access_needs=form.access_needs.data or "",
                dietary_needs=form.dietary_needs.data or "",
                slot_id=int(form.slot_id.data) if form.slot_id.data else None,
                locale=language,
            )
            db.session.commit()
        except BookingError as error:
            db.session.rollback()
            _show_booking_error(form, error)
        else:
            return redirect(url_for("events.booked", slug=event.slug, reference=booking.reference))
    held = places_held(db.session, event.id, contact.supplier_id)
    return render_form("events/book.html", form, event=event, held=held, contact=contact)


@bp.route("/events/<slug>/book/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
def register_and_book_view(slug: str):
    """Join the supplier register and book a place with one form. Both are
    saved in one transaction, or, if either is refused, neither is."""
    event = _published(slug)
    if current_contact() is not None:
        return redirect(url_for("events.book_view", slug=event.slug))
    if not booking_open(event):
        return render_template("events/closed.html", event=event), 400
    language = current_language()
    form = RegisterAndBookForm(area_choices=area_choices(), slot_choices=_slot_choices(event))
    duplicates: set[str] = set()
    if form.validate_on_submit():
        profile, contact = form.profile_data(), form.contact_data()

        def duplicates_of() -> set[str]:
            return find_duplicates(
                db.session,
                charity_number=profile["charity_number"],
                company_number=profile["company_number"],
                email=contact["email"],
            )

        duplicates = duplicates_of()
        if not duplicates:
            try:
                supplier, booking = register_and_book(
                    db.session,
                    event.id,
                    profile,
                    contact,
                    names=form.name_list(),
                    access_needs=form.access_needs.data or "",
                    dietary_needs=form.dietary_needs.data or "",
                    slot_id=int(form.slot_id.data) if form.slot_id.data else None,
                    locale=language,
                )
                db.session.commit()
            except BookingError as error:
                db.session.rollback()
                _show_booking_error(form, error)
            except IntegrityError:
                # Someone registered the same number or address a moment ago.
                db.session.rollback()
                duplicates = duplicates_of() or {"email"}
            else:
                session[NEW_BOOKING] = {
                    "booking": booking.reference,
                    "registration": supplier.inbox_reference,
                    "email": contact["email"],
                }
                return redirect(
                    url_for("events.booked", slug=event.slug, reference=booking.reference)
                )
        form.flag_duplicates(duplicates)
    return render_form(
        "events/register_and_book.html", form, event=event, duplicate=bool(duplicates)
    )


@bp.get("/events/<slug>/booked/<reference>")
def booked(slug: str, reference: str):
    contact = current_contact()
    booking = db.session.scalar(select(Booking).where(Booking.reference == reference))
    if booking is None:
        abort(404)
    new = session.get(NEW_BOOKING) or {}
    if contact is not None and booking.supplier_id == contact.supplier_id:
        new = {}
    elif new.get("booking") != reference:
        abort(404)
    return render_template(
        "events/booked.html",
        event=booking.event,
        booking=booking,
        registration=new.get("registration"),
        email=new.get("email"),
    )


@bp.route("/events/bookings/<token>/cancel", methods=["GET", "POST"])
def cancel(token: str):
    booking = booking_for_token(db.session, token)
    if booking is None:
        abort(404)
    return _cancel_page(booking)


@bp.route("/events/bookings/<reference>/cancel-signed-in", methods=["POST"])
def cancel_signed_in(reference: str):
    contact = current_contact()
    booking = db.session.scalar(select(Booking).where(Booking.reference == reference))
    if contact is None or booking is None or booking.supplier_id != contact.supplier_id:
        abort(404)
    return _cancel_page(booking)


def _cancel_page(booking: Booking):
    form = ActionForm()
    if request.method == "POST" and form.validate_on_submit():
        cancelled = cancel_booking(booking.id)
        if cancelled:
            flash(
                _("Your booking %(reference)s is cancelled.", reference=booking.reference),
                "success",
            )
        return redirect(url_for("events.detail", slug=booking.event.slug))
    return render_template("events/cancel.html", booking=booking, event=booking.event, form=form)


def cancel_booking(booking_id: int):
    result = cancel_service(db.session, booking_id)
    db.session.commit()
    return result


@bp.app_template_filter()
def event_time(value) -> str:
    """The time of day in Europe/London, like 12:30 ("midnight", never 00:00)."""
    return uktime(value)


@bp.app_template_global()
def booking_for_reference(reference: str) -> Booking | None:
    """For the inbox item page: the booking an item records."""
    return db.session.scalar(select(Booking).where(Booking.reference == reference))


@bp.app_template_global()
def booking_statuses() -> dict:
    from app.events.admin_views import BOOKING_STATUSES

    return BOOKING_STATUSES


@bp.app_template_global()
def bookings_for_supplier(supplier_id: int) -> list[Booking]:
    """A supplier's bookings with who came, for its account and its inbox record."""
    from sqlalchemy.orm import selectinload

    return list(
        db.session.scalars(
            select(Booking)
            .where(Booking.supplier_id == supplier_id)
            .options(selectinload(Booking.event), selectinload(Booking.attendees))
            .order_by(Booking.id.desc())
            .limit(50)
        )
    )
