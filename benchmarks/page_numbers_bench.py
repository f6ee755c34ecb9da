"""What numbering the contents through LibreOffice costs a report export, cold and cached.

    .venv/bin/python benchmarks/page_numbers_bench.py [--kpes 30] [--findings 12] [--runs 3]

The same invented review as `export_bench.py`; the report is exported with REPORT_PAGE_NUMBERS
off (no LibreOffice), then on with an empty cache (LibreOffice lays the report out: the first
export of a review, or of a changed one), then on with the cache filled (an unchanged review
exported again). Needs `soffice` and `pdftotext`.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from export_bench import make_review

from review import create_app
from review.exports import export_review
from review.exports.pagination import available
from review.extensions import db
from review.models import Review
from review.taxonomy import load_taxonomies


def timed(review_id: int, runs: int, config: dict, fresh_cache=None) -> list[float]:
    times = []
    for run in range(runs):
        if fresh_cache is not None:
            config["PAGE_NUMBERS_DIR"] = str(Path(fresh_cache) / f"cache-{time.time_ns()}-{run}")
        db.session.expire_all()
        start = time.perf_counter()
        export_review(db.session.get(Review, review_id), "report", config=config)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kpes", type=int, default=30)
    parser.add_argument("--findings", type=int, default=12)
    args = parser.parse_args()
    if not available():
        raise SystemExit("LibreOffice (soffice) or pdftotext is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "TESTING": True, "SECRET_KEY": "bench", "WHOOSH_INDEX_DIR": "",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
            "EXPORTS_DIR": str(Path(tmp) / "exports"),
        })  # fmt: skip
        with app.app_context():
            db.create_all()
            load_taxonomies()
            review_id = make_review(args.kpes, args.findings)
            config = dict(app.config)
            results = {}
            config["REPORT_PAGE_NUMBERS"] = False
            results["page numbers off"] = timed(review_id, args.runs, config)
            config["REPORT_PAGE_NUMBERS"] = True
            results["on, cold (LibreOffice runs)"] = timed(review_id, args.runs, config, tmp)
            config["PAGE_NUMBERS_DIR"] = str(Path(tmp) / "warm")
            timed(review_id, 1, config)  # fills the cache
            results["on, cached"] = timed(review_id, args.runs, config)
            print(f"review: {args.kpes} KPEs, {args.findings} findings")
            for name, times in results.items():
                print(f"{name:<30} median {statistics.median(times) * 1000:6.0f} ms   "
                      f"max {max(times) * 1000:6.0f} ms   ({args.runs} runs)")  # fmt: skip
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
