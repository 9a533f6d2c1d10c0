"""Signing in through the council's identity provider: /staff/sign-in/sso
sends the visitor there, /staff/sign-in/sso/callback is where it sends them
back. Both answer 404 when single sign-on is not set up."""

from __future__ import annotations

from flask import abort, current_app, make_response, render_template, request
from werkzeug.wrappers import Response

from app.accounts import bp, signin_flow, sso
from app.accounts.services import SSORefused, account_for_sso, record_rejected_token
from app.core.db import db
from app.core.extensions import limiter
from app.core.i18n import safe_next

_STATUS = {
    sso.ProviderProblem.CANCELLED: 400,
    sso.ProviderProblem.EXPIRED: 400,
    sso.ProviderProblem.REJECTED: 400,
    sso.ProviderProblem.UNAVAILABLE: 503,
}


def _page(status: int, **context) -> Response:
    response = make_response(render_template("accounts/sso_failed.html", **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response


# CSRF: the portal checks every POST's token (CSRFProtect), so another site
# cannot start a sign-in in a visitor's browser.
@bp.post("/staff/sign-in/sso")
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"])
def sso_start():
    if not sso.configured():
        abort(404)
    next_url = safe_next(request.args.get("next"), "") or None
    try:
        return sso.start(next_url)
    except sso.ProviderProblem as problem:
        return _page(_STATUS[problem.kind], problem=problem.kind)


@bp.get("/staff/sign-in/sso/callback")
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"])
def sso_callback():
    if not sso.configured():
        abort(404)
    next_url = sso.take_next()
    try:
        claims = sso.finish()
    except sso.ProviderProblem as problem:
        if problem.kind == sso.ProviderProblem.REJECTED:
            record_rejected_token(db.session, problem.detail)
            db.session.commit()
        return _page(_STATUS[problem.kind], problem=problem.kind)
    try:
        user = account_for_sso(db.session, claims, current_app.config["OIDC_ALLOWED_DOMAINS"])
    except SSORefused as refused:
        db.session.commit()  # the refusal is on the audit log
        return _page(403, refused=refused.reason)
    db.session.commit()  # an invitation accepted stays accepted
    response = signin_flow.after_first_factor(user, "sso", next_url)
    db.session.commit()
    return response
