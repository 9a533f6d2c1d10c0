"""One-time codes for the browser checks, as an authenticator app makes them.

Kept out of conftest.py so that every test shares one record of the codes
used: pytest may import a conftest under a second name, and two records
would hand out the same code twice, which the portal (rightly) refuses.
"""

from __future__ import annotations

import time

import pyotp

# The demo administrator's secret on the server the checks start.
DEMO_TOTP_SECRET = "BROWSERCHECKSDEMOTOTPSECRET234AB"

# The last 30-second step whose code each secret has used: the portal takes
# each code once, and the checks sign in more often than every 30 seconds.
_last_step: dict[str, int] = {}


def one_time_code(secret: str = DEMO_TOTP_SECRET) -> str:
    """A code the portal has not seen yet, as the authenticator app would
    show it now (or, when that one is used, the next one, which the portal
    also accepts)."""
    while True:
        step = int(time.time()) // 30
        for candidate in (step, step + 1):
            if candidate > _last_step.get(secret, -1):
                _last_step[secret] = candidate
                return pyotp.TOTP(secret).at(candidate * 30)
        time.sleep(1)
