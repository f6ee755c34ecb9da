"""National scale, side by side (issue 10): PostgreSQL, Whoosh and SQLite FTS5 in one run.

Not part of the test suite. One corpus (generate_corpus.py: 5,000 reviews, 150,000 search
documents), kept in SQLite for Whoosh and FTS5 and copied row for row into a PostgreSQL
database for the PostgreSQL engine; then, in one process:

  (a) full reindex per engine: `review.search.reindex()` on the PostgreSQL app (target
      <= 3 min) and on the Whoosh app, and the same documents into FTS5 tables;
  (b) the same 200 mixed queries (search_bench.py's mix: facets and highlights on) through
      GET /api/search of the PostgreSQL app and of the Whoosh app, and against FTS5 with two
      and with all seven facet counts. The engines take turns query by query (the order
      rotating), so a burst of load on this shared machine falls on all of them alike.
      Warm-up queries come from another seed, so nothing timed was asked before;
  (c) PostgreSQL saves: a finding saved through the ORM with its documents written in the
      transaction (target p95 <= 50 ms), the same saves on the database alone, the first
      search after each save (target <= 100 ms), and `similar_findings()`.

    python benchmarks/national_bench.py --reviews 500      # 1/10 scale, a few minutes
    python benchmarks/national_bench.py                    # 5,000 reviews (about 1 h here)

The PostgreSQL database is `review_bench_r<reviews>` on the server `scripts/test-postgres`
starts (or --postgresql URL). Whatever is built is kept (benchmarks/.data/r<N>/ and that
database) and reused with the --skip-* flags. Results: benchmarks/.data/r<N>/national.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import (  # noqa: E402
    Sizes,
    data_dir,
    generate,
    load_postgresql,
    make_app,
    make_postgresql_app,
)
from search_bench import (  # noqa: E402
    FTS,
    _has_fts,
    api_runner,
    delete_findings,
    log,
    query_mix,
    summary,
    time_saves,
    time_similar,
)

TARGETS = {"reindex_s": 180.0, "p95_ms": 100.0, "save_ms": 50.0, "after_save_ms": 100.0}
ENGINES = ("postgresql", "whoosh", "fts5_2facets", "fts5_7facets")


def postgresql_url(args) -> str:
    if args.postgresql:
        return args.postgresql
    server = subprocess.run(
        [str(HERE.parent / "scripts" / "test-postgres")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return server.rsplit("/", 1)[0] + f"/review_bench_r{args.reviews}"


def postgresql_loaded(app) -> bool:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from review.extensions import db

    try:
        with app.app_context():
            found = db.session.scalar(text("SELECT count(*) FROM review"))
            db.session.remove()
            return bool(found)
    except OperationalError:
        return False


def timed_reindex(app, label: str, processes: int = 2) -> dict:
    """`search.reindex()` as `flask reindex` runs it (documents built in `processes`)."""
    from review import search
    from review.extensions import db

    done = [0]
    started = time.perf_counter()

    def progress(n):
        done[0] += n
        if done[0] % 20000 < n:
            log(f"  {label} reindex {done[0]:>7} docs  {time.perf_counter() - started:7.1f} s")

    with app.app_context():
        count = search.reindex(progress, processes=processes)
        db.session.remove()
    seconds = time.perf_counter() - started
    return {"documents": count, "seconds": round(seconds, 1), "docs_per_s": round(count / seconds),
            "processes": processes, "load_after": os.getloadavg()}  # fmt: skip


def build_fts_and_whoosh(app) -> tuple[dict, dict]:
    """The app's documents, built once (as `review.search.reindex()` builds them), written
    into search_bench.py's FTS5 tables and, through the Whoosh engine's own `rebuild`, into a
    new Whoosh index: the FTS5 and Whoosh parts are timed apart."""
    import sqlite3

    from search_bench import FTS_SCHEMA

    from review import search
    from review.extensions import db
    from review.index.backends import engine
    from review.index.documents import all_keys

    fts = {"documents": 0, "documents_for_s": 0.0, "fts_insert_s": 0.0}
    started = time.perf_counter()
    with app.app_context():
        conn = sqlite3.connect(db.engine.url.database)
        conn.executescript(FTS_SCHEMA)
        batches = search._batches(*all_keys(), lambda n: None)

        def tee():
            while True:
                t = time.perf_counter()
                docs = next(batches, None)
                fts["documents_for_s"] += time.perf_counter() - t
                if docs is None:
                    return
                t = time.perf_counter()
                _fts_insert(conn, docs, fts["documents"])
                fts["documents"] += len(docs)
                fts["fts_insert_s"] += time.perf_counter() - t
                if fts["documents"] % 20000 < len(docs):
                    log(
                        f"  documents {fts['documents']:>7}  {time.perf_counter() - started:7.1f} s"
                    )
                yield docs

        count = engine.rebuild(tee())
        fts["fts_optimize_s"] = _finish_fts(conn)
        db.session.remove()
    total = time.perf_counter() - started - fts["fts_optimize_s"]
    whoosh_s = total - fts["fts_insert_s"]
    fts = {k: round(v, 1) if isinstance(v, float) else v for k, v in fts.items()}
    whoosh = {"documents": count, "seconds": round(whoosh_s, 1),
              "docs_per_s": round(count / whoosh_s),
              "of_which_documents_s": fts["documents_for_s"]}  # fmt: skip
    return fts, whoosh


def fts_from_postgresql(pg_app, db_file: Path) -> dict:
    """FTS5 tables filled from the documents the PostgreSQL engine stored (`search_document`:
    the app's own documents, so no second Python build): title, body and review title as
    written, facets from its columns. Its `expansions` column stays empty (the documents'
    expansions live only inside the tsvector); the FTS5 queries expand acronyms themselves."""
    import sqlite3

    from search_bench import FTS_SCHEMA
    from sqlalchemy import text

    from review.extensions import db

    started = time.perf_counter()
    conn = sqlite3.connect(db_file)
    conn.executescript(FTS_SCHEMA)
    count = 0
    columns = (
        "id, doc_type, published, review_id, sort_date, record_id, number, title, body, "
        "review, board, category, year, review_type, themes, levels, agencies"
    )
    with pg_app.app_context():
        result = db.session.execute(
            text(f"SELECT {columns} FROM search_document ORDER BY id"),
            execution_options={"yield_per": 2000},
        )
        for part in result.partitions():
            docs = []
            for r in part:
                docs.append({
                    "id": r.id, "doc_type": r.doc_type, "published": "yes" if r.published
                    else "no", "review_id": r.review_id, "sort_date": r.sort_date,
                    "record_id": r.record_id, "number": r.number, "title": r.title,
                    "body": r.body, "expansions": "", "review": r.review,
                    "board_facet": r.board, "category_facet": r.category, "year": r.year,
                    "type_facet": r.review_type, "theme_facet": ",".join(r.themes),
                    "level_facet": ",".join(r.levels), "agency_facet": ",".join(r.agencies),
                })  # fmt: skip
            _fts_insert(conn, docs, count)
            count += len(docs)
        db.session.remove()
    insert_s = time.perf_counter() - started
    return {"documents": count, "from": "postgresql search_document", "documents_for_s": 0.0,
            "fts_insert_s": round(insert_s, 1), "fts_optimize_s": _finish_fts(conn)}  # fmt: skip


def _finish_fts(conn) -> float:
    """Index and optimise the filled FTS5 tables, close them; the seconds it took."""
    from search_bench import FTS_INDEXES

    t = time.perf_counter()
    conn.executescript(FTS_INDEXES)
    conn.execute("INSERT INTO bench_fts (bench_fts) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    return round(time.perf_counter() - t, 1)


def _fts_insert(conn, docs: list[dict], done: int) -> None:
    """search_bench.py's FTS5 rows for these documents (as its build_fts writes them)."""
    from review.index.fields import FACETS, MULTI_VALUED

    rows, meta, facets = [], [], []
    for n, d in enumerate(docs, start=done + 1):
        rows.append((n, d["title"], d["body"], d["expansions"], d["review"]))
        meta.append((n, d["id"], d["doc_type"], d["published"], int(d["review_id"]),
                     d["sort_date"], d["record_id"], d["number"], d["title"], d["review"],
                     d["board_facet"], d["category_facet"], d["year"]))  # fmt: skip
        for name, (fieldname, _label) in FACETS.items():
            value = d.get(fieldname) or ""
            values = value.split(",") if fieldname in MULTI_VALUED else [value]
            facets.extend((n, name, v) for v in values if v)
    conn.executemany("INSERT INTO bench_fts (rowid, title, body, expansions, review) "
                     "VALUES (?, ?, ?, ?, ?)", rows)  # fmt: skip
    conn.executemany("INSERT INTO bench_doc VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", meta)
    conn.executemany("INSERT INTO bench_facet VALUES (?, ?, ?)", facets)
    conn.commit()


def interleaved(runners: dict, queries: list) -> dict[str, list[dict]]:
    """Every query on every engine, taking turns in a rotating order."""
    rows: dict[str, list[dict]] = {name: [] for name in runners}
    names = list(runners)
    for i, q in enumerate(queries):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            t = time.perf_counter()
            found = runners[name](q)
            ms = (time.perf_counter() - t) * 1000
            rows[name].append(
                {
                    "kind": q.kind,
                    "ms": ms,
                    "total": found.get("total"),
                    "error": found.get("error"),
                    "text": q.text,
                }
            )
    return rows


def time_queries(args, whoosh_app, pg_app, db_file: Path, results: dict) -> None:
    queries, _misspelt, facet_values, table, board_id = query_mix(
        whoosh_app, args.seed, args.queries
    )
    warmup, *_ = query_mix(whoosh_app, args.seed + 1, args.warmup)
    runners = {
        "postgresql": api_runner(pg_app.test_client()),
        "whoosh": api_runner(whoosh_app.test_client()),
        "fts5_2facets": FTS(db_file, table, board_id, ["category", "theme"]).run,
        "fts5_7facets": FTS(db_file, table, board_id, sorted(facet_values)).run,
    }
    runners = {n: r for n, r in runners.items() if n in args.engines.split(",")}
    first = {}
    for name, run in runners.items():
        t = time.perf_counter()
        run(warmup[0])
        first[name] = round((time.perf_counter() - t) * 1000, 1)
    results["first_query_of_process_ms"] = first
    log(f"== warm-up: {len(warmup)} other queries on each engine")
    interleaved(runners, warmup)
    log(f"== {len(queries)} queries, engines taking turns; load {os.getloadavg()[0]:.2f}")
    results["load_during_queries"] = {"before": os.getloadavg()}
    rows = interleaved(runners, queries)
    results["load_during_queries"]["after"] = os.getloadavg()
    results["latency"] = {n: summary([r["ms"] for r in rs]) for n, rs in rows.items()}
    results["latency_by_kind"] = {
        n: {
            kind: summary([r["ms"] for r in rs if r["kind"] == kind])
            for kind in dict.fromkeys(r["kind"] for r in rs)
        }
        for n, rs in rows.items()
    }
    pg, wh = rows.get("postgresql", []), rows.get("whoosh", [])
    results["totals"] = {
        "postgresql_equals_whoosh": sum(
            a["total"] == b["total"] for a, b in zip(pg, wh, strict=False)
        ),
        "of": len(pg),
        "zero_hits": {n: sum(1 for r in rs if not r["total"]) for n, rs in rows.items()},
    }
    results["errors"] = {n: sum(1 for r in rs if r["error"]) for n, rs in rows.items()}
    results["rows"] = rows
    for name in runners:
        log(f"   {name:<14} {results['latency'][name]}")


def time_postgresql_saves(args, directory: Path, url: str, pg_app, probes, results: dict):
    api = api_runner(pg_app.test_client())
    log(f"== {args.saves} saves of a finding, PostgreSQL documents written in the transaction")
    saves, after, ids = time_saves(
        pg_app, args.saves, args.seed, after_search=lambda: api(next(probes))
    )
    delete_findings(pg_app, ids)
    bare = make_postgresql_app(directory, url, search=False)
    log(f"== {args.saves} saves of a finding, database alone")
    bare_saves, _, bare_ids = time_saves(bare, args.saves, args.seed + 1)
    delete_findings(pg_app, bare_ids)
    results["save"] = {
        "with_documents": summary(saves),
        "database_only": summary(bare_saves),
        "first_search_after_save": summary(after),
    }
    log("  ", results["save"])
    results["similar_findings"] = summary(time_similar(pg_app, args.similar, args.seed))
    log("   similar_findings()", results["similar_findings"])


def run(args) -> dict:
    directory = (args.dir or data_dir(args.reviews)).resolve()
    out = directory / "national.json"
    earlier = json.loads(out.read_text()) if out.exists() else {}
    results: dict = {"reviews": args.reviews, "started": time.strftime("%Y-%m-%d %H:%M UTC")}
    carried: list[str] = []

    def phase(key: str, skip: bool, work) -> None:
        if skip and key in earlier:
            results[key] = earlier[key]
            carried.append(key)
            return
        results[key] = work()
        save()

    def save() -> None:  # merged with the file: another process may run other phases
        found = json.loads(out.read_text()) if out.exists() else {}
        out.write_text(json.dumps(found | results, indent=1, default=str))

    db_file = directory / "corpus.sqlite"
    if args.generate or not db_file.exists():
        log(f"== generating the corpus ({args.reviews} reviews) into {directory}")
        sizes = Sizes(args.reviews, boards=min(150, max(2, args.reviews // 5)))
        results["generate"] = generate(directory, sizes, seed=args.seed, log=log)
        earlier = {}
    url = postgresql_url(args)
    results["postgresql_database"] = url
    pg_app = make_postgresql_app(directory, url)
    fresh = args.generate or not postgresql_loaded(pg_app)
    if fresh:
        log(f"== copying the corpus into PostgreSQL ({url})")
    phase("load_postgresql", not fresh, lambda: load_postgresql(directory, url, log=log))
    pg_app = make_postgresql_app(directory, url)
    if not args.skip_postgresql_build:
        log("== full reindex, PostgreSQL")
        phase(
            "reindex_postgresql",
            args.skip_reindex and not fresh,
            lambda: timed_reindex(pg_app, "postgresql", args.processes),
        )
    log("  ", results.get("reindex_postgresql"))
    whoosh_app = make_app(directory, index=True)
    built = _has_fts(db_file) and (directory / "whoosh").exists()
    others = set(args.engines.split(",")) - {"postgresql"}
    if not others:
        log("== PostgreSQL only (--engines): no FTS5 tables or Whoosh index built")
    elif args.fts_from_postgresql:
        log("== FTS5 tables from the PostgreSQL engine's documents; no Whoosh index")
        phase("fts5_build", args.skip_reindex and _has_fts(db_file),
              lambda: fts_from_postgresql(pg_app, db_file))  # fmt: skip
    elif not (args.skip_reindex and built):
        log("== documents built once, into FTS5 tables and a new Whoosh index")
        found = build_fts_and_whoosh(whoosh_app)
        results["fts5_build"], results["reindex_whoosh"] = found
        save()
    else:
        phase("fts5_build", True, dict)
        phase("reindex_whoosh", True, dict)
    log("  ", results.get("fts5_build"), results.get("reindex_whoosh"))
    if not args.skip_queries:
        time_queries(args, whoosh_app, pg_app, db_file, results)
    if not args.skip_saves:
        probes, *_ = query_mix(whoosh_app, args.seed + 2, args.saves)
        probes = iter(probes * 2)  # a query not asked before, after each save
        time_postgresql_saves(args, directory, url, pg_app, probes, results)
    results["carried_over"] = carried
    save()
    return json.loads(out.read_text())


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else f"missed ({value / target:.1f}×)"


def report(r: dict) -> str:
    def cell(s: dict) -> str:
        return f"{s['p50']:,.0f} / {s['p95']:,.0f} / {s['max']:,.0f}"

    lines = [
        "| measure | PostgreSQL | Whoosh | FTS5, 2 facets | FTS5, 7 facets |",
        "| --- | --- | --- | --- | --- |",
    ]
    rp, rw, fb = r.get("reindex_postgresql"), r.get("reindex_whoosh"), r.get("fts5_build")
    if rp and rw and fb:
        fts = fb["documents_for_s"] + fb["fts_insert_s"] + fb["fts_optimize_s"]
        lines.append(
            f"| full reindex ({rp['documents']:,} documents) | **{rp['seconds']} s** "
            f"({verdict(rp['seconds'], TARGETS['reindex_s'])}) | {rw['seconds']} s | "
            f"{fts:.0f} s (documents {fb['documents_for_s']} s) | same |"
        )
    lat = r.get("latency") if set(ENGINES) <= set(r.get("latency", {})) else None
    if lat:
        pg = lat["postgresql"]
        lines.append(
            f"| `/api/search` p50 / p95 / max, ms ({pg['n']} queries) | **{cell(pg)}** "
            f"({verdict(pg['p95'], TARGETS['p95_ms'])}) | {cell(lat['whoosh'])} | "
            f"{cell(lat['fts5_2facets'])} | {cell(lat['fts5_7facets'])} |"
        )
        first = r["first_query_of_process_ms"]
        lines.append(
            "| first query of the process, ms | "
            + " | ".join(f"{first[n]:,.0f}" for n in ENGINES)
            + " |"
        )
        lines.append("")
        lines.append("p50 / p95 / max by query class, ms:")
        lines.append("")
        lines.append("| class | n | " + " | ".join(ENGINES) + " |")
        lines.append("| --- | --- | " + " | ".join("---" for _ in ENGINES) + " |")
        for kind, s in r["latency_by_kind"]["postgresql"].items():
            cells = [cell(r["latency_by_kind"][n][kind]) for n in ENGINES]
            lines.append(f"| {kind} | {s['n']} | " + " | ".join(cells) + " |")
        t = r["totals"]
        lines.append("")
        lines.append(
            f"Totals: PostgreSQL = Whoosh on {t['postgresql_equals_whoosh']} of {t['of']}"
            f" queries; zero hits {t['zero_hits']}; failed requests {r['errors']}."
        )
    sv = r.get("save")
    if sv:
        lines.append("")
        lines.append("| PostgreSQL, p50 / p95 / max, ms | result | target |")
        lines.append("| --- | --- | --- |")
        a, f = sv["with_documents"], sv["first_search_after_save"]
        lines.append(
            f"| save a finding (documents written in the transaction) | {cell(a)} | "
            f"≤ 50 ms p95: {verdict(a['p95'], TARGETS['save_ms'])} |"
        )
        lines.append(f"| the same save, database alone | {cell(sv['database_only'])} | |")
        lines.append(
            f"| first search after a save | {cell(f)} | ≤ 100 ms: "
            f"{verdict(f['p95'], TARGETS['after_save_ms'])} (p95) |"
        )
        lines.append(f"| `similar_findings()` | {cell(r['similar_findings'])} | |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=5000, help="5,000: national scale")
    parser.add_argument("--dir", type=Path, help="default: benchmarks/.data/r<reviews>/")
    parser.add_argument(
        "--postgresql",
        metavar="URL",
        help="default: review_bench_r<reviews> on the server scripts/test-postgres starts",
    )
    parser.add_argument("--generate", action="store_true", help="a new corpus even if one exists")
    parser.add_argument(
        "--skip-reindex",
        action="store_true",
        help="keep the documents and indexes already built (no reindex timing)",
    )
    parser.add_argument("--skip-postgresql-build", action="store_true",
                        help="keep PostgreSQL's reindex figures from an earlier run")  # fmt: skip
    parser.add_argument("--fts-from-postgresql", action="store_true",
                        help="FTS5 from search_document (no Whoosh)")  # fmt: skip
    parser.add_argument("--processes", type=int, default=2,
                        help="processes building documents (flask reindex)")  # fmt: skip
    parser.add_argument("--skip-queries", action="store_true")
    parser.add_argument("--skip-saves", action="store_true")
    parser.add_argument("--engines", default=",".join(ENGINES), help="which to time (all)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--similar", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load_before = os.getloadavg()
    results = run(args)
    results["total_wall_s"] = round(time.perf_counter() - started, 1)
    results["load_average"] = {"before": load_before, "after": os.getloadavg()}
    results["command"] = " ".join(["python", *sys.argv])
    directory = (args.dir or data_dir(args.reviews)).resolve()
    (directory / "national.json").write_text(json.dumps(results, indent=1, default=str))
    print()
    print(report(results))
    print(
        f"\n{results['command']}: wall time {results['total_wall_s']} s; load average "
        f"(1, 5, 15 min) before {load_before}, after {results['load_average']['after']}; "
        f"during the queries {results.get('load_during_queries')}"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    main()
