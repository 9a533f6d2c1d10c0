from sqlalchemy import func, select

from app.consultations.models import Consultation, SafeguardingPhrase


def test_demo_data_has_an_open_a_closed_with_outcome_and_a_forthcoming_consultation(
    app, session, client, monkeypatch
):
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "demo password for tests")
    cli = app.test_cli_runner()
    first = cli.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    assert "Consultations added: 3." in first.output
    session.expire_all()
    consultations = {c.slug: c for c in session.scalars(select(Consultation))}
    statuses = {c.status for c in consultations.values()}
    assert statuses == {"open", "closed", "forthcoming"}
    open_one = next(c for c in consultations.values() if c.status == "open")
    assert open_one.young_people_version
    assert {q.kind for q in open_one.questions} == {
        "free_text",
        "single",
        "multiple",
        "scale",
        "ranking",
        "yes_no",
    }
    from app.consultations.services import response_count

    # The four written out in the demo content, topped up with generated answers
    # (app/demo/free_text.py) so there is enough free text to suggest themes from.
    assert response_count(session, open_one) == 300
    # Every generated choice answer is one of the question's option keys, so
    # the analysis counts them all: no answer falls outside the options.
    from app.consultations.analysis import Filters, analyse

    total, results = analyse(session, open_one, Filters())
    single = next(r for r in results if r.question.kind == "single")
    *options, (_blank, _none, missed, _percent) = single.rows
    assert sum(count for _key, _label, count, _pct in options) + missed == total
    assert missed < total // 2
    closed = next(c for c in consultations.values() if c.status == "closed")
    assert closed.outcome_published_at is not None
    assert "Two libraries" in client.get(f"/consultations/{closed.slug}/outcome").text
    # The demo council writes everything it shows in Welsh too.
    for consultation in consultations.values():
        assert consultation.welsh_missing == [], consultation.slug
        for question in consultation.questions:
            assert question.welsh_missing == [], question.text
    client.set_cookie("language", "cy", domain="localhost")
    welsh_outcome = client.get(f"/consultations/{closed.slug}/outcome").text
    assert "Bydd dwy lyfrgell" in welsh_outcome
    assert "app-welsh-note" not in welsh_outcome
    welsh_form = client.get(f"/consultations/{open_one.slug}").text
    # (Linked plan items have their own Welsh, written with the plans.)
    assert '<h1 class="govuk-heading-l">Clybiau ieuenctid' in welsh_form
    from app.consultations.models import ConsultationResponse

    assert "cy" in set(session.scalars(select(ConsultationResponse.locale)))
    client.set_cookie("language", "en", domain="localhost")
    phrases = session.scalar(select(func.count(SafeguardingPhrase.id)))
    assert phrases >= 5

    second = cli.invoke(args=["demo-data"])
    assert "Consultations added: 0." in second.output
    session.expire_all()
    assert session.scalar(select(func.count(Consultation.id))) == 3
    assert session.scalar(select(func.count(SafeguardingPhrase.id))) == phrases
