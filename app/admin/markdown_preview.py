"""Preview of formatted text before it is saved: the form's "Preview" button
posts the whole form here, in a new tab, and this page shows the Markdown in
its fields as the public will see it. Nothing is saved, so the form keeps
everything typed. It works without JavaScript."""

from __future__ import annotations

import re

from flask import Blueprint, render_template, request

from app.accounts.models import Role
from app.accounts.scoping import guard_staff_blueprint
from app.core.markdown_text import markdown_to_html

bp = Blueprint("markdown_preview", __name__, template_folder="templates")
# Anyone who can edit what the text belongs to.
guard_staff_blueprint(bp, minimum=Role.COMMISSIONER)

FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,59}")
MOST_FIELDS = 6


@bp.post("/")
def preview():
    names = [
        name for name in request.form.get("preview", "").split(",") if FIELD_NAME.fullmatch(name)
    ][:MOST_FIELDS]
    sections = [
        {
            "welsh": name.endswith("_cy"),
            "html": markdown_to_html(request.form.get(name, "")),
        }
        for name in names
    ]
    return render_template("admin/markdown_preview.html", sections=sections)
