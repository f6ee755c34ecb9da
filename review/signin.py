"""Checking a sign-in: throttled, and the same work whether or not the account exists."""

from dataclasses import dataclass

from sqlalchemy import func, select

from . import passwords, throttle
from .extensions import db
from .models import User

WRONG = "The email address or password is not right."


@dataclass
class Outcome:
    user: User | None = None
    error: str | None = None


def authenticate(email: str, password: str, address: str) -> Outcome:
    """The user these credentials sign in, or why not; every attempt is recorded."""
    email = email.strip().lower()[:254]
    if throttle.is_locked(email, address):
        throttle.record(email, address, "refused")
        return Outcome(error=throttle.LOCKED_MESSAGE)
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        passwords.spend_the_same_time(password)
        ok = False
    else:
        ok = user.check_password(password) and user.active
    # A password alone is not a success when a code must follow: it must not reset the count.
    success = "password" if ok and user.totp_secret else "success"
    throttle.record(email, address, success if ok else "failure")
    if not ok:
        if throttle.is_locked(email, address):
            return Outcome(error=throttle.LOCKED_MESSAGE)
        return Outcome(error=WRONG)
    return Outcome(user=user)


def second_factor_passed(user: User, address: str) -> None:
    throttle.record(user.email.lower(), address, "success")


def second_factor_failed(user: User, address: str) -> tuple[str, bool]:
    """Count a wrong two-factor code like a wrong password: the message, and whether locked."""
    throttle.record(user.email.lower(), address, "failure")
    if throttle.is_locked(user.email.lower(), address):
        return throttle.LOCKED_MESSAGE, True
    return "That code is not right, or has been used already. Enter the current code.", False
