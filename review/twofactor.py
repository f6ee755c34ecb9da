"""Optional two-factor sign-in with a time-based code (TOTP, RFC 6238), which an installation
can require of the roles that can change or manage the most."""

import time

import pyotp
from flask import current_app

from .models import Role, User

ISSUER = "review"
#: the roles REVIEW_REQUIRE_TWO_FACTOR applies to
REQUIRED_ROLES = (Role.ADMIN, Role.LEAD_REVIEWER)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// address an authenticator app takes (typed or pasted; no QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _step(code: str, secret: str, now: float) -> int | None:
    """The time step `code` belongs to (now, or one step either side), or None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // totp.interval)
    for step in (current, current - 1, current + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


def check_new(secret: str, code: str) -> bool:
    """Whether `code` proves the user's app holds `secret` (setting up)."""
    return _step(code, secret, time.time()) is not None


def verify(user: User, code: str) -> bool:
    """Whether `code` is the user's current code and has not been used before (no replay)."""
    if not user.totp_secret:
        return False
    step = _step(code, user.totp_secret, time.time())
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def required_for(user: User) -> bool:
    """Whether this installation requires two-factor sign-in of the user's role."""
    return bool(current_app.config.get("REQUIRE_TWO_FACTOR")) and user.role in REQUIRED_ROLES
