"""Search at national scale: full reindex, query latency, SQLite FTS5 for comparison, one save.

Not part of the test suite. On the synthetic corpus of generate_corpus.py (built first if it is
missing) this measures, in one run, with time.perf_counter:

  (a) a full reindex through the app's own `review.search.reindex()` (target <= 3 min), with the
      time the app spends only building the documents (`documents_for`) measured beside it;
  (b) p50/p95/max latency of a fixed mix of 200 queries through the Flask JSON endpoint
      GET /api/search (Bearer token of a practitioner or a board member; target p95 <= 100 ms),
      the same through the HTML page GET /search (signed-in session), and the same through
      `review.search.search()` called directly (no HTTP, no JSON);
  (c) the same 200 queries against SQLite FTS5 (porter tokenizer, bm25 ranking with the title
      weighted 2x, snippet() for highlights, GROUP BY counts for facets) over the very texts the
      app indexes, in the same database file; reported as the ratio Whoosh / FTS5 (target <= 3x);
  (d) saving one finding through the ORM with the index attached (the session hooks build and
      write its documents): median and p95 of --saves saves (target <= 50 ms), the same saves
      with the index detached (what the database alone costs), the first search after a save,
      and `similar_findings()` as the finding page calls it.

    python benchmarks/search_bench.py --reviews 500         # quick (~1/10 scale)
    python benchmarks/search_bench.py                       # national: 5,000 reviews

Results are printed as tables and written to benchmarks/.data/r<reviews>/results.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sqlite3
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import (  # noqa: E402
    FIELD_WORDS,
    PASSWORD,
    TOKENS,
    Sizes,
    Writer,
    data_dir,
    generate,
    make_app,
    place_names,
    pseudo_words,
)

TARGETS = {"reindex_s": 180.0, "p95_ms": 100.0, "ratio": 3.0, "save_ms": 50.0}
BATCH = 200  # as review.search.REINDEX_BATCH

ACRONYMS = [
    "DV",
    "HV",
    "MASH",
    "CIN",
    "CP",
    "GP",
    "CAMHS",
    "A&E",
    "LADO",
    "IDVA",
    "MARAC",
    "DSL",
    "NFA",
    "ICPC",
    "EHA",
    "DASH",
    "CSC",
    "LAC",
]
PHRASES = [
    "rule of optimism",
    "disguised compliance",
    "information sharing",
    "strategy discussion",
    "lived experience",
    "cumulative harm",
    "new partner",
    "missed appointments",
    "temporary accommodation",
    "child protection",
    "early help",
    "health visitor",
    "case conference",
    "agency staff",
    "no further action",
    "multi-agency system",
    "follow-on meetings",
    "dip sample",
    "home educated",
    "whole picture",
    "hidden men",
    "coercive control",
    "lead professional",
    "threshold document",
    "peer challenge",
]
MIX = [  # (class, how many) -- 200 in all
    ("1 word", 30),
    ("2-4 words", 40),
    ("phrase", 25),
    ("acronym", 30),
    ("facets", 30),
    ("type=", 20),
    ("page 2", 15),
    ("sort=date", 10),
]


# ----------------------------------------------------------------------------- the query mix


@dataclass
class Query:
    kind: str
    tokens: list[tuple[str, str]]  # ("word"|"phrase"|"acronym", text)
    doc_type: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    sort: str = "relevance"
    user: str = "practitioner"

    @property
    def text(self) -> str:
        return " ".join(f'"{t}"' if kind == "phrase" else t for kind, t in self.tokens)

    def params(self) -> dict:
        found = {"q": self.text, **self.facets}
        if self.doc_type:
            found["type"] = self.doc_type
        if self.page != 1:
            found["page"] = str(self.page)
        if self.sort != "relevance":
            found["sort"] = self.sort
        return found


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 2)
    return (
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if rng.random() < 0.5
        else (word[:i] + word[i + 1 :])
    )


def make_queries(
    rng: random.Random, facet_values: dict[str, list[str]], count: int = 200, typos: int = 10
) -> tuple[list[Query], list[Query]]:
    """The fixed mix (scaled to `count`), and a few misspelt queries reported on their own."""
    words = sorted(set(FIELD_WORDS))

    def some_words(lo, hi):
        return [("word", w) for w in rng.sample(words, rng.randint(lo, hi))]

    def some_facets(n):
        names = rng.sample(sorted(facet_values), n)
        return {name: [rng.choice(facet_values[name])] for name in names}

    total = sum(n for _, n in MIX)
    queries: list[Query] = []
    for kind, n in MIX:
        for _ in range(max(1, round(n * count / total))):
            if kind == "1 word":
                q = Query(kind, some_words(1, 1))
            elif kind == "2-4 words":
                q = Query(kind, some_words(2, 4))
            elif kind == "phrase":
                q = Query(kind, [("phrase", rng.choice(PHRASES))] + some_words(0, 1))
            elif kind == "acronym":
                q = Query(kind, [("acronym", rng.choice(ACRONYMS))] + some_words(0, 2))
            elif kind == "facets":
                first = (
                    [("acronym", rng.choice(ACRONYMS))] if rng.random() < 0.3 else some_words(1, 2)
                )
                q = Query(kind, first, facets=some_facets(rng.randint(1, 2)))
            elif kind == "type=":
                q = Query(kind, some_words(1, 3), doc_type=rng.choice(["finding"] * 3 + ["kpe"]))
                if q.doc_type == "finding" and rng.random() < 0.3:
                    q.facets = {"category": [rng.choice(facet_values["category"])]}
            elif kind == "page 2":
                q = Query(kind, some_words(1, 1), page=2)
            else:
                q = Query(kind, some_words(1, 2), sort="date")
            queries.append(q)
    rng.shuffle(queries)
    for i, q in enumerate(queries):
        q.user = "board_member" if i % 4 == 3 else "practitioner"
    misspelt = [
        Query("misspelt", [("word", _typo(rng, w))])
        for w in rng.sample([w for w in words if len(w) >= 6], typos)
    ]
    return queries[:count], misspelt


# ----------------------------------------------------------------------------- numbers


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(ms: list[float]) -> dict:
    return {
        "n": len(ms),
        "p50": round(statistics.median(ms), 1),
        "p95": round(pct(ms, 95), 1),
        "max": round(max(ms), 1),
        "mean": round(statistics.fmean(ms), 1),
    }


def log(*parts) -> None:
    print(*parts, flush=True)


# ----------------------------------------------------------------------------- FTS5


FTS_SCHEMA = """
DROP TABLE IF EXISTS bench_fts;
DROP TABLE IF EXISTS bench_doc;
DROP TABLE IF EXISTS bench_facet;
CREATE VIRTUAL TABLE bench_fts USING fts5(title, body, expansions, review,
                                          tokenize = 'porter unicode61');
CREATE TABLE bench_doc (rowid INTEGER PRIMARY KEY, id TEXT, doc_type TEXT, published TEXT,
                        review_id INTEGER, sort_date INTEGER, record_id INTEGER, number INTEGER,
                        title TEXT, review TEXT, board TEXT, category TEXT, year INTEGER);
CREATE TABLE bench_facet (doc INTEGER, name TEXT, value TEXT);
"""
FTS_INDEXES = """
CREATE INDEX bench_doc_review ON bench_doc (review_id);
CREATE INDEX bench_facet_doc ON bench_facet (doc, name);
CREATE INDEX bench_facet_value ON bench_facet (name, value, doc);
"""


def build_fts(app) -> dict:
    """Build each document with the app's own `documents_for` (timed alone), then put it in
    FTS5 tables in the corpus database (timed apart)."""

    from review.extensions import db
    from review.index.documents import all_keys, documents_for
    from review.index.fields import FACETS, MULTI_VALUED

    facet_fields = {fieldname: name for name, (fieldname, _label) in FACETS.items()}
    build_s = insert_s = 0.0
    count = 0
    started = time.perf_counter()
    with app.app_context():
        conn = db.session.connection().connection.driver_connection
        conn.executescript(FTS_SCHEMA)
        finding_ids, episode_ids = all_keys()
        for ids, is_finding in ((finding_ids, True), (episode_ids, False)):
            for start in range(0, len(ids), BATCH):
                chunk = set(ids[start : start + BATCH])
                t = time.perf_counter()
                docs = documents_for(chunk, set()) if is_finding else documents_for(set(), chunk)
                db.session.expunge_all()
                build_s += time.perf_counter() - t
                t = time.perf_counter()
                fts, meta, facets = [], [], []
                for d in docs:
                    count += 1
                    rowid = count
                    fts.append((rowid, d["title"], d["body"], d["expansions"], d["review"]))
                    meta.append(
                        (
                            rowid,
                            d["id"],
                            d["doc_type"],
                            d["published"],
                            int(d["review_id"]),
                            d["sort_date"],
                            d["record_id"],
                            d["number"],
                            d["title"],
                            d["review"],
                            d["board_facet"],
                            d["category_facet"],
                            d["year"],
                        )
                    )
                    for fieldname, name in facet_fields.items():
                        value = d.get(fieldname) or ""
                        values = value.split(",") if fieldname in MULTI_VALUED else [value]
                        facets.extend((rowid, name, v) for v in values if v)
                conn.executemany(
                    "INSERT INTO bench_fts (rowid, title, body, expansions, review) "
                    "VALUES (?, ?, ?, ?, ?)",
                    fts,
                )
                conn.executemany("INSERT INTO bench_doc VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", meta)
                conn.executemany("INSERT INTO bench_facet VALUES (?, ?, ?)", facets)
                conn.commit()
                insert_s += time.perf_counter() - t
                if count % 10000 < BATCH:
                    log(f"  documents {count:>7}  built {build_s:6.1f} s  fts {insert_s:6.1f} s")
        t = time.perf_counter()
        conn.executescript(FTS_INDEXES)
        conn.execute("INSERT INTO bench_fts (bench_fts) VALUES ('optimize')")
        conn.execute("ANALYZE")
        conn.commit()
        optimize_s = time.perf_counter() - t
        db.session.commit()
    return {
        "documents": count,
        "documents_for_s": round(build_s, 1),
        "fts_insert_s": round(insert_s, 1),
        "fts_optimize_s": round(optimize_s, 1),
        "wall_s": round(time.perf_counter() - started, 1),
    }


class FTS:
    """The query mix against the FTS5 tables: total, one page with snippets, facet counts."""

    def __init__(
        self, db_file: Path, acronyms: dict[str, list[str]], board_id: int, facets: list[str]
    ):
        self.conn = sqlite3.connect(db_file)
        self.acronyms = {a.lower(): [a, *meanings] for a, meanings in acronyms.items()}
        self.board_id = board_id
        self.facets = facets

    @staticmethod
    def quote(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    def match(self, q: Query) -> str:
        parts = []
        for kind, t in q.tokens:
            if kind == "acronym" and t.lower() in self.acronyms:
                parts.append(
                    "(" + " OR ".join(self.quote(x) for x in self.acronyms[t.lower()]) + ")"
                )
            else:
                parts.append(self.quote(t))
        return " AND ".join(parts)

    def run(self, q: Query) -> dict:
        where = ["bench_fts MATCH :match"]
        args: dict = {"match": self.match(q)}
        if q.user == "board_member":  # drafts of the user's board, looked up as the app does
            where.append(
                "(d.published = 'yes' OR d.review_id IN (SELECT id FROM review WHERE "
                "board_id = :board AND status != 'published'))"
            )
            args["board"] = self.board_id
        else:
            where.append("d.published = 'yes'")
        if q.doc_type:
            where.append("d.doc_type = :doc_type")
            args["doc_type"] = q.doc_type
        for i, (name, values) in enumerate(q.facets.items()):
            marks = ", ".join(f":f{i}v{j}" for j in range(len(values)))
            where.append(
                f"d.rowid IN (SELECT doc FROM bench_facet WHERE name = :f{i} AND "
                f"value IN ({marks}))"
            )
            args[f"f{i}"] = name
            args.update({f"f{i}v{j}": v for j, v in enumerate(values)})
        joined = "FROM bench_fts JOIN bench_doc d ON d.rowid = bench_fts.rowid WHERE " + (
            " AND ".join(where)
        )
        total = self.conn.execute(f"SELECT count(*) {joined}", args).fetchone()[0]
        order = "d.sort_date DESC" if q.sort == "date" else "bm25(bench_fts, 2.0, 1.0, 1.0, 1.0)"
        hits = self.conn.execute(
            f"SELECT d.doc_type, d.record_id, d.review_id, d.number, d.title, d.review, "
            f"d.board, d.category, d.year, bm25(bench_fts, 2.0, 1.0, 1.0, 1.0), "
            f"snippet(bench_fts, 1, '<mark>', '</mark>', '…', 40) {joined} "
            f"ORDER BY {order} LIMIT 10 OFFSET {(q.page - 1) * 10}",
            args,
        ).fetchall()
        names = ", ".join(f"'{n}'" for n in self.facets)
        counts = self.conn.execute(
            f"SELECT f.name, f.value, count(*) FROM bench_fts JOIN bench_doc d "
            f"ON d.rowid = bench_fts.rowid JOIN bench_facet f ON f.doc = d.rowid "
            f"AND f.name IN ({names}) WHERE {' AND '.join(where)} GROUP BY f.name, f.value",
            args,
        ).fetchall()
        return {"total": total, "hits": len(hits), "facet_rows": len(counts)}


# ----------------------------------------------------------------------------- Whoosh runs


def time_queries(run, queries: list[Query]) -> list[dict]:
    rows = []
    for q in queries:
        t, cpu = time.perf_counter(), time.process_time()
        found = run(q)
        ms = (time.perf_counter() - t) * 1000
        rows.append(
            {
                "kind": q.kind,
                "ms": ms,
                "cpu_ms": (time.process_time() - cpu) * 1000,
                "total": found.get("total"),
                "suggestion": found.get("suggestion"),
                "error": found.get("error"),
            }
        )
    return rows


def api_runner(client):
    headers = {k: {"Authorization": f"Bearer {token}"} for k, token in TOKENS.items()}

    def run(q: Query) -> dict:
        response = client.get("/api/search", query_string=q.params(), headers=headers[q.user])
        if response.status_code != 200:
            return {"error": response.status_code}
        return response.get_json()

    return run


def html_runners(app):
    """One signed-in test client per user: the HTML page has no token sign-in."""
    clients = {}
    for key in ("practitioner", "board_member"):
        client = app.test_client()
        email = f"{key}@bench.example.org"
        response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, f"login failed for {email}"
        clients[key] = client
    total = re.compile(rb'id="results-title">(\d+) result')

    def run(q: Query) -> dict:
        response = clients[q.user].get("/search", query_string=q.params())
        if response.status_code != 200:
            return {"error": response.status_code}
        m = total.search(response.data)
        return {"total": int(m.group(1)) if m else 0}

    return run


def direct_runner(app):
    from review import search
    from review.extensions import db
    from review.models import User

    def run(q: Query) -> dict:
        with app.app_context():
            user = db.session.get(User, {"practitioner": 1, "board_member": 2}[q.user])
            found = search.search(
                q.text,
                user,
                selected=q.facets,
                doc_type=q.doc_type or None,
                page=q.page,
                sort=q.sort,
            )
            db.session.remove()
            return {"total": found.total, "suggestion": found.suggestion}

    return run


# ----------------------------------------------------------------------------- saves


cpu_times: dict[str, list[float]] = {}  # CPU time of the last time_saves() run


def time_saves(
    app, n: int, seed: int, *, after_search=None
) -> tuple[list[float], list[float], list[int]]:
    """Create and commit `n` findings the way the app's form does (append to the review's
    findings, link KPEs, add themes and Board questions); returns the save times, the times
    of the first search after each save (if asked) and the new ids."""
    from sqlalchemy import select

    from review.extensions import db
    from review.models import BoardQuestion, Finding, Review, TaxonomyKind, TaxonomyTerm

    rng = random.Random(seed)
    writer = Writer(rng, pseudo_words(rng, 2000), place_names(rng, 100))
    saves, searches, ids = [], [], []
    cpu_times.clear()
    cpu_times.update(save=[], search=[])
    with app.app_context():
        drafts = list(
            db.session.scalars(
                select(Review.id)
                .where(Review.status != "published", Review.board_id == 1)
                .order_by(Review.id)
            )
        )
        categories = list(
            db.session.scalars(
                select(TaxonomyTerm.id).where(TaxonomyTerm.kind == TaxonomyKind.FINDING_CATEGORY)
            )
        )
        themes = list(
            db.session.scalars(
                select(TaxonomyTerm.id).where(TaxonomyTerm.kind == TaxonomyKind.THEME)
            )
        )
        db.session.remove()
    for i in range(n):
        with app.app_context():
            review_id = drafts[i % len(drafts)]
            texts = dict(
                statement=writer.statement(),
                manifestation=writer.markdown("Child Q", 2, 3),
                underlying_evidence=writer.evidence("Benchford"),
                prevalence=writer.prevalence("Benchford"),
                significance=writer.significance(),
            )
            questions = [writer.question() for _ in range(2)]
            t, cpu = time.perf_counter(), time.process_time()
            review = db.session.get(Review, review_id)
            finding = Finding(
                **texts,
                category=db.session.get(TaxonomyTerm, rng.choice(categories)),
                themes=[db.session.get(TaxonomyTerm, x) for x in rng.sample(themes, 2)],
            )
            for q in questions:
                finding.questions.append(BoardQuestion(text=q))
            review.findings.append(finding)
            finding.episodes.extend(review.episodes[:2])
            db.session.commit()
            saves.append((time.perf_counter() - t) * 1000)
            cpu_times["save"].append((time.process_time() - cpu) * 1000)
            ids.append(finding.id)
            db.session.remove()
        if after_search is not None:
            t, cpu = time.perf_counter(), time.process_time()
            after_search()
            searches.append((time.perf_counter() - t) * 1000)
            # the process's CPU time includes its background index writer's
            cpu_times["search"].append((time.process_time() - cpu) * 1000)
    return saves, searches, ids


def delete_findings(app, ids: list[int]) -> None:
    from review.extensions import db
    from review.models import Finding

    with app.app_context():
        for i in ids:
            found = db.session.get(Finding, i)
            if found is not None:
                db.session.delete(found)
        db.session.commit()
        db.session.remove()


def time_similar(app, n: int, seed: int) -> list[float]:
    from sqlalchemy import select

    from review import search
    from review.extensions import db
    from review.models import Finding, Review

    rng = random.Random(seed)
    times = []
    with app.app_context():
        ids = list(
            db.session.scalars(select(Finding.id).join(Review).where(Review.status == "published"))
        )
        picks = rng.sample(ids, min(n, len(ids)))
        for i in picks:
            finding = db.session.get(Finding, i)
            t = time.perf_counter()
            search.similar_findings(finding)
            times.append((time.perf_counter() - t) * 1000)
        db.session.remove()
    return times


# ----------------------------------------------------------------------------- main


def dir_size_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def run(args) -> dict:
    from sqlalchemy import text

    from review import search
    from review.extensions import db

    directory = args.dir or data_dir(args.reviews)
    results: dict = {"reviews_flag": args.reviews, "directory": str(directory)}
    db_file = directory / "corpus.sqlite"
    out = directory / "results.json"
    earlier = json.loads(out.read_text()) if out.exists() else {}
    carried: list[str] = []

    def carry(*keys):  # a phase not run this time keeps its earlier results, marked so
        for key in keys:
            if key in earlier:
                results[key] = earlier[key]
                carried.append(key)

    def save():  # after every phase, so a failure late in a long run loses nothing
        directory.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=1, default=str))

    if args.generate == "always" or (args.generate == "auto" and not db_file.exists()):
        log(f"== generating the corpus ({args.reviews} reviews) into {directory}")
        sizes = Sizes(
            args.reviews,
            args.findings_per_review,
            args.kpes_per_review,
            min(150, max(2, args.reviews // 5)),
        )
        results["generate"] = generate(directory, sizes, seed=args.seed, log=log)
        earlier = {}  # a new corpus: nothing earlier applies
        save()
    if "generate" not in results:
        carry("generate")
    app = make_app(directory, index=True)
    with app.app_context():
        results["corpus"] = {
            name: db.session.scalar(text(f"SELECT count(*) FROM {table}"))
            for name, table in (
                ("reviews", "review"),
                ("findings", "finding"),
                ("kpes", "key_practice_episode"),
                ("factors", "contributory_factor"),
                ("questions", "board_question"),
            )
        }
        results["corpus"]["published_reviews"] = db.session.scalar(
            text("SELECT count(*) FROM review WHERE status = 'published'")
        )
        db.session.remove()
    log("== corpus", results["corpus"])

    # (c, first half) the documents, once, into FTS5; this also times documents_for alone
    if args.skip_fts_build and _has_fts(db_file):
        log("== FTS5 tables exist: not rebuilt")
        carry("fts_build")
    else:
        log("== building documents (app's documents_for) into SQLite FTS5")
        results["fts_build"] = build_fts(app)
        save()
        log("  ", results["fts_build"])

    # (a) the full reindex through the app
    index_dir = directory / "whoosh"
    if args.skip_reindex and index_dir.exists() and any(index_dir.glob("*.toc")):
        log("== Whoosh index exists: not rebuilt")
        carry("reindex")
    else:
        log("== full reindex: review.search.reindex()")
        done = [0]
        t0 = time.perf_counter()

        def progress(n):
            done[0] += n
            if done[0] % 10000 < n:
                log(f"  reindex {done[0]:>7} docs  {time.perf_counter() - t0:7.1f} s")

        with app.app_context():
            t = time.perf_counter()
            count = search.reindex(progress)
            reindex_s = time.perf_counter() - t
            db.session.remove()
        results["reindex"] = {
            "documents": count,
            "seconds": round(reindex_s, 1),
            "docs_per_s": round(count / reindex_s, 1),
            "index_mb": dir_size_mb(index_dir),
        }
        log("  ", results["reindex"])
        save()

    # (b) and (c): the query mix
    queries, misspelt, facet_values, table, board_id = query_mix(app, args.seed, args.queries)
    client = app.test_client()
    api = api_runner(client)
    if args.skip_queries:
        carry(*QUERY_KEYS)
    else:
        time_all_queries(
            args, app, results, db_file, api, queries, misspelt, facet_values, table, board_id
        )
        save()

    # (d) one save at this scale
    if args.skip_saves:
        carry("save", "similar_findings")
    else:
        time_all_saves(args, app, directory, results, api, queries)
        save()
    if not args.skip_saves:
        log("== similar_findings() as on the finding page")
        results["similar_findings"] = summary(time_similar(app, args.similar, args.seed))
        log("  ", results["similar_findings"])
    results["carried_over"] = carried
    with app.app_context():
        results["documents_now"] = search.total_documents()
        results["db_mb"] = round(db_file.stat().st_size / 1e6, 1)
        results["index_mb"] = dir_size_mb(index_dir)
        db.session.remove()
    return results


QUERY_KEYS = (
    "queries",
    "cpu_latency",
    "cold_first_query_ms",
    "latency",
    "latency_by_kind",
    "totals_agree",
    "rows",
    "totals",
    "errors",
)


def time_all_queries(
    args, app, results, db_file, api, queries, misspelt, facet_values, table, board_id
) -> None:
    results["queries"] = [asdict(q) for q in queries]

    t = time.perf_counter()
    api(queries[0])  # opens the searcher: the first query a process answers
    results["cold_first_query_ms"] = round((time.perf_counter() - t) * 1000, 1)
    runs: dict[str, list[dict]] = {}
    engines = {"whoosh_api": api}
    if "html" in args.endpoints:
        engines["whoosh_html"] = html_runners(app)
    if "direct" in args.endpoints:
        engines["whoosh_search()"] = direct_runner(app)
    fts2 = FTS(db_file, table, board_id, ["category", "theme"])
    fts7 = FTS(db_file, table, board_id, sorted(facet_values))
    engines["fts5_2facets"] = fts2.run
    engines["fts5_7facets"] = fts7.run
    for name, runner in engines.items():
        log(f"== {len(queries)} queries: {name}")
        time_queries(runner, queries[: args.warmup])  # warm caches: not counted
        runs[name] = time_queries(runner, queries)
        log("  ", summary([r["ms"] for r in runs[name]]))
    runs["whoosh_api misspelt"] = time_queries(api, misspelt)
    runs["fts5_7facets misspelt"] = time_queries(fts7.run, misspelt)
    results["latency"] = {name: summary([r["ms"] for r in rows]) for name, rows in runs.items()}
    # CPU time of this process (the query, the Flask request, FTS5's C code): on a machine
    # shared with other test suites, wall-clock time also measures their load
    results["cpu_latency"] = {
        name: summary([r["cpu_ms"] for r in rows]) for name, rows in runs.items()
    }
    results["latency_by_kind"] = {
        name: {
            kind: summary([r["ms"] for r in rows if r["kind"] == kind])
            for kind in dict.fromkeys(r["kind"] for r in rows)
        }
        for name, rows in runs.items()
    }
    w, f = runs["whoosh_api"], runs["fts5_2facets"]
    same = sum(1 for a, b in zip(w, f, strict=True) if a["total"] == b["total"])
    close = sum(
        1
        for a, b in zip(w, f, strict=True)
        if a["total"] == b["total"]
        or (a["total"] and b["total"] and 0.8 <= a["total"] / b["total"] <= 1.25)
    )
    results["totals_agree"] = {
        "equal": same,
        "within_25pct": close,
        "of": len(w),
        "whoosh_zero": sum(1 for a in w if not a["total"]),
        "fts_zero": sum(1 for b in f if not b["total"]),
        "whoosh_suggestions": sum(1 for a in w if a["suggestion"]),
        "misspelt_suggestions": sum(1 for a in runs["whoosh_api misspelt"] if a["suggestion"]),
    }
    results["rows"] = {name: [round(r["ms"], 2) for r in rows] for name, rows in runs.items()}
    results["totals"] = {name: [r["total"] for r in rows] for name, rows in runs.items()}
    results["errors"] = {name: sum(1 for r in rows if r["error"]) for name, rows in runs.items()}


def time_all_saves(args, app, directory, results, api, queries) -> None:
    from review.index.engine_whoosh import store

    index_dir = directory / "whoosh"
    log(f"== {args.saves} saves of a finding, index attached")
    probe = queries[1]
    saves, after, ids = time_saves(app, args.saves, args.seed, after_search=lambda: api(probe))
    cpu_attached = {k: summary(v) for k, v in cpu_times.items()}
    delete_findings(app, ids)
    bare = make_app(directory, index=False)
    log(f"== {args.saves} saves of a finding, index detached (database only)")
    bare_saves, _, bare_ids = time_saves(bare, args.saves, args.seed + 1)
    delete_findings(app, bare_ids)
    results["save"] = {
        "index_attached": summary(saves),
        "index_detached": summary(bare_saves),
        "first_search_after_save": summary(after),
        "cpu_index_attached": cpu_attached["save"],
        "cpu_first_search_after_save": cpu_attached["search"],
        "cpu_index_detached": summary(cpu_times["save"]),
        "pending_after": store.pending_count(index_dir),
    }
    log("  ", results["save"])


def query_mix(app, seed: int, count: int):
    """The fixed query mix for this corpus, and what the FTS5 side needs to mirror the app."""
    from sqlalchemy import select

    from review.extensions import db
    from review.index.synonyms import acronyms as acronym_table
    from review.models import Board, TaxonomyKind

    with app.app_context():
        facet_values = {
            "category": _labels(TaxonomyKind.FINDING_CATEGORY),
            "theme": _labels(TaxonomyKind.THEME),
            "level": _labels(TaxonomyKind.FACTOR_LEVEL),
            "agency": _labels(TaxonomyKind.AGENCY_TYPE),
            "review_type": _labels(TaxonomyKind.REVIEW_TYPE),
            "year": [str(y) for y in range(2013, 2027)],
            "board": list(db.session.scalars(select(Board.name).order_by(Board.id).limit(40))),
        }
        table = acronym_table()
        board_id = db.session.scalar(select(Board.id).order_by(Board.id).limit(1))
        db.session.remove()
    queries, misspelt = make_queries(random.Random(seed), facet_values, count)
    return queries, misspelt, facet_values, table, board_id


def _labels(kind) -> list[str]:
    from sqlalchemy import select

    from review.extensions import db
    from review.models import TaxonomyTerm

    return list(
        db.session.scalars(
            select(TaxonomyTerm.label)
            .where(TaxonomyTerm.kind == kind)
            .order_by(TaxonomyTerm.position)
        )
    )


def _has_fts(db_file: Path) -> bool:
    with sqlite3.connect(db_file) as conn:
        return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'bench_fts'").fetchone())


def ok(value: float, target: float) -> str:
    return "met" if value <= target else f"MISSED ({value / target:.1f}x target)"


def report(r: dict) -> str:
    lines = []
    c = r["corpus"]
    lines.append(
        f"corpus: {c['reviews']} reviews ({c['published_reviews']} published), "
        f"{c['findings']} findings, {c['kpes']} KPEs, {c['factors']} factors, "
        f"{c['questions']} Board questions; db {r['db_mb']} MB, index {r['index_mb']} MB"
    )
    if "generate" in r:
        lines.append(f"generation: {r['generate']['seconds']} s")
    lines.append("")
    lines.append("| measure | result | target | verdict |")
    lines.append("| --- | --- | --- | --- |")

    def row(label, s, target="", verdict=""):
        lines.append(
            f"| {label}: p50 / p95 / max | {s['p50']} / {s['p95']} / {s['max']} ms "
            f"| {target} | {verdict} |"
        )

    if "reindex" in r:
        ri = r["reindex"]
        lines.append(
            f"| (a) full reindex, `search.reindex()` | {ri['seconds']} s "
            f"({ri['documents']} docs, {ri['docs_per_s']} docs/s) | ≤ 180 s | "
            f"{ok(ri['seconds'], TARGETS['reindex_s'])} |"
        )
    if "fts_build" in r:
        fb = r["fts_build"]
        lines.append(
            f"| … building the same documents alone (`documents_for`) | "
            f"{fb['documents_for_s']} s | | |"
        )
        lines.append(
            f"| FTS5 build from those documents | {fb['fts_insert_s']} s + "
            f"optimize {fb['fts_optimize_s']} s | | |"
        )
    lat = r.get("latency", {})
    for name in ("whoosh_api", "whoosh_html", "whoosh_search()", "fts5_2facets", "fts5_7facets"):
        if name in lat:
            whoosh = name.startswith("whoosh")
            row(
                f"(b/c) {lat[name]['n']} queries, {name}",
                lat[name],
                "≤ 100 ms" if whoosh else "",
                ok(lat[name]["p95"], TARGETS["p95_ms"]) if whoosh else "",
            )
    cpu = r.get("cpu_latency", {})
    for name in ("whoosh_api", "whoosh_html", "whoosh_search()", "fts5_2facets", "fts5_7facets"):
        if name in cpu:
            row(f"… the same, CPU time of the process, {name}", cpu[name])
    for engine in ("whoosh_api", "whoosh_search()"):
        for fts in ("fts5_2facets", "fts5_7facets"):
            if engine in lat and fts in lat:
                ratio_50 = lat[engine]["p50"] / max(lat[fts]["p50"], 0.01)
                ratio_95 = lat[engine]["p95"] / max(lat[fts]["p95"], 0.01)
                lines.append(
                    f"| (c) ratio {engine} / {fts}, p50 · p95 | {ratio_50:.1f}× · "
                    f"{ratio_95:.1f}× | ≤ 3× | {ok(ratio_95, TARGETS['ratio'])} |"
                )
    if "cold_first_query_ms" in r:
        lines.append(
            f"| first query of a process (opens the searcher) | {r['cold_first_query_ms']} ms | | |"
        )
    for name in ("whoosh_api misspelt", "fts5_7facets misspelt"):
        if name in lat:
            row(f"{lat[name]['n']} misspelt one-word queries, {name.split()[0]}", lat[name])
    if "save" in r:
        sv = r["save"]
        a = sv["index_attached"]
        row("(d) save one finding, index attached", a, "≤ 50 ms", ok(a["p95"], 50.0))
        row("… the same save, index detached (database only)", sv["index_detached"])
        row("first search after a save (searcher reopened)", sv["first_search_after_save"])
        for key, label in (
            ("cpu_index_attached", "… CPU time of the process: save, index attached"),
            ("cpu_index_detached", "… CPU time of the process: save, index detached"),
            ("cpu_first_search_after_save", "… CPU time of the process: first search after"),
        ):
            if key in sv:
                row(label, sv[key])
    if "similar_findings" in r:
        row("`similar_findings()` (finding page)", r["similar_findings"])
    if "latency_by_kind" in r:
        lines.append("")
        lines.append("p50 / p95 / max in ms by query class:")
        lines.append("")
        names = [
            n
            for n in ("whoosh_api", "whoosh_search()", "fts5_2facets", "fts5_7facets")
            if n in r["latency_by_kind"]
        ]
        lines.append("| class | n | " + " | ".join(names) + " |")
        lines.append("| --- | --- | " + " | ".join("---" for _ in names) + " |")
        for kind, s in r["latency_by_kind"]["whoosh_api"].items():
            cells = []
            for n in names:
                k = r["latency_by_kind"][n][kind]
                cells.append(f"{k['p50']:.0f} / {k['p95']:.0f} / {k['max']:.0f}")
            lines.append(f"| {kind} | {s['n']} | " + " | ".join(cells) + " |")
    if "totals_agree" in r:
        t = r["totals_agree"]
        lines.append("")
        lines.append(
            f"totals: equal on {t['equal']} and within 25 % on {t['within_25pct']} of "
            f"{t['of']} queries; zero hits Whoosh {t['whoosh_zero']}, FTS5 {t['fts_zero']}; "
            f"a 'did you mean' offered on {t['whoosh_suggestions']} of them and on "
            f"{t['misspelt_suggestions']} of the misspelt queries"
        )
    errors = {k: v for k, v in r.get("errors", {}).items() if v}
    if errors:
        lines.append(f"requests that failed (not 200, counted in the timings): {errors}")
    if r.get("carried_over"):
        lines.append(
            "carried over from an earlier run on this corpus (not measured this time): "
            + ", ".join(r["carried_over"])
        )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=5000, help="corpus size (5,000: national)")
    parser.add_argument("--findings-per-review", type=int, default=10)
    parser.add_argument("--kpes-per-review", type=int, default=20)
    parser.add_argument("--dir", type=Path, help="default: benchmarks/.data/r<reviews>/")
    parser.add_argument(
        "--generate",
        choices=["auto", "always", "never"],
        default="auto",
        help="auto: only when the corpus database is missing",
    )
    parser.add_argument(
        "--skip-reindex",
        action="store_true",
        help="reuse an existing Whoosh index (no reindex timing)",
    )
    parser.add_argument(
        "--skip-fts-build",
        action="store_true",
        help="reuse existing FTS5 tables (no documents_for timing)",
    )
    parser.add_argument(
        "--skip-queries", action="store_true", help="no query timing (reindex/FTS5 build only)"
    )
    parser.add_argument("--skip-saves", action="store_true", help="no save timing")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--similar", type=int, default=20)
    parser.add_argument(
        "--endpoints",
        default="api,html,direct",
        help="which Whoosh paths to time besides the API: api,html,direct",
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load_before = os.getloadavg()
    results = run(args)
    results["total_wall_s"] = round(time.perf_counter() - started, 1)
    results["load_average"] = {"before": load_before, "after": os.getloadavg()}
    results["command"] = " ".join(sys.argv)
    out = Path(results["directory"]) / "results.json"
    out.write_text(json.dumps(results, indent=1, default=str))
    print()
    print(report(results))
    print(
        f"\nwall time {results['total_wall_s']} s; load average before/after "
        f"{results['load_average']['before'][0]:.2f} / {results['load_average']['after'][0]:.2f}"
        f"; raw results in {out}"
    )


if __name__ == "__main__":
    main()
