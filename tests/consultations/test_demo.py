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

    assert response_count(session, open_one) == 4
    closed = next(c for c in consultations.values() if c.status == "closed")
    assert closed.outcome_published_at is not None
    assert "Two libraries" in client.get(f"/consultations/{closed.slug}/outcome").text
    phrases = session.scalar(select(func.count(SafeguardingPhrase.id)))
    assert phrases >= 5

    second = cli.invoke(args=["demo-data"])
    assert "Consultations added: 0." in second.output
    session.expire_all()
    assert session.scalar(select(func.count(Consultation.id))) == 3
    assert session.scalar(select(func.count(SafeguardingPhrase.id))) == phrases
