"""Audit happens inside the operation: a page never writes the audit log
itself, so a change is on the record however it is made (a page, a command,
a test). Pages may record only what they show (`record_view`) and what they
hand over (`record_export`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask_login import login_user
from sqlalchemy import select

from app.core import audit
from app.core.audit import AuditEvent, record, record_export

APP = Path(__file__).resolve().parents[2] / "app"
ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}
# What reaches the writer: `record` itself, the module holding it, or a row made by hand.
WRITERS = {"record", "service"}


def _is_view_module(tree: ast.Module, path: Path) -> bool:
    if "views" in path.stem:
        return True
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr in ROUTE_DECORATORS:
                    return True
    return False


def _audit_writes(tree: ast.Module) -> list[str]:
    """Every way a module could reach the audit writer: importing `record` (or
    the service module), or calling `<something>.record(` on the audit package."""
    found = []
    audit_names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app.core.audit"):
            for alias in node.names:
                if alias.name in WRITERS:
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module == "app.core":
            for alias in node.names:
                if alias.name == "audit":
                    audit_names.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("app.core.audit"):
                    audit_names.add((alias.asname or alias.name).split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "record"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in audit_names
        ):
            found.append(f"line {node.lineno}: {node.func.value.id}.record(...)")
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "AuditEvent":
            found.append(f"line {node.lineno}: AuditEvent(...)")
    return found


def _view_modules() -> list[Path]:
    modules = []
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if _is_view_module(tree, path):
            modules.append(path)
    return modules


def test_the_scan_finds_the_view_modules():
    names = {path.relative_to(APP).as_posix() for path in _view_modules()}
    assert {"plans/admin_views.py", "inbox/views.py", "accounts/views.py"} <= names
    assert "plans/services.py" not in names


@pytest.mark.parametrize(
    "source",
    [
        "from app.core.audit import record",
        "from app.core.audit.service import record",
        "from app.core.audit import service",
        "from app.core import audit\naudit.record(db.session, 'x')",
        "import app.core.audit as log\nlog.record(db.session, 'x')",
        "from app.core.audit import AuditEvent\ndb.session.add(AuditEvent(action='x'))",
    ],
)
def test_the_scan_catches_a_view_that_writes_the_audit_log(source):
    assert _audit_writes(ast.parse(source))


def test_no_view_writes_the_audit_log_itself():
    offenders = {
        path.relative_to(APP).as_posix(): writes
        for path in _view_modules()
        if (writes := _audit_writes(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}, (
        "Record changes in the service that makes them (app.core.audit.record), not in the view"
    )


# The one writer ---------------------------------------------------------------


def test_inside_a_request_the_signed_in_user_and_address_are_taken(app, session, make_staff):
    staff = make_staff("commissioner")
    staff_id = staff.id
    with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        login_user(staff)
        record(session, "plan.update", object_type="plan_item", object_ref="a")
        # An explicit None still means nobody, as for a failed sign-in.
        record(session, "staff.sign_in_failed", actor=None)
    session.commit()
    taken, nobody = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert (taken.actor_id, taken.ip_address) == (staff_id, "192.0.2.7")
    assert (nobody.actor_id, nobody.ip_address) == (None, "192.0.2.7")


def test_outside_a_request_nobody_acted(session):
    event = record(session, "plan.update", object_type="plan_item", object_ref="a")
    assert (event.actor_id, event.ip_address) == (None, None)
    assert audit.CURRENT is not None


def test_an_object_names_itself_by_table_and_slug_and_puts_its_id_first(session, make_plan):
    item = make_plan()
    event = record(session, "plan.update", obj=item, summary="x", details={"fields": ["title"]})
    assert (event.object_type, event.object_ref) == ("plan_item", item.slug)
    assert event.details == {"id": item.id, "fields": ["title"]}


def test_an_export_is_recorded_and_committed_before_the_rows_are_read(app, session, make_staff):
    staff = make_staff("viewer")
    with app.test_request_context():
        login_user(staff)
        record_export("inbox.export", object_type="inbox_item", summary="Exported the inbox")
        # Committed: a rollback now (a failed download) keeps it.
        session.rollback()
    assert session.scalar(select(AuditEvent.summary)) == "Exported the inbox"


def test_every_capability_that_holds_data_has_one_write_layer_named_services():
    capabilities = [
        path.parent.name for path in APP.glob("*/models.py") if path.parent.name != "core"
    ]
    assert len(capabilities) >= 8
    missing = [name for name in capabilities if not (APP / name / "services.py").exists()]
    assert missing == []
