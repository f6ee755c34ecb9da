"""The scan itself: every rule over a text's projections, matches mapped back to the original."""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .patterns import PATTERN_RULES, digit_windows
from .projection import Projection, is_plain, project
from .terms import TermMatcher

#: (start, end, priority, kind, reason) of a match, offsets into the original text
Candidate = tuple[int, int, int, str, str]


@dataclass(frozen=True)
class Match:
    """One identifying detail in a text: where it is (offsets into the original text), what was
    found there, and why it is flagged."""

    start: int
    end: int
    found: str
    reason: str

    @property
    def detail(self) -> str:
        """Why it is flagged and what was found, for a list of hits: the words found are
        quoted after the reason unless the reason already quotes exactly them (a whole
        protected term is named once: "protected term “Jayden Smith”")."""
        quoted = f"“{' '.join(self.found.split())}”"
        return self.reason if quoted in self.reason else f"{self.reason} {quoted}"


@dataclass(frozen=True)
class Located:
    """A text a report may contain, with where it sits in the report (section and field) and
    the page that changes it (an endpoint, its arguments and the form field as anchor)."""

    section: str
    field: str
    text: str
    endpoint: str
    params: dict
    anchor: str = ""


@dataclass(frozen=True)
class Hit:
    """A match in a located text, with a short excerpt around it (for the review's editors)."""

    section: str
    field: str
    text: str
    endpoint: str
    params: dict
    anchor: str
    match: Match
    excerpt: str


class Scanner:
    """The rules for one list of protected terms, compiled once for many texts.

    `protected` holds strings, or rows with `.term` and `.variants` (ProtectedTerm).
    """

    def __init__(self, protected: Iterable[Any] = (), allowed_parts: Iterable[str] = ()):
        self.terms = TermMatcher(protected, allowed_parts)
        self.rules = PATTERN_RULES

    def _candidates(self, text: str, projection: Projection) -> Iterator[Candidate]:
        for a, b, priority, reason in self.terms.find(projection.text):
            yield (*projection.span(a, b), priority, "protected", reason)
        scanned = projection.text
        gates: dict[re.Pattern, bool] = {}
        windows = None
        for rule in self.rules:
            if rule.gate is not None:
                if rule.gate not in gates:
                    gates[rule.gate] = rule.gate.search(scanned) is not None
                if not gates[rule.gate]:
                    continue
            if rule.near_digits:
                windows = digit_windows(scanned) if windows is None else windows
                spans = windows
            else:
                spans = [(0, len(scanned))]
            for found in (f for a, b in spans for f in rule.regex.finditer(scanned, a, b)):
                a, b = found.span(rule.group)
                if a < 0 or a == b:
                    continue
                if rule.check and not rule.check(found.group(rule.group)):
                    continue
                if rule.cue and not rule.cue(text[slice(*projection.span(*found.span()))]):
                    continue
                yield (*projection.span(a, b), rule.priority, rule.kind, rule.reason)

    def find(self, text: str) -> list[Match]:
        """Every identifying detail in `text`, in order, with offsets into `text`."""
        if not text or not text.strip():
            return []
        written = project(text, displayed=False)
        displayed = written if is_plain(text) else project(text, displayed=True)
        projections = [written] if displayed.text == written.text else [written, displayed]
        candidates = {c for p in projections for c in self._candidates(text, p)}
        kept: list[Candidate] = []
        for start, end, priority, kind, reason in sorted(
            candidates, key=lambda c: (c[0], c[0] - c[1], c[2], c[4])
        ):
            if any(k[3] == kind and k[0] <= start and end <= k[1] for k in kept):
                continue
            kept.append((start, end, priority, kind, reason))
        return [Match(s, e, text[s:e], reason) for s, e, _, _, reason in kept]


def find_identifiers(
    text: str, protected: Iterable[Any] = (), *, allowed_parts: Iterable[str] = ()
) -> list[Match]:
    """Every identifying detail in `text`, in order: protected terms and the patterns.

    Words of `allowed_parts` (e.g. the Board's name) are not protected as parts of a term.
    """
    return Scanner(protected, allowed_parts).find(text)


def excerpt(text: str, start: int, end: int, width: int = 40) -> str:
    """A short, one-line extract around text[start:end], cut at word boundaries."""
    a, b = max(0, start - width), min(len(text), end + width)
    if a > 0:
        space = text.find(" ", a, start)
        a = space + 1 if space >= 0 else a
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space >= 0 else b
    middle = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + middle + ("…" if b < len(text) else "")


def scan_texts(
    items: Iterable[Located], protected: Iterable[Any] = (), allowed_parts: Iterable[str] = ()
) -> list[Hit]:
    """Every identifying detail in the located texts, each with where to put it right.

    `protected` holds strings or ProtectedTerm-like rows (`.term`, `.variants`); words of
    `allowed_parts` (the Board's name) are not protected as parts of a term.
    """
    scanner = Scanner(protected, allowed_parts)
    return [hit for item in items for hit in located_hits(item, scanner.find(item.text))]


def located_hits(item: Located, matches: Iterable[Match]) -> list[Hit]:
    """The matches found in one located text, as hits with where to put them right."""
    return [
        Hit(
            section=item.section,
            field=item.field,
            text=item.text,
            endpoint=item.endpoint,
            params=item.params,
            anchor=item.anchor,
            match=match,
            excerpt=excerpt(item.text, match.start, match.end),
        )
        for match in matches
    ]
