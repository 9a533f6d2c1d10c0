"""The administration home page, linking to each administration task."""

from __future__ import annotations

from flask import render_template

from app.admin import bp


@bp.get("/")
def index():
    return render_template("admin/index.html")
