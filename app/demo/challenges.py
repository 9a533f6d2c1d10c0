"""Demo content for the Right to Challenge: Elmsworth's services open to
challenge, their windows and exclusions, and a few expressions of interest
at different stages. Sent through the same functions the public form and
the inbox use. Repeated runs add nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import StaffUser
from app.challenges import decisions
from app.challenges.catalogue import add_window, create_service
from app.challenges.drafts import start_draft
from app.challenges.models import ChallengeService, ExpressionOfInterest
from app.challenges.submission import submit
from app.challenges.windows import council_today
from app.core.models import ServiceArea
from app.core.offline import offline_request_context
from app.demo.content import read


def load_demo_challenges(session: Session, actor: StaffUser | None) -> tuple[int, int]:
    """Returns (services added, expressions of interest added)."""
    areas = {area.slug: area for area in session.scalars(select(ServiceArea))}
    existing = {s.name: s for s in session.scalars(select(ChallengeService))}
    today = council_today()
    added_services = 0
    for spec in read("challenges")["services"]:
        if spec["name"] in existing:
            continue
        area = areas.get(spec["area"])
        service = create_service(
            session,
            {
                "name": spec["name"],
                "name_cy": spec["name_cy"],
                "description": spec["description"],
                "description_cy": spec["description_cy"],
                "service_area_id": area.id if area else None,
                "exclusion_code": spec.get("exclusion_code"),
                "exclusion_reason": spec.get("exclusion_reason", ""),
                "exclusion_reason_cy": spec.get("exclusion_reason_cy", ""),
                "decision_period_days": 90,
                "procurement_min_months": 3,
                "procurement_max_months": 12,
            },
        )
        if spec.get("window"):
            start, end = spec["window"]
            add_window(session, service, today + timedelta(days=start), today + timedelta(days=end))
        existing[spec["name"]] = service
        added_services += 1
    session.flush()

    sent = set(session.scalars(select(ExpressionOfInterest.body_name)))
    added = 0
    with offline_request_context():
        for spec in read("challenges")["expressions_of_interest"]:
            if spec["answers"]["body_name"] in sent:
                continue
            draft, token = start_draft(session, "en")
            draft.answers = {**spec["answers"], "service_id": existing[spec["service"]].id}
            # A service whose window has shut still has its earlier EOI on
            # show: it was sent while the window was open.
            service = existing[spec["service"]]
            sent_on = today
            if service.windows and service.windows[0].closes_on < today:
                sent_on = service.windows[0].closes_on
            eoi = submit(session, draft, sent_on, token)
            session.flush()
            _then(session, eoi, actor, spec["then"], today)
            added += 1
    return added_services, added


def _then(session, eoi, actor, then, today) -> None:
    if not then or actor is None:
        return
    _decide(session, eoi, actor, then, today)
    # The demo council writes the Welsh of what it publishes too.
    welsh = {
        "decision_reasons_cy": then.get("reasons_cy", ""),
        "proposed_modification_cy": then.get("modification_cy", ""),
        "procurement_note_cy": then.get("procurement", {}).get("note_cy", ""),
    }
    decisions.set_welsh(session, eoi, actor, {k: v for k, v in welsh.items() if v})


def _decide(session, eoi, actor, then, today) -> None:
    if then["action"] == "notify":
        decisions.notify_decision_date(
            session, eoi, actor, today + timedelta(days=then["decision_in_days"])
        )
    elif then["action"] == "reject":
        decisions.notify_decision_date(session, eoi, actor, today + timedelta(days=30))
        decisions.reject(session, eoi, actor, then["grounds"], then["reasons"])
    elif then["action"] == "accept_and_procure":
        # Sent in a window that has closed, decided in the published period.
        decisions.notify_decision_date(session, eoi, actor, today + timedelta(days=10))
        decisions.accept(session, eoi, actor, then["reasons"], today)
        plan = then["procurement"]
        decisions.record_procurement(
            session,
            eoi,
            actor,
            today + timedelta(days=plan["started_in_days"]),
            today + timedelta(days=plan["expected_end_in_days"]),
            "running",
            None,
            plan["note"],
        )
    elif then["action"] == "modify":
        decisions.notify_decision_date(session, eoi, actor, today + timedelta(days=45))
        decisions.propose_modification(session, eoi, actor, then["modification"], then["reasons"])
