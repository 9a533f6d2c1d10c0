"""The one check-your-answers macro every "check your answers" page uses."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask import render_template_string

TEMPLATE = """
{% from "macros/check_answers.html" import check_answers, answer_row %}
{% call check_answers() %}
  {{ answer_row("Name", "Sam <Patel>", "/about#name", "your name") }}
  {{ answer_row("Question 1", "Yes", "/q/1", "your answer to question 1",
                key_lang="en", value_class="app-submission") }}
  {{ answer_row("Organisation", "Elmsworth Carers") }}
  {% call answer_row("Responding", change_href="/about", change_text="how you are responding") %}
    As an organisation<br>Elmsworth Carers
  {% endcall %}
{% endcall %}
"""


def rendered(app):
    with app.test_request_context("/"):
        return BeautifulSoup(render_template_string(TEMPLATE), "html.parser")


def test_each_answer_is_a_summary_list_row_with_a_change_link(app):
    page = rendered(app)
    answers = page.select_one("dl.govuk-summary-list.govuk-\\!-margin-bottom-9")
    rows = answers.select(".govuk-summary-list__row")
    assert [row.dt.get_text() for row in rows] == [
        "Name",
        "Question 1",
        "Organisation",
        "Responding",
    ]
    name = rows[0]
    assert name.select_one(".govuk-summary-list__value").get_text() == "Sam <Patel>"
    link = name.select_one(".govuk-summary-list__actions a.govuk-link")
    assert link["href"] == "/about#name"
    assert link.get_text() == "Change your name"
    assert link.select_one(".govuk-visually-hidden").get_text() == " your name"


def test_a_row_may_carry_its_key_language_and_value_class(app):
    question = rendered(app).select(".govuk-summary-list__row")[1]
    assert question.dt["lang"] == "en"
    assert question.select_one("dd")["class"] == ["govuk-summary-list__value", "app-submission"]
    assert "lang" not in rendered(app).select(".govuk-summary-list__row")[0].dt.attrs


def test_a_row_that_cannot_be_changed_keeps_an_empty_actions_cell(app):
    fixed = rendered(app).select(".govuk-summary-list__row")[2]
    actions = fixed.select_one(".govuk-summary-list__actions")
    assert actions is not None
    assert actions.get_text() == ""


def test_a_value_may_be_markup_given_in_a_call_block(app):
    responding = rendered(app).select(".govuk-summary-list__row")[3]
    value = responding.select_one(".govuk-summary-list__value")
    assert value.select_one("br") is not None
    assert " ".join(value.get_text(" ").split()) == "As an organisation Elmsworth Carers"
    link = responding.select_one("a")
    assert link.get_text() == "Change how you are responding"
