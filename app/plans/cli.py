"""`flask --app wsgi release-missing-plans`, run once after upgrading."""

from __future__ import annotations

import click

from app.core.db import db
from app.core.page_cache import bump_version
from app.plans import bp
from app.plans.releases import release_missing
from app.plans.services import CONTENT


@bp.cli.command("release-missing-plans")
def release_missing_plans() -> None:
    """Publish a first OCDS release for each published plan item without one."""
    written = release_missing(db.session)
    if written:
        bump_version(db.session, CONTENT)
    db.session.commit()
    click.echo(f"Plan releases written: {written}.")
