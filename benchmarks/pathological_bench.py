"""Pathological queries cost at most 10x an ordinary one-word query on the same index.

    .venv/bin/python benchmarks/pathological_bench.py --reviews 200     # 6,000 documents

Builds (or reuses) the synthetic corpus of generate_corpus.py in benchmarks/.data/r<N>/,
indexes it with the app's own `review.search.reindex()` if the index is missing, then runs
each query of the list below through `review.search.search()` as a practitioner (median of
--runs runs, after one warm-up) and prints its CPU time next to the median of ordinary
one-word queries, with the ratio (wall-clock times beside them). Results go to
benchmarks/.data/r<N>/pathological.json.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import Sizes, data_dir, generate, make_app  # noqa: E402

ORDINARY = ["supervision", "neglect", "threshold", "referral", "chronology", "police",
            "assessment", "school", "housing", "conference"]  # fmt: skip
PREFIXES = ["sup", "pro", "chi", "par", "fam", "ref", "ass", "thr", "neg", "saf", "pol", "sch",
            "hea", "ment", "dom", "abu", "car", "wor", "tea", "man", "inf", "sha", "mul", "age",
            "ser", "rev"]  # fmt: skip
MISSPELT = "supervison negelct threshhold refferal chronolgy assesment confrence houseing"
PATHOLOGICAL = {
    "*a* OR *b* OR … OR *z* (26 leading wildcards)": " OR ".join(
        f"*{c}*" for c in "abcdefghijklmnopqrstuvwxyz"
    ),
    "* (everything)": "*",
    "title:[a TO z] (a range on text)": "title:[a TO z]",
    "year:1000..3000 (a wide year range)": "year:1000..3000",
    "eight misspelt words": MISSPELT,
    "26 prefixes (sup* pro* …)": " ".join(f"{p}*" for p in PREFIXES),
    "2,000 characters of words": " ".join(ORDINARY * 30)[:2000],
    "deep nesting (60 brackets)": "(" * 60 + "neglect OR supervision" + ")" * 60,
    "40 words OR-ed": " OR ".join((ORDINARY * 4)[:40]),
    "40 plain words": " ".join(f"{w}" for w in (ORDINARY * 4)[:40]),
}


def timed(fn) -> float:
    """CPU time of this process in ms: on a machine shared with other test suites, wall-clock
    time measures their load as much as this query (the ratios used to swing 3x between runs)."""
    started = time.process_time()
    fn()
    return (time.process_time() - started) * 1000


def walled(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    directory = data_dir(args.reviews)
    if not (directory / "corpus.sqlite").exists():
        generate(directory, Sizes(reviews=args.reviews))
    app = make_app(directory, index=True)
    from sqlalchemy import select

    from review import search
    from review.extensions import db
    from review.index.engine_whoosh import background
    from review.models import Role, User

    with app.app_context():
        if not (directory / "whoosh").exists() or search.check()[0]:
            print(f"indexing {search.total_documents()} documents …", flush=True)
            search.reindex()
        user_id = db.session.scalar(select(User.id).where(User.role == Role.PRACTITIONER))
        user = db.session.get(User, user_id)
        run = lambda text: search.search(text, user)  # noqa: E731
        for text in ORDINARY:
            run(text)  # warm-up: searcher open, caches
        ordinary = [timed(lambda t=t: run(t)) for t in ORDINARY for _ in range(args.runs)]
        base = statistics.median(ordinary)
        wall_base = statistics.median(walled(lambda t=t: run(t)) for t in ORDINARY)
        rows = {}
        for label, text in PATHOLOGICAL.items():
            run(text)
            times = [timed(lambda t=text: run(t)) for _ in range(args.runs)]
            wall = statistics.median(walled(lambda t=text: run(t)) for _ in range(args.runs))
            found = run(text)
            rows[label] = {"median_ms": round(statistics.median(times), 1),
                           "max_ms": round(max(times), 1), "total": found.total,
                           "ratio": round(statistics.median(times) / base, 2),
                           "wall_ms": round(wall, 1), "wall_ratio": round(wall / wall_base, 2),
                           "messages": found.messages}  # fmt: skip
        docs = search.total_documents()
    background.shutdown(app)
    print(f"{docs} documents; ordinary one-word query CPU median {base:.1f} ms "
          f"(p95 {sorted(ordinary)[int(len(ordinary) * 0.95) - 1]:.1f} ms), wall median "
          f"{wall_base:.1f} ms; load average {os.getloadavg()[0]:.1f}\n")  # fmt: skip
    print("| query | CPU median ms | CPU max ms | hits | × one word (CPU) | wall median ms | "
          "× one word (wall) |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, row in rows.items():
        print(f"| {label} | {row['median_ms']} | {row['max_ms']} | {row['total']} | "
              f"{row['ratio']} | {row['wall_ms']} | {row['wall_ratio']} |")  # fmt: skip
    worst = max(r["ratio"] for r in rows.values())
    print(f"\nworst ratio {worst:.2f} (target <= 10)")
    out = {"documents": docs, "ordinary_ms": round(base, 1), "rows": rows, "worst": worst}
    (directory / "pathological.json").write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
