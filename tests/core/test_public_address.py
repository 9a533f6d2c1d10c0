"""Every absolute link the portal builds starts with PUBLIC_BASE_URL, and a
request for any other host is refused, whatever the Host or X-Forwarded-Host
header says. A penetration test had `POST /suppliers/sign-in` with a forged
Host email a real supplier a sign-in link on the attacker's site."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string, url_for
from sqlalchemy import func, select

from app.core.offline import offline_request_context
from app.core.outbox.models import OutboxMessage
from tests.conftest import FreshContextClient, csrf_token, post_form
from tests.consultations.conftest import (
    QUESTIONS,
    consultation_data,
    question_data,
    question_ids,
)
from tests.core.conftest import emailed_links
from tests.suppliers.conftest import registration

SUPPLIER = "priya@northfield-larder.org.example"
ATTACKER = "attacker.example"


def _emails(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(OutboxMessage))


def _ask_for_a_sign_in_link(portal, **request):
    """As the attacker does: load the form and send it, every time with the
    same forged headers, so the cookie and CSRF token match."""
    client = portal.test_client()
    form = client.get("/suppliers/sign-in", **request)
    if form.status_code != 200:
        return form
    return client.post(
        "/suppliers/sign-in",
        data={"csrf_token": csrf_token(form.text), "email": SUPPLIER},
        **request,
    )


class AttackersClient(FreshContextClient):
    """Sends every request, form pages included, to the attacker's host."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", f"http://{ATTACKER}")
        return super().open(*args, **kwargs)


@pytest.fixture
def supplier(client, area):
    assert post_form(client, "/suppliers/register", registration()).status_code == 302


def test_a_forged_host_is_refused_and_nobody_is_emailed(production_like, session, supplier):
    portal = production_like()
    before = _emails(session)
    response = _ask_for_a_sign_in_link(portal, headers={"Host": ATTACKER})
    assert response.status_code == 400
    assert "This is not the portal’s web address" in response.text
    assert ATTACKER not in response.text
    assert _emails(session) == before


def test_a_forged_forwarded_host_does_not_reach_the_emailed_link(
    production_like, session, supplier
):
    portal = production_like(TRUSTED_PROXIES="127.0.0.1")
    response = _ask_for_a_sign_in_link(portal, headers={"X-Forwarded-Host": ATTACKER})
    assert response.status_code == 302
    (link,) = emailed_links(session)
    assert re.fullmatch(r"http://localhost/suppliers/sign-in/[\w-]+", link), link


def test_links_use_the_public_address_even_if_every_host_were_let_in(
    production_like, session, supplier
):
    """Were TRUSTED_HOSTS ever opened up, links would still be right; and a
    portal served under a path keeps that path once, not twice."""
    portal = production_like(
        TRUSTED_HOSTS=None, PUBLIC_BASE_URL="https://commissioning.example.gov.uk/portal"
    )
    response = _ask_for_a_sign_in_link(portal, base_url=f"http://{ATTACKER}/portal")
    assert response.status_code == 302
    (link,) = emailed_links(session)
    assert re.fullmatch(
        r"https://commissioning\.example\.gov\.uk/portal/suppliers/sign-in/[\w-]+", link
    ), link


def test_no_endpoint_can_build_an_absolute_url_on_the_requests_host(production_like):
    """Checks every route, so a new email or feed cannot get this wrong."""
    portal = production_like(
        TRUSTED_HOSTS=None, PUBLIC_BASE_URL="https://commissioning.example.gov.uk/portal"
    )
    with portal.test_request_context(
        "/", base_url=f"http://{ATTACKER}/elsewhere", headers={"X-Forwarded-Host": ATTACKER}
    ):
        built = []
        for rule in portal.url_map.iter_rules():
            values = dict.fromkeys(rule.arguments - set(rule.defaults or ()), "1")
            built.append(url_for(rule.endpoint, _external=True, **values))
        built.append(render_template_string("{{ url_for('plans.feed', _external=True) }}"))
    assert len(built) > 100
    wrong = [u for u in built if not u.startswith("https://commissioning.example.gov.uk/portal/")]
    assert wrong == []


def test_cron_links_use_the_public_address(production_like):
    portal = production_like(PUBLIC_BASE_URL="https://commissioning.example.gov.uk/portal/")
    with portal.app_context(), offline_request_context():
        link = url_for("suppliers.account", _external=True)
    assert link == "https://commissioning.example.gov.uk/portal/suppliers/account"


@pytest.fixture
def consultation(session, area):
    from app.consultations.services import add_question, create_consultation, set_published

    made = create_consultation(session, consultation_data(area.id))
    for values in QUESTIONS:
        add_question(session, made, question_data(**values))
    set_published(session, made, True)
    session.commit()
    return made


def test_save_for_later_under_a_forged_host_links_to_the_portal(
    production_like, session, consultation
):
    """The save-and-return email, and the page's back link, which trusted any
    referrer on the request's own host."""
    portal = production_like(TRUSTED_HOSTS=None)
    portal.test_client_class = AttackersClient
    client = portal.test_client()
    base = f"/consultations/{consultation.slug}/respond"
    q = question_ids(consultation)
    post_form(client, base, {"respondent_type": "individual", "email": "sam@example.com"})
    post_form(client, f"{base}/questions/1", {q["single"]: "Marsh Lane", "save_for_later": "1"})

    page = client.get(f"{base}/save", headers={"Referer": f"http://{ATTACKER}/a-look-alike"})
    assert page.status_code == 200
    assert ATTACKER not in page.text
    own = client.get(f"{base}/save", headers={"Referer": f"http://localhost{base}/questions/1"})
    assert f'href="http://localhost{base}/questions/1"' in own.text

    sent = post_form(client, f"{base}/save", {"email": "sam@example.com"})
    assert sent.status_code == 200
    (link,) = emailed_links(session)
    assert link.startswith(f"http://localhost{base}/resume/"), link


@pytest.mark.parametrize(
    ("language", "heading", "explanation"),
    [
        ("en", "Sorry, there is a problem with what was sent", "This is not the portal’s"),
        ("cy", "Mae’n ddrwg gennym, mae problem gyda’r hyn a anfonwyd", "Nid dyma gyfeiriad"),
    ],
)
def test_a_refused_host_gets_a_translated_page_pointing_at_the_portal(
    client, language, heading, explanation
):
    response = client.get("/plans/", headers={"Host": ATTACKER, "Accept-Language": language})
    assert response.status_code == 400
    assert f'<html lang="{language}"' in response.text
    assert heading in response.text
    assert explanation in response.text
    assert 'href="http://localhost/"' in response.text
    assert ATTACKER not in response.text


def test_a_refused_host_is_refused_before_the_form_is_checked(client):
    """The bad address is the answer, not an expired form."""
    response = client.post("/staff/sign-in", headers={"Host": ATTACKER}, data={})
    assert response.status_code == 400
    assert "This is not the portal’s web address" in response.text
    assert "form had expired" not in response.text


def test_a_refused_host_gets_json_from_the_open_data(client):
    response = client.get("/plans.json", headers={"Host": ATTACKER})
    assert response.status_code == 400
    assert response.json == {"error": 400}


def test_the_public_host_is_served_on_any_port(client):
    assert client.get("/", headers={"Host": "localhost:8080"}).status_code == 200


def _urls(value, key=""):
    """Every (key, string) in a JSON document that is an absolute http(s) address."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _urls(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _urls(v, key)
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        yield key, value


# Addresses of other organisations' documents, not the portal's.
OUTSIDE = ("https://raw.githubusercontent.com/", "http://www.nationalarchives.gov.uk/")


@pytest.mark.parametrize(
    "headers",
    [{"Host": ATTACKER}, {"X-Forwarded-Host": ATTACKER, "X-Forwarded-Proto": "http"}],
    ids=["host", "x-forwarded-host"],
)
def test_open_data_links_use_the_public_address_under_a_hostile_host(
    production_like, area, headers
):
    """OCDS packages are copied and followed by machines: `uri`, `links.next`
    and every document `url` must lead to PUBLIC_BASE_URL, even when a request
    arrives under another host name that TRUSTED_HOSTS lets in."""
    from app.core.db import db
    from app.plans.services import create_plan, set_status
    from tests.conftest import plan_data

    public = "https://commissioning.example.gov.uk/portal/"
    portal = production_like(
        PUBLIC_BASE_URL=public.rstrip("/"),
        TRUSTED_HOSTS=["localhost", ATTACKER, "commissioning.example.gov.uk"],
        TRUSTED_PROXIES="127.0.0.1",
        OCDS_RELEASES_PER_PAGE=1,
        OCDS_RECORDS_PER_PAGE=1,
    )
    # Published from a request under the hostile host: the stored releases too.
    with portal.test_request_context("/", base_url=f"http://{ATTACKER}", headers=headers):
        for title in ("Home care", "Fleet replacement"):
            set_status(
                db.session, create_plan(db.session, plan_data(area.id, title=title)), "published"
            )
        db.session.commit()

    client = portal.test_client()
    for path in ("/plans.json", "/plans/records.json"):
        url, pages = path, 0
        while url:
            response = client.get(url, base_url=f"http://{ATTACKER}/portal", headers=headers)
            assert response.status_code == 200, url
            package = response.json
            urls = [(k, u) for k, u in _urls(package) if not u.startswith(OUTSIDE)]
            assert any(k == "uri" for k, _ in urls)
            assert any(k == "url" for k, _ in urls)
            wrong = [(k, u) for k, u in urls if not u.startswith(public)]
            assert wrong == [], wrong
            url = package.get("links", {}).get("next")
            if url:
                assert url.startswith(f"{public}plans")
                url = "/" + url.removeprefix(public)
            pages += 1
        assert pages == 2, path
