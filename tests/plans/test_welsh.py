"""Plan items in Welsh: staff write both languages, readers get theirs."""

from bs4 import BeautifulSoup

from app.plans.models import PlanItem
from tests.conftest import post_form
from tests.plans.test_admin import _form

WELSH = {
    "title_cy": "Gofal cartref yn ardal y gogledd",
    "summary_cy": "Gofal a chymorth gartref i oedolion yng ngogledd y fwrdeistref.",
    "description_html_cy": "<p>Byddwn yn prynu <strong>gofal cartref</strong>.</p>",
}
CY = {"Accept-Language": "cy"}


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def test_welsh_reader_sees_the_welsh_unmarked_and_no_note(client, make_plan):
    item = make_plan(**WELSH)
    page = soup(client.get(f"/plans/{item.slug}", headers=CY))
    h1 = page.find("h1")
    assert h1.get_text(strip=True) == WELSH["title_cy"]
    assert not h1.find(attrs={"lang": "en"})
    assert "gofal cartref" in page.select_one(".app-prose").get_text()
    assert page.select_one(".app-prose").get("lang") is None
    assert not page.select(".app-welsh-note")
    assert page.title.get_text().startswith(WELSH["title_cy"])
    # The English reader is not shown the Welsh.
    english = soup(client.get(f"/plans/{item.slug}"))
    assert english.find("h1").get_text(strip=True) == item.title


def test_missing_welsh_falls_back_to_english_marked_with_the_note(client, make_plan):
    item = make_plan(title_cy=WELSH["title_cy"])  # summary and description left for later
    page = soup(client.get(f"/plans/{item.slug}", headers=CY))
    assert page.find("h1").get_text(strip=True) == WELSH["title_cy"]
    summary = page.select_one("p.govuk-body-l")
    assert summary.get("lang") == "en"
    assert summary.get_text(strip=True) == item.summary
    assert page.select_one(".app-prose").get("lang") == "en"
    assert len(page.select(".app-welsh-note")) == 1
    # English readers never see the note.
    assert not soup(client.get(f"/plans/{item.slug}")).select(".app-welsh-note")


def test_plan_list_marks_only_the_english_fallbacks(client, make_plan):
    make_plan(title="Day centres", **{k: v for k, v in WELSH.items() if k != "title_cy"})
    make_plan(title="Respite care", title_cy="Gofal seibiant", summary_cy="Seibiant i ofalwyr.")
    page = soup(client.get("/plans/", headers=CY))
    links = {a.get_text(strip=True): a.get("lang") for a in page.select(".app-plan-list__title a")}
    assert links == {"Day centres": "en", "Gofal seibiant": None}


def test_search_finds_items_by_their_welsh_words(client, make_plan):
    make_plan(**WELSH)
    make_plan(title="Library services")
    page = soup(client.get("/plans/?q=ngogledd", headers=CY))
    titles = [a.get_text(strip=True) for a in page.select(".app-plan-list__title a")]
    assert titles == [WELSH["title_cy"]]


def test_staff_write_welsh_beside_english_or_leave_it_for_later(client, sign_in, area, session):
    sign_in("commissioner")
    response = post_form(client, "/admin/plans/new", _form(area))
    assert response.status_code == 302
    item = session.query(PlanItem).one()
    assert item.title_cy == ""
    assert item.welsh_state == "missing"
    shown = soup(client.get(f"/admin/plans/{item.id}"))
    assert "Welsh missing" in shown.get_text()

    form = _form(
        area,
        title_cy="  Gwasanaeth cymorth i ofalwyr ",
        summary_cy="Gwybodaeth,\n seibiant a chyngor i ofalwyr di-dâl.",
        description_html_cy="<p>Grwpiau lleol.</p><script>alert(1)</script>",
    )
    response = post_form(client, f"/admin/plans/{item.id}/edit", form)
    assert response.status_code == 302
    session.refresh(item)
    assert item.title_cy == "Gwasanaeth cymorth i ofalwyr"
    assert item.summary_cy == "Gwybodaeth, seibiant a chyngor i ofalwyr di-dâl."
    assert "<script>" not in item.description_html_cy
    assert item.welsh_state == "done"
    edit_page = soup(client.get(f"/admin/plans/{item.id}/edit"))
    assert edit_page.find(id="title_cy").get("lang") == "cy"
    assert edit_page.find(id="title_cy").get("value") == "Gwasanaeth cymorth i ofalwyr"


def test_welsh_summary_over_the_limit_is_refused_with_a_message(client, sign_in, area, session):
    sign_in("commissioner")
    response = post_form(client, "/admin/plans/new", _form(area, summary_cy="a" * 601))
    assert response.status_code == 400
    assert "Summary in Welsh must be 600 characters or fewer" in response.text
    assert session.query(PlanItem).count() == 0
