"""/admin/users: administrators invite staff, change their role and service
areas, and deactivate or reactivate them.

Views parse the form and call the services in app.accounts; every change is
audited in the same transaction. The last administrator who can sign in can
be neither demoted nor deactivated, and nobody can deactivate themselves.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.accounts import one_time_codes
from app.accounts.forms import (
    ROLE_HINTS,
    ROLE_LABELS,
    InviteStaffForm,
    StaffActionForm,
    StaffForm,
    sign_in_method_label,
)
from app.accounts.models import Role, StaffUser
from app.accounts.services import (
    StaffChangeRefused,
    all_service_areas,
    deactivate_staff,
    invite_staff,
    is_awaiting_password,
    list_staff,
    reactivate_staff,
    send_invite,
    service_areas_by_id,
    update_staff,
)
from app.admin import bp
from app.core.db import db
from app.core.form_pages import render_form
from app.core.i18n import current_language


def _refusal_message(reason: str) -> str:
    return {
        StaffChangeRefused.LAST_ADMINISTRATOR: _(
            "You cannot do that: there must always be at least one active administrator "
            "who can sign in. Make someone else an administrator first."
        ),
        StaffChangeRefused.OWN_ACCOUNT: _(
            "You cannot deactivate your own account. Ask another administrator to do it."
        ),
        StaffChangeRefused.EMAIL_IN_USE: _(
            "A staff account already uses this email address. Find them in the staff list "
            "to change their role or reactivate them."
        ),
    }[reason]


def _with_area_choices(form, areas):
    form.service_areas.choices = [
        (area.id, area.localised_name(current_language())) for area in areas
    ]
    return form


def _fill(form: StaffForm, user: StaffUser) -> StaffForm:
    form.name.data = user.name
    form.role.data = user.role
    form.service_areas.data = [area.id for area in user.service_areas]
    return form


@bp.get("/users")
def users():
    staff = list_staff(db.session)
    return render_template(
        "admin/users.html",
        staff=staff,
        factors=one_time_codes.factors(db.session, [user for user, _awaiting in staff]),
        role_labels=ROLE_LABELS,
        language=current_language(),
    )


@bp.route("/users/invite", methods=["GET", "POST"])
def invite_user():
    areas = all_service_areas(db.session)
    form = _with_area_choices(InviteStaffForm(), areas)
    if form.validate_on_submit():
        chosen = service_areas_by_id(db.session, form.service_areas.data or [])
        try:
            user, _invite = invite_staff(
                db.session,
                email=form.email.data,
                name=form.name.data,
                role=Role(form.role.data),
                areas=chosen,
                invited_by=current_user,
                locale=current_language(),
            )
            db.session.commit()
        except StaffChangeRefused as refused:
            db.session.rollback()
            form.email.errors.append(_refusal_message(refused.reason))
        except IntegrityError:
            # Someone else invited the same address a moment ago.
            db.session.rollback()
            form.email.errors.append(_refusal_message(StaffChangeRefused.EMAIL_IN_USE))
        else:
            flash(
                _(
                    "Invitation sent to %(email)s. The link works for 7 days.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for(".users"))
    return render_form(
        "admin/users_invite.html", form, has_areas=bool(areas), role_hints=ROLE_HINTS
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user: StaffUser):
    areas = all_service_areas(db.session)
    form = _with_area_choices(StaffForm(), areas)
    if request.method == "GET":
        _fill(form, user)
    if form.validate_on_submit():
        chosen = service_areas_by_id(db.session, form.service_areas.data or [])
        try:
            changes = update_staff(
                db.session, user, name=form.name.data, role=Role(form.role.data), areas=chosen
            )
        except StaffChangeRefused as error:
            db.session.rollback()
            form.role.errors.append(_refusal_message(error.reason))
        else:
            if not changes:
                flash(_("Nothing was changed."), "info")
                return redirect(url_for(".edit_user", user_id=user.id))
            db.session.commit()
            flash(_("Changes saved for %(name)s.", name=user.name), "success")
            if user.id == current_user.id and user.role != Role.ADMINISTRATOR.value:
                # They have just given up administration: this page is no longer theirs.
                return redirect(url_for("inbox.index"))
            return redirect(url_for(".edit_user", user_id=user.id))
    return _render_user(user, form)


def _render_user(user: StaffUser, form: StaffForm, action_error: str | None = None):
    """The page, 400 if the form or the action (`action_error`) was refused."""
    return render_form(
        "admin/users_edit.html",
        form,
        failed=action_error is not None,
        user=user,
        action_form=StaffActionForm(),
        awaiting_password=is_awaiting_password(db.session, user),
        has_areas=bool(form.service_areas.choices),
        role_hints=ROLE_HINTS,
        role_labels=ROLE_LABELS,
        is_self=user.id == current_user.id,
        action_error=action_error,
        factors=one_time_codes.factors(db.session, [user])[user.id],
        sign_in_method=sign_in_method_label(user.last_sign_in_method),
    )


def _check_action_form() -> None:
    if not StaffActionForm().validate_on_submit():
        abort(400)


@bp.post("/users/<int:user_id>/deactivate")
def deactivate_user(user: StaffUser):
    _check_action_form()
    try:
        changed = deactivate_staff(db.session, user, by=current_user)
    except StaffChangeRefused as error:
        db.session.rollback()
        form = _fill(
            _with_area_choices(StaffForm(formdata=None), all_service_areas(db.session)), user
        )
        return _render_user(user, form, action_error=_refusal_message(error.reason))
    if changed:
        db.session.commit()
        flash(_("%(name)s is deactivated and has been signed out.", name=user.name), "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/reactivate")
def reactivate_user(user: StaffUser):
    _check_action_form()
    if reactivate_staff(db.session, user):
        db.session.commit()
        flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/resend-invite")
def resend_invite(user: StaffUser):
    _check_action_form()
    if not user.is_active_account or not is_awaiting_password(db.session, user):
        flash(_("%(name)s does not need a new invitation.", name=user.name), "info")
        return redirect(url_for(".edit_user", user_id=user.id))
    send_invite(db.session, user, invited_by=current_user, locale=current_language())
    db.session.commit()
    flash(
        _(
            "A new invitation has been sent to %(email)s. Earlier links no longer work.",
            email=user.email,
        ),
        "success",
    )
    return redirect(url_for(".edit_user", user_id=user.id))


# Resetting how someone signs in, when they have lost their phone or key ------


def _has_factors(found: dict) -> bool:
    return found["one_time_codes"] or found["security_keys"] > 0 or found["recovery_codes"] > 0


@bp.route("/users/<int:user_id>/reset-sign-in", methods=["GET", "POST"])
def reset_factors(user: StaffUser):
    if user.id == current_user.id:
        flash(
            _(
                "You cannot reset how you sign in yourself. Change it on your account page, "
                "or ask another administrator."
            ),
            "info",
        )
        return redirect(url_for(".edit_user", user_id=user.id))
    found = one_time_codes.factors(db.session, [user])[user.id]
    form = StaffActionForm()
    if form.validate_on_submit():
        one_time_codes.reset_factors(db.session, user, by=current_user, locale=current_language())
        db.session.commit()
        flash(
            _(
                "%(name)s’s one-time codes, recovery codes and security keys are removed, "
                "and they have been signed out. We have emailed them to say so.",
                name=user.name,
            ),
            "success",
        )
        return redirect(url_for(".edit_user", user_id=user.id))
    return render_template(
        "admin/users_reset_sign_in.html",
        user=user,
        form=form,
        factors=found,
        has_factors=_has_factors(found),
        is_administrator=user.role == Role.ADMINISTRATOR.value,
    )
