from sqlalchemy import select

from app.suppliers.models import Supplier, SupplierContact
from tests.conftest import post_form
from tests.suppliers.conftest import last_link, registration


def profile(**overrides) -> dict:
    data = registration(**overrides)
    for name in ("contact_name", "contact_email", "contact_phone"):
        data.pop(name, None)
    return data


def test_a_supplier_changes_the_profile_and_alerts(client, session, signed_in_supplier):
    signed_in_supplier()
    page = client.get("/suppliers/account/profile")
    assert 'value="Northfield Community Larder"' in page.text
    response = post_form(
        client,
        "/suppliers/account/profile",
        profile(name="Northfield Larder", alert_frequency="daily", staff_count="300"),
    )
    assert response.status_code == 302, response.text
    supplier = session.scalars(select(Supplier)).one()
    session.refresh(supplier)
    assert supplier.name == "Northfield Larder"
    assert supplier.alert_frequency == "daily"
    assert supplier.is_sme is False
    assert "Daily digest" in client.get("/suppliers/account").text


def test_a_bad_profile_change_is_explained_and_not_saved(client, session, signed_in_supplier):
    signed_in_supplier()
    response = post_form(client, "/suppliers/account/profile", profile(postcode="nowhere"))
    assert response.status_code == 400
    assert "Enter a real postcode" in response.text
    assert session.scalars(select(Supplier.postcode)).one() == "EW3 4HQ"


def test_a_profile_cannot_take_another_organisations_number(
    client, session, register, signed_in_supplier
):
    register(charity_number="1099999", contact_email="someone@else.example")
    signed_in_supplier()
    response = post_form(client, "/suppliers/account/profile", profile(charity_number="1099999"))
    assert response.status_code == 400
    assert "Another organisation on the register has this number" in response.text


def test_several_contacts_belong_to_one_organisation(client, session, signed_in_supplier):
    signed_in_supplier()
    response = post_form(
        client,
        "/suppliers/account/contacts/add",
        {"name": "Tom Reyes", "email": "Tom@northfield-larder.org.example"},
    )
    assert response.status_code == 302
    duplicate = post_form(
        client,
        "/suppliers/account/contacts/add",
        {"name": "Tom again", "email": "tom@northfield-larder.org.example"},
    )
    assert duplicate.status_code == 400
    assert "already registered" in duplicate.text
    supplier = session.scalars(select(Supplier)).one()
    assert sorted(c.email for c in supplier.contacts) == [
        "priya@northfield-larder.org.example",
        "tom@northfield-larder.org.example",
    ]
    # The colleague signs in to the same organisation.
    post_form(client, "/suppliers/sign-out", {}, form_url="/suppliers/account")
    post_form(client, "/suppliers/sign-in", {"email": "tom@northfield-larder.org.example"})
    post_form(client, last_link(session), {})
    assert "Northfield Community Larder" in client.get("/suppliers/account").text
    assert session.scalar(select(SupplierContact).where(SupplierContact.name == "Tom Reyes"))
