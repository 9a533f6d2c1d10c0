"""The plan list keeps each item's rendering (app.core.fragments), keyed by
everything the item shows: a change to any of it shows at once, in every
language, even with no content version moved and no page cache."""

from datetime import date

from bs4 import BeautifulSoup
from sqlalchemy import update

from app.core.db import db
from app.plans.models import PlanItem


def _item(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser").select_one(".app-plan-list__item")


def _change_behind_the_portals_back(item_id: int, **values) -> None:
    # As another process or a migration would: no content version moves.
    with db.engine.begin() as conn:
        conn.execute(update(PlanItem).where(PlanItem.id == item_id).values(**values))


def test_every_part_of_an_item_shows_its_change_at_once(client, make_plan):
    item = make_plan(
        title="Home care for adults",
        summary="Care at home.",
        contract_start_date=date(2027, 4, 1),
        estimated_total_value=1_200_000,
        suitable_for_sme=False,
        suitable_for_vcs=False,
    )
    before = _item(client.get("/plans/")).get_text(" ", strip=True)
    assert "Home care for adults" in before
    assert "1 April 2027" in before

    for values, shown in (
        ({"title": "Home care for older adults"}, "Home care for older adults"),
        ({"summary": "Care and support at home."}, "Care and support at home."),
        ({"contract_start_date": date(2028, 10, 1)}, "1 October 2028"),
        ({"estimated_total_value": 2_500_000}, "£2,500,000"),
        ({"suitable_for_sme": True}, "small businesses"),
        ({"suitable_for_vcs": True}, "voluntary and community organisations"),
        ({"cycle_stage": "review"}, "Review"),
    ):
        _change_behind_the_portals_back(item.id, **values)
        assert shown in _item(client.get("/plans/")).get_text(" ", strip=True), values


def test_english_and_welsh_renderings_of_an_item_are_kept_apart(client, make_plan):
    make_plan(title="Respite care", title_cy="Gofal seibiant", summary_cy="Seibiant i ofalwyr.")
    english = _item(client.get("/plans/"))
    client.set_cookie("language", "cy")
    welsh = _item(client.get("/plans/"))
    client.set_cookie("language", "en")
    english_again = _item(client.get("/plans/"))

    assert english.find("a").get_text(strip=True) == "Respite care"
    assert welsh.find("a").get_text(strip=True) == "Gofal seibiant"
    assert "Maes gwasanaeth" in welsh.get_text()
    assert str(english_again) == str(english)


def test_welsh_readers_see_english_marked_when_an_item_has_no_welsh_yet(client, make_plan):
    item = make_plan(title="Day centres", title_cy="")
    client.set_cookie("language", "cy")
    link = _item(client.get("/plans/")).find("a")
    assert link.get("lang") == "en"
    _change_behind_the_portals_back(item.id, title_cy="Canolfannau dydd")
    link = _item(client.get("/plans/")).find("a")
    assert link.get_text(strip=True) == "Canolfannau dydd"
    assert link.get("lang") is None
