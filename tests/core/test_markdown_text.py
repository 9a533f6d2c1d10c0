"""Staff write formatted text in Markdown; the portal stores cleaned HTML,
shows Markdown again for editing, and previews it before saving."""

from __future__ import annotations

from bs4 import BeautifulSoup

from app.core.markdown_text import html_to_markdown, markdown_to_html
from tests.conftest import csrf_token

WRITTEN = """# What we will buy

We want **three** lots, *one* for each area:

* North
* South, see [the map](https://www.elmsworth.gov.example/map)

### Timetable

1. Briefing in March
2. Tender in May

> Providers told us travel time matters.
"""


def test_headings_lists_links_and_bold_become_the_portals_html():
    html = markdown_to_html(WRITTEN)
    page = BeautifulSoup(html, "html.parser")
    # The page's title is its only h1, so "#" gives a second-level heading.
    assert [h.name for h in page.find_all(["h1", "h2", "h3"])] == ["h2", "h3"]
    assert page.find("strong").get_text() == "three"
    assert page.select_one("ul li").get_text() == "North"
    assert len(page.select("ol li")) == 2
    link = page.find("a")
    assert link["href"] == "https://www.elmsworth.gov.example/map"
    assert link["class"] == ["govuk-link"]
    assert page.find("blockquote") is not None


def test_nothing_typed_can_carry_script_or_an_image_without_its_words():
    html = markdown_to_html(
        "Hello <script>alert(1)</script> <b onclick='x()'>there</b>\n\n"
        "[click](javascript:alert(1)) ![a map of the area](https://x.example/map.png)"
    )
    assert "<script" not in html
    assert "onclick" not in html
    assert 'href="javascript' not in html
    assert "<img" not in html
    # The image's words stay, as a link to it.
    assert "a map of the area" in html


def test_html_stored_before_markdown_is_edited_as_markdown_and_saves_unchanged():
    stored = (
        "<h2>Next steps</h2><p>We want <strong>local</strong> groups.</p>"
        '<ul><li>one</li><li>two <a href="https://example.org/a_b">link</a></li></ul>'
    )
    markdown = html_to_markdown(stored)
    assert "## Next steps" in markdown
    assert "**local**" in markdown
    assert "* two [link](https://example.org/a_b)" in markdown
    again = markdown_to_html(markdown)
    assert BeautifulSoup(again, "html.parser").get_text(" ", strip=True) == BeautifulSoup(
        stored, "html.parser"
    ).get_text(" ", strip=True)
    assert markdown_to_html(html_to_markdown(again)) == again


def test_empty_text_stays_empty():
    assert markdown_to_html("  \n ") == ""
    assert html_to_markdown("") == ""


def test_a_commissioner_writes_markdown_and_the_public_page_shows_it(
    client, sign_in, make_plan, session
):
    item = make_plan(description_html="<p>Old <strong>words</strong>.</p>")
    sign_in("commissioner")
    form_page = client.get(f"/admin/plans/{item.id}/edit")
    page = BeautifulSoup(form_page.text, "html.parser")
    # The box shows Markdown, not the HTML it was stored as.
    assert page.select_one("#description_html").get_text() == "Old **words**."
    assert (
        page.select_one("button[name=preview]")["value"] == "description_html,description_html_cy"
    )
    assert "Start a line with ## for a heading" in form_page.text

    from tests.plans.test_admin import _edit_data

    data = _edit_data(page, item)
    data["summary"] = page.select_one("#summary").get_text()
    data["description_html"] = "## Lots\n\n* North\n* South\n\nWe want **local** groups."
    response = client.post(f"/admin/plans/{item.id}/edit", data=data)
    assert response.status_code == 302, response.text
    session.expire_all()
    assert "<h2>Lots</h2>" in item.description_html
    assert "<li>North</li>" in item.description_html
    public = BeautifulSoup(client.get(f"/plans/{item.slug}").text, "html.parser")
    prose = public.select_one(".app-prose")
    assert prose.find("h2").get_text() == "Lots"
    assert prose.find("strong").get_text() == "local"


def test_preview_shows_both_languages_and_saves_nothing(client, sign_in, make_plan, session):
    item = make_plan(description_html="<p>Kept.</p>")
    sign_in("commissioner")
    form = client.get(f"/admin/plans/{item.id}/edit").text
    response = client.post(
        "/admin/preview/",
        data={
            "csrf_token": csrf_token(form),
            "preview": "description_html,description_html_cy",
            "description_html": "We want **local** groups.",
            "description_html_cy": "Rydyn ni eisiau grwpiau **lleol**.",
        },
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    english, welsh = page.select(".app-preview")
    assert english.find("strong").get_text() == "local"
    assert welsh["lang"] == "cy"
    assert welsh.find("strong").get_text() == "lleol"
    assert "Nothing has been saved" in response.text
    session.expire_all()
    assert item.description_html == "<p>Kept.</p>"


def test_preview_needs_a_csrf_token_and_an_editing_role(client, sign_in):
    sign_in("viewer")
    assert client.post("/admin/preview/", data={"preview": "x"}).status_code in (400, 403)
    form = client.get("/admin/translations/").text
    refused = client.post(
        "/admin/preview/", data={"csrf_token": csrf_token(form), "preview": "x", "x": "*a*"}
    )
    assert refused.status_code == 403
