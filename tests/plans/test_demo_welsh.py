"""The demo council writes both languages for everything it shows."""

from app.demo.content import read


def test_every_demo_plan_item_has_all_its_welsh():
    welsh = read("plans_cy")
    items = {item["slug"]: item for item in read("plans")["plan_items"]}
    assert set(welsh) == set(items)
    for slug, cy in welsh.items():
        english = items[slug]
        for field in ("title", "summary", "description_html"):
            assert cy[f"{field}_cy"].strip(), (slug, field)
            assert cy[f"{field}_cy"] != english[field], (slug, field)
        # The same paragraphs, lists and links as the English.
        for tag in ("<p>", "<li>", "<a ", "<strong>"):
            assert cy["description_html_cy"].count(tag) == english["description_html"].count(tag), (
                slug,
                tag,
            )


def test_every_demo_event_has_its_welsh():
    for event in read("events")["events"]:
        for field in ("title", "description_html", "venue", "accessibility", "buyers_attending"):
            if (event.get(field) or "").strip():
                assert (event.get(f"{field}_cy") or "").strip(), (event["slug"], field)
