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


def _insert_with_defaults(conn, table_name: str, values: dict) -> None:
    """A row with `values`, every other required column filled with a plain value."""
    import datetime

    from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, MetaData, Numeric, Table

    table = Table(table_name, MetaData(), autoload_with=conn)
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        kind = column.type
        if isinstance(kind, JSON):
            row[column.name] = []
        elif isinstance(kind, Boolean):
            row[column.name] = False
        elif isinstance(kind, DateTime):
            row[column.name] = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        elif isinstance(kind, Date):
            row[column.name] = datetime.date(2026, 1, 1)
        elif isinstance(kind, Integer | Numeric):
            row[column.name] = 0
        else:
            row[column.name] = "x"
    conn.execute(table.insert().values(**row))


def test_lots_move_from_the_plan_items_list_into_rows_and_back(tmp_path_factory):
    """The plan_lot migration keeps every existing lot, in order, and its
    downgrade puts them back in the plan item's list."""
    from sqlalchemy import text

    url = fresh_database_url(tmp_path_factory, "lots_migration")
    application = create_app("test", {"SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        upgrade(revision="a7d2e9c4b318")
        with db.engine.begin() as conn:
            _insert_with_defaults(conn, "service_area", {"id": 1, "slug": "care", "name": "Care"})
            _insert_with_defaults(
                conn,
                "plan_item",
                {"id": 1, "slug": "home-care", "service_area_id": 1, "lots": ["North", "South"]},
            )
            _insert_with_defaults(
                conn, "plan_item", {"id": 2, "slug": "no-lots", "service_area_id": 1, "lots": []}
            )
        upgrade(revision="c3f8a1d6e249")
        with db.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT plan_item_id, position, title, value FROM plan_lot ORDER BY id")
            ).all()
            assert [tuple(row) for row in rows] == [(1, 1, "North", None), (1, 2, "South", None)]
            assert "lots" not in {c["name"] for c in inspect(conn).get_columns("plan_item")}
        downgrade(revision="a7d2e9c4b318")
        with db.engine.connect() as conn:
            from sqlalchemy import JSON, column, select, table

            plan_item = table("plan_item", column("id"), column("lots", JSON))
            kept = dict(conn.execute(select(plan_item.c.id, plan_item.c.lots)).all())
        assert kept == {1: ["North", "South"], 2: []}
        assert "plan_lot" not in set(inspect(db.engine).get_table_names())
        db.session.remove()
        db.engine.dispose()
    drop_database(url)
