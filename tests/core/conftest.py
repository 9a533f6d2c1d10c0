"""A second portal on the suite's database, set up as production runs it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app import create_app
from app.core.db import db
from app.core.outbox.models import OutboxMessage
from tests.conftest import FreshContextClient


@pytest.fixture
def production_like(app):
    """Build a portal without SERVER_NAME, as in production: the test
    configuration's SERVER_NAME would otherwise make Flask ignore the Host
    header and hide the very attacks these tests repeat."""
    made = []

    def build(**overrides):
        settings = {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SERVER_NAME": None,
            **overrides,
        }
        portal = create_app("test", settings)
        portal.test_client_class = FreshContextClient
        made.append(portal)
        return portal

    yield build
    for portal in made:
        with portal.app_context():
            db.session.remove()
            db.engine.dispose()


def newest_email(session) -> OutboxMessage:
    session.expire_all()
    message = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert message is not None, "no email was queued"
    return message


def emailed_links(session) -> list[str]:
    return re.findall(r"[a-z]+://\S+", newest_email(session).body_text)
