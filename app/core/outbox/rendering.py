"""Plain-text emails written from Jinja templates in the recipient's language."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale


def render_email(template_name: str, locale: str, **context) -> tuple[str, str]:
    """Render `template_name` in `locale`; returns (subject, body).

    The template defines a `subject` block and extends "outbox/base.txt",
    filling its `content` block with the body. Emails are plain text, so
    name templates `.txt`: Jinja escapes no HTML in them.
    """
    app = current_app._get_current_object()
    council_name = app.config.get("COUNCIL_NAME", "")
    if locale == "cy" and app.config.get("COUNCIL_NAME_CY"):
        council_name = app.config["COUNCIL_NAME_CY"]
    template = app.jinja_env.get_template(template_name)
    if "subject" not in template.blocks:
        raise ValueError(f"{template_name} has no subject block")
    variables = {
        "locale": locale,
        "council_name": council_name,
        "council_email": app.config.get("COUNCIL_EMAIL", ""),
        **context,
    }
    with force_locale(locale):
        # One context for both, as Template.render builds it, so the subject
        # block sees the same variables as the body.
        ctx = template.new_context(variables)
        body = "".join(template.root_render_func(ctx))
        subject = "".join(template.blocks["subject"](ctx))
    return " ".join(subject.split()), body.strip("\n") + "\n"
