"""Benchmark the identifier guard's scan of a large review's texts, new guard against old.

A large review: 80 KPEs (title, five Markdown fields, two short fields, four contributory
factors each), 64 findings (statement, four Markdown sections, three Board questions each),
the introduction's five fields; 20 protected terms with two variants each. The texts are
scanned as written (Markdown, as sign-off scans them) and as plain text (as the export scans
the rendered report); a third of the paragraphs carry dates and numbers, and a quarter of the
fields typographic quotes and dashes, as real reports do.

The old guard is the single-module `review/guard.py` at commit OLD (before the package),
loaded from git in the same run, scanning the same texts with the terms and variants as plain
strings.

    .venv/bin/python benchmarks/guard_bench.py --runs 20
"""

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from review.guard import Located, scan_texts

OLD = "edc74df"  # main before the guard became a package
ROOT = Path(__file__).resolve().parent.parent

PARAGRAPH = (
    "The health visitor saw **Child A** at home and noted that the *weight* had dropped again; "
    "the record was shared with the GP and the MASH by letter, and the family were offered an "
    "appointment at the clinic the following week, which they did not attend. "
)
TYPOGRAPHIC = (
    "The panel’s view — shared by the GP’s practice manager — was that the “threshold” was "
    "applied too rigidly in March 2021; 14 contacts in 72 hours were screened. "
)
DATED = (
    "On 3 March 2022 the social worker visited with a colleague; 2 children were seen and "
    "the referral of 14/02/2022 was discussed with Mother, who agreed to a further visit. "
)
FIELD = (
    f"{PARAGRAPH}{DATED}\n\n- a first point about thresholds\n- a second point about DV\n\n"
    f"{PARAGRAPH}"
)
TYPO_FIELD = f"{PARAGRAPH}\n\n{TYPOGRAPHIC * 2}\n\n- a point about the MASH\n\n{PARAGRAPH}"


def plain(text: str) -> str:
    """Roughly what the rendered report's plain text is: the Markdown marks gone."""
    return text.replace("**", "").replace("*", "").replace("- ", "")


def texts() -> list[str]:
    out = [FIELD] * 5
    for n in range(80):
        field = TYPO_FIELD if n % 4 == 0 else FIELD
        out += [f"Episode {n + 1}: a referral closed after a single visit", "Police; CSC; HV; GP"]
        out += [field, field, field, PARAGRAPH, PARAGRAPH] + [PARAGRAPH] * 4
    for n in range(64):
        field = TYPO_FIELD if n % 4 == 0 else FIELD
        out += [PARAGRAPH, field, field, field, field]
        out += [f"How will the Board know {m}?" for m in range(3)]
    # A few details left in, as a draft has them: both guards must find the same number.
    out += [
        f"{PARAGRAPH}Realnamec Surnamec was seen; Nickd was not.",
        f"{PARAGRAPH}The family moved to NB1 2XY; NHS number 943 476 5919.",
        f"{DATED}Child B (born on 3 March 2015) and Realnameg attended.",
    ]
    return out


def located(strings: list[str]) -> list[Located]:
    return [Located("S", "F", s, "e", {}, "") for s in strings]


TERMS = [  # letters only, so that each part of a name is protected on its own too
    SimpleNamespace(term=f"Realname{c} Surname{c}", variants=[f"Nick{c}", f"Realnayme{c}"])
    for c in "abcdefghijklmnopqrst"
]
FLAT = [t.term for t in TERMS] + [v for t in TERMS for v in t.variants]
BOARD = ["Benchmark Safeguarding Children Partnership"]


def old_guard():
    source = subprocess.run(
        ["git", "show", f"{OLD}:review/guard.py"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "old_guard.py"
    path.write_bytes(source)
    spec = importlib.util.spec_from_file_location("old_guard", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_guard"] = module
    spec.loader.exec_module(module)
    return module


def timed(scan, items, terms, runs: int) -> tuple[list[float], list[float], int]:
    wall, cpu, hits = [], [], 0
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        hits = len(scan(items, terms, allowed_parts=BOARD))
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return wall, cpu, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    old = old_guard()
    markdown = texts()
    cases = {
        "as written (Markdown)": markdown,
        "as rendered (plain text)": list(map(plain, markdown)),
    }
    print(f"{len(markdown)} texts, {sum(map(len, markdown)):,} characters; 20 terms, 40 variants")
    print("| texts | guard | median | slowest | CPU median | hits |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, strings in cases.items():
        items = located(strings)
        for name, scan, terms in (("old", old.scan_texts, FLAT), ("new", scan_texts, TERMS)):
            wall, cpu, hits = timed(scan, items, terms, args.runs)
            print(
                f"| {label} | {name} | {statistics.median(wall) * 1000:.0f} ms "
                f"| {max(wall) * 1000:.0f} ms | {statistics.median(cpu) * 1000:.0f} ms | {hits} |"
            )


if __name__ == "__main__":
    main()
