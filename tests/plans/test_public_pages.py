from datetime import date

import pytest
from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def titles(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup(response).select(".app-plan-list__title a")]


def test_only_published_items_are_listed(client, make_plan):
    make_plan(title="Published home care")
    make_plan(status="draft", title="Secret draft")
    make_plan(status="withdrawn", title="Withdrawn service")
    response = client.get("/plans/")
    assert response.status_code == 200
    assert titles(response) == ["Published home care"]
    assert "1 plan item" in response.text


def test_newest_contract_start_comes_first_by_default(client, make_plan):
    make_plan(title="Starts 2027", contract_start_date=date(2027, 4, 1))
    make_plan(title="Starts 2029", contract_start_date=date(2029, 4, 1))
    make_plan(title="Start unknown", contract_start_date=None)
    assert titles(client.get("/plans/")) == ["Starts 2029", "Starts 2027", "Start unknown"]
    soonest = client.get("/plans/?sort=start-soonest")
    assert titles(soonest) == ["Starts 2027", "Starts 2029", "Start unknown"]


def test_filters_combine_and_stay_in_the_url(client, make_plan, session):
    from app.core.models import ServiceArea

    housing = ServiceArea(slug="housing", name="Housing", name_cy="Tai")
    session.add(housing)
    session.commit()
    make_plan(title="Home care for adults", cycle_stage="plan", suitable_for_sme=True)
    make_plan(
        title="Care leavers housing",
        service_area_id=housing.id,
        cycle_stage="plan",
        suitable_for_sme=True,
    )
    make_plan(
        title="Housing repairs",
        service_area_id=housing.id,
        cycle_stage="do",
        suitable_for_sme=False,
        suitable_for_vcs=False,
    )

    response = client.get("/plans/?area=housing&stage=plan&sme=yes&q=care")
    assert titles(response) == ["Care leavers housing"]
    page = soup(response)
    assert page.select_one("#q")["value"] == "care"
    assert page.select_one('input[name="area"][value="housing"]').has_attr("checked")
    assert page.select_one('input[name="stage"][value="plan"]').has_attr("checked")
    assert page.select_one("#sme").has_attr("checked")

    both_areas = client.get("/plans/?area=housing&area=adult-social-care&stage=plan")
    assert sorted(titles(both_areas)) == ["Care leavers housing", "Home care for adults"]
    assert titles(client.get("/plans/?route=stop")) == []


@pytest.mark.parametrize(
    "query",
    [
        "area=nowhere",
        "stage=%00",
        "route=<script>",
        "page=-5",
        "page=abc",
        "page=99999999999999999999",
        "sort=DROP TABLE",
        "q=" + "x" * 5000,
        "q=%25_%5C",
        "sme=maybe",
    ],
)
def test_malformed_filters_never_cause_an_error(client, make_plan, query):
    make_plan()
    response = client.get(f"/plans/?{query}")
    assert response.status_code == 200
    assert "Forward commissioning plan" in response.text


def test_like_wildcards_in_the_search_are_taken_literally(client, make_plan):
    make_plan(title="Home care")
    assert titles(client.get("/plans/?q=%25")) == []
    assert titles(client.get("/plans/?q=_")) == []


def test_no_results_state_offers_a_way_out(client, make_plan):
    make_plan()
    response = client.get("/plans/?q=submarine")
    assert "No plan items match your search" in response.text
    assert "Clear all filters" in response.text


def test_pagination_keeps_the_filters(app, client, make_plan):
    per_page = app.config["PLANS_PER_PAGE"]
    for number in range(per_page + 3):
        make_plan(title=f"Care contract {number:02d}", contract_start_date=date(2027, 1, 1))
    first = client.get("/plans/?q=care&sort=title")
    assert len(titles(first)) == per_page
    next_link = soup(first).select_one(".govuk-pagination__next a")["href"]
    assert "q=care" in next_link
    assert "sort=title" in next_link
    assert "page=2" in next_link
    second = client.get(next_link)
    assert titles(second) == [f"Care contract {n:02d}" for n in range(per_page, per_page + 3)]
    beyond = client.get("/plans/?q=care&sort=title&page=50")
    assert titles(beyond) == titles(second)


def test_plan_page_shows_every_fact_in_plain_language(client, make_plan):
    item = make_plan()
    response = client.get(f"/plans/{item.slug}")
    assert response.status_code == 200
    text = soup(response).get_text(" ", strip=True)
    for expected in (
        "Home care in the north locality",
        "£1,250,000",
        "£8,750,000",
        "60 months (5 years)",
        "24 months (2 years)",
        "1 February 2027",
        "1 June 2027",
        "1 October 2027",
        "1 January 2028",
        "Buy: the council buys it from a provider",
        "Plan: designing the service",
        "Open procedure",
        "Small and medium-sized businesses",
        "North",
        "Jobs for local people",
        "Sam Patel",
        "home.care@elmsworth.gov.example",
        "Last updated",
    ):
        assert expected in text, expected


def test_plan_page_in_welsh_uses_welsh_dates_and_labels(client, make_plan):
    item = make_plan()
    response = client.get(f"/plans/{item.slug}", headers={"Accept-Language": "cy"})
    text = soup(response).get_text(" ", strip=True)
    assert "Chwefror 2027" in text
    assert "Small and medium-sized businesses" not in text


def test_drafts_and_withdrawn_items_are_not_found(client, make_plan):
    draft = make_plan(status="draft")
    withdrawn = make_plan(status="withdrawn", title="Old")
    assert client.get(f"/plans/{draft.slug}").status_code == 404
    assert client.get(f"/plans/{withdrawn.slug}").status_code == 404


def test_script_in_a_description_never_reaches_the_page(client, make_plan):
    item = make_plan(
        description_html='<p>Fine</p><script>alert("x")</script><b onclick="x()">b</b>'
    )
    response = client.get(f"/plans/{item.slug}")
    assert "<script>alert" not in response.text
    assert "onclick" not in response.text
    assert "<p>Fine</p>" in response.text


def test_security_headers_are_sent(client):
    response = client.get("/plans/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_long_result_lists_link_the_pages_near_the_current_one():
    from app.plans.search import PlanPage

    page = PlanPage(items=[], total=500, page=10, per_page=20)
    assert page.window() == [1, None, 8, 9, 10, 11, 12, None, 25]
    assert PlanPage(items=[], total=60, page=1, per_page=20).window() == [1, 2, 3]
    assert PlanPage(items=[], total=0, page=1, per_page=20).window() == [1]
