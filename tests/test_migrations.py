"""The migrations must build exactly the schema the models declare."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.core.db import db
from app.inbox.fulltext import include_object
from tests.conftest import drop_database, fresh_database_url


def test_migrations_match_the_models_and_can_be_undone(tmp_path_factory):
    url = fresh_database_url(tmp_path_factory, "migrations")
    application = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "compare_server_default": False,
                    "include_object": include_object,
                },
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        tables = set(inspect(db.engine).get_table_names())
        assert {"plan_item", "inbox_item", "staff_user", "service_area"} <= tables

        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.session.remove()
        db.engine.dispose()
    drop_database(url)
