"""The GOV.UK fields word their messages from `thing=` and their limits, in
the reader's language, and the base form strips what people type."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.core.forms import (
    GovukCheckboxesField,
    GovukEmailField,
    GovukPasswordField,
    GovukRadiosField,
    GovukSelectField,
    GovukTextInputField,
    PortalForm,
    TimeField,
    WholeNumberField,
)
from app.core.london_time import london_to_utc, london_today, parse_time


class OrganisationForm(PortalForm):
    name = GovukTextInputField(
        "Name",
        thing=_l("your organisation’s name"),
        validators=[DataRequired(), Length(max=5)],
    )
    kind = GovukRadiosField(
        "Kind", thing=_l("the kind"), choices=[("a", "A")], validators=[DataRequired()]
    )
    area = GovukSelectField("Area", thing=_l("a service area"), choices=[("1", "One")])
    topics = GovukCheckboxesField("Topics", choices=[("1", "One")], coerce=int)
    email = GovukEmailField("Email", validators=[Optional()])
    staff = WholeNumberField(
        "Staff", thing=_l("the number of staff"), validators=[Optional(), NumberRange(1, 9)]
    )
    password = GovukPasswordField("Password")
    starts = TimeField(
        "Starts", invalid_message="Enter a time like 09:30", validators=[InputRequired("Enter")]
    )


def _errors(app, **data) -> dict:
    values = {"name": "Acme", "kind": "a", "area": "1", "starts": "09:00", **data}
    with app.test_request_context(method="POST"):
        form = OrganisationForm(formdata=MultiDict(values), meta={"csrf": False})
        form.validate()
        return {name: [str(error) for error in errors] for name, errors in form.errors.items()}


def test_messages_are_built_from_the_thing_and_the_limits(app):
    assert _errors(app, name="")["name"] == ["Enter your organisation’s name"]
    assert _errors(app, name="Acme Ltd")["name"] == [
        "Your organisation’s name must be 5 characters or fewer"
    ]
    assert _errors(app, kind="")["kind"] == ["Select the kind"]
    assert _errors(app, staff="10")["staff"] == ["The number of staff must be between 1 and 9"]


def test_choices_not_offered_say_so_in_the_portals_words(app):
    assert _errors(app, kind="b")["kind"] == ["Select one of the options"]
    assert _errors(app, area="2")["area"] == ["Select one of the options"]
    assert _errors(app, topics="x")["topics"] == ["Select one of the options"]
    assert _errors(app, topics="2")["topics"] == ["Select one of the options"]


def test_an_email_field_checks_the_format_and_length(app):
    message = "Enter an email address in the correct format, like name@example.com"
    assert _errors(app, email="not an email")["email"] == [message]
    long_address = "a" * 250 + "@example.com"
    assert (
        "Email address must be 254 characters or fewer" in _errors(app, email=long_address)["email"]
    )
    assert "email" not in _errors(app, email="  name@example.com  ")


def test_messages_are_in_welsh_for_a_welsh_reader(app):
    values = MultiDict({"name": "", "kind": "", "area": "1", "starts": "09:00"})
    with app.test_request_context(method="POST"), force_locale("cy"):
        form = OrganisationForm(formdata=values, meta={"csrf": False})
        form.validate()
        assert str(form.kind.errors[0]) == "Dewiswch the kind"  # the test's thing has no Welsh
        assert str(form.name.errors[0]).startswith("Rhowch ")


def test_the_base_form_strips_text_but_not_passwords(app):
    values = MultiDict({"name": "  Acme  ", "password": "  secret  "})
    with app.test_request_context(method="POST"):
        form = OrganisationForm(formdata=values, meta={"csrf": False})
    assert form.name.data == "Acme"
    assert form.password.data == "  secret  "


def test_a_time_field_reads_times_as_people_write_them(app):
    assert "starts" not in _errors(app, starts="2pm")
    assert _errors(app, starts="25:00")["starts"] == ["Enter a time like 09:30"]
    assert _errors(app, starts="   ")["starts"] == ["Enter"]


def test_a_field_without_a_thing_for_its_message_is_refused(app):
    class Careless(PortalForm):
        name = GovukTextInputField("Name", validators=[DataRequired()])

    with app.test_request_context(method="POST"), pytest.raises(TypeError, match="thing="):
        Careless(meta={"csrf": False})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", time(14, 30)),
        ("9.30", time(9, 30)),
        ("09:05", time(9, 5)),
        ("9", time(9, 0)),
        ("9am", time(9, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("2:30 pm", time(14, 30)),
        ("2PM", time(14, 0)),
        ("23:59", time(23, 59)),
        ("0:00", time(0, 0)),
    ],
)
def test_times_people_write_are_read(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "  ", "24:00", "12:60", "9:5", "13pm", "0am", "noon", "²:00", "1:00:00", "123", "-1"],
)
def test_times_that_are_not_times_are_refused(text):
    assert parse_time(text) is None


def test_london_today_is_the_councils_date_not_utcs():
    # 00:30 in London on 1 July is still 30 June in UTC.
    assert london_today(datetime(2027, 6, 30, 23, 30, tzinfo=UTC)) == date(2027, 7, 1)
    assert london_today(datetime(2027, 1, 31, 23, 30, tzinfo=UTC)) == date(2027, 1, 31)


def test_a_london_wall_clock_time_is_stored_as_utc():
    assert london_to_utc(date(2027, 7, 1), time(9, 0)) == datetime(2027, 7, 1, 8, 0, tzinfo=UTC)
    assert london_to_utc(date(2027, 1, 1)) == datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
