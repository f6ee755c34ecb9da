"""The guard's probe suite (every class of identifying detail that must be caught) and its
false-alarm suite (ordinary report prose that must pass clean), both kept as data."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from review.guard import Scanner, find_identifiers

DATA = Path(__file__).parent / "data"
SUITE = json.loads((DATA / "guard-probes.json").read_text("utf-8"))
TERMS = [
    SimpleNamespace(term=t["term"], variants=t["variants"]) if isinstance(t, dict) else t
    for t in SUITE["terms"]
]
ALLOWED = SUITE["allowed_parts"]
PROBES = [
    pytest.param(text, expected, reason, id=f"{kind}: {text}")
    for kind, probes in SUITE["probes"].items()
    for text, expected, reason in probes
]
SENTENCES = [
    line
    for line in (DATA / "guard-false-alarms.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


@pytest.mark.parametrize("text, expected, reason", PROBES)
def test_probe_is_caught(text, expected, reason):
    matches = find_identifiers(text, TERMS, allowed_parts=ALLOWED)
    assert [(m.found, m.reason) for m in matches] == [(expected, reason)]
    assert text[matches[0].start : matches[0].end] == expected


@pytest.mark.parametrize("text", SENTENCES)
def test_ordinary_prose_passes_clean(text):
    assert find_identifiers(text, TERMS, allowed_parts=ALLOWED) == []


def test_the_suites_are_big_enough():
    assert len(SENTENCES) >= 50
    assert all(len(probes) >= 4 for probes in SUITE["probes"].values())


def test_all_probes_in_one_text_keep_their_offsets():
    """The probes joined into one text (with Markdown around some) are all found, each at
    offsets that give back what was written."""
    texts = [text for text, _, _ in (p.values for p in PROBES)]
    text = "\n\n".join(f"**{t}**" if n % 3 == 0 else t for n, t in enumerate(texts))
    matches = Scanner(TERMS, ALLOWED).find(text)
    assert {m.found for m in matches} >= {expected for _, expected, _ in (p.values for p in PROBES)}
    for m in matches:
        assert text[m.start : m.end] == m.found
