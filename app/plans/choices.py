"""The fixed vocabularies a plan item is described with, in plain words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

COMMISSIONING_ROUTES = {
    "make": _l("Make: the council provides it itself"),
    "buy": _l("Buy: the council buys it from a provider"),
    "share": _l("Share: commissioned jointly with partners"),
    "shift": _l("Shift: moving money to a different kind of service"),
    "stop": _l("Stop: the service is being decommissioned"),
}

ROUTE_SHORT = {
    "make": _l("Make"),
    "buy": _l("Buy"),
    "share": _l("Share"),
    "shift": _l("Shift"),
    "stop": _l("Stop or decommission"),
}

CYCLE_STAGES = {
    "analyse": _l("Analyse: understanding need"),
    "plan": _l("Plan: designing the service"),
    "do": _l("Do: buying or setting up the service"),
    "review": _l("Review: checking how it is working"),
}

STAGE_SHORT = {
    "analyse": _l("Analyse"),
    "plan": _l("Plan"),
    "do": _l("Do"),
    "review": _l("Review"),
}

PROCUREMENT_ROUTES = {
    "open": _l("Open procedure"),
    "competitive_flexible": _l("Competitive flexible procedure"),
    "framework": _l("Call-off from a framework"),
    "dynamic_market": _l("Dynamic market"),
    "direct_award": _l("Direct award"),
    "grant": _l("Grant funding"),
    "in_house": _l("Delivered by the council (no procurement)"),
    "partnership": _l("Partnership agreement with another public body"),
}

SOCIAL_VALUE_PRIORITIES = {
    "local_jobs": _l("Jobs for local people"),
    "local_supply_chain": _l("Spending with local businesses and charities"),
    "net_zero": _l("Cutting carbon and protecting the environment"),
    "skills": _l("Skills, training and apprenticeships"),
    "fair_work": _l("Fair pay and good work"),
    "community_wellbeing": _l("Stronger, healthier communities"),
    "inclusion": _l("Equality and inclusion"),
}

STATUSES = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "withdrawn": _l("Withdrawn"),
}

SORTS = {
    "start-latest": _l("Contract start (latest first)"),
    "start-soonest": _l("Contract start (soonest first)"),
    "updated": _l("Recently updated"),
    "value": _l("Estimated value (highest first)"),
    "title": _l("Title (A to Z)"),
}
