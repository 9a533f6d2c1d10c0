import re

import pytest
from sqlalchemy import func, select

from app.core.outbox.models import OutboxMessage
from app.inbox.models import InboxItem
from app.suppliers.models import Supplier, SupplierContact
from tests.conftest import post_form
from tests.suppliers.conftest import registration


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_the_register_page_asks_for_everything_and_leaves_news_unticked(client, area):
    page = client.get("/suppliers/register")
    assert page.status_code == 200
    for text in (
        "Organisation name",
        "Charity number",
        "Companies House number",
        "Central Digital Platform",
        "Number of volunteers",
        "Annual turnover",
        "Postcode",
        "Adult social care",
        "Health and social care services",
    ):
        assert text in page.text
    news = page.text.split('name="news_opt_in"')[1].split(">")[0]
    assert "checked" not in news


def test_a_charity_registers_and_is_filed_into_the_inbox(client, session, register):
    response = register()
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/suppliers/registered")

    supplier = session.scalars(select(Supplier)).one()
    assert supplier.charity_number == "1187654"
    assert supplier.postcode == "EW3 4HQ"
    assert supplier.is_local is True
    assert supplier.is_sme is True
    assert supplier.news_opt_in is False
    assert [a.slug for a in supplier.service_areas] == ["adult-social-care"]
    assert supplier.cpv_divisions == ["15", "98"]
    assert supplier.contacts[0].email == "priya@northfield-larder.org.example"

    item = session.scalars(select(InboxItem)).one()
    assert item.kind == "supplier_registration"
    assert item.reference.startswith("SUP-")
    assert item.reference == supplier.inbox_reference
    assert item.subject == "Northfield Community Larder"

    email = session.scalars(select(OutboxMessage)).one()
    assert email.to_address == "priya@northfield-larder.org.example"
    assert item.reference in email.body_text

    confirmation = client.get("/suppliers/registered")
    assert "Registration received" in confirmation.text


def test_a_small_firm_registers_with_a_padded_company_number(session, register):
    response = register(
        name="Hartley & Daughters Catering Ltd",
        legal_form="company_by_shares",
        charity_number="",
        company_number="1234567",
        staff_count="18",
        volunteer_count="0",
        turnover_band="1m_to_10m",
        postcode="B33 8TH",
        contact_email="ops@hartley-catering.example",
        news_opt_in=["yes"],
    )
    assert response.status_code == 302, response.text
    supplier = session.scalars(select(Supplier)).one()
    assert supplier.company_number == "01234567"
    assert supplier.is_local is False
    assert supplier.news_opt_in is True
    assert supplier.is_vcse is False


def test_a_big_firm_is_not_marked_as_an_sme(session, register):
    register(
        legal_form="company_by_shares",
        charity_number="",
        company_number="SC123456",
        staff_count="1,200",
        turnover_band="over_44m",
        balance_sheet_band="over_38m",
    )
    assert session.scalars(select(Supplier)).one().is_sme is False


def test_malformed_numbers_and_postcode_are_explained_and_nothing_is_saved(session, register):
    response = register(charity_number="12AB", company_number="XX999999", postcode="EW99")
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "Enter a charity number in the correct format" in response.text
    assert "Enter a Companies House number in the correct format" in response.text
    assert "Enter a real postcode" in response.text
    # What was typed is kept, so nothing has to be typed again.
    assert 'value="Northfield Community Larder"' in response.text
    assert 'value="12AB"' in response.text
    assert 'value="XX999999"' in response.text
    assert count(session, Supplier) == 0
    assert count(session, InboxItem) == 0


@pytest.mark.parametrize(
    ("charity", "company", "message"),
    [
        ("", "218186", "That looks like a charity number, not a Companies House number"),
        ("", "1187654-1", "That looks like a charity number, not a Companies House number"),
        ("01234567", "", "That looks like a Companies House or FCA mutuals number"),
        ("12345R", "", "That looks like a Companies House or FCA mutuals number"),
        ("0000000", "", "a charity number cannot be all zeros"),
        ("", "00000000", "Enter your real Companies House number: it cannot be all zeros"),
    ],
)
def test_a_number_in_the_wrong_box_or_all_zeros_gets_its_own_error(
    session, register, charity, company, message
):
    response = register(
        legal_form="community_group", charity_number=charity, company_number=company
    )
    assert response.status_code == 400
    assert message in response.text
    assert "correct format" not in response.text
    assert count(session, Supplier) == 0


def test_a_community_benefit_society_registers_with_its_fca_number(session, register):
    response = register(
        legal_form="community_benefit_society", charity_number="", company_number="31271 r"
    )
    assert response.status_code == 302, response.text
    assert session.scalars(select(Supplier)).one().company_number == "31271R"


def test_a_linked_charity_registers_with_its_own_number(session, register):
    response = register(charity_number="1187654-2")
    assert response.status_code == 302, response.text
    assert session.scalars(select(Supplier)).one().charity_number == "1187654-2"


def test_missing_answers_each_get_an_error(client, area, session):
    from tests.conftest import post_form

    response = post_form(client, "/suppliers/register", {})
    assert response.status_code == 400
    for message in (
        "Enter the name of your organisation",
        "Select the legal form",
        "Enter the number of paid staff",
        "Select your annual turnover",
        "Enter a postcode",
        "Enter your full name",
        "Enter an email address",
    ):
        assert message in response.text
    assert count(session, Supplier) == 0


def test_a_company_form_needs_a_company_number_and_a_cio_a_charity_number(register):
    response = register(legal_form="cic", company_number="")
    assert "Enter your Companies House number" in response.text
    response = register(legal_form="cio", charity_number="")
    assert "Enter your charity number" in response.text


def test_tampered_choices_are_refused(session, register):
    response = register(legal_form="pirate_ship", cpv_divisions=["99"], service_areas=["nowhere"])
    assert response.status_code == 400
    assert count(session, Supplier) == 0


def test_zero_staff_is_an_answer(session, register):
    assert register(staff_count="0", volunteer_count="0").status_code == 302


def test_duplicate_charity_numbers_are_caught_and_pointed_at_sign_in(session, register):
    assert register().status_code == 302
    # The same charity number typed differently.
    again = register(charity_number="1187654", contact_email="other@example.org")
    assert again.status_code == 400
    assert "An organisation with this charity number is already registered" in again.text
    assert "/suppliers/sign-in" in again.text
    assert count(session, Supplier) == 1
    assert count(session, SupplierContact) == 1
    assert count(session, InboxItem) == 1


def test_duplicate_company_numbers_are_caught(session, register):
    register(legal_form="cic", charity_number="", company_number="01234567")
    again = register(
        legal_form="cic", charity_number="", company_number="1234567", contact_email="b@example.org"
    )
    assert "Companies House number is already registered" in again.text
    assert count(session, Supplier) == 1


def test_registration_needs_the_csrf_token(client, area, session):
    response = client.post("/suppliers/register", data=registration())
    assert response.status_code == 400
    assert count(session, Supplier) == 0


def test_staff_see_the_supplier_on_the_inbox_item_and_can_verify_it(
    client, session, register, sign_in
):
    register()
    reference = session.scalars(select(InboxItem.reference)).one()
    sign_in("commissioner")
    page = client.get(f"/inbox/{reference}")
    assert page.status_code == 200
    assert "Charitable incorporated organisation (CIO)" in page.text
    assert "1187654" in page.text
    assert "EW3 4HQ (local)" in page.text
    assert 'value="verified"' in page.text
    response = post_form(
        client,
        f"/inbox/{reference}/status",
        {"status": "verified", "note": "Checked on the Charity Commission register"},
        form_url=f"/inbox/{reference}",
    )
    assert response.status_code == 302
    assert session.scalar(select(InboxItem.status)) == "verified"


def test_the_register_page_works_in_welsh(client, area):
    client.get("/language/cy")
    page = client.get("/suppliers/register")
    assert page.status_code == 200
    assert 'lang="cy"' in page.text


def test_a_registration_reaches_staff_limited_to_its_first_area(
    client, session, area, register, sign_in
):
    from app.core.models import ServiceArea

    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.commit()
    assert register(service_areas=["housing", "adult-social-care"]).status_code == 302
    item = session.scalars(select(InboxItem).where(InboxItem.kind == "supplier_registration")).one()
    # The first of its fields of interest, in the order the form lists them.
    assert item.service_area_id == area.id

    client.delete_cookie("session", domain="localhost")
    user = sign_in("commissioner")
    user.service_areas = [area]
    session.commit()
    assert item.reference in client.get("/inbox/").text
    assert client.get(f"/inbox/{item.reference}").status_code == 200
    user.service_areas = [housing]
    session.commit()
    assert item.reference not in client.get("/inbox/").text
    assert client.get(f"/inbox/{item.reference}").status_code == 404


def test_a_registration_with_no_area_files_without_one(session, area, register):
    assert register(service_areas=[]).status_code == 302
    item = session.scalars(select(InboxItem)).one()
    assert item.service_area_id is None


def _as_seen(app, url: str, **overrides) -> tuple:
    """Register from a fresh browser; what it sees: status, where it is sent,
    and the page it lands on (CSRF tokens aside, which differ every time)."""
    browser = app.test_client()
    response = post_form(browser, url, registration(**overrides))
    landed = browser.get(response.headers["Location"]) if response.status_code == 302 else response
    page = re.sub(r'value="[^"]{40,}"', 'value=""', landed.text)
    return response.status_code, response.headers.get("Location"), landed.status_code, page


@pytest.mark.parametrize("url", ["/suppliers/register", "/suppliers/register?next=/events/"])
def test_registering_an_address_already_on_the_register_looks_like_a_new_registration(
    app, session, area, register, url
):
    assert register().status_code == 302
    before = session.scalars(select(OutboxMessage.id)).all()

    new = _as_seen(
        app,
        url,
        name="Coldwater Toy Library",
        charity_number="1099999",
        contact_email="sam@coldwater-toys.org.example",
    )
    taken = _as_seen(
        app,
        url,
        name="Someone Else's Group",
        charity_number="1088888",
        contact_email="PRIYA@northfield-larder.org.example",
    )

    assert taken == new
    assert new[0] == 302
    assert new[2] == 200
    assert "Registration received" in new[3]
    assert "already registered" not in taken[3]

    # Only the new registration is on the register; the taken address's
    # owner is told instead, with a way to sign in.
    assert count(session, Supplier) == 2
    assert count(session, SupplierContact) == 2
    assert count(session, InboxItem) == 2
    sent = session.scalars(
        select(OutboxMessage).where(OutboxMessage.id.not_in(before)).order_by(OutboxMessage.id)
    ).all()
    to_priya = [m for m in sent if m.to_address == "priya@northfield-larder.org.example"]
    assert len(to_priya) == 1
    notice = to_priya[0]
    assert notice.subject == "Someone tried to register your email address"
    assert "Northfield Community Larder" in notice.body_text
    assert "Someone Else's Group" not in notice.body_text
    assert "http://localhost/suppliers/sign-in" in notice.body_text
    assert session.scalar(select(Supplier).where(Supplier.charity_number == "1088888")) is None


def test_the_notice_to_a_welsh_speaking_contact_is_in_welsh(app, session, area, register):
    register()
    contact = session.scalars(select(SupplierContact)).one()
    contact.locale = "cy"
    session.commit()
    _as_seen(app, "/suppliers/register", charity_number="1099999")
    notice = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert notice.to_address == contact.email
    assert notice.locale == "cy"
    assert "Someone tried to register" not in notice.subject
    assert "http://localhost/suppliers/sign-in" in notice.body_text
