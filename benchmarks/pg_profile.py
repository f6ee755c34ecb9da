"""Where a PostgreSQL search spends its time: every statement of one `/api/search`, timed,
and EXPLAIN (ANALYZE, BUFFERS) of the slowest, on national_bench.py's PostgreSQL copy.

    python benchmarks/pg_profile.py --reviews 500 "information sharing" "health visitor"
    python benchmarks/pg_profile.py --reviews 5000 --user board_member --explain "neglect"
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import TOKENS, data_dir, make_postgresql_app  # noqa: E402
from national_bench import postgresql_url  # noqa: E402
from sqlalchemy import event  # noqa: E402


def profile(app, query: str, user: str, params: dict, explain: bool) -> None:
    from review.extensions import db

    statements: list[tuple[float, str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("started", []).append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):
        ms = (time.perf_counter() - conn.info["started"].pop()) * 1000
        statements.append((ms, statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {TOKENS[user]}"}
    t = time.perf_counter()
    response = client.get("/api/search", query_string={"q": query, **params}, headers=headers)
    total_ms = (time.perf_counter() - t) * 1000
    event.remove(engine, "before_cursor_execute", before)
    event.remove(engine, "after_cursor_execute", after)
    found = response.get_json()
    in_sql = sum(s[0] for s in statements)
    print(f"\n=== {query!r} {params} as {user}: {total_ms:.0f} ms, total {found.get('total')}, "
          f"{len(statements)} statements, {in_sql:.0f} ms in SQL")  # fmt: skip
    for ms, statement, _p in statements:
        print(f"  {ms:8.1f} ms  {' '.join(statement.split())[:110]}")
    if explain:  # the two slowest, with the planner settings the engine gives them
        from review.index.engine_postgresql.bounded import PLANNER

        for _ms, statement, parameters in sorted(statements, key=lambda s: -s[0])[:2]:
            with app.app_context():
                raw = db.engine.raw_connection()
                try:
                    cursor = raw.cursor()
                    cursor.execute(PLANNER)
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
                    print("\n".join(r[0] for r in cursor.fetchall()))
                finally:
                    raw.rollback()
                    raw.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("queries", nargs="+")
    parser.add_argument("--reviews", type=int, default=5000)
    parser.add_argument("--postgresql", metavar="URL")
    parser.add_argument("--user", default="practitioner", choices=sorted(TOKENS))
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest")
    parser.add_argument("--param", action="append", default=[], help="name=value: a facet")
    args = parser.parse_args(argv)
    params = dict(p.split("=", 1) for p in args.param)
    app = make_postgresql_app(data_dir(args.reviews), postgresql_url(args))
    for query in args.queries:
        profile(app, query, args.user, params, args.explain)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    main()
