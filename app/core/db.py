"""The database handle and the declarative base every model uses."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

from app.core.text import clean_json

# Named constraints make Alembic migrations repeatable on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _json_dumps(value) -> str:
    return json.dumps(clean_json(value))


def _json_loads(text: str | bytes):
    # Rows written before strings were cleaned on the way in may still hold a
    # NUL, which must not travel on into a text column.
    return clean_json(json.loads(text))


# Every JSON column (drafts, answers, audit details) goes through these, so
# none holds a string PostgreSQL's text columns would refuse.
db = SQLAlchemy(
    model_class=Base,
    engine_options={"json_serializer": _json_dumps, "json_deserializer": _json_loads},
)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timestamps stored in UTC and always handed back timezone-aware.

    SQLite forgets the zone; this puts it back so comparisons and Babel's
    Europe/London formatting never see a naive datetime.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def render_migration_item(type_, obj, autogen_context):
    """Write UTCDateTime into migrations as a plain DateTime, so migrations
    never import application code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
