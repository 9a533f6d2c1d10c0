"""What every page's layout needs: the council's name and the language switch,
and what makes the layout cheap to render on every request.

The layout's fixed parts (the skip link, the header, the phase banner, the
icons and the footer) are the same for every visitor who reads the page in
one language, so each is rendered once per process, language and content
version and kept (`layout_fragment`). What differs per visitor or per page
(the staff bar, the language switch, flashed messages, breadcrumbs, forms and
their CSRF tokens) is never inside a fragment: a fragment whose rendering
read the visitor's session or made a CSRF token is not kept.

The staff bar's parts (roles, the sign-out form) come from `app.accounts`."""

from __future__ import annotations

from threading import Lock

import jinja2
from flask import Flask, current_app, g, request, session, url_for
from flask_babel import Domain, get_babel, get_translations
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.core.application import VisitorSession
from app.core.forms import error_list
from app.core.i18n import current_language
from app.core.static_assets import generation as static_generation

# Bump when a fragment's template changes shape without a restart (tests).
LAYOUT_VERSION = 1
# The settings a fragment may show: a change to any of them makes new fragments.
_FRAGMENT_SETTINGS = ("COUNCIL_NAME", "COUNCIL_NAME_CY", "COUNCIL_URL", "COUNCIL_EMAIL")
_FRAGMENTS = "portal_layout_fragments"


def _council_name(language: str) -> str:
    config = current_app.config
    if language == "cy" and config.get("COUNCIL_NAME_CY"):
        return config["COUNCIL_NAME_CY"]
    return config["COUNCIL_NAME"]


def _language_links(language: str) -> list[dict]:
    here = request.full_path if request.query_string else request.path
    links = []
    for code, name in current_app.config["LANGUAGES"].items():
        links.append(
            {
                "code": code,
                "name": name,
                "current": code == language,
                "href": url_for("i18n.choose_language", code=code, next=here),
            }
        )
    return links


class _Fragments:
    def __init__(self) -> None:
        self.kept: dict[tuple, Markup] = {}
        self.lock = Lock()


def _fragment_key(name: str) -> tuple:
    config = current_app.config
    return (
        name,
        LAYOUT_VERSION,
        current_language(),
        request.script_root,
        tuple(config.get(setting) for setting in _FRAGMENT_SETTINGS),
        config.get("STATIC_FINGERPRINTS", True),
        static_generation(current_app),
    )


def layout_fragment(name: str, caller) -> Markup:
    """``{% call layout_fragment('footer') %}...{% endcall %}``: the body is
    rendered once per language and content version and kept in this process.

    A body that read or changed the visitor's session, or made a form's CSRF
    token, is shown but not kept: it belongs to this visitor alone."""
    fragments: _Fragments = current_app.extensions[_FRAGMENTS]
    key = _fragment_key(name)
    kept = fragments.kept.get(key)
    if kept is not None:
        return kept
    visitor = session._get_current_object()
    csrf_field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    had_token = csrf_field in g
    watching = isinstance(visitor, VisitorSession)
    before = visitor.watch() if watching else None
    try:
        body = escape(caller())  # a macro body is Markup already
        personal = (watching and visitor.used_by_page()) or (csrf_field in g and not had_token)
    finally:
        if watching:
            visitor.unwatch(before)
    if not personal:
        with fragments.lock:
            fragments.kept[key] = body
    return body


def clear_fragments(app: Flask) -> None:
    with app.extensions[_FRAGMENTS].lock:
        app.extensions[_FRAGMENTS].kept.clear()


class PortalTemplate(jinja2.Template):
    """Jinja's own template, with a cheaper import of macros.

    ``{% from "x.html" import m %}`` asks whether the page's globals hold any
    name the imported template's do not; Jinja 3.1 answers by testing every
    name against a ChainMap in Python, about 80 µs an import and twenty
    imports a page. ``set.difference`` over the ChainMap's dicts gives the
    same answer in C."""

    def _get_default_module(self, ctx=None):
        if ctx is not None:
            maps = getattr(self.globals, "maps", (self.globals,))
            keys = ctx.globals_keys.difference(*maps)
            if keys:
                return self.make_module({key: ctx.parent[key] for key in keys})
        if self._module is None:
            self._module = self.make_module()
        return self._module


_MEMO = "portal_translations"


def _memo_translations(domain: Domain | None):
    """The request's translations, found once and kept on its babel context.

    flask-babel finds the request's locale, domain and catalogue again on
    every ``_()`` (about 10 µs each, and a list page shows hundreds of
    translated labels). The memo is keyed by the very locale and domain
    objects, so ``force_locale`` and ``refresh`` (which replace the locale)
    are honoured."""
    context = g.__dict__.get("_flask_babel") if g else None
    if context is None:
        return None
    values = context.__dict__
    locale = values.get("babel_locale")
    domain = domain or values.get("babel_domain")
    memo = values.get(_MEMO)
    if memo is not None and locale is not None and memo[0] is locale and memo[1] is domain:
        return memo[2]
    translations = Domain.get_translations(domain) if domain is not None else get_translations()
    values[_MEMO] = (values.get("babel_locale"), domain or values.get("babel_domain"), translations)
    return translations


class PortalDomain(Domain):
    """flask-babel's message domain, with the request's catalogue looked up
    once (lazy labels in views and forms translate through here)."""

    def get_translations(self):
        translations = _memo_translations(self)
        return translations if translations is not None else super().get_translations()


def _translations():
    translations = _memo_translations(None)
    return translations if translations is not None else get_translations()


def _install_fast_gettext(app: Flask) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )


def register_layout_context(app: Flask) -> None:
    app.extensions[_FRAGMENTS] = _Fragments()
    app.jinja_env.template_class = PortalTemplate
    babel = get_babel(app).instance
    # Babel.domain_instance is a cached property: give it ours first.
    babel.__dict__["domain_instance"] = PortalDomain(domain=get_babel(app).default_domain)
    _install_fast_gettext(app)
    app.add_template_global(error_list)
    app.add_template_global(layout_fragment)

    @app.context_processor
    def layout_context() -> dict:
        language = current_language()
        council_name = _council_name(language)
        service_name = _("Commissioning Portal")
        context = {
            "language": language,
            "council_name": council_name,
            "service_name": service_name,
            "header_logo_html": Markup(
                '<span class="app-header__council">{}</span> '
                '<span class="app-header__service">{}</span>'
            ).format(council_name, service_name),
            "council_url": current_app.config["COUNCIL_URL"],
            "language_links": _language_links(language) if request else [],
        }
        return context
