"""Right to Challenge pages for SITE_PAGES: the form's steps are reached by
walking the form as a visitor does, so each check sees a real draft."""

from __future__ import annotations

from collections.abc import Callable

# The demo services' names in both languages, so a walk works in either.
WELSH = {
    "Parks grounds maintenance (east)": "Cynnal a chadw tiroedd parciau (dwyrain)",
    "Reablement and intermediate care": "Ailalluogi a gofal canolraddol",
    "Coldwater youth centre": "Canolfan ieuenctid Coldwater",
    "Hollinsby community library": "Llyfrgell gymunedol Hollinsby",
    "Community transport (dial-a-ride)": "Trafnidiaeth gymunedol (galw-am-daith)",
}


def choose_service(page, name: str) -> None:
    page.locator(f'label:text-is("{name}"), label:text-is("{WELSH[name]}")').click()


START = "/right-to-challenge/apply"
BODY = {"#body_name": "Riverside Residents Association"}
CONTACT = {
    "#contact_name": "Sam Okoro",
    "#contact_role": "Secretary",
    "#contact_email": "sam@riverside.example",
}
LONG = {
    "finance": {"#financial_resources": "Reserves of £8,000."},
    "capability": {"#capability": "We run the community centre.", "#delivered_by": "Us."},
    "outcomes": {"#outcomes": "Cleaner parks.", "#wellbeing": "Local volunteering."},
    "users": {"#users_needs": "Step-free paths."},
}


def _save(page) -> None:
    with page.expect_navigation():
        page.click("#main-content form[method=post] button#submit")


def begin(page) -> None:
    """Start a new expression of interest, even where one is under way."""
    page.goto(START)
    fresh = page.locator("#main-content form[method=post] button[name=fresh]")
    with page.expect_navigation():
        if fresh.count():
            fresh.click()
        else:
            page.click("#main-content form[method=post] button[type=submit]")


def answer_body(page, body_type: str = "community", fields=None) -> None:
    for selector, value in (fields or BODY).items():
        page.fill(selector, value)
    page.check(f"input[name=body_type][value={body_type}]")
    _save(page)


def answer_contact(page) -> None:
    for selector, value in CONTACT.items():
        page.fill(selector, value)
    _save(page)


def answer_service(page, service: str, area: str = "Riverside ward") -> None:
    choose_service(page, service)
    page.fill("#area", area)
    _save(page)


def walk_to(slug: str, service: str = "Parks grounds maintenance (east)") -> Callable:
    """Fill the form up to (not including) the step named `slug`."""

    def visit(page, base_url: str):
        begin(page)
        if slug == "body":
            return page.goto(f"{START}/body")
        answer_body(page)
        if slug == "contact":
            return page.goto(f"{START}/contact")
        answer_contact(page)
        if slug == "service":
            return page.goto(f"{START}/service")
        answer_service(page, service)
        for step, fields in LONG.items():
            if slug == step:
                return page.goto(f"{START}/{step}")
            for selector, value in fields.items():
                page.fill(selector, value)
            _save(page)
        return page.goto(f"{START}/{slug}")

    return visit


def company_warned(page, base_url: str):
    """A company is taken, not refused (s.81(6)): the check page warns it."""
    begin(page)
    answer_body(page, "company", {"#body_name": "Acme Leisure Ltd"})
    answer_contact(page)
    answer_service(page, "Parks grounds maintenance (east)")
    for fields in LONG.values():
        for selector, value in fields.items():
            page.fill(selector, value)
        _save(page)
    _save(page)  # partners: continue
    _save(page)  # documents: continue
    return page.goto(f"{START}/check")


def other_service_errors(page, base_url: str):
    """ "Another service" chosen with nothing said about it (s.81(1), (5))."""
    begin(page)
    answer_body(page)
    answer_contact(page)
    page.check("input[name=service_id][value='0']")
    page.fill("#area", "Whole borough")
    with page.expect_navigation() as navigation:
        page.click("#main-content form[method=post] button#submit")
    return navigation.value


def refused_service(service: str) -> Callable:
    def visit(page, base_url: str):
        begin(page)
        answer_body(page)
        answer_contact(page)
        choose_service(page, service)
        page.fill("#area", "Whole borough")
        with page.expect_navigation() as navigation:
            page.click("#main-content form[method=post] button#submit")
        return navigation.value

    return visit


def check_answers(page, base_url: str):
    walk_to("partners")(page, base_url)
    _save(page)  # partners: continue
    _save(page)  # documents: continue
    return page.goto(f"{START}/check")


def staff_decision(path: str, submit: bool = False, status: str = "received") -> Callable:
    """An EOI's decision page, reached from the inbox's challenge items."""

    def visit(page, base_url: str):
        page.goto(f"/inbox/?kind=challenge&status={status}")
        href = page.locator("table a.govuk-link").first.get_attribute("href")
        response = page.goto(f"{href}/challenge/{path}")
        if submit:
            with page.expect_navigation() as navigation:
                page.click("#main-content form[method=post] button#submit")
            return navigation.value
        return response

    return visit


def procurement_errors(page, base_url: str):
    """The procurement exercise form with its start day taken out (s.83(8))."""
    staff_decision("procurement", status="accepted")(page, base_url)
    page.fill("#started_on-day", "")
    with page.expect_navigation() as navigation:
        page.click("#main-content form[method=post] button#submit")
    return navigation.value
