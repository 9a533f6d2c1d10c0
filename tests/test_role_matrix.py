"""Walks every staff route and action as each kind of user and fails on any leak.

Routes come from the app's own URL map, so a new staff route is checked
the day it is added. For each route the test sends the method it accepts,
with a valid CSRF token, and checks the answer:

- anonymous visitors are sent to sign in;
- viewers read but never change anything, and never reach administration;
- commissioners work items but never reach administration;
- a commissioner limited to one service area gets "not found" for every
  route that names an object in another area (every object in the test's
  world lies in another area), and "forbidden" for changes to what belongs
  to the whole council (the survey, the safeguarding list);
- administrators are refused nothing.

Every argument of every staff URL must be declared to the blueprint's loader
(`app/accounts/scoping.py`), so no view can load an object unchecked.
"""

import pytest

from app.accounts.models import Role
from app.core.models import ServiceArea
from app.inbox.services import file_submission
from tests.conftest import csrf_token, sign_in_with_password

PUBLIC_ENDPOINTS = {
    "static",
    "health.healthz",
    "i18n.choose_language",
    "accounts.sign_in",
    "accounts.sign_out",
    "accounts.accept_invite",
    "accounts.forgotten_password",
    "accounts.reset_link_sent",
    "accounts.reset_password",
    "accounts.sso_start",
    "accounts.sso_callback",
    # Between the password and the second factor; it checks the pending sign-in itself.
    "accounts.second_step",
    # The security-key step and its options: they check the pending sign-in themselves.
    "accounts.security_key_sign_in",
    "accounts.security_key_sign_in_options",
    # Ends the session the rest of the matrix runs in: tests/accounts/test_sessions.py.
    "staff_account.sign_out_everywhere",
    # The steps after the password, before anyone is signed in.
    "accounts.totp_sign_in",
    "accounts.recovery_code_sign_in",
    "accounts.totp_setup",
}
# Suppliers and event bookings are public: suppliers sign in by emailed link, not as staff.
PUBLIC_BLUEPRINTS = {
    "pages",
    "plans",
    "consultations",
    "challenges",
    "suppliers",
    "events",
    "surveys",
}

# URL arguments that name something belonging to a service area. Every such
# object in `world` lies outside the limited commissioner's area.
AREA_SCOPED_ARGUMENTS = {
    "item_id",
    "lot_id",
    "consultation_id",
    "question_id",
    "document_id",
    "event_id",
    "attendee_id",
    "booking_id",
    "reference",
    "eoi_document_id",
    "service_id",
    "window_id",
}
# What belongs to the whole council: changed only by administrators and staff
# with no area limit, so a limited commissioner is refused.
COUNCIL_WIDE_CHANGES = {
    ("consultations_admin.safeguarding", "POST"),
    ("consultations_admin.remove_phrase", "POST"),
    # The council's pipeline notice (Procurement Act 2023 s.93) is one for the whole council.
    ("plans_admin.pipeline_published", "POST"),
    # The third-sector survey, form pages included.
    ("surveys_admin.propose", "POST"),
    ("surveys_admin.new", "GET"),
    ("surveys_admin.new", "POST"),
    ("surveys_admin.edit", "GET"),
    ("surveys_admin.edit", "POST"),
    ("surveys_admin.confirm", "POST"),
    ("surveys_admin.invite", "POST"),
    ("surveys_admin.new_question", "GET"),
    ("surveys_admin.new_question", "POST"),
    ("surveys_admin.edit_question", "GET"),
    ("surveys_admin.edit_question", "POST"),
    ("surveys_admin.remove", "POST"),
    ("surveys_admin.answer_themes", "POST"),
    ("surveys_admin.summary", "GET"),
    ("surveys_admin.summary", "POST"),
    ("surveys_admin.publish", "POST"),
    ("surveys_admin.unpublish", "POST"),
    ("survey_themes.suggest", "POST"),
    ("survey_themes.decide", "POST"),
}


def staff_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.endpoint.split(".")[0] in PUBLIC_BLUEPRINTS:
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, method


@pytest.fixture
def world(session, area, make_plan, make_staff):
    from app.core.outbox.models import OutboxMessage

    # Everything below lies in housing; the limited commissioner works in `area`.
    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.commit()
    outside = file_submission(
        session,
        kind="challenge",
        subject="Outside the area",
        service_area=housing,
        submitter_email="someone@example.com",
    )
    plan = make_plan(service_area_id=housing.id, title="Outside plan item")
    consultation = _consultation(session, housing)
    challenge = _challenge_with_document(session, outside, housing)
    colleague = make_staff("viewer", email="colleague@elmsworth.gov.example")
    message = OutboxMessage(
        to_address="someone@example.com",
        subject="Hello",
        body_text="Hi",
        locale="en",
        status="failed",
        attempts=6,
    )
    session.add(message)
    session.commit()
    event, attendee = _event_with_attendee(session, housing)
    wave, survey_answer = _survey_wave_with_answer(session)
    return {
        # Someone else's security key: every role is told it is not found.
        "key_id": _security_key(session, colleague).id,
        "wave_id": wave.id,
        "survey_question_id": wave.questions[-1].id,
        "event_id": event.id,
        "attendee_id": attendee.id,
        "booking_id": attendee.booking_id,
        "action": "publish",
        "reference": outside.reference,
        "item_id": plan.id,
        "lot_id": plan.lots[-1].id,
        "user_id": colleague.id,
        "message_id": message.id,
        "hold_id": _legal_hold(session, outside.reference).id,
        "template_id": _reply_template(session).id,
        "token": "not-a-real-token",
        "outside_reference": outside.reference,
        "housing": housing,
        "consultation_id": consultation.id,
        "question_id": consultation.questions[-1].id,
        "phrase_id": _phrase(session).id,
        "document_id": _document(session, consultation).id,
        "service_id": challenge["service_id"],
        "window_id": challenge["window_id"],
        "eoi_document_id": challenge["document_id"],
        "survey_answer_id": survey_answer.id,
    }


def _reply_template(session):
    from app.inbox.models import InboxReplyTemplate

    template = InboxReplyTemplate(name="Thanks", body_en="Thank you", body_cy="Diolch")
    session.add(template)
    session.commit()
    return template


def _legal_hold(session, reference):
    from app.core.models import LegalHold

    hold = LegalHold(reference=reference, reason="A claim")
    session.add(hold)
    session.commit()
    return hold


def _security_key(session, owner):
    from app.accounts.models import StaffSecurityKey

    key = StaffSecurityKey(
        staff_user_id=owner.id, name="Colleague's key", credential_id=b"k" * 32, public_key=b"p"
    )
    session.add(key)
    session.commit()
    return key


def _survey_wave_with_answer(session):
    """A closed survey wave with one sent response holding free text."""
    from tests.surveys.results_builders import closed_wave, respond

    wave = closed_wave(session)
    response = respond(session, wave, {"org_type": "charity", "what_change": "Pay on time."})
    text = next(answer for answer in response.answers if answer.text)
    return wave, text


def _challenge_with_document(session, item, area) -> dict:
    """A Right to Challenge service with a window, and an expression of
    interest with a document behind the outside item."""
    from datetime import date

    from app.challenges.models import (
        ChallengeDocument,
        ChallengeService,
        ChallengeWindow,
        ExpressionOfInterest,
    )

    service = ChallengeService(
        slug="library", name="Outside challenge service", service_area_id=area.id
    )
    service.windows.append(ChallengeWindow(opens_on=date(2027, 1, 1), closes_on=date(2027, 2, 1)))
    eoi = ExpressionOfInterest(
        inbox_item=item,
        reference=item.reference,
        service=service,
        body_name="Friends",
        body_type="charity",
        contact_email="someone@example.com",
        answers={},
        copy_html="<p>copy</p>",
        copy_sha256="0" * 64,
        notify_by=date(2027, 3, 1),
    )
    document = ChallengeDocument(
        eoi=eoi, filename="plan.pdf", kind="pdf", size=5, sha256="0" * 64, content=b"%PDF-"
    )
    session.add_all([service, eoi, document])
    session.commit()
    return {
        "service_id": service.id,
        "window_id": service.windows[0].id,
        "document_id": document.id,
    }


def _document(session, consultation):
    from app.consultations.documents import add_document
    from tests.consultations.test_documents import PDF

    document = add_document(session, consultation, "Proposal", "proposal.pdf", PDF)
    session.commit()
    return document


def _phrase(session):
    from app.consultations.models import SafeguardingPhrase

    phrase = SafeguardingPhrase(phrase="hurts me")
    session.add(phrase)
    session.commit()
    return phrase


def _consultation(session, area):
    from app.consultations.services import add_question, create_consultation
    from tests.consultations.conftest import consultation_data, question_data

    consultation = create_consultation(
        session, consultation_data(area.id, title="Outside consultation")
    )
    for text in ("First?", "Second?"):
        add_question(session, consultation, question_data(kind="free_text", text=text))
    session.commit()
    return consultation


def _event_with_attendee(session, area):
    from app.events.models import Attendee, Booking
    from app.events.services import save_event
    from app.suppliers.models import Supplier, SupplierContact
    from tests.events.conftest import event_data

    event = save_event(session, None, event_data(title="Outside event", service_area_id=area.id))
    supplier = Supplier(
        name="Riverside Larder",
        legal_form="community_group",
        staff_count=0,
        volunteer_count=12,
        turnover_band="under_100k",
        postcode="EW1 2AB",
    )
    contact = SupplierContact(supplier=supplier, name="Ama", email="ama@riverside.example")
    attendee = Attendee(name="Ama Mensah")
    session.add(
        Booking(
            event=event,
            supplier=supplier,
            contact=contact,
            status="confirmed",
            places=1,
            reference="EVT-2026-ROLE01",
            cancel_token_hash="0" * 64,
            attendees=[attendee],
        )
    )
    session.commit()
    return event, attendee


def url_for_rule(rule, world) -> str:
    values = {name: world[name] for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def sign_in_as(client, session, make_staff, role, limited_to=None):
    if role == "anonymous":
        return
    base_role = "commissioner" if role == "out_of_area" else role
    user = make_staff(base_role, email=f"{role}@elmsworth.gov.example")
    if limited_to is not None:
        user.service_areas = [limited_to]
        session.commit()
    response = sign_in_with_password(client, user.email)
    assert response.status_code == 302


def send(client, method, url):
    if method == "GET":
        return client.get(url)
    # Signed-in pages carry the sign-out form's token; the sign-in page, for visitors.
    page = client.get("/staff/sign-in")
    if page.status_code == 302:
        page = client.get("/privacy")
    return client.post(url, data={"csrf_token": csrf_token(page.text)})


def sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/staff/sign-in")


ROLES = ["anonymous", "viewer", "commissioner", "out_of_area", "administrator"]


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_route_answers_each_role_as_it_should(
    app, client, session, make_staff, world, area, role
):
    sign_in_as(
        client, session, make_staff, role, limited_to=area if role == "out_of_area" else None
    )
    problems = []
    checked = 0
    for rule, method in staff_routes(app):
        url = url_for_rule(rule, world)
        response = send(client, method, url)
        checked += 1
        blueprint = rule.endpoint.split(".")[0]
        admin_only = blueprint == "admin" or rule.endpoint.startswith("admin.")
        view = app.view_functions[rule.endpoint]
        needs_commissioner = getattr(view, "required_role", Role.VIEWER).at_least(Role.COMMISSIONER)
        changes_something = method == "POST" or needs_commissioner
        status = response.status_code

        if role == "anonymous":
            ok = sent_to_sign_in(response)
        elif blueprint == "staff_account":
            # Everyone's own account: every role may use it, for itself only.
            ok = status != 403 and not sent_to_sign_in(response)
        elif role == "viewer":
            ok = status == 403 if admin_only or changes_something else status < 400
        elif role == "commissioner":
            ok = status == 403 if admin_only else status != 403 and not sent_to_sign_in(response)
        elif role == "out_of_area":
            if admin_only:
                ok = status == 403
            elif AREA_SCOPED_ARGUMENTS & set(rule.arguments):
                ok = status == 404
            elif (rule.endpoint, method) in COUNCIL_WIDE_CHANGES:
                ok = status == 403
            else:
                ok = status != 403 and not sent_to_sign_in(response) and status < 500
        else:
            ok = status not in (401, 403) and not sent_to_sign_in(response) and status < 500
        if not ok:
            problems.append(f"{role}: {method} {url} -> {status}")
    assert checked > 20
    assert problems == []


def test_every_staff_url_argument_is_loaded_and_checked_by_its_blueprint(app):
    """A URL argument the blueprint's loader does not know would reach the view
    unchecked: the view could load any object, in any area."""
    unchecked = []
    for rule, _method in staff_routes(app):
        blueprint = rule.endpoint.split(".")[0]
        declared = getattr(app.blueprints[blueprint], "staff_urls", None)
        if declared is None:
            unchecked.append(f"{rule.rule}: blueprint {blueprint} has no loader")
            continue
        for argument in rule.arguments:
            if argument not in declared.loaders and argument not in declared.plain:
                unchecked.append(f"{rule.rule}: {argument}")
    assert unchecked == []


def test_area_scoped_arguments_are_checked_against_the_area(app):
    """The loader of every argument naming an area's object checks the area."""
    for name, blueprint in app.blueprints.items():
        declared = getattr(blueprint, "staff_urls", None)
        if declared is None:
            continue
        for argument, loader in declared.loaders.items():
            if argument in AREA_SCOPED_ARGUMENTS:
                assert loader.area is not None, f"{name}: {argument}"


def _text(response) -> str:
    """A page or a download as text; a spreadsheet as its cells' values."""
    if response.mimetype.endswith("spreadsheetml.sheet"):
        from io import BytesIO

        from openpyxl import load_workbook

        workbook = load_workbook(BytesIO(response.data), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return response.get_data(as_text=True)


def test_a_limited_commissioner_never_sees_an_outside_item_anywhere(
    client, session, make_staff, world, area
):
    sign_in_as(client, session, make_staff, "out_of_area", limited_to=area)
    outside = world["outside_reference"]
    for url in (
        "/admin/plans/",
        "/admin/plans/?q=outside",
        "/admin/consultations/",
        "/admin/challenge-services/",
        "/inbox/",
        "/inbox/?q=outside",
        "/inbox/?kind=challenge",
        "/inbox/?area=housing",
        "/inbox/export.csv",
        "/inbox/export.xlsx",
        "/inbox/export.csv?area=housing",
        "/inbox/reports",
        "/inbox/reports.csv?report=areas",
        "/inbox/workload",
        "/admin/events/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        assert outside not in text, url
        for title in (
            "Outside the area",
            "Outside plan item",
            "Outside consultation",
            "Outside challenge service",
            "Outside event",
        ):
            assert title not in text, url
