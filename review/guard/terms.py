"""Protected-term rules: every term, its variants and their distinctive parts, compiled into one
alternation that a text is searched with once.

A protected term is a string, a (term, variants) pair, or a row with `.term` and `.variants` (a
list, or one variant a line): each variant is protected like the term. Terms are compared as
the scanner folds text (case, accents, apostrophes, look-alike letters), whole words only, with
flexible spaces, hyphens and full stops between their words; a plural or possessive written
without the apostrophe (“Smiths”, “St Aidans”, “Joneses”) is the same word.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .folding import scan_fold
from .patterns import AFTER, TERM_GLUE

_WORD = re.compile(r"[^\W_]+")
_GLUE = re.compile(r"[\s'\-.,]+")


def _common_words() -> frozenset[str]:
    text = resources.files("review").joinpath("data/common-words.txt").read_text("utf-8")
    lines = (line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return frozenset(word for line in lines for word in line.split())


#: Parts of a multi-word term that are not protected on their own (data/common-words.txt).
COMMON_WORDS = _common_words()


def _suffix(word: str) -> str:
    """The plural (or apostrophe-less possessive) ending a word may take: “Joneses”, “Smiths”."""
    if not word.isalpha():
        return ""
    return "es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s"


def _parts(folded: str) -> list[str]:
    """The words of a term that are protected on their own: a hyphenated name is a part, and
    so is each of its halves; common words and words with digits are not."""
    parts = []
    for chunk in re.split(r"[\s,/.()&;:+]+", folded):
        chunk = chunk.strip("-")
        halves = chunk.split("-")
        for part in [chunk, *halves] if len(halves) > 1 else halves:
            part = re.sub(r"'s?$", "", part.strip("'"))  # “Mary's” also protects “Mary”
            letters = re.sub(r"['\-]", "", part)
            if len(letters) >= 2 and letters.isalpha() and part not in COMMON_WORDS:
                parts.append(part)
    return parts


def _term_and_variants(item: Any) -> tuple[str, list[str]]:
    """A protected term as given: a string, a (term, variants) pair, or a row with `.term`
    and `.variants` (a list, or one variant a line)."""
    if isinstance(item, tuple | list):
        term, variants = item
    else:
        term, variants = getattr(item, "term", item), getattr(item, "variants", None)
    variants = variants or []
    return str(term), variants.splitlines() if isinstance(variants, str) else list(variants)


@dataclass(frozen=True)
class _Entry:
    words: tuple[str, ...]
    priority: int  # at the same span, the lower wins: term, variant, part, part of a variant
    reason: str

    @property
    def key(self) -> str:
        return "".join(self.words)

    @property
    def pattern(self) -> str:
        body = TERM_GLUE.join(re.escape(w) for w in self.words)
        suffix = _suffix(self.words[-1])
        return f"{body}(?:{suffix})?" if suffix else body


def _alternation(patterns: list[str]) -> re.Pattern | None:
    """One regex for all the patterns (longest first), whole words only.

    The alternatives are grouped by their first letter, and the word boundary is checked after
    it: so the regex starts with a set of letters, which the engine skips to, rather than with
    a look-behind tried at every position (about four times faster on a long report).
    """
    if not patterns:
        return None
    groups: dict[str, list[str]] = {}
    for pattern in patterns:
        groups.setdefault(pattern[0], []).append(pattern[1:])
    branches = (
        f"{first}(?<![^\\W_]{first})(?:{'|'.join(rests)})" for first, rests in groups.items()
    )
    return re.compile(f"(?:{'|'.join(branches)}){AFTER}")


class TermMatcher:
    """All protected terms of a review as one compiled alternation."""

    def __init__(self, protected: Iterable[Any] = (), allowed_parts: Iterable[str] = ()):
        allowed = {w for text in allowed_parts for w in _WORD.findall(scan_fold(text))}
        entries: dict[tuple[tuple[str, ...], str], _Entry] = {}
        wholes: set[tuple[str, ...]] = set()

        def add(text: str, priority: int, reason: str, part_reason: str) -> None:
            folded = " ".join(scan_fold(text).split())
            words = tuple(_WORD.findall(folded))
            if sum(map(len, words)) < 2 or words in wholes:
                return  # too short, or the same as a term (or variant) already listed
            wholes.add(words)
            entries.setdefault((words, reason), _Entry(words, priority, reason))
            pieces = _parts(folded)
            if pieces == [folded]:
                return
            for piece in pieces:
                piece_words = tuple(_WORD.findall(piece))
                if piece not in allowed and sum(map(len, piece_words)) >= 2:
                    entries.setdefault(
                        (piece_words, part_reason), _Entry(piece_words, priority + 2, part_reason)
                    )

        for item in protected:
            term, variants = _term_and_variants(item)
            term = " ".join(term.split())
            add(term, 0, f"protected term “{term}”", f"part of protected term “{term}”")
            for raw in variants:
                variant = " ".join(raw.split())
                of = f"variant “{variant}” of protected term “{term}”"
                add(variant, 1, of, f"part of {of}")
        self._by_key: dict[str, list[_Entry]] = {}
        for entry in entries.values():
            self._by_key.setdefault(entry.key, []).append(entry)
        ordered = sorted(
            {e.pattern: e for e in entries.values()}.values(),
            key=lambda e: (-len(e.words), -len(e.key), e.key),
        )
        self.regex = _alternation([e.pattern for e in ordered])

    def _best(self, found: str) -> _Entry:
        key = _GLUE.sub("", found)
        candidates = list(self._by_key.get(key, ()))
        for ending in ("s", "es"):
            if key.endswith(ending):
                stem = self._by_key.get(key[: -len(ending)], ())
                candidates += [e for e in stem if _suffix(e.words[-1]) == ending]
        return min(candidates, key=lambda e: (e.priority, e.reason))

    def find(self, text: str) -> list[tuple[int, int, int, str]]:
        """(start, end, priority, reason) of each term found in the projected `text`; a search
        resumes inside the last match, so a term starting within another is found too."""
        if self.regex is None:
            return []
        found = []
        position = 0
        while match := self.regex.search(text, position):
            entry = self._best(match.group())
            found.append((match.start(), match.end(), entry.priority, entry.reason))
            position = match.start() + 1
        return found
