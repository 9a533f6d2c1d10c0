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
    # (app/demo/free_text.py) to the hundreds a real consultation gets, so
    # there is enough to suggest themes from and to analyse by group.
    assert response_count(session, open_one) == 400
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
    assert "Consultation responses added (youth clubs, libraries): 0." in second.output
    assert response_count(session, open_one) == 400
    session.expire_all()
    assert session.scalar(select(func.count(Consultation.id))) == 3
    assert session.scalar(select(func.count(SafeguardingPhrase.id))) == phrases


def test_demo_consultations_carry_realistic_volumes(app, session, monkeypatch):
    """Hundreds of adult and young people's responses with free text, over each
    consultation's weeks, some with addresses, some in Welsh, and equality
    answers kept apart: what analysis, reports and retention work on."""
    from app.consultations.models import ConsultationResponse, EqualityMonitoring
    from app.inbox.models import InboxItem

    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "demo password for tests")
    assert app.test_cli_runner().invoke(args=["demo-data", "--no-staff"]).exit_code == 0
    session.expire_all()
    for slug, total in (
        ("youth-club-evenings-and-weekends", 400),
        ("library-opening-hours-2026", 320),
    ):
        consultation = session.scalar(select(Consultation).where(Consultation.slug == slug))
        responses = session.scalars(
            select(ConsultationResponse).where(
                ConsultationResponse.consultation_id == consultation.id
            )
        ).all()
        assert len(responses) == total
        versions = {r.version for r in responses}
        assert versions == {"adult", "young_people"}
        young = sum(r.version == "young_people" for r in responses)
        assert 0.15 * total < young < 0.4 * total
        with_email = [r for r in responses if r.email]
        assert 0.08 * total < len(with_email) < 0.3 * total
        assert all(r.email.endswith(".example") for r in with_email)
        assert any(r.organisation_name for r in responses)
        welsh = [r for r in responses if r.locale == "cy"]
        assert len(welsh) >= 5
        # Within the consultation's own weeks, and over many different days.
        assert all(
            consultation.opens_at <= r.submitted_at <= consultation.closes_at for r in responses
        )
        from app.core.db import utcnow

        so_far = (min(utcnow(), consultation.closes_at) - consultation.opens_at).days
        assert len({r.submitted_at.date() for r in responses}) >= min(20, so_far)
        items = session.scalars(
            select(InboxItem).where(InboxItem.id.in_([r.inbox_item_id for r in responses]))
        ).all()
        received = {item.id: item.received_at for item in items}
        assert all(received[r.inbox_item_id] == r.submitted_at for r in responses)
        free_text = next(q for q in consultation.questions if q.kind == "free_text")
        answered = [a for r in responses for a in r.answers if a.question_id == free_text.id]
        assert len(answered) == total
        assert len({a.value for a in answered}) > total / 3
        equality = session.scalar(
            select(func.count(EqualityMonitoring.id)).where(
                EqualityMonitoring.consultation_id == consultation.id
            )
        )
        assert equality > 0.4 * (total - young)
