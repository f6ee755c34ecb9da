"""Projections: a text as the scanner reads it (folded, and with markup as written or as
displayed), with a map from every projected offset back to the original text.

A projection is a list of segments. An *exact* segment is a run of plain ASCII, lower-cased
character for character, so its offsets map back by addition; any other segment (a folded
non-ASCII character, a decoded entity, a tag read as a word break) maps back as a whole to the
source it came from. Plain ASCII without markup, the usual case, is one exact segment: the
scanner does no work per character for it.
"""

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

from .folding import scan_char, scan_fold

_TAG = r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_TARGET = r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)"  # a link's address: not displayed
_AWAY = "*_~`\\[]"  # emphasis, code, escapes and link brackets: not displayed

#: As written, markup is a word break: a tag reads as a space, the rest as characters.
_WRITTEN = re.compile(
    rf"(?P<tag>{_TAG})|(?P<entity>{_ENTITY})|(?P<plain>[\x00-\x25\x27-\x3b\x3d-\x7f]+)|(?P<other>.)",
    re.DOTALL,
)
#: As displayed, markup is gone and joins what it split (“**Jay**den” reads “Jayden”).
_DISPLAYED = re.compile(
    rf"(?P<tag>{_TAG})|(?P<entity>{_ENTITY})|(?P<target>{_TARGET})"
    rf"|(?P<away>[{re.escape(_AWAY)}]+)"
    r"|(?P<plain>[\x00-\x25\x27-\x29\x2b-\x3b\x3d-\x5a\x5e\x61-\x7d\x7f]+)|(?P<other>.)",
    re.DOTALL,
)
_MARKUP = re.compile(r"[<&*_~`\\\[\]]")


@dataclass
class Projection:
    """The scanned text, and where each of its segments comes from in the original."""

    text: str
    starts: list[int] = field(default_factory=list)  # projected offset of each segment
    sources: list[tuple[int, int, bool]] = field(default_factory=list)  # (start, end, exact)

    def _at(self, offset: int) -> tuple[int, int, int, bool]:
        i = bisect_right(self.starts, offset) - 1
        return (self.starts[i], *self.sources[i])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the projected text[start:end]."""
        seg, a, _, exact = self._at(start)
        first = a + start - seg if exact else a
        seg, a, b, exact = self._at(end - 1)
        last = a + end - seg if exact else b
        return first, last


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.projection = Projection("")

    def add(self, chars: str, start: int, end: int, exact: bool) -> None:
        if chars:
            self.parts.append(chars)
            self.projection.starts.append(self.length)
            self.projection.sources.append((start, end, exact))
            self.length += len(chars)

    def widen(self, at: int) -> None:
        """A combining accent at `at` belongs to the letter before it: widen that letter."""
        p = self.projection
        if not p.sources or p.sources[-1][1] != at:
            return
        start, end, exact = p.sources[-1]
        if exact and end - start > 1:  # split the last letter off an exact run
            p.sources[-1] = (start, end - 1, True)
            p.starts.append(self.length - 1)
            p.sources.append((end - 1, at + 1, False))
        else:
            p.sources[-1] = (start, at + 1, False)

    def build(self) -> Projection:
        self.projection.text = "".join(self.parts)
        return self.projection


def is_plain(text: str) -> bool:
    """Plain ASCII without markup: written and displayed are the same, one exact segment."""
    return text.isascii() and not _MARKUP.search(text)


def project(text: str, *, displayed: bool) -> Projection:
    """The folded text as written (markup a word break) or as `displayed` (markup removed)."""
    if is_plain(text):
        return Projection(text.lower(), [0], [(0, len(text), True)])
    out = _Builder()
    for token in (_DISPLAYED if displayed else _WRITTEN).finditer(text):
        kind, start, end = token.lastgroup, token.start(), token.end()
        if kind == "plain":
            out.add(token.group().lower(), start, end, True)
        elif kind == "tag" and not displayed:
            out.add(" ", start, end, False)
        elif kind == "entity":
            out.add(scan_fold(html.unescape(token.group())), start, end, False)
        elif kind == "other":
            char = token.group()
            if char.isascii():
                out.add(char.lower(), start, end, True)
            elif unicodedata.combining(char):
                out.widen(start)
            else:
                out.add(scan_char(char), start, end, False)
    return out.build()
