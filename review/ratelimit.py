"""A per-user rate limit, counted in the database so that every worker process (and host)
shares one count: a fixed window per key, one upsert per request."""

import time

from sqlalchemy import case
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .extensions import db
from .models import RateLimitWindow


def parse(rule: str) -> tuple[int, int]:
    """ "30/minute" -> (30, 60); "10/10s" -> (10, 10)."""
    count, _, per = rule.partition("/")
    units = {"second": 1, "s": 1, "minute": 60, "m": 60, "hour": 3600, "h": 3600}
    number = "".join(c for c in per if c.isdigit())
    unit = per[len(number) :].strip().lower() or "s"
    return int(count), int(number or 1) * units[unit]


def hit(key: str, limit: int, period: int, now: float | None = None) -> int:
    """Count one request for `key`; return 0 if it is allowed, else the seconds to wait.

    The caller commits (once, with the rest of the request).
    """
    now = int(now if now is not None else time.time())
    started = now - now % period
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(RateLimitWindow).values(key=key, started=started, hits=1)
    statement = statement.on_conflict_do_update(
        index_elements=[RateLimitWindow.key],
        set_={
            "hits": case((RateLimitWindow.started == started, RateLimitWindow.hits + 1), else_=1),
            "started": started,
        },
    ).returning(RateLimitWindow.hits)
    hits = db.session.execute(statement).scalar_one()
    return 0 if hits <= limit else started + period - now
