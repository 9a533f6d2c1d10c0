"""The home page and /track draw on every capability: borrow their builders."""

from tests.challenges.conftest import make_service  # noqa: F401
from tests.consultations.conftest import make_consultation  # noqa: F401
from tests.events.conftest import (
    make_event,  # noqa: F401
    make_supplier,  # noqa: F401
)
from tests.surveys.answering_fixtures import open_wave  # noqa: F401
