"""/admin/settings: the commissioning team's settings, for administrators.

The team lead is told every day about inbox items past their due date; the
team's email address receives the public's answers to replies."""

from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms.validators import Optional

from app.accounts.models import Role, StaffUser
from app.admin import bp
from app.core.db import db
from app.core.form_pages import render_form, save_changes
from app.core.forms import GovukEmailField, GovukSelectField, GovukSubmitButton, PortalForm
from app.inbox.settings import TEAM_EMAIL, TEAM_LEAD, get_setting, save_team_settings


class TeamSettingsForm(PortalForm):
    team_lead = GovukSelectField(
        _l("Team lead"),
        description=_l("Emailed every morning with the inbox items that are past their due date."),
        validators=[Optional()],
    )
    team_email = GovukEmailField(
        _l("Commissioning team’s email address"),
        description=_l(
            "Replies to the public are sent so that their answers come here. "
            "Leave blank to use the council’s general address."
        ),
        validators=[Optional()],
    )
    submit = GovukSubmitButton(_l("Save settings"))


def _lead_choices() -> list[tuple[str, str]]:
    staff = db.session.scalars(
        select(StaffUser)
        .where(StaffUser.is_active_account, StaffUser.role != Role.VIEWER.value)
        .order_by(StaffUser.name)
    ).all()
    return [("", _("Nobody"))] + [(str(user.id), f"{user.name} ({user.email})") for user in staff]


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    form = TeamSettingsForm()
    form.team_lead.choices = _lead_choices()
    if form.validate_on_submit():
        lead = db.session.get(StaffUser, int(form.team_lead.data)) if form.team_lead.data else None
        changed = save_team_settings(db.session, lead=lead, email=form.team_email.data or "")
        save_changes(db.session, changed)
        return redirect(url_for(".settings"))
    if not form.is_submitted():
        form.team_lead.data = get_setting(db.session, TEAM_LEAD)
        form.team_email.data = get_setting(db.session, TEAM_EMAIL)
    return render_form("admin/settings.html", form)
