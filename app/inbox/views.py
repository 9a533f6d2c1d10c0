"""The commissioner inbox: the list, an item, and the changes staff make."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import role_required
from app.accounts.areas import area_ids
from app.accounts.models import Role, StaffUser
from app.accounts.scoping import Loader, areas_for, guard_staff_blueprint
from app.core.audit import AuditEvent, action_label, record_view
from app.core.db import db
from app.core.outbox.models import OutboxMessage
from app.inbox import bp
from app.inbox.forms import (
    AssignForm,
    BulkForm,
    CloseForm,
    DueForm,
    NoteForm,
    ReplyForm,
    StatusForm,
    TagsForm,
)
from app.inbox.kinds import (
    FINISHED_STATUSES,
    KINDS,
    STATUS_TAGS,
    all_statuses,
    bulk_statuses,
    settable_statuses,
)
from app.inbox.models import (
    InboxItem,
    InboxNote,
    InboxReply,
    InboxReplyTemplate,
    InboxStatusChange,
)
from app.inbox.reply_templates import all_templates, fill
from app.inbox.search import (
    InboxFilters,
    area_limit,
    dashboard,
    search_inbox,
    statuses_counted,
)
from app.inbox.services import (
    add_note,
    add_tags,
    assign,
    change_status,
    close,
    parse_tags,
    reply,
    set_due,
    set_tags,
)
from app.inbox.sources import source_choices


def item_by_reference(session, reference: str, _loaded) -> InboxItem | None:
    return session.scalar(select(InboxItem).where(InboxItem.reference == reference))


# Outside the reader's areas an item is "not found", so its existence is not
# revealed; an item with no area is outside every limited reader's areas.
guard_staff_blueprint(
    bp,
    {"reference": Loader("item", item_by_reference, area=lambda item: item.service_area_id)},
)


def _staff_choices() -> list[tuple[str, str]]:
    staff = db.session.scalars(
        select(StaffUser)
        .where(StaffUser.is_active_account, StaffUser.role != Role.VIEWER.value)
        .order_by(StaffUser.name)
    ).all()
    return [("", _("Nobody"))] + [(str(user.id), user.name) for user in staff]


def reader_filters() -> InboxFilters:
    """The URL's filters, narrowed to the service areas the reader may see."""
    filters = InboxFilters.from_args(request.args)
    filters.limit_areas = area_ids(current_user)
    return filters


@bp.get("/inbox/")
def index():
    filters = reader_filters()
    page = search_inbox(db.session, filters, current_user.id)
    kinds_on_page = {item.kind for item in page.items}
    bulk_form = _bulk_form(kinds_on_page)
    # The area filter offers only the areas the reader may see.
    areas = areas_for(db.session)
    return render_template(
        "inbox/index.html",
        page=page,
        dashboard=dashboard(db.session, filters.limit_areas),
        bulk_form=bulk_form,
        # Which kinds can take each status, so the list follows the selection.
        bulk_status_kinds=bulk_statuses(kinds_on_page),
        filters=filters,
        areas=areas,
        sources=source_choices(db.session, filters.limit_areas),
        kinds=KINDS,
        statuses=all_statuses(),
        counted_statuses=statuses_counted(filters),
        status_tags=STATUS_TAGS,
    )


AUDIT_TRAIL_LENGTH = 50


def _status_form(item: InboxItem, form: StatusForm | None = None) -> StatusForm:
    form = form or StatusForm(status=item.status)
    form.status.choices = list(settable_statuses(item.kind).items())
    return form


def _render_item(item: InboxItem, status: int = 200, **forms):
    assign_form = forms.get("assign_form") or AssignForm(assignee=str(item.assignee_id or ""))
    assign_form.assignee.choices = _staff_choices()
    history = db.session.scalars(
        select(InboxStatusChange)
        .where(InboxStatusChange.item_id == item.id)
        .order_by(InboxStatusChange.created_at.desc(), InboxStatusChange.id.desc())
    ).all()
    notes = db.session.scalars(
        select(InboxNote)
        .where(InboxNote.item_id == item.id)
        .order_by(InboxNote.created_at.desc(), InboxNote.id.desc())
    ).all()
    audit_trail = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "inbox_item", AuditEvent.object_ref == item.reference)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(AUDIT_TRAIL_LENGTH)
    ).all()
    # Each reply with its email's state in the outbox: queued until it has gone.
    replies = db.session.execute(
        select(InboxReply, OutboxMessage.status)
        .outerjoin(OutboxMessage, OutboxMessage.id == InboxReply.outbox_message_id)
        .where(InboxReply.item_id == item.id)
        .order_by(InboxReply.created_at.desc(), InboxReply.id.desc())
    ).all()
    return (
        render_template(
            "inbox/item.html",
            item=item,
            history=history,
            notes=notes,
            replies=replies,
            audit_trail=audit_trail,
            action_label=action_label,
            reply_form=forms.get("reply_form") or _reply_form(item),
            reply_templates=all_templates(db.session),
            delivery_states=DELIVERY_STATES,
            close_form=forms.get("close_form") or CloseForm(),
            tags_form=forms.get("tags_form")
            or TagsForm(tags=", ".join(tag.name for tag in item.tags)),
            kinds=KINDS,
            statuses=all_statuses(),
            status_tags=STATUS_TAGS,
            assign_form=assign_form,
            status_form=_status_form(item, forms.get("status_form")),
            note_form=forms.get("note_form") or NoteForm(),
            due_form=forms.get("due_form") or DueForm(due_on=item.due_on),
            form=next((f for f in forms.values() if f.errors), None),
        ),
        status,
    )


# How the item page names an outbox state: "sending" is still on its way.
DELIVERY_STATES = {
    "pending": (_l("Queued"), "govuk-tag--grey"),
    "sending": (_l("Queued"), "govuk-tag--grey"),
    "sent": (_l("Sent"), "govuk-tag--green"),
    "failed": (_l("Failed"), "govuk-tag--red"),
}


def _reply_form(item: InboxItem) -> ReplyForm:
    """Empty, or started from the template the URL names (?template=ID)."""
    chosen = request.args.get("template", "")
    template = db.session.get(InboxReplyTemplate, int(chosen)) if chosen.isdigit() else None
    if template is None:
        return ReplyForm()
    return ReplyForm(message=fill(template, item))


def _save(message: str) -> None:
    """Commit the change with the audit entry its service recorded, and tell the user."""
    db.session.commit()
    flash(message, "success")


@bp.get("/inbox/<reference>")
def item(item: InboxItem):
    record_view("inbox.view", object_type="inbox_item", object_ref=item.reference)
    return _render_item(item)


@bp.post("/inbox/<reference>/assign")
@role_required(Role.COMMISSIONER)
def assign_item(item: InboxItem):
    form = AssignForm()
    form.assignee.choices = _staff_choices()
    if not form.validate_on_submit():
        return _render_item(item, 400, assign_form=form)
    assignee = db.session.get(StaffUser, int(form.assignee.data)) if form.assignee.data else None
    if assign(db.session, item, assignee, actor=current_user):
        _save(_("Assigned to %(name)s.", name=assignee.name) if assignee else _("Unassigned."))
    return redirect(url_for(".item", reference=item.reference))


@bp.post("/inbox/<reference>/status")
@role_required(Role.COMMISSIONER)
def status(item: InboxItem):
    form = _status_form(item, StatusForm())
    if not form.validate_on_submit():
        return _render_item(item, 400, status_form=form)
    if change_status(db.session, item, form.status.data, current_user, form.note.data):
        _save(_("Status changed to %(status)s.", status=all_statuses()[item.status]))
    return redirect(url_for(".item", reference=item.reference))


@bp.post("/inbox/<reference>/notes")
@role_required(Role.COMMISSIONER)
def note(item: InboxItem):
    form = NoteForm()
    if not form.validate_on_submit():
        return _render_item(item, 400, note_form=form)
    add_note(db.session, item, current_user, form.text.data)
    _save(_("Note added."))
    return redirect(url_for(".item", reference=item.reference))


@bp.post("/inbox/<reference>/due")
@role_required(Role.COMMISSIONER)
def due(item: InboxItem):
    form = DueForm()
    if not form.validate_on_submit():
        return _render_item(item, 400, due_form=form)
    if set_due(db.session, item, form.due_on.data):
        _save(_("Due date saved."))
    return redirect(url_for(".item", reference=item.reference))


@bp.post("/inbox/<reference>/reply")
@role_required(Role.COMMISSIONER)
def reply_to_submitter(item: InboxItem):
    if not item.submitter_email:
        abort(400)
    form = ReplyForm()
    if not form.validate_on_submit():
        return _render_item(item, 400, reply_form=form)
    reply(db.session, item, current_user, form.message.data)
    # Queued, not yet sent: the outbox sends it, and the page shows when it has gone.
    _save(
        _(
            "Your reply to %(address)s is queued to send. "
            "Its delivery state is shown under Replies.",
            address=item.submitter_email,
        )
    )
    return redirect(url_for(".item", reference=item.reference))


@bp.post("/inbox/<reference>/close")
@role_required(Role.COMMISSIONER)
def close_item(item: InboxItem):
    form = CloseForm()
    if not form.validate_on_submit():
        return _render_item(item, 400, close_form=form)
    close(db.session, item, current_user, form.outcome.data)
    _save(_("Item closed."))
    return redirect(url_for(".item", reference=item.reference))


@bp.post("/inbox/<reference>/tags")
@role_required(Role.COMMISSIONER)
def tags(item: InboxItem):
    form = TagsForm()
    if not form.validate_on_submit():
        return _render_item(item, 400, tags_form=form)
    names = parse_tags(form.tags.data)
    if set_tags(db.session, item, names):
        _save(_("Themes saved."))
    return redirect(url_for(".item", reference=item.reference))


MAX_BULK = 200


@bp.post("/inbox/bulk")
@role_required(Role.COMMISSIONER)
def bulk():
    form = _bulk_form()
    back = url_for(".index", **reader_filters().query_args())
    references = list(dict.fromkeys(request.form.getlist("items")))[:MAX_BULK]
    if not form.validate_on_submit() or not references:
        flash(
            _("Select at least one item and what to do with them.")
            if not references
            else _("Select what to do with the selected items."),
            "info",
        )
        return redirect(back)
    items = db.session.scalars(
        select(InboxItem).where(
            InboxItem.reference.in_(references), *area_limit(area_ids(current_user))
        )
    ).all()
    action = form.action.data
    assignee = None
    if action == "assign" and form.assignee.data:
        assignee = db.session.get(StaffUser, int(form.assignee.data))
    names = parse_tags(form.tags.data) if action == "tag" else []
    template = None
    if action == "reply":
        chosen = form.template.data or ""
        template = db.session.get(InboxReplyTemplate, int(chosen)) if chosen.isdigit() else None
        if template is None:
            flash(_("Select the reply template to send."), "info")
            return redirect(back)
    outcome = (form.outcome.data or "").strip()
    if action == "close" and not outcome:
        flash(_("Enter the outcome of the items you are closing."), "info")
        return redirect(back)
    changed = 0
    skipped: dict[str, int] = {}
    for found in items:
        change = f"bulk {action}"
        reason = None
        if action == "assign":
            done = assign(db.session, found, assignee, change=change, actor=current_user)
        elif action == "status":
            # A status another kind uses is skipped, not forced on this item.
            if form.status.data not in settable_statuses(found.kind):
                reason = "status"
                done = False
            else:
                done = change_status(
                    db.session, found, form.status.data, current_user, change=change
                )
        elif action == "reply":
            if not found.submitter_email:
                reason = "no_email"
                done = False
            else:
                reply(db.session, found, current_user, fill(template, found))
                done = True
        elif action == "close":
            if found.status in FINISHED_STATUSES:
                reason = "finished"
                done = False
            elif "closed" not in settable_statuses(found.kind):
                reason = "status"
                done = False
            else:
                close(db.session, found, current_user, outcome)
                done = True
        else:
            done = add_tags(db.session, found, names, change=change)
        if done:
            changed += 1
        elif reason:
            skipped[reason] = skipped.get(reason, 0) + 1
    db.session.commit()
    flash(
        ngettext("%(num)d item changed.", "%(num)d items changed.", changed),
        "success",
    )
    for reason, count in skipped.items():
        flash(SKIPPED[reason](count), "info")
    return redirect(back)


# Why a selected item was left as it was, said after a bulk action.
SKIPPED = {
    "status": lambda n: ngettext(
        "%(num)d item was skipped: its kind cannot take that status here.",
        "%(num)d items were skipped: their kind cannot take that status here.",
        n,
    ),
    "no_email": lambda n: ngettext(
        "%(num)d item was skipped: it has no email address to reply to.",
        "%(num)d items were skipped: they have no email address to reply to.",
        n,
    ),
    "finished": lambda n: ngettext(
        "%(num)d item was skipped: it was already closed or decided.",
        "%(num)d items were skipped: they were already closed or decided.",
        n,
    ),
}


def _bulk_form(kind_codes=None) -> BulkForm:
    """The bulk actions. The status list offers what the items of these kinds
    (those on the page; every kind when the form comes back) can take."""
    form = BulkForm()
    form.assignee.choices = _staff_choices()
    labels = all_statuses()
    form.status.choices = [
        (code, labels[code]) for code in bulk_statuses(kind_codes or KINDS.keys())
    ]
    form.template.choices = [("", _("Choose a template"))] + [
        (str(t.id), t.name) for t in all_templates(db.session)
    ]
    return form
