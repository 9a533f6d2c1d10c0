"""The actions the log knows how to name. Codes are stored; labels are shown
in the reader's language, so the stored log never depends on the locale."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "inbox.view": _l("Viewed an inbox item"),
    "inbox.update": _l("Changed an inbox item"),
    "inbox.export": _l("Exported inbox items"),
    "plan.create": _l("Created a plan item"),
    "plan.update": _l("Changed a plan item"),
    "plan.publish": _l("Published a plan item"),
    "plan.withdraw": _l("Withdrew a plan item"),
    "plan.unpublish": _l("Returned a plan item to draft"),
    "challenge_service.create": _l("Added a service open to challenge"),
    "challenge_service.update": _l("Changed a service open to challenge"),
    "consultation.create": _l("Created a consultation"),
    "consultation.update": _l("Changed a consultation"),
    "consultation.publish": _l("Published a consultation"),
    "consultation.unpublish": _l("Returned a consultation to draft"),
    "consultation.question": _l("Changed a consultation’s questions"),
    "consultation.outcome": _l("Published a consultation’s outcome"),
    "consultation.export": _l("Exported consultation responses"),
    "consultation.phrase_add": _l("Added a safeguarding phrase"),
    "consultation.phrase_remove": _l("Removed a safeguarding phrase"),
    "survey.themes": _l("Tagged a survey answer with themes"),
    "survey.export": _l("Exported survey results"),
    "survey.summary": _l("Changed a survey’s “You said, we did”"),
    "survey.summary_publish": _l("Published a survey’s “You said, we did”"),
    "survey.summary_unpublish": _l("Unpublished a survey’s “You said, we did”"),
    "retention.update": _l("Changed how long records are kept"),
    "retention.run": _l("Applied the retention policy"),
    "legal_hold.place": _l("Placed a legal hold on a record"),
    "legal_hold.lift": _l("Lifted a legal hold"),
    "erasure.erase": _l("Erased a person’s data"),
    "erasure.refuse": _l("Refused a request to erase a person’s data"),
    "erasure.correct": _l("Corrected a person’s details"),
    "subject_access.search": _l("Searched for what the portal holds about a person"),
    "subject_access.export": _l("Downloaded a subject access report"),
    "subject_access.logged": _l("Logged a subject access request"),
    "staff.sign_in": _l("Signed in"),
    "staff.invite": _l("Invited a member of staff"),
    "staff.invite_resent": _l("Sent a new staff invitation"),
    "staff.invite_accepted": _l("Accepted a staff invitation"),
    "staff.update": _l("Changed a staff account"),
    "staff.deactivate": _l("Deactivated a staff account"),
    "staff.reactivate": _l("Reactivated a staff account"),
    "staff.sign_in_failed": _l("Failed to sign in"),
    "staff.sign_in_throttled": _l("Sign-in attempts made to wait"),
    "staff.sso_refused": _l("Refused a sign-in from the council’s identity provider"),
    "staff.sign_out_everywhere": _l("Signed out everywhere"),
    "staff.password_changed": _l("Changed their password"),
    "staff.password_reset_requested": _l("Asked for a link to reset a password"),
    "staff.password_reset": _l("Reset a password with an emailed link"),
    "staff.totp_enabled": _l("Set up one-time codes"),
    "staff.totp_disabled": _l("Turned off one-time codes"),
    "staff.recovery_codes_regenerated": _l("Made new recovery codes"),
    "staff.recovery_code_used": _l("Signed in with a recovery code"),
    "staff.factors_reset": _l("Reset a staff account’s sign-in factors"),
    "staff.security_key_added": _l("Added a security key"),
    "staff.security_key_removed": _l("Removed a security key"),
    "staff.security_key_used": _l("Used a security key"),
    "staff.security_key_failed": _l("A security key was refused"),
    "staff.security_key_cloned": _l("Refused a security key that looks copied"),
}


def action_label(code: str) -> str:
    # Codes added later still show, untranslated, rather than vanish.
    return str(ACTION_LABELS.get(code, code))
