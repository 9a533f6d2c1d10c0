"""Demo survey waves for the fictional Elmsworth Borough Council: four past
waves, six months apart, whose answers slowly improve, and one wave open
now. Answers come from a seeded random generator, so every run (on SQLite
or PostgreSQL) makes the same figures. Repeated runs add nothing: a wave is
looked up by its slug, an organisation by its contact's email.

The open wave gets no invitations here: sending them is the invitations
service's job, run when the wave opens.
"""

# ruff: noqa: S311  (seeded, repeatable demo figures; nothing secret)

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.demo.content import read
from app.suppliers.models import Supplier, SupplierContact
from app.surveys.models import (
    MULTIPLE,
    SCALE,
    SUBMITTED,
    TEXT,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    SurveyWave,
)
from app.surveys.waves import add_months, create_wave

_CONTENT = read("surveys")
# Organisations on the supplier register that the survey invites. With the
# events demo's own charities they make a register of about fifty.
_PLACES = _CONTENT["places"]
_KINDS = _CONTENT["kinds"]
DEMO_ORGANISATIONS = _CONTENT["organisations"]
ALWAYS_ANSWER = _CONTENT["always_answer"]
# Groups not on the register who answered through the open link.
OPEN_LINK_GROUPS = _CONTENT["open_link_groups"]
# [comment, themes staff tagged it with]; some are left untagged.
COMMENTS = _CONTENT["comments"]
YOU_SAID = _CONTENT["you_said"]
# Older waves asked about the forward plan in different words.
OLD_FORWARD_PLAN = _CONTENT["old_forward_plan"]


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-").replace("--", "-")


def _organisations() -> list[tuple[str, str, str]]:
    rng = random.Random("survey-demo-organisations")
    pairs = [(place, kind) for place in _PLACES for kind in _KINDS]
    rng.shuffle(pairs)
    return [
        (f"{place} {name}", legal_form, turnover)
        for place, (name, legal_form, turnover) in pairs[:DEMO_ORGANISATIONS]
    ]


def _ensure_organisations(session: Session) -> None:
    rng = random.Random("survey-demo-organisation-details")
    existing = set(
        session.scalars(
            select(SupplierContact.email).where(SupplierContact.email.like("%.example"))
        )
    )
    for name, legal_form, turnover in _organisations():
        email = f"hello@{_slug(name)}.example"
        staff = rng.choice([0, 0, 1, 2, 4, 8, 15])
        volunteers = rng.choice([4, 10, 25, 40, 80])
        if email in existing:
            continue
        session.add(
            Supplier(
                name=name,
                legal_form=legal_form,
                staff_count=staff,
                volunteer_count=volunteers,
                turnover_band=turnover,
                is_sme=True,
                is_vcse=True,
                is_local=True,
                postcode=f"EW{rng.randint(1, 9)} {rng.randint(1, 9)}"
                + "".join(rng.choices("ABDEFGHJLNPQRSTUWXY", k=2)),
                alert_frequency="none",
                contacts=[SupplierContact(name=f"{name} office", email=email)],
            )
        )
    session.flush()


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[max(weights[key], 0.01) for key in keys])[0]


class Decks:
    """Answers dealt from a shuffled deck per question, in the proportions
    wanted, so a wave of thirty answers shows the trend rather than noise."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng, self.size, self.decks = rng, size, {}

    def __call__(self, code: str, weights: dict[str, float]) -> str:
        deck = self.decks.get(code)
        if deck is None:
            total = sum(max(weight, 0.01) for weight in weights.values())
            deck = []
            for key, weight in weights.items():
                deck += [key] * round(max(weight, 0.01) / total * self.size)
            self.rng.shuffle(deck)
            self.decks[code] = deck
        return deck.pop() if deck else _pick(self.rng, weights)


def _answers(rng: random.Random, progress: float, profile: dict, deck: Decks) -> dict:
    """One organisation's answers; `progress` runs from 0 (oldest wave) to 1."""
    p = progress
    answers: dict[str, object] = dict(profile)
    answers["council_contact"] = deck(
        "council_contact", {"yes": 0.35 + 0.2 * p, "no": 0.5 - 0.2 * p, "not_sure": 0.15}
    )
    answers["forward_plan"] = deck(
        "forward_plan",
        {"used": 0.08 + 0.27 * p, "aware": 0.27 + 0.08 * p, "not_aware": 0.65 - 0.35 * p},
    )
    bid = deck("bid", {"yes": 0.2 + 0.15 * p, "considered": 0.3, "no": 0.5 - 0.15 * p})
    answers["bid"] = bid
    if bid != "yes" and rng.random() > 0.1:
        chances = {
            "timescales": 0.55 - 0.25 * p,
            "proportionality": 0.45 - 0.15 * p,
            "insurance_financial": 0.4 - 0.2 * p,
            "contract_size": 0.4 - 0.1 * p,
            "full_cost": 0.4 - 0.1 * p,
            "payment_terms": 0.35 - 0.2 * p,
            "not_aware": 0.4 - 0.25 * p,
            "other": 0.06,
        }
        chosen = [key for key, chance in chances.items() if rng.random() < chance]
        answers["bid_barriers"] = chosen or ["timescales"]
    answers["training_support"] = deck(
        "training_support",
        {
            "enough": 0.12 + 0.18 * p,
            "some": 0.38,
            "none": 0.35 - 0.18 * p,
            "not_needed": 0.15,
        },
    )
    if bid == "yes":
        answers["feedback_quality"] = _pick(
            rng,
            {
                "very_useful": 0.12 + 0.2 * p,
                "quite_useful": 0.35,
                "not_useful": 0.28 - 0.12 * p,
                "no_feedback": 0.25 - 0.08 * p,
            },
        )
    else:
        answers["feedback_quality"] = _pick(rng, {"not_applicable": 0.8, "no_feedback": 0.2})
    if rng.random() > 0.08:
        chances = {
            "bid_writing": 0.5,
            "procurement": 0.45 - 0.15 * p,
            "partnerships": 0.3 + 0.05 * p,
            "full_costing": 0.35,
            "impact": 0.3,
            "digital": 0.25,
            "governance": 0.15,
            "volunteers": 0.35,
        }
        chosen = [key for key, chance in chances.items() if rng.random() < chance]
        answers["support_needed"] = chosen or ["bid_writing"]
    before = [0.12, 0.25, 0.35, 0.22, 0.06]
    after = [0.04, 0.12, 0.32, 0.37, 0.15]
    weights = {
        str(i + 1): b + (a - b) * p for i, (b, a) in enumerate(zip(before, after, strict=True))
    }
    answers["relationship"] = int(deck("relationship", weights))
    if rng.random() < 0.65:
        answers["what_change"] = rng.choice(COMMENTS)
    return answers


def _profile(rng: random.Random) -> dict:
    income = _pick(
        rng, {"under_10k": 25, "10k_100k": 35, "100k_1m": 28, "1m_10m": 10, "over_10m": 2}
    )
    staff_by_income = {
        "under_10k": {"none": 9, "1_9": 1},
        "10k_100k": {"none": 4, "1_9": 6},
        "100k_1m": {"1_9": 6, "10_49": 4},
        "1m_10m": {"10_49": 6, "50_249": 4},
        "over_10m": {"50_249": 5, "250_plus": 5},
    }
    return {
        "org_type": _pick(
            rng,
            {
                "charity": 40,
                "cic": 12,
                "community_group": 20,
                "social_enterprise": 8,
                "cbs": 5,
                "faith_group": 8,
                "other": 7,
            },
        ),
        "income_band": income,
        "paid_staff": _pick(rng, staff_by_income[income]),
        "volunteers": _pick(rng, {"none": 1, "1_9": 4, "10_49": 4, "50_plus": 2}),
        "area_served": _pick(rng, {"neighbourhood": 4, "several": 3, "borough": 3, "wider": 1}),
    }


def _add_response(session, rng, wave, answers, questions, when, **fields) -> SurveyResponse:
    response = SurveyResponse(
        wave_id=wave.id,
        state=SUBMITTED,
        org_type=answers["org_type"],
        income_band=answers["income_band"],
        locale="cy" if rng.random() < 0.06 else "en",
        started_at=when - timedelta(minutes=rng.randint(6, 90)),
        updated_at=when,
        submitted_at=when,
        **fields,
    )
    for code, value in answers.items():
        question = questions.get(code)
        if question is None:
            continue
        if question.kind == TEXT:
            text, themes = value
            # Staff have tagged most comments, not all.
            tagged = themes if rng.random() < 0.8 else []
            response.answers.append(SurveyAnswer(question_id=question.id, text=text, themes=tagged))
        elif question.kind == SCALE:
            response.answers.append(
                SurveyAnswer(question_id=question.id, number=value, choice=str(value))
            )
        elif question.kind == MULTIPLE:
            for key in value:
                response.answers.append(SurveyAnswer(question_id=question.id, choice=key))
        else:
            response.answers.append(SurveyAnswer(question_id=question.id, choice=value))
    session.add(response)
    return response


def _token_hash(*parts) -> str:
    return hashlib.sha256(
        "|".join(str(part) for part in ("survey-demo", *parts)).encode()
    ).hexdigest()


def _moment(rng: random.Random, wave: SurveyWave, now: datetime) -> datetime:
    end = min(wave.closes_at, now) - timedelta(hours=1)
    span = max(int((end - wave.opens_at).total_seconds()), 3600)
    return wave.opens_at + timedelta(seconds=rng.randint(600, span))


def _fill_wave(session, wave, index, suppliers, now, *, rate, open_link, invite) -> int:
    rng = random.Random(f"survey-demo-wave-{index}")
    progress = min(index / 3, 1.0)
    questions = {question.code: question for question in wave.questions}
    added = 0
    if invite:
        wave.invitations_sent_at = wave.opens_at
        wave.reminders_sent_at = wave.closes_at - timedelta(days=7)
        # The events demo's charities always answer, so their story joins up.
        always = {i for i, s in enumerate(suppliers) if s.name in ALWAYS_ANSWER}
        others = [i for i in range(len(suppliers)) if i not in always]
        wanted = max(round(rate * len(suppliers)) - len(always), 0)
        answering = always | set(rng.sample(others, min(wanted, len(others))))
        deck = Decks(rng, len(answering) + open_link)
        unanswered = [i for i in range(len(suppliers)) if i not in answering]
        started = set(unanswered[:2])
        for position, supplier in enumerate(suppliers):
            invitation = SurveyInvitation(
                wave_id=wave.id,
                supplier_id=supplier.id,
                token_hash=_token_hash(wave.slug, supplier.id),
                created_at=wave.opens_at,
            )
            session.add(invitation)
            if position not in answering:
                invitation.reminded_at = wave.reminders_sent_at
                if position in started:
                    session.flush()
                    session.add(
                        SurveyResponse(
                            wave_id=wave.id,
                            supplier_id=supplier.id,
                            invitation_id=invitation.id,
                            started_at=wave.closes_at - timedelta(days=3),
                            updated_at=wave.closes_at - timedelta(days=3),
                        )
                    )
                continue
            session.flush()
            when = _moment(rng, wave, now)
            invitation.responded_at = when
            # An organisation's profile stays the same from wave to wave.
            profile = _profile(random.Random(f"survey-demo-org-{supplier.name}"))
            _add_response(
                session,
                rng,
                wave,
                _answers(rng, progress, profile, deck),
                questions,
                when,
                supplier_id=supplier.id,
                invitation_id=invitation.id,
                may_identify=rng.random() < 0.45,
            )
            added += 1
    if not invite:
        deck = Decks(rng, open_link)
    for group in rng.sample(OPEN_LINK_GROUPS, open_link):
        when = _moment(rng, wave, now)
        _add_response(
            session,
            rng,
            wave,
            _answers(rng, progress, _profile(random.Random(f"survey-demo-group-{group}")), deck),
            questions,
            when,
            organisation_name=group,
            contact_email=f"{_slug(group)}@groups.example",
            may_identify=rng.random() < 0.4,
        )
        added += 1
    session.flush()
    return added


def _wave_near(session: Session, opens_at: datetime) -> bool:
    """A wave opening within seven weeks of this date: the demo's own from
    an earlier run (on another day), or one staff made."""
    window = timedelta(days=49)
    return (
        session.scalar(
            select(SurveyWave.id)
            .where(SurveyWave.opens_at > opens_at - window, SurveyWave.opens_at < opens_at + window)
            .limit(1)
        )
        is not None
    )


def load_demo_surveys(session: Session) -> tuple[int, int]:
    """Returns (waves added, responses added)."""
    now = utcnow()
    _ensure_organisations(session)
    suppliers = list(
        session.scalars(select(Supplier).where(Supplier.is_vcse.is_(True)).order_by(Supplier.id))
    )
    # The open wave opened two and a half weeks ago; the four before it
    # opened six months apart, as the council has promised.
    opens_now = (now - timedelta(days=18)).replace(hour=9, minute=0, second=0, microsecond=0)
    past = [add_months(opens_now, -6 * back) for back in (4, 3, 2, 1)]
    waves_added = responses_added = 0
    # (response rate among invited organisations, open-link responses)
    plans = [(0.34, 10), (0.4, 11), (0.46, 12), (0.52, 14)]
    for index, opens_at in enumerate(past):
        if _wave_near(session, opens_at):
            continue
        wave = create_wave(
            session, opens_at, opens_at + timedelta(days=28, hours=8), confirmed=True
        )
        wave.created_at = opens_at - timedelta(days=30)
        if index < 2:
            forward_plan = next(q for q in wave.questions if q.code == "forward_plan")
            forward_plan.text, forward_plan.text_cy = OLD_FORWARD_PLAN
        if index < len(YOU_SAID):
            wave.you_said, wave.we_did = YOU_SAID[index]
            wave.summary_published_at = wave.closes_at + timedelta(days=42)
        rate, open_link = plans[index]
        responses_added += _fill_wave(
            session, wave, index, suppliers, now, rate=rate, open_link=open_link, invite=True
        )
        waves_added += 1

    if not _wave_near(session, opens_now):
        wave = create_wave(
            session, opens_now, opens_now + timedelta(days=36, hours=8), confirmed=True
        )
        responses_added += _fill_wave(
            session, wave, 4, suppliers, now, rate=0, open_link=6, invite=False
        )
        waves_added += 1
    session.flush()
    return waves_added, responses_added
