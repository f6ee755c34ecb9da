"""Saving a finding with the PostgreSQL engine (issue 10: p95 <= 50 ms), beside the same save
on the database alone; the first search after each save (p95 <= 100 ms), beside searches of
the same mix with no save before them.

Not part of the test suite. Uses the corpus national_bench.py copied into PostgreSQL (and
its documents: reindex first). The two kinds of save take turns in rounds, so a burst of load
on this shared machine falls on both alike; each process's first save is not timed. The
findings saved are deleted again.

    python benchmarks/save_bench.py --reviews 500 --postgresql URL
    python benchmarks/save_bench.py --reviews 5000 --rounds 6
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import data_dir, make_postgresql_app  # noqa: E402
from national_bench import postgresql_url  # noqa: E402
from search_bench import (  # noqa: E402
    api_runner,
    cpu_times,
    delete_findings,
    log,
    query_mix,
    summary,
    time_saves,
)


def run(args) -> dict:
    directory = (args.dir or data_dir(args.reviews)).resolve()
    url = postgresql_url(args)
    engine = make_postgresql_app(directory, url)
    bare = make_postgresql_app(directory, url, search=False)
    probes, *_ = query_mix(engine, args.seed + 2, 200)  # not asked before: one a save
    probes = iter(probes * (1 + args.rounds * args.per_round // len(probes)))
    others, *_ = query_mix(engine, args.seed + 3, 200)  # the same mix, with no save before
    others = iter(others * (1 + args.rounds * args.per_round // len(others)))
    api = api_runner(engine.test_client())
    for app in (engine, bare):  # not timed: the process's first statements and compilations
        delete_findings(engine, time_saves(app, 1, args.seed - 1)[2])
    timed = {"with_documents": [], "database_only": [], "first_search_after_save": [],
             "search_without_save": [], "cpu_with_documents": [],
             "cpu_database_only": []}  # fmt: skip
    load = [os.getloadavg()[0]]
    for r in range(args.rounds):
        saves, after, ids = time_saves(engine, args.per_round, args.seed + r,
                                       after_search=lambda: api(next(probes)))  # fmt: skip
        timed["cpu_with_documents"] += cpu_times["save"]  # this process's CPU: load aside
        delete_findings(engine, ids)
        bare_saves, _, bare_ids = time_saves(bare, args.per_round, args.seed + 100 + r)
        timed["cpu_database_only"] += cpu_times["save"]
        delete_findings(engine, bare_ids)
        for _ in range(args.per_round):
            started = time.perf_counter()
            api(next(others))
            timed["search_without_save"].append((time.perf_counter() - started) * 1000)
        timed["with_documents"] += saves
        timed["first_search_after_save"] += after
        timed["database_only"] += bare_saves
        load.append(os.getloadavg()[0])
        log(f"  round {r + 1}: with documents p50 {sorted(saves)[len(saves) // 2]:.1f} ms, "
            f"database alone {sorted(bare_saves)[len(bare_saves) // 2]:.1f} ms")  # fmt: skip
    return {
        "reviews": args.reviews,
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_average": [round(x, 1) for x in load],
        **{key: summary(values) for key, values in timed.items()},
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=5000)
    parser.add_argument("--dir", type=Path, help="default: benchmarks/.data/r<reviews>/")
    parser.add_argument("--postgresql", help="default: review_bench_r<reviews> on the test server")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--per-round", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    results = run(parser.parse_args(argv))
    log(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
