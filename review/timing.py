"""Server-Timing: how many SQL statements a request sent, and how long they took.

Off by default; with `REVIEW_SERVER_TIMING=1` every response carries
`Server-Timing: db;dur=12.3;desc="9 queries"`, which a browser's developer tools show beside
the request, so anyone can see that a page does not grow with the review.
"""

import time

from flask import Flask, g, has_request_context
from sqlalchemy import event

from .extensions import db


def init_app(app: Flask) -> None:
    if not app.config.get("SERVER_TIMING"):
        return
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", _before)
    event.listen(engine, "after_cursor_execute", _after)
    app.after_request(_header)


def _before(conn, cursor, statement, parameters, context, executemany) -> None:
    if has_request_context():
        g.setdefault("db_started", []).append(time.perf_counter())


def _after(conn, cursor, statement, parameters, context, executemany) -> None:
    if has_request_context() and g.get("db_started"):
        g.db_count = g.get("db_count", 0) + 1
        g.db_seconds = g.get("db_seconds", 0.0) + time.perf_counter() - g.db_started.pop()


def _header(response):
    count, seconds = g.get("db_count", 0), g.get("db_seconds", 0.0)
    response.headers["Server-Timing"] = f'db;dur={seconds * 1000:.1f};desc="{count} queries"'
    return response
