"""The statutory decisions, one page each, reached from the inbox item:
/inbox/<reference>/challenge/<decision>."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import role_required
from app.accounts.models import Role
from app.accounts.scoping import Loader, by_id, guard_staff_blueprint
from app.challenges import staff_bp
from app.challenges.choices import DECIDED
from app.challenges.documents import MIMETYPES
from app.challenges.models import ChallengeDocument, ExpressionOfInterest
from app.challenges.services import decisions
from app.challenges.staff_forms import (
    AcceptForm,
    AgreementForm,
    ModifyForm,
    NotifyDateForm,
    ProcurementForm,
    RejectForm,
    WelshForm,
    WithdrawForm,
    ground_choices,
)
from app.challenges.windows import council_today
from app.core.audit import record_view
from app.core.db import db
from app.core.downloads import download
from app.core.form_pages import render_form
from app.inbox.models import InboxItem


def eoi_by_reference(session, reference: str, _loaded) -> ExpressionOfInterest | None:
    return session.scalar(
        select(ExpressionOfInterest)
        .join(InboxItem, ExpressionOfInterest.inbox_item_id == InboxItem.id)
        .where(ExpressionOfInterest.reference == reference)
    )


# An expression of interest lies in its inbox item's area: outside the
# reader's areas it is "not found", as in the inbox. Its documents are found
# only under it.
guard_staff_blueprint(
    staff_bp,
    {
        "reference": Loader(
            "eoi", eoi_by_reference, area=lambda eoi: eoi.inbox_item.service_area_id
        ),
        "eoi_document_id": Loader(
            "document",
            by_id(ChallengeDocument, parent="eoi"),
            area=lambda document: document.eoi.inbox_item.service_area_id,
        ),
    },
)


def _decide(eoi: ExpressionOfInterest, form_class, heading, apply, allowed, success):
    if not allowed(eoi):
        flash(_("That decision cannot be made at this stage."), "info")
        return redirect(url_for("inbox.item", reference=eoi.reference))
    form = form_class()
    late = False
    if "late_reason" in form:
        # A decision after the published period must say why (s.84(4)).
        late = decisions.is_late(eoi, council_today())
        if not late:
            del form.late_reason
    if "grounds" in form:
        form.grounds.choices = ground_choices()
    if form.validate_on_submit():
        if late and not (form.late_reason.data or "").strip():
            form.late_reason.errors.append(
                _("Enter why the council is deciding after its published decision period")
            )
        problem = form.errors or apply(eoi, form)
        if not problem:
            db.session.commit()
            flash(success, "success")
            return redirect(url_for("inbox.item", reference=eoi.reference))
    return render_form("challenges/staff/decide.html", form, eoi=eoi, heading=heading, late=late)


def _late_reason(form) -> str:
    return form.late_reason.data or "" if "late_reason" in form else ""


def _undecided(eoi) -> bool:
    return eoi.status not in DECIDED and eoi.status != "modification_proposed"


@staff_bp.route("/inbox/<reference>/challenge/decision-date", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def notify(eoi: ExpressionOfInterest):
    def apply(eoi, form):
        if form.decide_by.data < council_today():
            form.decide_by.errors.append(_("The decision date must be today or in the future"))
            return form.decide_by.errors
        reason = (form.beyond_reason.data or "").strip()
        if decisions.is_late(eoi, form.decide_by.data) and not reason:
            form.beyond_reason.errors.append(
                _("Enter why the council will decide after its published decision period")
            )
            return form.beyond_reason.errors
        decisions.notify_decision_date(db.session, eoi, current_user, form.decide_by.data, reason)
        return None

    return _decide(
        eoi,
        NotifyDateForm,
        _l("Tell the body when the council will decide"),
        apply,
        _undecided,
        _("Decision date saved. The body has been told."),
    )


@staff_bp.route("/inbox/<reference>/challenge/reject", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def reject(eoi: ExpressionOfInterest):
    def apply(eoi, form):
        decisions.reject(
            db.session,
            eoi,
            current_user,
            form.grounds.data,
            form.reasons.data,
            council_today(),
            _late_reason(form),
        )

    return _decide(
        eoi,
        RejectForm,
        _l("Reject the expression of interest"),
        apply,
        lambda eoi: eoi.status not in DECIDED,
        _("Rejected. The body has been told and the register updated."),
    )


@staff_bp.route("/inbox/<reference>/challenge/accept", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def accept(eoi: ExpressionOfInterest):
    def apply(eoi, form):
        decisions.accept(
            db.session,
            eoi,
            current_user,
            form.reasons.data or "",
            council_today(),
            _late_reason(form),
        )

    return _decide(
        eoi,
        AcceptForm,
        _l("Accept the expression of interest"),
        apply,
        _undecided,
        _("Accepted. The body has been told and the register updated."),
    )


@staff_bp.route("/inbox/<reference>/challenge/modify", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def modify(eoi: ExpressionOfInterest):
    def apply(eoi, form):
        decisions.propose_modification(
            db.session, eoi, current_user, form.change.data, form.reasons.data
        )

    return _decide(
        eoi,
        ModifyForm,
        _l("Propose a modification"),
        apply,
        _undecided,
        _("Modification proposed. The body has been asked to agree in writing."),
    )


@staff_bp.route("/inbox/<reference>/challenge/agreement", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def agreement(eoi: ExpressionOfInterest):
    def apply(eoi, form):
        if form.agreed_on.data > council_today():
            form.agreed_on.errors.append(_("The date the body agreed must be today or in the past"))
            return form.agreed_on.errors
        decisions.record_agreement(
            db.session,
            eoi,
            current_user,
            form.agreed_on.data,
            form.how.data,
            council_today(),
            _late_reason(form),
        )
        return None

    return _decide(
        eoi,
        AgreementForm,
        _l("Record the body’s agreement and accept with modifications"),
        apply,
        lambda eoi: eoi.status == "modification_proposed",
        _("Accepted with modifications. The body has been told and the register updated."),
    )


@staff_bp.route("/inbox/<reference>/challenge/withdraw", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def withdraw(eoi: ExpressionOfInterest):
    def apply(eoi, form):
        decisions.withdraw(db.session, eoi, current_user, form.note.data)

    return _decide(
        eoi,
        WithdrawForm,
        _l("Record that the body withdrew"),
        apply,
        lambda eoi: eoi.status not in DECIDED,
        _("Withdrawal recorded."),
    )


@staff_bp.route("/inbox/<reference>/challenge/procurement", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def procurement(eoi: ExpressionOfInterest):
    """Track the procurement exercise that follows acceptance (s.83(8))."""
    if not eoi.accepted:
        flash(_("Only an accepted expression of interest leads to a procurement exercise."), "info")
        return redirect(url_for("inbox.item", reference=eoi.reference))
    if request.method == "GET" and eoi.procurement_outcome:
        form = ProcurementForm(
            started_on=eoi.procurement_started_on,
            expected_end_on=eoi.procurement_expected_end_on,
            outcome=eoi.procurement_outcome,
            ended_on=eoi.procurement_ended_on,
            note=eoi.procurement_note,
        )
    else:
        form = ProcurementForm()
    if form.validate_on_submit():
        decisions.record_procurement(
            db.session,
            eoi,
            current_user,
            form.started_on.data,
            form.expected_end_on.data,
            form.outcome.data,
            form.ended_on.data,
            form.note.data or "",
        )
        db.session.commit()
        flash(_("Procurement exercise saved. The register shows it."), "success")
        return redirect(url_for("inbox.item", reference=eoi.reference))
    return render_form(
        "challenges/staff/decide.html",
        form,
        eoi=eoi,
        heading=_l("The procurement exercise"),
        late=False,
    )


@staff_bp.route("/inbox/<reference>/challenge/welsh", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def welsh(eoi: ExpressionOfInterest):
    """The Welsh of what the register publishes, beside the English."""
    form = WelshForm(obj=eoi) if request.method == "GET" else WelshForm()
    written = [name for name in WelshForm.FIELDS if (getattr(eoi, name) or "").strip()]
    for name in WelshForm.FIELDS:
        if name not in written:
            delattr(form, f"{name}_cy")
    if not written:
        flash(_("The council has published nothing about this yet, so there is no Welsh to write."))
        return redirect(url_for("inbox.item", reference=eoi.reference))
    if form.validate_on_submit():
        decisions.set_welsh(
            db.session,
            eoi,
            current_user,
            {f"{name}_cy": getattr(form, f"{name}_cy").data for name in written},
        )
        db.session.commit()
        flash(_("Welsh saved. The register shows it to Welsh readers."), "success")
        return redirect(url_for("inbox.item", reference=eoi.reference))
    return render_form("challenges/staff/welsh.html", form, eoi=eoi, written=written)


def challenge_panel(item: InboxItem) -> ExpressionOfInterest | None:
    """The expression of interest behind an inbox item, for its partial."""
    return db.session.scalar(
        select(ExpressionOfInterest).where(ExpressionOfInterest.inbox_item_id == item.id)
    )


# Not "document_id": consultations' documents have that name in the role matrix.
@staff_bp.get("/inbox/<reference>/challenge/documents/<int:eoi_document_id>")
def document(eoi: ExpressionOfInterest, document: ChallengeDocument):
    record_view(
        "inbox.view",
        object_type="inbox_item",
        object_ref=eoi.reference,
        details={"document": document.filename},
    )
    return download(document.content, filename=document.filename, mimetype=MIMETYPES[document.kind])
