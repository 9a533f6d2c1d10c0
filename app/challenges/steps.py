"""The steps of the expression of interest, in order, and what each needs
before the body can check and send its answers."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from wtforms.fields.core import UnboundField

from app.challenges import forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: object
    form: type | None
    # The answers this step must have given; empty for optional steps.
    required: tuple[str, ...] = ()
    employees_only: bool = False


STEPS = (
    Step(
        "body",
        _l("Your organisation or group"),
        forms.BodyForm,
        ("body_name", "body_type"),
    ),
    Step(
        "contact",
        _l("Your contact details"),
        forms.ContactForm,
        ("contact_name", "contact_role", "contact_email"),
    ),
    Step("service", _l("The service and area"), forms.ServiceForm, ("service_id", "area")),
    Step("finance", _l("Financial resources"), forms.FinanceForm, ("financial_resources",)),
    Step(
        "capability",
        _l("Being able to run the service"),
        forms.CapabilityForm,
        ("capability", "delivered_by"),
    ),
    Step(
        "outcomes", _l("Outcomes and social value"), forms.OutcomesForm, ("outcomes", "wellbeing")
    ),
    Step("users", _l("Meeting users’ needs"), forms.UsersForm, ("users_needs",)),
    Step(
        "employees",
        _l("Involving other employees"),
        forms.EmployeesForm,
        ("engagement",),
        employees_only=True,
    ),
    Step("partners", _l("Consortium members and subcontractors"), None),
    Step("documents", _l("Supporting documents"), None),
)
BY_SLUG = {step.slug: step for step in STEPS}


def applicable(answers: dict) -> list[Step]:
    is_employees = answers.get("body_type") == "employees"
    return [step for step in STEPS if is_employees or not step.employees_only]


def next_step(answers: dict, slug: str) -> Step | None:
    steps = applicable(answers)
    slugs = [step.slug for step in steps]
    if slug not in slugs:
        return steps[0]
    index = slugs.index(slug)
    return steps[index + 1] if index + 1 < len(steps) else None


def previous_step(answers: dict, slug: str) -> Step | None:
    steps = applicable(answers)
    slugs = [step.slug for step in steps]
    if slug not in slugs or slugs.index(slug) == 0:
        return None
    return steps[slugs.index(slug) - 1]


# Steps saved for later without being checked ("save and come back later"
# keeps whatever was typed): they must be answered properly before sending.
UNCHECKED = "unchecked_steps"

COMPLETED, IN_PROGRESS, NOT_STARTED, OPTIONAL = (
    "completed",
    "in_progress",
    "not_started",
    "optional",
)


def _field_names(form_class) -> list[str]:
    return [
        name
        for name in dir(form_class)
        if not name.startswith("_")
        and name != "submit"
        and isinstance(getattr(form_class, name, None), UnboundField)
    ]


def _complete(answers: dict, step: Step) -> bool:
    if step.slug in answers.get(UNCHECKED, ()):
        return False
    if any(answers.get(name) in (None, "") for name in step.required):
        return False
    return not (step.slug == "partners" and not answers.get("partners_seen"))


def first_incomplete(answers: dict) -> Step | None:
    """The first step still lacking a required answer, or None when complete."""
    for step in applicable(answers):
        if not _complete(answers, step):
            return step
    return None


def step_state(answers: dict, step: Step, documents: int = 0) -> str:
    """What the task list says of a step: completed, in progress, not started
    (or optional, for supporting documents not yet added)."""
    if step.slug == "documents":
        return COMPLETED if documents else OPTIONAL
    if _complete(answers, step):
        return COMPLETED
    form_fields = _field_names(step.form) if step.form else ()
    started = step.slug in answers.get(UNCHECKED, ()) or any(
        answers.get(name) not in (None, "") for name in (*step.required, *form_fields)
    )
    return IN_PROGRESS if started else NOT_STARTED
