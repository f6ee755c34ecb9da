"""Judged relevance: MRR, recall@10 and nDCG@10 of the app's search over an invented set.

    .venv/bin/python benchmarks/relevance/evaluate.py            # the summary and misses
    .venv/bin/python benchmarks/relevance/evaluate.py --exact    # without typo recovery
    .venv/bin/python benchmarks/relevance/evaluate.py --backend postgresql \
        --database postgresql://review@127.0.0.1:54329/review_test   # PostgreSQL full-text search

`findings.txt` holds 154 invented findings (the same concept worded differently across
reviews, acronyms, typos in documents); `queries.txt` 71 practitioner queries with graded
judgements. The findings go into 12 published reviews of 3 boards through the ORM, the
index is rebuilt, and every query is run through `review.search.search()` as a practitioner.
`tests/test_relevance.py` runs the same and fails if a measure drops below the level reached.
"""

import argparse
import math
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
BOARDS = ("Northbridge Safeguarding Children Partnership", "Eastmere Safeguarding Adults Board",
          "Westholm Safeguarding Children Partnership")  # fmt: skip


@dataclass
class Query:
    text: str
    grades: dict[str, int]


def load_findings(path: Path = HERE / "findings.txt") -> list[dict]:
    rows = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, category, themes, statement, manifestation = (p.strip() for p in line.split("|"))
        rows.append(
            {"key": key, "category": category, "themes": [t for t in themes.split(",") if t],
             "statement": statement, "manifestation": manifestation}
        )  # fmt: skip
    return rows


def load_queries(path: Path = HERE / "queries.txt") -> list[Query]:
    queries = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, high, some = (p.strip() for p in line.split("|"))
        grades = {k: 2 for k in high.split()} | {k: 1 for k in some.split()}
        queries.append(Query(text, grades))
    return queries


def build(directory: Path, *, backend: str = "whoosh", database: str | None = None):
    """An app on a fresh database (SQLite unless given; emptied) holding the invented findings,
    searched by the given engine (whoosh or postgresql)."""
    from sqlalchemy import text

    from review import create_app, search
    from review.extensions import db
    from review.models import Board, Finding, Review, ReviewStatus, Role, TaxonomyKind, User
    from review.taxonomy import load_taxonomies, term

    app = create_app(
        {"TESTING": True, "SECRET_KEY": "relevance",
         "SQLALCHEMY_DATABASE_URI": database or f"sqlite:///{directory / 'relevance.sqlite'}",
         "WHOOSH_INDEX_DIR": str(directory / "whoosh"), "SEARCH_RATE_LIMIT": "100000/second",
         "SEARCH_BACKEND": backend}
    )  # fmt: skip
    keys = {}
    with app.app_context():
        if database and database.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.create_all()
        load_taxonomies()
        boards = [Board(name=name) for name in BOARDS]
        reviews = [
            Review(board=boards[n % 3], title=f"Child {chr(65 + n)}",
                   published_on=date(2018 + n % 6, 3, 1), status=ReviewStatus.PUBLISHED)
            for n in range(12)
        ]  # fmt: skip
        db.session.add_all(reviews)
        reader = User(email="reader@example.org", display_name="Reader", role=Role.PRACTITIONER)
        reader.set_password("relevance-set-password")
        db.session.add(reader)
        db.session.commit()
        reader_id = reader.id
        for n, row in enumerate(load_findings()):
            finding = Finding(
                statement=row["statement"],
                manifestation=row["manifestation"],
                category=term(TaxonomyKind.FINDING_CATEGORY, row["category"]),
                themes=[term(TaxonomyKind.THEME, t) for t in row["themes"]],
            )
            reviews[n % len(reviews)].findings.append(finding)
            db.session.flush()
            keys[finding.id] = row["key"]
        db.session.commit()
        search.reindex()  # expunges: nothing loaded before is used after
    return app, keys, reader_id


def measure(app, keys: dict[int, str], reader_id: int, *, exact: bool = False) -> dict:
    from review import search
    from review.extensions import db
    from review.models import User

    per_query = []
    with app.app_context():
        user = db.session.get(User, reader_id)
        for query in load_queries():
            options = {"exact": True} if exact else {}
            found = search.search(query.text, user, doc_type="finding", **options)
            ranked = [keys.get(h.record_id, "?") for h in found.hits[:10]]
            per_query.append(_scores(query, ranked, found.total))
    n = len(per_query)
    return {
        "queries": n,
        "mrr": sum(q["rr"] for q in per_query) / n,
        "recall@10": sum(q["recall"] for q in per_query) / n,
        "ndcg@10": sum(q["ndcg"] for q in per_query) / n,
        "empty": [q["query"] for q in per_query if q["total"] == 0],
        "per_query": per_query,
    }


def _scores(query: Query, ranked: list[str], total: int) -> dict:
    first = next((i for i, key in enumerate(ranked) if key in query.grades), None)
    dcg = sum((2 ** query.grades.get(k, 0) - 1) / math.log2(i + 2) for i, k in enumerate(ranked))
    ideal = sorted(query.grades.values(), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return {
        "query": query.text,
        "rr": 0.0 if first is None else 1.0 / (first + 1),
        "recall": len(set(ranked) & set(query.grades)) / len(query.grades),
        "ndcg": dcg / idcg if idcg else 0.0,
        "total": total,
        "top": ranked[:3],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exact", action="store_true", help="no typo recovery (search(exact=))")
    parser.add_argument("--misses", type=int, default=15, help="worst queries to list")
    parser.add_argument("--backend", choices=("whoosh", "postgresql"), default="whoosh")
    parser.add_argument("--database", help="a database URL to use (its tables are replaced)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app, keys, reader_id = build(Path(tmp), backend=args.backend, database=args.database)
        result = measure(app, keys, reader_id, exact=args.exact)
        try:
            from review.index.engine_whoosh import background
        except ImportError:  # measuring an older version of the app
            background = None
        if background is not None:
            background.shutdown(app)
    print(f"queries {result['queries']}  MRR {result['mrr']:.3f}  "
          f"recall@10 {result['recall@10']:.3f}  nDCG@10 {result['ndcg@10']:.3f}  "
          f"empty {len(result['empty'])}")  # fmt: skip
    for q in sorted(result["per_query"], key=lambda q: (q["ndcg"], q["rr"]))[: args.misses]:
        print(f"  rr {q['rr']:.2f} recall {q['recall']:.2f} ndcg {q['ndcg']:.2f} "
              f"total {q['total']:>3}  {q['query']!r} top {q['top']}")  # fmt: skip


if __name__ == "__main__":
    main()
