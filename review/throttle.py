"""Throttling of failed sign-ins per account and per address, in the database.

The database is shared by every worker process (unlike an in-memory limiter), so 10 failures
lock an account however the attempts are spread across gunicorn workers.
"""

import logging
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from .extensions import db
from .models import SignInAttempt

log = logging.getLogger("review.signin")

LOCKED_MESSAGE = (
    "Signing in is paused for a while after too many attempts. Try again in 15 minutes, "
    "or ask your administrator."
)


def _settings() -> tuple[int, int, timedelta, timedelta]:
    config = current_app.config
    return (
        config.get("SIGNIN_MAX_FAILURES", 10),
        config.get("SIGNIN_MAX_FAILURES_PER_ADDRESS", 50),
        timedelta(seconds=config.get("SIGNIN_WINDOW_SECONDS", 900)),
        timedelta(seconds=config.get("SIGNIN_LOCK_SECONDS", 900)),
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _latest(column, value, outcomes: tuple[str, ...]) -> datetime | None:
    return db.session.scalar(
        select(func.max(SignInAttempt.at)).where(
            column == value, SignInAttempt.outcome.in_(outcomes)
        )
    )


def is_locked(email: str, address: str) -> bool:
    """Whether the account (or the address) is locked out right now."""
    *_, lock = _settings()
    since = _now() - lock
    for column, value, outcome in (
        (SignInAttempt.email, email, "lock_user"),
        (SignInAttempt.address, address, "lock_addr"),
    ):
        locked_at = _latest(column, value, (outcome,))
        if locked_at is not None and _aware(locked_at) > since:
            return True
    return False


def record(email: str, address: str, outcome: str) -> None:
    """Note an attempt; after too many failures, lock the account or the address (and log it)."""
    db.session.add(SignInAttempt(email=email, address=address, outcome=outcome))
    if outcome != "failure":
        return
    per_user, per_address, window, _ = _settings()
    for column, value, limit, lock in (
        (SignInAttempt.email, email, per_user, "lock_user"),
        (SignInAttempt.address, address, per_address, "lock_addr"),
    ):
        # Failures count since the window opened, the last lock or (for accounts) a success.
        since = _now() - window
        reset = _latest(column, value, (lock, "success") if lock == "lock_user" else (lock,))
        if reset is not None and _aware(reset) > since:
            since = _aware(reset)
        db.session.flush()
        failures = db.session.scalar(
            select(func.count()).where(
                column == value, SignInAttempt.outcome == "failure", SignInAttempt.at > since
            )
        )
        if failures >= limit:
            db.session.add(SignInAttempt(email=email, address=address, outcome=lock))
            what = f"account {email!r}" if lock == "lock_user" else f"address {address}"
            log.warning("sign-in locked for %s after %d failures", what, failures)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
