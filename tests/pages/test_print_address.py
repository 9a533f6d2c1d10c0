"""Every page ends with its full public address, shown only on paper."""

from __future__ import annotations


def test_a_printed_page_names_its_public_address(app, client, make_plan):
    item = make_plan()
    page = client.get(f"/plans/{item.slug}", headers={"Host": "evil.example"}).text
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    assert f'app-print-only">Printed from {base}/plans/{item.slug}</p>' in page
    assert "evil.example" not in page


def test_a_staff_page_whose_url_names_an_object_still_renders(client, sign_in, session):
    from app.inbox.services import file_submission

    item = file_submission(session, kind="supplier_registration", subject="A supplier")
    session.commit()
    sign_in("administrator")
    page = client.get(f"/inbox/{item.reference}")
    assert page.status_code == 200
    assert f"/inbox/{item.reference}</p>" in page.text
