"""Uploading documents for staff, and downloading them for everyone."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app.accounts.access import role_required
from app.accounts.models import Role
from app.consultations import admin_bp, bp, services
from app.consultations import documents as documents_module
from app.consultations.documents import LABELS, MIMETYPES, human_size
from app.consultations.forms import ActionForm, DocumentForm, DocumentTitleForm
from app.consultations.models import Consultation, ConsultationDocument
from app.core.db import db
from app.core.downloads import download as file_download
from app.core.form_pages import render_form

ERRORS = {
    "too_big": lambda: _("The file must be 5 MB or smaller"),
    "empty": lambda: _("The selected file is empty"),
    "wrong_type": lambda: _("The file must be a PDF, ODT or DOCX document"),
    "unsafe_archive": lambda: _(
        "The selected file unpacks to far more than its size, so it cannot be checked. "
        "Save it again, or save it as a PDF, and upload that instead"
    ),
}


@bp.app_template_filter("filesize")
def filesize(size: int) -> str:
    return human_size(size)


@bp.app_template_global()
def document_type_label(kind: str) -> str:
    return LABELS.get(kind, kind.upper())


@admin_bp.route("/<int:consultation_id>/documents", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def documents(consultation: Consultation):
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.document.data
        content = upload.stream.read(documents_module.MAX_DOCUMENT_BYTES + 1)
        try:
            services.add_document(
                db.session,
                consultation,
                form.title.data,
                upload.filename or "",
                content,
                title_cy=form.title_cy.data or "",
            )
        except services.DocumentError as error:
            db.session.rollback()
            form.document.errors.append(ERRORS[str(error)]())
        else:
            db.session.commit()
            flash(_("Document uploaded."), "success")
            return redirect(url_for(".documents", consultation_id=consultation.id))
    return render_form(
        "consultations/admin/documents.html",
        form,
        consultation=consultation,
        action_form=ActionForm(),
    )


@admin_bp.route("/<int:consultation_id>/documents/<int:document_id>/edit", methods=["GET", "POST"])
@role_required(Role.COMMISSIONER)
def edit_document(consultation: Consultation, document: ConsultationDocument):
    """A document's title in English and Welsh; the file is replaced by
    removing it and uploading another."""
    form = DocumentTitleForm()
    if request.method == "GET":
        form.title.data, form.title_cy.data = document.title, document.title_cy
    if form.validate_on_submit():
        if services.retitle_document(
            db.session, consultation, document, form.title.data, form.title_cy.data or ""
        ):
            db.session.commit()
            flash(_("Document title saved."), "success")
        return redirect(url_for(".documents", consultation_id=consultation.id))
    return render_form(
        "consultations/admin/document_title.html",
        form,
        consultation=consultation,
        document=document,
    )


@admin_bp.post("/<int:consultation_id>/documents/<int:document_id>/remove")
@role_required(Role.COMMISSIONER)
def remove_document(consultation: Consultation, document: ConsultationDocument):
    if not ActionForm().validate_on_submit():
        abort(400)
    services.remove_document(db.session, consultation, document)
    db.session.commit()
    flash(_("Document removed."), "success")
    return redirect(url_for(".documents", consultation_id=consultation.id))


@bp.get("/consultations/<slug>/documents/<int:document_id>/<filename>")
def download(slug: str, document_id: int, filename: str):
    document = db.session.scalar(
        select(ConsultationDocument)
        .join(Consultation)
        .where(
            ConsultationDocument.id == document_id,
            Consultation.slug == slug,
            Consultation.published.is_(True),
        )
        .options(undefer(ConsultationDocument.content))
    )
    if document is None or filename != document.filename:
        abort(404)
    return file_download(
        document.content, filename=document.filename, mimetype=MIMETYPES[document.file_type]
    )
