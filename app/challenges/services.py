"""The Right to Challenge write layer: every change the pages make goes
through a function imported from here.

The functions live beside what they change: the services and windows open to
challenge (`catalogue`), a body's draft and its documents (`drafts`,
`documents`), sending it (`submission`) and the council's statutory decisions
(`decisions`). Changes staff make record their own audit entry.
"""

from app.challenges import decisions
from app.challenges.catalogue import add_window, create_service, remove_window, update_service
from app.challenges.documents import DocumentRefused, add_document, remove_document
from app.challenges.drafts import (
    add_partner,
    forget_stale_drafts,
    remove_partner,
    save_answers,
    start_draft,
)
from app.challenges.submission import NotReady, ServiceRefused, submit

__all__ = [
    "DocumentRefused",
    "NotReady",
    "ServiceRefused",
    "add_document",
    "add_partner",
    "add_window",
    "create_service",
    "decisions",
    "forget_stale_drafts",
    "remove_document",
    "remove_partner",
    "remove_window",
    "save_answers",
    "start_draft",
    "submit",
    "update_service",
]
