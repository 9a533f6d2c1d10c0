"""Staff's event form, the booking form, and the small action forms."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from app.core.forms import (
    GovukCheckboxesField,
    GovukEmailField,
    GovukRadiosField,
    GovukSelectField,
    GovukSubmitButton,
    GovukTextareaField,
    GovukTextInputField,
    PortalForm,
    TimeField,
    UKDateField,
    WholeNumberField,
)
from app.core.london_time import LONDON, london_to_utc, parse_time
from app.core.staff_fields import (
    html_field,
    service_area_field,
    title_field,
    welsh_markdown_field,
    welsh_text_field,
    welsh_title_field,
)
from app.events.models import IN_PERSON, ONLINE
from app.suppliers.forms import RegistrationForm

MAX_NAMES = 20

FORMATS = {IN_PERSON: _l("In person"), ONLINE: _l("Online")}


def _lines(text: str | None) -> str:
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


class EventForm(PortalForm):
    title = title_field()
    description_html = html_field(_l("Description"), _l("the description"))
    title_cy = welsh_title_field()
    description_html_cy = welsh_markdown_field(
        _l("Description in Welsh (optional)"), _l("the description in Welsh")
    )
    # The view offers only the areas the member of staff works in, so an
    # event is never filed in, or moved to, an area they cannot see.
    service_area_id = service_area_field(
        description=_l("Staff who work only in other service areas will not see this event."),
        invalid_choice_message=_l("Select a service area you work in"),
    )
    event_date = UKDateField(_l("Date"))
    start_time = TimeField(
        _l("Start time"),
        description=_l("In 24-hour time, for example 09:30"),
        invalid_message=_l("Enter a time like 09:30"),
        validators=[InputRequired(_l("Enter a start time"))],
    )
    end_time = TimeField(
        _l("End time"),
        description=_l("In 24-hour time, for example 12:00"),
        invalid_message=_l("Enter a time like 09:30"),
        validators=[InputRequired(_l("Enter an end time"))],
    )
    format = GovukRadiosField(
        _l("How people attend"),
        choices=list(FORMATS.items()),
        validators=[DataRequired(_l("Select how people attend"))],
    )
    venue = GovukTextareaField(
        _l("Venue (in person)"),
        thing=_l("the venue"),
        description=_l("Name and address"),
        validators=[Optional(), Length(max=2000)],
    )
    accessibility = GovukTextareaField(
        _l("Accessibility information (in person)"),
        thing=_l("the accessibility information"),
        description=_l("Step-free access, hearing loops, accessible toilets, parking"),
        validators=[Optional(), Length(max=4000)],
    )
    venue_cy = welsh_text_field(_l("Venue in Welsh (optional)"), _l("the venue in Welsh"), 2000)
    accessibility_cy = welsh_text_field(
        _l("Accessibility information in Welsh (optional)"),
        _l("the accessibility information in Welsh"),
        4000,
    )
    joining_link = GovukTextInputField(
        _l("Joining link (online)"),
        thing=_l("the joining link"),
        description=_l("Only people with a confirmed booking see this"),
        validators=[
            Optional(),
            URL(require_tld=True, message=_l("Enter a web address starting with https://")),
            Length(max=500),
        ],
    )
    capacity = WholeNumberField(
        _l("Places in total"),
        validators=[
            InputRequired(_l("Enter the number of places")),
            NumberRange(1, 10000, message=_l("Places must be between 1 and 10,000")),
        ],
    )
    places_per_organisation = WholeNumberField(
        _l("Places each organisation can book"),
        validators=[
            InputRequired(_l("Enter the places each organisation can book")),
            NumberRange(
                1, 100, message=_l("Places for each organisation must be between 1 and 100")
            ),
        ],
    )
    booking_opens = UKDateField(_l("Booking opens"))
    booking_closes = UKDateField(_l("Booking closes (at midnight at the end of this day)"))
    buyers_attending = GovukTextareaField(
        _l("Buyers attending"),
        thing=_l("the buyers attending"),
        description=_l("One on each line, for example: Sam Patel, Adult social care"),
        validators=[Optional(), Length(max=4000)],
    )
    buyers_attending_cy = welsh_text_field(
        _l("Buyers attending, in Welsh (optional)"),
        _l("the buyers attending in Welsh"),
        4000,
        _l("The same lines as the English, in the same order"),
    )
    plan_item_ids = GovukCheckboxesField(
        _l("Plan items this event is about"),
        coerce=int,
        validators=[Optional()],
    )
    slots = GovukTextareaField(
        _l("One-to-one slots (optional)"),
        thing=_l("the one-to-one slots"),
        description=_l("One on each line: the time, then the buyer, for example: 10:30 Sam Patel"),
        validators=[Optional(), Length(max=4000)],
    )
    submit = GovukSubmitButton(_l("Save"))

    def __init__(self, *args, plan_choices=(), area_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_item_ids.choices = list(plan_choices)
        self.service_area_id.choices = [("", _l("Select a service area")), *area_choices]
        self.parsed_slots: list[tuple[str, datetime]] = []

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in (self.event_date, self.booking_opens, self.booking_closes):
            if field.data is None and not field.errors:
                field.errors.append(_("Enter %(label)s", label=field.label.text.lower()))
                valid = False
        start, end = self.start_time.data, self.end_time.data
        if start and end and end <= start:
            self.end_time.errors.append(_("End time must be after the start time"))
            valid = False
        opens, closes, day = self.booking_opens.data, self.booking_closes.data, self.event_date.data
        if opens and closes and closes < opens:
            self.booking_closes.errors.append(_("Booking must close on or after it opens"))
            valid = False
        if closes and day and closes > day:
            self.booking_closes.errors.append(_("Booking must close on or before the event"))
            valid = False
        if self.format.data == IN_PERSON and not (self.venue.data or "").strip():
            self.venue.errors.append(_("Enter the venue"))
            valid = False
        if self.format.data == ONLINE and not (self.joining_link.data or "").strip():
            self.joining_link.errors.append(_("Enter the joining link"))
            valid = False
        if self.joining_link.data and not self.joining_link.data.startswith("https://"):
            self.joining_link.errors.append(_("Enter a web address starting with https://"))
            valid = False
        self.parsed_slots = []
        for line in (self.slots.data or "").splitlines():
            if not line.strip():
                continue
            at, _sep, buyer = line.strip().partition(" ")
            when = parse_time(at)
            if when is None or not buyer.strip() or day is None:
                self.slots.errors.append(
                    _("Write each slot as a time then a name, like 10:30 Sam Patel")
                )
                valid = False
                break
            self.parsed_slots.append((buyer.strip()[:200], london_to_utc(day, when)))
        return valid

    def to_data(self) -> dict:
        day = self.event_date.data
        return {
            "title": " ".join(self.title.data.split()),
            "description_html": self.description_html.data or "",
            "service_area_id": self.service_area_id.data,
            "starts_at": london_to_utc(day, self.start_time.data),
            "ends_at": london_to_utc(day, self.end_time.data),
            "format": self.format.data,
            "venue": (self.venue.data or "").strip() or None,
            "accessibility": (self.accessibility.data or "").strip() or None,
            "joining_link": (self.joining_link.data or "").strip() or None,
            "capacity": self.capacity.data,
            "places_per_organisation": self.places_per_organisation.data,
            "booking_opens_at": london_to_utc(self.booking_opens.data),
            "booking_closes_at": london_to_utc(
                self.booking_closes.data + timedelta(days=1), time(0, 0)
            ),
            "buyers_attending": _lines(self.buyers_attending.data),
            "plan_item_ids": list(self.plan_item_ids.data or []),
            "slots": self.parsed_slots,
            "title_cy": " ".join((self.title_cy.data or "").split()),
            "description_html_cy": self.description_html_cy.data or "",
            "venue_cy": (self.venue_cy.data or "").strip(),
            "accessibility_cy": (self.accessibility_cy.data or "").strip(),
            "buyers_attending_cy": _lines(self.buyers_attending_cy.data),
        }

    def fill_from(self, event) -> None:
        starts = event.starts_at.astimezone(LONDON)
        self.title.data = event.title
        self.description_html.data = event.description_html
        self.service_area_id.data = event.service_area_id
        self.event_date.data = starts.date()
        self.start_time.data = starts.time()
        self.end_time.data = event.ends_at.astimezone(LONDON).time()
        self.format.data = event.format
        self.venue.data = event.venue
        self.accessibility.data = event.accessibility
        self.joining_link.data = event.joining_link
        self.capacity.data = event.capacity
        self.places_per_organisation.data = event.places_per_organisation
        self.booking_opens.data = event.booking_opens_at.astimezone(LONDON).date()
        self.booking_closes.data = (
            event.booking_closes_at.astimezone(LONDON) - timedelta(days=1)
        ).date()
        self.buyers_attending.data = event.buyers_attending
        for name in ("title_cy", "description_html_cy", "venue_cy", "accessibility_cy"):
            getattr(self, name).data = getattr(event, name)
        self.buyers_attending_cy.data = event.buyers_attending_cy
        self.plan_item_ids.data = [item.id for item in event.plan_items]
        self.slots.data = "\n".join(
            f"{slot.starts_at.astimezone(LONDON):%H:%M} {slot.buyer_name}" for slot in event.slots
        )


class BookingForm(PortalForm):
    names = GovukTextareaField(
        _l("Who is coming"),
        description=_l("Full names, one on each line"),
        validators=[DataRequired(_l("Enter the name of at least one person coming"))],
    )
    access_needs = GovukTextareaField(
        _l("Access requirements (optional)"),
        description=_l(
            "For example, step-free access, a hearing loop or a British Sign Language interpreter"
        ),
        validators=[
            Optional(),
            Length(max=2000, message=_l("Access requirements must be 2,000 characters or fewer")),
        ],
    )
    dietary_needs = GovukTextareaField(
        _l("Dietary needs (optional)"),
        validators=[
            Optional(),
            Length(max=1000, message=_l("Dietary needs must be 1,000 characters or fewer")),
        ],
    )
    slot_id = GovukSelectField(
        _l("One-to-one meeting with a buyer (optional)"),
        coerce=str,
        validators=[Optional()],
    )
    submit = GovukSubmitButton(_l("Book"))

    def __init__(self, *args, slot_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slot_id.choices = [("", _l("No one-to-one meeting")), *slot_choices]

    def name_list(self) -> list[str]:
        return [
            " ".join(line.split())[:120]
            for line in (self.names.data or "").splitlines()
            if line.strip()
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if len(self.name_list()) > MAX_NAMES:
            self.names.errors.append(_("Enter no more than 20 names"))
            valid = False
        return valid


class RegisterAndBookForm(RegistrationForm, BookingForm):
    """Joining the supplier register and booking a place in one go. The
    registration's fields and checks and the booking's, unchanged: each
    form's __init__ and validate hand on to the next through super()."""


class MessageForm(PortalForm):
    subject = GovukTextInputField(
        _l("Subject"),
        thing=_l("the subject"),
        validators=[DataRequired(_l("Enter a subject")), Length(max=200)],
    )
    message = GovukTextareaField(
        _l("Message"),
        thing=_l("the message"),
        validators=[DataRequired(_l("Enter a message")), Length(max=5000)],
    )
    submit = GovukSubmitButton(_l("Send to everyone booked"))


class ActionForm(PortalForm):
    """A button that posts: publish, cancel a booking, mark attendance."""

    submit = GovukSubmitButton(_l("Confirm"))


LANGUAGES = {"en": _l("English"), "cy": _l("Welsh (Cymraeg)")}


class StaffBookingForm(PortalForm):
    """Staff book for someone: the person, their organisation on the
    register, and who is coming. The booking rules are the public ones."""

    name = GovukTextInputField(
        _l("Name of the person booking"),
        thing=_l("the name"),
        validators=[DataRequired(_l("Enter the name of the person booking")), Length(max=120)],
    )
    email = GovukEmailField(
        _l("Their email address"),
        description=_l("We email the confirmation here"),
        validators=[DataRequired(_l("Enter an email address"))],
    )
    organisation = GovukTextInputField(
        _l("Organisation"),
        description=_l("Its name as it is on the supplier register"),
        thing=_l("the organisation"),
        validators=[DataRequired(_l("Enter the organisation's name")), Length(max=200)],
    )
    names = GovukTextareaField(
        _l("Who is coming (optional)"),
        description=_l(
            "Full names, one on each line: one place each. Leave empty to book one place "
            "for the person booking"
        ),
        validators=[Optional()],
    )
    access_needs = GovukTextareaField(
        _l("Access requirements (optional)"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("Access requirements must be 2,000 characters or fewer")),
        ],
    )
    locale = GovukRadiosField(
        _l("Language for their emails"),
        choices=list(LANGUAGES.items()),
        default="en",
        validators=[DataRequired(_l("Select a language"))],
    )
    submit = GovukSubmitButton(_l("Add booking"))

    def name_list(self) -> list[str]:
        return BookingForm.name_list(self)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if len(self.name_list()) > MAX_NAMES:
            self.names.errors.append(_("Enter no more than 20 names"))
            valid = False
        return valid


class MoveBookingForm(PortalForm):
    to_event = GovukSelectField(
        _l("Move to"),
        coerce=str,
        validators=[DataRequired(_l("Select the event to move the booking to"))],
    )
    submit = GovukSubmitButton(_l("Move booking"))

    def __init__(self, *args, event_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.to_event.choices = [("", _l("Select an event")), *event_choices]
