"""How long the publication check takes on a large review (targets: scan <= 150 ms, the
Downloads page <= 300 ms).

    .venv/bin/python benchmarks/publication_bench.py [--runs 15] [--kpes 80] [--findings 64]

The review is export_bench's invented one (five Markdown fields per KPE, four factors each;
four sections and three Board questions per finding; 20 protected terms), signed off. Measured,
each as the median and the slowest of `--runs`, wall clock:

- build: both documents (report and briefing) built from freshly loaded records;
- scan: the identifier scan of every string;
- cold: with the per-text caches (parsed Markdown, scan matches) emptied, as after every field
  was edited; warm: the same again with nothing changed (what most page views pay). Every
  field's text is made distinct, so that the cold figures are not flattered by the cache;
- draw the PNG: the figure, which the previous code drew on every check (the reference: the
  previous code's check cost about build cold + scan cold + this);
- Downloads page and reading view: a signed-in GET through the test client, records loaded
  afresh each time (the per-text cache warm, as in a running app).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from export_bench import make_review
from flask import current_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from review import create_app  # noqa: E402
from review.exports.markdown_docx import (  # noqa: E402
    field_words,
    line_words,
    parsed_field,
    parsed_line,
)
from review.exports.publication import _matches, documents, located, scan  # noqa: E402
from review.extensions import db  # noqa: E402
from review.models import Review, ReviewMembership, Role, TeamRole, User  # noqa: E402
from review.taxonomy import load_taxonomies  # noqa: E402
from review.timeline import print_layout, render_png  # noqa: E402
from review.timeline.drawing import _drawn  # noqa: E402


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.0f} ms   max {max(values) * 1000:6.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--kpes", type=int, default=80)
    parser.add_argument("--findings", type=int, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "TESTING": True,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
            "WHOOSH_INDEX_DIR": str(Path(tmp) / "whoosh"),
            "EXPORTS_DIR": str(Path(tmp) / "exports"),
        })  # fmt: skip
        with app.app_context():
            db.create_all()
            load_taxonomies()
            review_id = make_review(args.kpes, args.findings)
            lead = User(email="lead@bench.example.org", display_name="Lead Reviewer",
                        role=Role.LEAD_REVIEWER)  # fmt: skip
            lead.set_password("benchmark-password-1")
            db.session.add(ReviewMembership(review_id=review_id, user=lead,
                                            team_role=TeamRole.LEAD))  # fmt: skip
            db.session.commit()
            names = ("build, cold", "scan, cold", "build, warm", "scan, warm", "draw the PNG")
            times: dict[str, list[float]] = {name: [] for name in names}
            strings = 0
            for _ in range(args.runs):
                caches = (parsed_field, parsed_line, field_words, line_words, _matches, _drawn)
                for cached in caches:
                    cached.cache_clear()
                for phase in ("cold", "warm"):
                    db.session.expire_all()
                    t0 = time.perf_counter()
                    review = db.session.get(Review, review_id)
                    items = located(review, documents(review, current_app.config))
                    t1 = time.perf_counter()
                    scan(review, items)
                    t2 = time.perf_counter()
                    times[f"build, {phase}"].append(t1 - t0)
                    times[f"scan, {phase}"].append(t2 - t1)
                    strings = len(items)
                # The previous code drew the figure (and parsed every field) to check a review.
                t0 = time.perf_counter()
                render_png(print_layout(review))
                times["draw the PNG"].append(time.perf_counter() - t0)
        print(f"review: {args.kpes} KPEs, {args.findings} findings, 20 protected terms; "
              f"{strings} distinct strings scanned")  # fmt: skip
        for name, values in times.items():
            print(f"{name:<16} {ms(values)}")
        client = app.test_client()
        client.post("/auth/login", data={"email": "lead@bench.example.org",
                                          "password": "benchmark-password-1"})  # fmt: skip
        for name, url in (("Downloads page", f"/reviews/{review_id}/exports/"),
                          ("reading view", f"/reviews/{review_id}/publication")):  # fmt: skip
            wall = []
            for _ in range(args.runs):
                start = time.perf_counter()
                response = client.get(url)
                wall.append(time.perf_counter() - start)
                assert response.status_code == 200, (url, response.status_code)
            print(f"{name:<16} {ms(wall)}")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
