"""Models every capability shares: the council's service areas and the
counters that tell page caches when published content changed."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import db


class ServiceArea(db.Model):
    __tablename__ = "service_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_cy: Mapped[str] = mapped_column(String(120))

    def localised_name(self, locale: str) -> str:
        return self.name_cy if locale == "cy" and self.name_cy else self.name

    def __repr__(self) -> str:
        return f"<ServiceArea {self.slug}>"


class ContentVersion(db.Model):
    """One row per kind of public content; bumped in the same transaction as
    any change, so every process sees the change at its next request."""

    __tablename__ = "content_version"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class RetentionRule(db.Model):
    """An administrator's choice of how long one kind of record is kept.

    Only changed kinds have a row: a kind without one is kept for the default
    in `app.core.retention_policy`, so a new kind needs no data migration."""

    __tablename__ = "retention_rule"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    amount: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(10))
