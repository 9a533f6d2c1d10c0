"""Response downloads are read a batch at a time and streamed: every
response is in the file exactly once, in the order received, however the
batches fall (responses received in the same instant included)."""

import csv
import io
from datetime import timedelta

from sqlalchemy import event, select, update

from app.consultations import exports
from app.consultations.models import ConsultationResponse
from app.core.db import db, utcnow
from tests.consultations.test_analysis_groups import respond


def _seven_responses(session, consultation) -> list[str]:
    made = [respond(session, consultation, {"free_text": f"Answer {n}"}) for n in range(7)]
    start = utcnow() - timedelta(hours=1)
    # Three share one instant, so a batch can end in the middle of them.
    moments = [start, start, start, start + timedelta(minutes=1), start + timedelta(minutes=2)]
    moments += [start + timedelta(minutes=3), start + timedelta(minutes=3)]
    with db.engine.begin() as conn:
        for response, moment in zip(made, moments, strict=True):
            conn.execute(
                update(ConsultationResponse)
                .where(ConsultationResponse.id == response.id)
                .values(submitted_at=moment)
            )
    session.expire_all()
    return list(
        session.scalars(
            select(ConsultationResponse.reference)
            .where(ConsultationResponse.consultation_id == consultation.id)
            .order_by(ConsultationResponse.submitted_at, ConsultationResponse.id)
        )
    )


def _column(text: str, index: int) -> list[str]:
    return [row[index] for row in list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]]


def test_every_response_is_downloaded_once_in_order_across_batches(
    client, session, sign_in, make_consultation, monkeypatch
):
    consultation = make_consultation()
    expected = _seven_responses(session, consultation)
    sign_in("viewer")
    for batch in (1, 2, 3, 7, 500):
        monkeypatch.setattr(exports, "BATCH_SIZE", batch)
        download = client.get(f"/admin/consultations/{consultation.id}/responses.csv")
        assert download.status_code == 200
        assert _column(download.text, 0) == expected, batch
        answers = _column(download.text, 8 + len(consultation.questions) - 1)
        assert sorted(a for a in answers if a) == sorted(f"Answer {n}" for n in range(7))


def test_the_pseudonymised_download_is_streamed_in_batches_too(
    client, session, sign_in, make_consultation, monkeypatch
):
    consultation = make_consultation()
    expected = _seven_responses(session, consultation)
    monkeypatch.setattr(exports, "BATCH_SIZE", 2)
    sign_in("viewer")
    download = client.get(f"/admin/consultations/{consultation.id}/responses-pseudonymised.csv")
    assert download.status_code == 200
    pseudonyms = _column(download.text, 0)
    assert pseudonyms == [exports.pseudonym(consultation, ref) for ref in expected]
    assert not any(ref in download.text for ref in expected)


def test_a_download_reads_a_batch_at_a_time(app, session, make_consultation, monkeypatch):
    consultation = make_consultation()
    _seven_responses(session, consultation)
    monkeypatch.setattr(exports, "BATCH_SIZE", 3)
    statements = []

    def note(conn, cursor, statement, *args):
        if "FROM consultation_response" in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        context = app.test_request_context()
        context.push()
        lines = exports.responses_csv_lines(session, consultation, exports.Filters())
        next(lines)  # the header: nothing read yet
        assert statements == []
        next(lines)
        assert len(statements) == 1  # the first batch only
        rest = list(lines)
    finally:
        context.pop()
        event.remove(db.engine, "before_cursor_execute", note)
    assert len(rest) == 6
    assert len(statements) == 3  # 3 + 3 + 1
