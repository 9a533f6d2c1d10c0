"""Downloads of the inbox list: /inbox/export.csv and /inbox/export.xlsx.

They take the list's query string and export every matching item, not one
page, and only in the reader's service areas. The blueprint's guard
(app/accounts/scoping.py) checks the role first, so anyone who may read the
inbox (viewers included) may download it, and nobody else.
"""

from __future__ import annotations

import os

from flask import request
from flask_login import current_user

from app.accounts.areas import area_ids
from app.core.audit import record_export
from app.core.db import db
from app.core.downloads import download
from app.core.i18n import current_language
from app.core.spreadsheets import XLSX_MIMETYPE
from app.inbox import bp
from app.inbox.exports import (
    export_labels,
    file_chunks,
    inbox_csv,
    inbox_xlsx_file,
    matching_rows,
)
from app.inbox.search import InboxFilters, today


def _start(file_format: str):
    """Audit the export and commit, then hand back what producing it needs.

    The audit entry is committed before any row is read, so an export that
    fails or is abandoned half way is still on record. Everything the rows
    need (engine, user, labels) is taken now: the rows are produced after
    the view returns, without the request's session, so no transaction is
    held open while the file downloads.
    """
    filters = InboxFilters.from_args(request.args)
    filters.limit_areas = area_ids(current_user)
    user_id = current_user.id
    record_export(
        "inbox.export",
        object_type="inbox_item",
        summary=f"Exported the inbox as {file_format.upper()}",
        details={"filters": filters.query_args(), "format": file_format},
    )
    labels = export_labels(current_language())
    rows = matching_rows(db.engine, filters, user_id)
    return rows, labels


def _filename(extension: str) -> str:
    return f"inbox-{today().isoformat()}.{extension}"


@bp.get("/inbox/export.csv")
def export_csv():
    rows, labels = _start("csv")
    return download(
        inbox_csv(rows, labels), filename=_filename("csv"), mimetype="text/csv", private=True
    )


@bp.get("/inbox/export.xlsx")
def export_xlsx():
    rows, labels = _start("xlsx")
    handle = inbox_xlsx_file(rows, labels)
    response = download(
        file_chunks(handle), filename=_filename("xlsx"), mimetype=XLSX_MIMETYPE, private=True
    )
    response.content_length = os.fstat(handle.fileno()).st_size
    # Closes (and so removes) the file even if the download never starts.
    response.call_on_close(handle.close)
    return response
