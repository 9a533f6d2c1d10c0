from app.plans.services import update_plan


def test_cached_public_pages_change_as_soon_as_the_plan_does(app, client, make_plan, session):
    app.config["PAGE_CACHE_ENABLED"] = True
    try:
        item = make_plan(title="Original title")
        assert "Original title" in client.get("/plans/").text
        assert "Original title" in client.get("/plans/").text
        update_plan(session, item, {"title": "Renamed title"})
        session.commit()
        page = client.get("/plans/")
        assert "Renamed title" in page.text
        assert "Original title" not in page.text
    finally:
        app.config["PAGE_CACHE_ENABLED"] = False


def test_languages_are_cached_separately(app, client, make_plan):
    app.config["PAGE_CACHE_ENABLED"] = True
    try:
        make_plan()
        english = client.get("/plans/", headers={"Accept-Language": "en"})
        welsh = client.get("/plans/", headers={"Accept-Language": "cy"})
        assert '<html lang="en"' in english.text
        assert '<html lang="cy"' in welsh.text
    finally:
        app.config["PAGE_CACHE_ENABLED"] = False


def test_staff_never_get_a_cached_page(app, client, make_plan, sign_in):
    app.config["PAGE_CACHE_ENABLED"] = True
    try:
        make_plan()
        assert "Signed in as" not in client.get("/plans/").text
        sign_in("viewer")
        assert "Signed in as" in client.get("/plans/").text
    finally:
        app.config["PAGE_CACHE_ENABLED"] = False


def test_other_processes_changes_show_within_the_version_lifetime(
    app, client, make_plan, monkeypatch
):
    """A change committed elsewhere (another gunicorn worker, another host)
    bypasses this process's memo; it must show once the memo expires."""
    from sqlalchemy import update

    from app.core import page_cache
    from app.core.db import db
    from app.core.models import ContentVersion
    from app.plans.models import PlanItem

    clock = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    app.config["PAGE_CACHE_ENABLED"] = True
    try:
        make_plan(title="Before")
        assert "Before" in client.get("/plans/").text
        with db.engine.begin() as conn:  # as another process would, without this one's session
            conn.execute(update(PlanItem).values(title="After"))
            conn.execute(update(ContentVersion).values(version=ContentVersion.version + 1))
        assert "Before" in client.get("/plans/").text
        clock[0] += app.config["PAGE_CACHE_VERSION_TTL"] + 0.01
        assert "After" in client.get("/plans/").text
    finally:
        app.config["PAGE_CACHE_ENABLED"] = False
