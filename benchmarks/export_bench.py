"""How long a Word export takes for a large review: 30 KPEs and 12 findings (target: under 1 s).

    .venv/bin/python benchmarks/export_bench.py [--runs 20] [--kpes 30] [--findings 12]

Builds an invented review on a temporary SQLite database (every KPE with five Markdown fields of
about 120 words, lists and emphasis included, and four contributory factors; every finding with
four Markdown sections and three Board questions; 10 case group members; 20 protected terms for
the guard), then times `export_review` end to end: loading the records, building the document,
scanning every text with the guard, and writing the .docx. Prints the median and the slowest run
for the report and the briefing, publication and draft.
"""

import argparse
import itertools
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from flask import current_app

from review import create_app
from review.exports import build, export_review
from review.exports.docx_writer import render
from review.exports.publication import located, scan
from review.extensions import db
from review.models import (
    Board,
    BoardQuestion,
    CaseGroupMember,
    ContributoryFactor,
    Finding,
    KeyPracticeEpisode,
    ProtectedTerm,
    ResearchQuestion,
    Review,
    ReviewStatus,
    TaxonomyKind,
)
from review.taxonomy import load_taxonomies, term, terms

PARAGRAPH = (
    "The health visitor saw **Child A** at home and noted that the *weight* had dropped again; "
    "the record was shared with the GP and the MASH by letter, and the family were offered an "
    "appointment at the clinic the following week, which they did not attend. "
)
FIELD = (
    f"{PARAGRAPH * 2}\n\n- a first point about thresholds\n- a second point about DV\n\n{PARAGRAPH}"
)

_fields = itertools.count(1)


def field() -> str:
    """A long field, distinct from every other (real reviews repeat no field word for word, and
    the per-text caches must not flatter a cold measurement)."""
    return f"{FIELD}\n\nField note {next(_fields)}."


def make_review(kpes: int, findings: int) -> int:
    board = Board(name="Benchmark Safeguarding Children Partnership")
    review = Review(
        board=board,
        title="Child Z: a benchmark review",
        subject_pseudonym="Child Z",
        review_type=term(TaxonomyKind.REVIEW_TYPE, "lt_full"),
        period_start=date(2021, 1, 1),
        period_end=date(2023, 12, 31),
        reason_for_review=field(),
        summary=field(),
        family_composition="- **Child Z**, aged 3\n- **Mother**\n- **Partner**",
        family_involvement=field(),
        limitations=field(),
    )
    review.research_questions.extend(ResearchQuestion(text=f"Question {n}?") for n in range(4))
    agency_types = terms(TaxonomyKind.AGENCY_TYPE)
    review.case_group.extend(
        CaseGroupMember(label=f"Practitioner {n}", role_title=f"Role {n}",
                        agency=agency_types[n % len(agency_types)].label)
        for n in range(10)
    )  # fmt: skip
    subfactors = terms(TaxonomyKind.FACTOR_SUBFACTOR)
    for n in range(kpes):
        start = date(2021, 1, 1) + timedelta(days=30 * n)
        kpe = KeyPracticeEpisode(
            title=f"Episode {n + 1}: a referral closed after a single visit",
            date_from=start, date_to=start + timedelta(days=5), agencies="Police; CSC; HV; GP",
            what_happened=field(), appraisal=field(), explanation=field(), how_normal=PARAGRAPH,
            hindsight_guard=PARAGRAPH,
        )  # fmt: skip
        for m in range(4):
            sub = subfactors[(n + m) % len(subfactors)]
            kpe.factors.append(
                ContributoryFactor(level=sub.parent, subfactor=sub, description=PARAGRAPH,
                                   effect="hinders" if m % 2 else "supports")
            )  # fmt: skip
        review.episodes.append(kpe)
    categories = terms(TaxonomyKind.FINDING_CATEGORY)
    themes = terms(TaxonomyKind.THEME)
    for n in range(findings):
        finding = Finding(
            statement=PARAGRAPH, category=categories[n % len(categories)], priority="High",
            manifestation=field(), underlying_evidence=field(), prevalence=field(),
            significance=field(),
            themes=[themes[n % len(themes)]], episodes=review.episodes[n : n + 2],
        )  # fmt: skip
        finding.questions.extend(
            BoardQuestion(text=f"How will the Board know {m}?") for m in range(3)
        )
        review.findings.append(finding)
    review.protected_terms.extend(ProtectedTerm(term=f"Realname{n} Surname{n}") for n in range(20))
    # Signed off: only then has it a publication (before sign-off every export is a draft).
    review.status, review.signed_off_on = ReviewStatus.SIGNED_OFF, date(2024, 6, 1)
    db.session.add(review)
    db.session.commit()
    return review.id


def timed(review_id: int, kind: str, draft: bool, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run (CPU time is steadier on a shared machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        db.session.expire_all()  # each run loads the review afresh, as a request would
        start, start_cpu = time.perf_counter(), time.process_time()
        export = export_review(db.session.get(Review, review_id), kind, draft=draft)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert not export.hits
    return wall, cpu


def stages(review_id: int, runs: int) -> dict[str, float]:
    """Median seconds of each stage of a publication report: build, guard scan, write."""
    times: dict[str, list[float]] = {"load and build": [], "guard scan": [], "write .docx": []}
    for _ in range(runs):
        db.session.expire_all()
        t0 = time.perf_counter()
        review = db.session.get(Review, review_id)
        doc = build(review, "report", draft=False, config=current_app.config)
        t1 = time.perf_counter()
        scan(review, located(review, [doc]))
        t2 = time.perf_counter()
        render(doc)
        t3 = time.perf_counter()
        for name, spent in zip(times, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            times[name].append(spent)
    return {name: statistics.median(spent) for name, spent in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--kpes", type=int, default=30)
    parser.add_argument("--findings", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
            "WHOOSH_INDEX_DIR": str(Path(tmp) / "whoosh"),
            "EXPORTS_DIR": str(Path(tmp) / "exports"),
            "REPORT_PAGE_NUMBERS": False,
        })  # fmt: skip
        with app.app_context():
            db.create_all()
            load_taxonomies()
            review_id = make_review(args.kpes, args.findings)
            start, start_cpu = time.perf_counter(), time.process_time()
            size = len(export_review(db.session.get(Review, review_id), "report").data)
            cold, cold_cpu = time.perf_counter() - start, time.process_time() - start_cpu
            print(f"review: {args.kpes} KPEs, {args.findings} findings; report {size // 1024} KiB")
            print(f"first report of the process (cold caches): {cold * 1000:.0f} ms, CPU "
                  f"{cold_cpu * 1000:.0f} ms; the runs below reuse the parsed fields")  # fmt: skip
            for kind, draft in (("report", False), ("report", True), ("briefing", False)):
                wall, cpu = timed(review_id, kind, draft, args.runs)
                label = f"{kind}{' (draft)' if draft else ''}"
                print(f"{label:<16} median {statistics.median(wall) * 1000:6.0f} ms   "
                      f"max {max(wall) * 1000:6.0f} ms   "
                      f"CPU median {statistics.median(cpu) * 1000:6.0f} ms   "
                      f"max {max(cpu) * 1000:6.0f} ms   ({args.runs} runs)")  # fmt: skip
            parts = stages(review_id, args.runs)
            print("report stages (median): " + ", ".join(
                f"{name} {spent * 1000:.0f} ms" for name, spent in parts.items()
            ))  # fmt: skip
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
