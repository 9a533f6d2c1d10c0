"""The suggested-themes page and its two actions, for any capability.

A capability's views load and check the question (its blueprint's loaders),
then hand over a `QuestionPage` saying what to show and where the links go;
everything else is here, so consultations and the survey behave alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort, flash, redirect, render_template, request
from flask_babel import format_percent, ngettext
from flask_babel import gettext as _

from app.core.db import db
from app.core.themes import services
from app.core.themes.engine import MIN_ANSWERS
from app.core.themes.forms import (
    AcceptForm,
    DiscardForm,
    GroupFilterForm,
    MergeForm,
    SuggestForm,
)
from app.core.themes.models import ACCEPTED, PROPOSED, READY, SuggestedTheme, ThemeSuggestionRun


@dataclass
class QuestionPage:
    source: str
    question_id: int
    caption: str
    question_text: str
    # [(url, text, lang or None), ...]
    crumbs: list[tuple]
    back_url: str
    back_text: str
    suggest_url: str
    decide_url: str
    # Called with a group code ("" for everyone): this page's own address.
    page_url: Callable[[str], str]
    # Called with an accepted theme: where its tagged answers are listed.
    tagged_url: Callable[[SuggestedTheme], str]
    tagged_text: str
    # {code: label} of groups that can be looked at apart (adults, young people).
    groups: dict = field(default_factory=dict)
    can_change: bool = False


@dataclass
class ThemeView:
    theme: SuggestedTheme
    typical: list
    counts: list[tuple[float, int]]
    accept_form: AcceptForm
    merge_form: MergeForm
    discard_form: DiscardForm


def _code(threshold: float) -> str:
    return f"{threshold:.1f}"


def _group(page: QuestionPage, args) -> tuple[GroupFilterForm, str]:
    form = GroupFilterForm(args)
    form.group.choices = [("", _("Everyone’s answers")), *page.groups.items()]
    group = form.group.data if form.group.data in page.groups else ""
    return form, group


def _choices(theme, proposed, accept_form, merge_form, counts) -> None:
    accept_form.threshold.choices = [
        (
            _code(t),
            ngettext(
                "%(share)s or more (%(num)d answer)",
                "%(share)s or more (%(num)d answers)",
                n,
                share=format_percent(t),
            ),
        )
        for t, n in counts
    ]
    merge_form.into.choices = [("", _("Choose a theme"))] + [
        (str(other.id), other.name) for other in proposed if other.id != theme.id
    ]


def _theme_views(page: QuestionPage, run: ThemeSuggestionRun, group: str, failed: dict | None):
    proposed = [theme for theme in run.themes if theme.status == PROPOSED]
    found = services.SOURCES[page.source].texts(
        db.session, {i for theme in proposed for i in theme.typical}
    )
    views = []
    for theme in proposed:
        groups = dict(
            zip(theme.loadings.get("ids", []), theme.loadings.get("groups", []), strict=False)
        )
        only = {i for i, g in groups.items() if g == group} if group else None
        counts = [(t, theme.count_at(t, only)) for t in services.THRESHOLDS]
        prefix = f"theme-{theme.id}"
        if failed and failed["theme"].id == theme.id:
            accept_form, merge_form = failed["accept"], failed["merge"]
        else:
            accept_form = AcceptForm(
                prefix=prefix,
                formdata=None,
                name=theme.name,
                threshold=_code(services.DEFAULT_THRESHOLD),
            )
            merge_form = MergeForm(prefix=prefix, formdata=None)
        _choices(theme, proposed, accept_form, merge_form, counts)
        # Five different answers: the same words twice tell staff nothing more.
        typical, seen = [], set()
        for i in theme.typical:
            answer = found.get(i)
            if answer is None or not answer.text or (group and answer.group != group):
                continue
            if answer.text.casefold() not in seen and len(typical) < 5:
                seen.add(answer.text.casefold())
                typical.append(answer)
        views.append(
            ThemeView(
                theme=theme,
                typical=typical,
                counts=counts,
                accept_form=accept_form,
                merge_form=merge_form,
                discard_form=DiscardForm(prefix=prefix, formdata=None),
            )
        )
    return views


def render_page(page: QuestionPage, *, failed: dict | None = None, status: int = 200):
    # Grown answers are themed again in the background; the page never waits.
    if failed is None and services.refresh_if_grown(db.session, page.source, page.question_id):
        db.session.commit()
    filter_form, group = _group(page, request.args if failed is None else request.form)
    done, waiting = services.latest_runs(db.session, page.source, page.question_id)
    ready = done is not None and done.status == READY
    return (
        render_template(
            "themes/suggestions.html",
            page=page,
            filter_form=filter_form,
            group=group,
            done=done,
            waiting=waiting,
            themes=_theme_views(page, done, group, failed) if ready else [],
            decided=[t for t in (done.themes if done else []) if t.status != PROPOSED],
            answers_now=services.SOURCES[page.source].count(db.session, page.question_id),
            min_answers=MIN_ANSWERS,
            suggest_form=SuggestForm(),
            percent=format_percent,
            accepted=ACCEPTED,
        ),
        status,
    )


def suggest(page: QuestionPage):
    if not SuggestForm().validate():
        abort(400)
    services.request_run(db.session, page.source, page.question_id)
    db.session.commit()
    flash(_("Suggestions are being prepared. This page shows them when they are ready."), "info")
    return redirect(page.page_url(""))


def decide(page: QuestionPage):
    """Accept, rename, merge or discard the theme the form names."""
    done, _waiting = services.latest_runs(db.session, page.source, page.question_id)
    theme = services.theme_in_run(db.session, done, request.form.get("theme")) if done else None
    action = request.form.get("action", "")
    back = page.page_url(request.form.get("group", ""))
    if theme is None and services.theme_of_question(
        db.session, page.source, page.question_id, request.form.get("theme")
    ):
        # A newer run finished while the reader looked at the older one's
        # suggestions: show them the new ones rather than an error.
        flash(
            _("The suggestions were brought up to date while you were reading them. Look again."),
            "info",
        )
        return redirect(back)
    if theme is None or action not in ("accept", "rename", "merge", "discard"):
        abort(400)
    if theme.status != PROPOSED:
        flash(_("Someone has already decided about that theme."), "info")
        return redirect(back)
    prefix = f"theme-{theme.id}"
    proposed = [t for t in done.themes if t.status == PROPOSED]
    accept_form = AcceptForm(prefix=prefix)
    merge_form = MergeForm(prefix=prefix)
    _choices(theme, proposed, accept_form, merge_form, [(t, 0) for t in services.THRESHOLDS])
    if action in ("accept", "rename"):
        form = accept_form
        if action == "rename":
            # Renaming leaves the threshold to the moment of accepting.
            form.threshold.validators = []
            form.threshold.data = _code(services.DEFAULT_THRESHOLD)
    elif action == "merge":
        form = merge_form
    else:
        form = DiscardForm(prefix=prefix)
    if not form.validate():
        failed = {"theme": theme, "accept": accept_form, "merge": merge_form}
        return render_page(page, failed=failed, status=400)
    if action == "accept":
        services.accept(db.session, theme, float(accept_form.threshold.data), accept_form.name.data)
        message = ngettext(
            "Theme “%(name)s” accepted: %(num)d answer tagged in the inbox.",
            "Theme “%(name)s” accepted: %(num)d answers tagged in the inbox.",
            theme.tagged_count,
            name=theme.name,
        )
    elif action == "rename":
        services.rename(db.session, theme, accept_form.name.data)
        message = _("Theme renamed to “%(name)s”.", name=theme.name)
    elif action == "merge":
        into = services.theme_in_run(db.session, done, merge_form.into.data)
        if into is None or into.status != PROPOSED or into.id == theme.id:
            abort(400)
        services.merge(db.session, theme, into)
        message = _("Theme merged into “%(name)s”.", name=into.name)
    else:
        services.discard(db.session, theme)
        message = _("Theme “%(name)s” discarded.", name=theme.name)
    db.session.commit()
    flash(message, "success")
    return redirect(back)
