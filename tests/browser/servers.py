"""Each live server's environment, so a check can run a `flask` command
against its database. A module of its own because pytest loads conftest.py
once as a plugin and test modules import it again as tests.browser.conftest:
two copies, which share this one dictionary."""

ENVIRONMENTS: dict[str, dict[str, str]] = {}
