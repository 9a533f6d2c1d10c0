"""Fixtures for the privacy tests: consultations to respond to."""

from tests.consultations.conftest import make_consultation

__all__ = ["make_consultation"]
