import pytest
from bs4 import BeautifulSoup

from app.plans.models import PlanItem
from tests.conftest import post_form


def change_status(client, item_id: int, action: str):
    return post_form(
        client,
        f"/admin/plans/{item_id}/status",
        {"action": action},
        form_url=f"/admin/plans/{item_id}",
    )


VALID_FORM = {
    "title": "Carers' support service",
    "summary": "Information, breaks and advice for unpaid carers.",
    "description_html": "<p>We want <strong>local</strong> groups.</p><script>alert(1)</script>",
    "commissioning_route": "buy",
    "cycle_stage": "analyse",
    "procurement_route": "grant",
    "cpv_division": "85",
    "estimated_annual_value": "£250,000",
    "estimated_total_value": "1,250,000",
    "contract_length_months": "36",
    "extension_months": "24",
    "market_engagement_date": ["3", "3", "2027"],
    "tender_publication_date": ["", "", ""],
    "award_date": ["", "", ""],
    "contract_start_date": ["1", "4", "2028"],
    "suitable_for": ["sme", "vcs"],
    "social_value_priorities": ["skills", "inclusion"],
    "contact_name": "Jo Evans",
    "contact_email": "Carers@Elmsworth.gov.example",
    "contact_phone": "",
}


def _form(area, **changes):
    data = {**VALID_FORM, "service_area_id": str(area.id), **changes}
    return data


def test_commissioner_adds_a_draft_then_publishes_it(client, sign_in, area, session):
    sign_in("commissioner")
    response = post_form(client, "/admin/plans/new", _form(area))
    assert response.status_code == 302
    item = session.query(PlanItem).one()
    assert item.status == "draft"
    assert item.slug == "carers-support-service"
    assert item.estimated_annual_value == 250_000
    assert item.estimated_total_value == 1_250_000
    # Lots are added one at a time on the item's page (test_lots.py).
    assert item.lots == []
    assert item.suitable_for_sme
    assert item.suitable_for_vcs
    assert item.contact_email == "carers@elmsworth.gov.example"
    assert "<script>" not in item.description_html
    assert item.market_engagement_date.isoformat() == "2027-03-03"
    assert item.tender_publication_date is None
    shown = client.get(response.headers["Location"])
    assert "Draft saved" in shown.text
    assert client.get("/plans/carers-support-service").status_code == 404
    published = change_status(client, item.id, "publish")
    assert published.status_code == 302
    public = client.get("/plans/carers-support-service")
    assert public.status_code == 200
    assert "Health and social care services" in public.text
    assert "Carers&#39; support service" in client.get("/plans/").text

    withdrawn = change_status(client, item.id, "withdraw")
    assert withdrawn.status_code == 302
    assert client.get("/plans/carers-support-service").status_code == 404


def test_an_empty_form_shows_an_error_summary_and_inline_errors(client, sign_in, area, session):
    sign_in("commissioner")
    response = post_form(client, "/admin/plans/new", {})
    assert response.status_code == 400
    page = BeautifulSoup(response.text, "html.parser")
    summary = page.select_one(".govuk-error-summary")
    assert summary is not None
    links = {a.get_text(strip=True): a["href"] for a in summary.select("a")}
    assert links["Enter a title"] == "#title"
    assert links["Select a service area"] == "#service_area_id"
    assert links["Enter a contact email address"] == "#contact_email"
    assert page.select_one("#title-error") is not None
    assert page.title.get_text().startswith("Error:")
    assert session.query(PlanItem).count() == 0


def test_bad_values_are_explained_and_what_was_typed_is_kept(client, sign_in, area, session):
    sign_in("commissioner")
    response = post_form(
        client,
        "/admin/plans/new",
        _form(
            area,
            estimated_annual_value="lots",
            contract_length_months="three",
            market_engagement_date=["31", "2", "2027"],
            contract_start_date=["1", "", "2028"],
            contact_email="not-an-email",
        ),
    )
    assert response.status_code == 400
    text = response.text
    assert "Estimated annual value must be an amount in pounds" in text
    assert "Contract length in months must be a whole number" in text
    assert "Market engagement must be a real date" in text
    assert "Contract start must include a day, month and year" in text
    assert "Enter an email address in the correct format" in text
    page = BeautifulSoup(text, "html.parser")
    assert page.select_one("#estimated_annual_value")["value"] == "lots"
    assert page.select_one("#market_engagement_date-day")["value"] == "31"
    summary_links = [a["href"] for a in page.select(".govuk-error-summary a")]
    assert "#market_engagement_date-day" in summary_links
    assert session.query(PlanItem).count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"estimated_total_value": "£99,999,999,999,999,999,999"},
            "Estimated total value must be £999,999,999,999 or less",
        ),
        (
            {"estimated_annual_value": "", "estimated_total_value": "99999999999999999999"},
            "Estimated total value must be £999,999,999,999 or less",
        ),
        ({"extension_months": "²"}, "Possible extension in months must be a whole number"),
    ],
)
def test_numbers_too_big_for_the_database_are_explained_not_a_crash(
    client, sign_in, area, session, changes, message
):
    """Everything else on the form is right, so only the number stands
    between the form and the database's 64-bit column."""
    sign_in("commissioner")
    response = post_form(client, "/admin/plans/new", _form(area, **changes))
    assert response.status_code == 400
    assert message in response.text
    assert session.query(PlanItem).count() == 0


def test_dates_out_of_order_are_refused(client, sign_in, area):
    sign_in("commissioner")
    response = post_form(
        client,
        "/admin/plans/new",
        _form(
            area, market_engagement_date=["1", "5", "2029"], contract_start_date=["1", "4", "2028"]
        ),
    )
    assert response.status_code == 400
    assert "Contract start must be on or after market engagement" in response.text


def _edit_data(page, item) -> dict:
    """The edit form as a browser would send it back unchanged."""
    data = {
        field["name"]: field.get("value", "")
        for field in page.select("input[name]")
        if field.get("type") not in ("checkbox", "radio")
    }
    data["description_html"] = page.select_one("#description_html").get_text()
    data["commissioning_route"] = "buy"
    data["cycle_stage"] = "do"
    data["procurement_route"] = "open"
    data["service_area_id"] = str(item.service_area_id)
    for name in (
        "market_engagement_date",
        "tender_publication_date",
        "award_date",
        "contract_start_date",
    ):
        data[name] = [page.select_one(f"#{name}-{p}")["value"] for p in ("day", "month", "year")]
    return data


def test_editing_keeps_the_address_and_shows_the_change(client, sign_in, make_plan):
    item = make_plan()
    sign_in("commissioner")
    form_page = client.get(f"/admin/plans/{item.id}/edit")
    page = BeautifulSoup(form_page.text, "html.parser")
    assert page.select_one("#title")["value"] == item.title
    assert page.select_one("#estimated_annual_value")["value"] == "1,250,000"
    assert page.select_one("#contract_start_date-year")["value"] == "2028"
    data = _edit_data(page, item)
    data["summary"] = "A new summary for residents."
    response = client.post(f"/admin/plans/{item.id}/edit", data=data)
    assert response.status_code == 302, response.text
    public = client.get(f"/plans/{item.slug}")
    assert "A new summary for residents." in public.text
    assert "Do: buying or setting up the service" in public.text


def test_admin_list_filters_by_status(client, sign_in, make_plan):
    make_plan(title="Live one")
    make_plan(status="draft", title="Draft one")
    sign_in("viewer")
    drafts = client.get("/admin/plans/?status=draft")
    assert "Draft one" in drafts.text
    assert "Live one" not in drafts.text
    assert "Draft one" in client.get("/admin/plans/?q=draft").text


def test_tampered_choices_get_a_plain_error_not_a_crash(client, sign_in, area, session):
    sign_in("commissioner")
    response = post_form(
        client,
        "/admin/plans/new",
        _form(area, service_area_id="abc", commissioning_route="bribe", suitable_for=["xyz"]),
    )
    assert response.status_code == 400
    assert "Select a service area" in response.text
    assert "Select one of the options" in response.text
    assert "Not a valid choice" not in response.text
    assert session.query(PlanItem).count() == 0


def test_a_cpv_division_not_on_the_list_is_refused(client, sign_in, area, session):
    sign_in("commissioner")
    response = post_form(client, "/admin/plans/new", _form(area, cpv_division="99"))
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert session.query(PlanItem).count() == 0


def _limit_to(session, user, area):
    user.service_areas = [area]
    session.commit()


def test_a_commissioner_limited_to_one_area_files_plans_only_there(client, sign_in, area, session):
    from app.core.models import ServiceArea

    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.commit()
    _limit_to(session, sign_in("commissioner"), area)

    form = BeautifulSoup(client.get("/admin/plans/new").text, "html.parser")
    offered = [o.text for o in form.select("#service_area_id option") if o.get("value")]
    assert offered == ["Adult social care"]

    refused = post_form(client, "/admin/plans/new", _form(housing))
    assert refused.status_code == 400
    assert "Select one of the options" in refused.text
    assert session.query(PlanItem).count() == 0

    assert post_form(client, "/admin/plans/new", _form(area)).status_code == 302
    assert session.query(PlanItem).one().service_area_id == area.id


def test_a_limited_commissioner_cannot_move_their_plan_into_another_area(
    client, sign_in, area, session, make_plan
):
    from app.core.models import ServiceArea

    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.commit()
    item = make_plan(status="draft")
    _limit_to(session, sign_in("commissioner"), area)
    response = post_form(client, f"/admin/plans/{item.id}/edit", _form(housing))
    assert response.status_code == 400
    session.expire_all()
    assert session.get(PlanItem, item.id).service_area_id == area.id


def test_the_staff_plan_list_counts_only_the_readers_areas(
    client, sign_in, area, session, make_plan
):
    from app.core.models import ServiceArea

    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.commit()
    make_plan(title="Day opportunities")
    make_plan(title="Temporary accommodation", service_area_id=housing.id)
    _limit_to(session, sign_in("commissioner"), area)
    page = client.get("/admin/plans/").text
    assert "Day opportunities" in page
    assert "Temporary accommodation" not in page
    status_filter = BeautifulSoup(page, "html.parser").select_one("option[value='']").text
    assert status_filter.strip() == "All (1)"
