"""How long a Word report export takes, the first one in a fresh process included (target:
a large review, 80 KPEs and 64 findings, in at most 1 s).

    .venv/bin/python benchmarks/export_bench.py [--processes 5] [--runs 5]
        [--sizes demo,30x12,80x64] [--compare DIR]

For each size it makes a temporary SQLite database holding one signed-off review: `demo` is
the demo's worked review (Child A); `KxF` is an invented review of K KPEs and F findings (every
KPE with five Markdown fields of about 120 words, lists and emphasis included, and four
contributory factors; every finding with four Markdown sections and three Board questions; 10
case group members; 20 protected terms; every field's text distinct, so no cache is flattered).
Then it starts `--processes` fresh Python processes; each creates the app, times its FIRST
report export (`export_review`, end to end: loading the records, building, the publication
check of report and briefing, writing the .docx) and then `--runs` repeat exports, records
expired before each as in a request. The search index is off (a just-saved review's background
index write would otherwise share the process's CPU) and so is the LibreOffice pass
(`REPORT_PAGE_NUMBERS`, measured in `page_numbers_bench.py`). CPU time is the steadier figure
on a shared machine. `--compare DIR` runs the same child processes on another checkout of the
app (e.g. `git archive <commit> | tar -x -C DIR`), on the same databases, in the same session.
"""

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from review import create_app
from review.exports import export_review
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


def app_for(database: Path):
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "WHOOSH_INDEX_DIR": "",
        "EXPORTS_DIR": str(database.parent / "exports"),
        "REPORT_PAGE_NUMBERS": False,
    })  # fmt: skip


def prepare(size: str, database: Path) -> int:
    """A database holding one signed-off review of the given size; its id."""
    app = app_for(database)
    with app.app_context():
        db.create_all()
        load_taxonomies()
        if size == "demo":
            from sqlalchemy import select

            from review.demo import WORKED_TITLE, load_demo

            load_demo()
            review = db.session.scalar(select(Review).where(Review.title == WORKED_TITLE))
            review.status, review.signed_off_on = ReviewStatus.SIGNED_OFF, date(2025, 9, 1)
            db.session.commit()
            review_id = review.id
        else:
            kpes, findings = (int(n) for n in size.split("x"))
            review_id = make_review(kpes, findings)
        db.session.remove()
        db.engine.dispose()
    return review_id


def child(database: Path, review_id: int, runs: int) -> None:
    """One fresh process: the first report export, then `runs` more; JSON on stdout."""
    app = app_for(database)
    with app.app_context():
        times = []
        for _ in range(1 + runs):
            db.session.expire_all()
            start, start_cpu = time.perf_counter(), time.process_time()
            export = export_review(db.session.get(Review, review_id), "report")
            times.append((time.perf_counter() - start, time.process_time() - start_cpu))
            assert not export.hits and not export.draft, export.hits
        print(json.dumps({"times": times, "bytes": len(export.data)}))


def measure(code: Path, database: Path, review_id: int, processes: int, runs: int) -> dict:
    """First and repeat export times of the app in `code`, over fresh processes."""
    firsts, repeats, size = [], [], 0
    env = {**os.environ, "PYTHONPATH": str(code)}
    for _ in range(processes):
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(database),
             str(review_id), "--runs", str(runs)],
            cwd=code, env=env, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        result = json.loads(out.strip().splitlines()[-1])
        firsts.append(result["times"][0])
        repeats.extend(result["times"][1:])
        size = result["bytes"]

    def ms(pairs, which, how):
        return round(how(p[which] for p in pairs) * 1000)

    return {
        "first wall": ms(firsts, 0, statistics.median),
        "first cpu": ms(firsts, 1, statistics.median), "first cpu max": ms(firsts, 1, max),
        "repeat wall": ms(repeats, 0, statistics.median),
        "repeat cpu": ms(repeats, 1, statistics.median), "repeat cpu max": ms(repeats, 1, max),
        "KiB": size // 1024,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="demo,30x12,80x64")
    parser.add_argument("--compare", type=Path, help="another checkout of the app to measure")
    parser.add_argument(
        "--child", nargs=2, metavar=("DATABASE", "REVIEW_ID"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), int(args.child[1]), args.runs)
        return
    here = Path(__file__).resolve().parent.parent
    codes = {"this": here, **({"compare": args.compare.resolve()} if args.compare else {})}
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average "
          f"{os.getloadavg()[0]:.1f}; {args.processes} fresh processes, each 1 + {args.runs} "
          "exports")  # fmt: skip
    print("size | code | first: wall / CPU (max CPU) | repeat: wall / CPU (max CPU) | KiB")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            database = Path(tmp) / size / "bench.sqlite"
            database.parent.mkdir()
            review_id = prepare(size, database)
            for name, code in codes.items():
                m = measure(code, database, review_id, args.processes, args.runs)
                print(f"{size} | {name} | {m['first wall']} / {m['first cpu']} "
                      f"({m['first cpu max']}) ms | {m['repeat wall']} / {m['repeat cpu']} "
                      f"({m['repeat cpu max']}) ms | {m['KiB']}", flush=True)  # fmt: skip
        print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
