"""Fixtures for answering the survey: VCS organisations on the register,
an open wave, and following the links the portal emails. Imported by the
answering, invitation and admin tests (kept out of a conftest so the
results tests can have their own)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.db import utcnow

_numbers = iter(range(1200000, 1299999))


@pytest.fixture
def make_org(session):
    """A supplier on the register, with one contact per email given."""
    from app.suppliers.models import Supplier, SupplierContact

    def build(name: str, *emails: str, vcse: bool = True, locale: str = "en"):
        supplier = Supplier(
            name=name,
            legal_form="registered_charity",
            charity_number=str(next(_numbers)),
            staff_count=3,
            volunteer_count=20,
            turnover_band="under_100k",
            postcode="EW1 2AB",
            is_vcse=vcse,
        )
        supplier.contacts = [
            SupplierContact(name=f"{name} contact {n}", email=email, locale=locale)
            for n, email in enumerate(emails, 1)
        ]
        session.add(supplier)
        session.commit()
        return supplier

    return build


@pytest.fixture
def open_wave(session):
    """An open, confirmed wave that closes in three weeks."""
    from app.surveys.waves import create_wave

    now = utcnow()
    wave = create_wave(session, now - timedelta(days=7), now + timedelta(days=21), confirmed=True)
    session.commit()
    return wave


def emails_to(session, address: str) -> list:
    from app.core.outbox.models import OutboxMessage

    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id)
        )
    )


def link_in(message, kind: str = "i") -> str:
    """The path of the survey link (`i`, `resume` or `opt-out`) in an email."""
    match = re.search(rf"http://localhost(/survey/{kind}/[A-Za-z0-9_\-]+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def invite(session, wave) -> int:
    from flask import current_app

    from app.surveys.invitations import send_invitations

    with current_app.test_request_context("/"):
        sent = send_invitations(session, wave)
    session.commit()
    return sent


@pytest.fixture
def supplier_sign_in(client, session):
    from tests.conftest import post_form
    from tests.suppliers.conftest import last_link

    def sign_in(email: str) -> None:
        client.delete_cookie("session", domain="localhost")
        post_form(client, "/suppliers/sign-in", {"email": email})
        assert post_form(client, last_link(session), {}).status_code == 302

    return sign_in
