"""The scan itself: every rule over a text's projections, matches mapped back to the original."""

from collections.abc import Iterable
from dataclasses import dataclass

from .folding import _project
from .patterns import PATTERN_RULES
from .terms import _term_rules


@dataclass(frozen=True)
class Match:
    """One identifying detail in a text: where it is (offsets into the original text), what was
    found there, and why it is flagged."""

    start: int
    end: int
    found: str
    reason: str


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
    """The rules for one list of protected terms, compiled once for many texts."""

    def __init__(self, protected: Iterable[str] = (), *, allowed_parts: Iterable[str] = ()):
        self.rules = [*_term_rules(protected, allowed_parts), *PATTERN_RULES]

    def find(self, text: str) -> list[Match]:
        if not text or not text.strip():
            return []
        written = _project(text, joined=False)
        displayed = _project(text, joined=True)
        projections = [written] if displayed.text == written.text else [written, displayed]
        candidates: list[tuple[int, int, int, str, str]] = []
        for projection in projections:
            for rule in self.rules:
                for found in rule.regex.finditer(projection.text):
                    a, b = found.span(rule.group)
                    if a < 0 or a == b:
                        continue
                    if rule.check and not rule.check(found.group(rule.group)):
                        continue
                    start, end = projection.span(a, b)
                    candidates.append((start, end, rule.priority, rule.kind, rule.reason))
        kept: list[tuple[int, int, int, str, str]] = []
        for start, end, priority, kind, reason in sorted(
            set(candidates), key=lambda c: (c[0], c[0] - c[1], c[2], c[4])
        ):
            if any(k[3] == kind and k[0] <= start and end <= k[1] for k in kept):
                continue
            kept.append((start, end, priority, kind, reason))
        return [Match(s, e, text[s:e], reason) for s, e, _, _, reason in kept]


def find_identifiers(
    text: str, protected: Iterable[str] = (), *, allowed_parts: Iterable[str] = ()
) -> list[Match]:
    """Every identifying detail in `text`, in order: protected terms and the patterns.

    Words of `allowed_parts` (e.g. the Board's name) are not protected as parts of a term.
    """
    return Scanner(protected, allowed_parts=allowed_parts).find(text)


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
    items: Iterable[Located], protected: Iterable[str] = (), *, allowed_parts: Iterable[str] = ()
) -> list[Hit]:
    """Every identifying detail in the located texts, each with where to put it right."""
    scanner = Scanner(protected, allowed_parts=allowed_parts)
    hits = []
    for item in items:
        for match in scanner.find(item.text):
            hits.append(
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
            )
    return hits
