"""/admin/reply-templates: the replies commissioners start from, in English
and Welsh, managed by administrators."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length, Optional

from app.admin import bp
from app.core.db import db
from app.core.form_pages import render_form
from app.core.forms import GovukSubmitButton, GovukTextareaField, GovukTextInputField, PortalForm
from app.inbox.models import InboxReplyTemplate
from app.inbox.reply_templates import all_templates, delete_template, save_template

PLACEHOLDER_HINT = _l(
    "You can use {name} for the submitter’s name, {reference} for their reference "
    "and {consultation} for the consultation’s title."
)


class ReplyTemplateForm(PortalForm):
    name = GovukTextInputField(
        _l("Name"),
        description=_l("Staff choose the template by this name, for example “Thank you”."),
        validators=[DataRequired(), Length(max=120)],
        thing=_l("the template’s name"),
    )
    body_en = GovukTextareaField(
        _l("Reply in English"),
        description=PLACEHOLDER_HINT,
        validators=[DataRequired(), Length(max=5000)],
        thing=_l("the reply in English"),
    )
    body_cy = GovukTextareaField(
        _l("Reply in Welsh"),
        description=_l(
            "Sent to people who wrote to us in Welsh. Without it, they get the English."
        ),
        validators=[Optional(), Length(max=5000)],
        thing=_l("the reply in Welsh"),
    )
    submit = GovukSubmitButton(_l("Save template"))


class DeleteTemplateForm(PortalForm):
    submit = GovukSubmitButton(_l("Delete template"))


@bp.get("/reply-templates")
def reply_templates():
    return render_template(
        "admin/reply_templates.html",
        templates=all_templates(db.session),
        delete_form=DeleteTemplateForm(),
    )


@bp.route("/reply-templates/new", methods=["GET", "POST"])
def new_reply_template():
    return _edit(None)


@bp.route("/reply-templates/<int:template_id>", methods=["GET", "POST"])
def edit_reply_template(template: InboxReplyTemplate):
    return _edit(template)


def _edit(template: InboxReplyTemplate | None):
    form = ReplyTemplateForm(obj=template)
    if form.validate_on_submit():
        save_template(
            db.session,
            template,
            name=form.name.data,
            body_en=form.body_en.data,
            body_cy=form.body_cy.data or "",
        )
        db.session.commit()
        flash(_("Reply template saved."), "success")
        return redirect(url_for(".reply_templates"))
    return render_form("admin/reply_template_edit.html", form, reply_template=template)


@bp.post("/reply-templates/<int:template_id>/delete")
def delete_reply_template(template: InboxReplyTemplate):
    if DeleteTemplateForm().validate_on_submit():
        delete_template(db.session, template)
        db.session.commit()
        flash(_("Reply template deleted."), "success")
    return redirect(url_for(".reply_templates"))
