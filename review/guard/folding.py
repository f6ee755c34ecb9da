"""Folding and projection: what counts as the same letter, and the text as a reader sees it."""

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

APOSTROPHES = "\u2019\u2018\u02bc\u2032\u00b4\uff07"
HYPHENS = "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")
LETTERS = {"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ı": "i"}


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """One character as the scanner compares it: lower case, no accents, plain punctuation."""
    if char in INVISIBLE:
        return ""
    if char in APOSTROPHES:
        return "'"
    if char in HYPHENS:
        return "-"
    folded = _strip_marks(_strip_marks(char).casefold())
    return "".join(LETTERS.get(c, c) for c in folded)


def fold(text: str) -> str:
    """The text as the scanner compares it (case, accents, apostrophes and hyphens folded)."""
    return "".join(_fold_char(c) for c in text)


def term_key(term: str) -> str:
    """What makes two protected terms the same: “Zoë  O’Neill” and “zoe o'neill” are one."""
    return " ".join(fold(term).split())


# Projections: the text as scanned, with a map back to the original ------------------------


@dataclass
class _Projection:
    text: str
    starts: list[int]  # for each character of `text`: where its source starts in the original
    ends: list[int]  # ... and where it ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


_MARKUP = re.compile(
    r"(?P<tag></?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<target>\]\([^()\s]*(?:\s+\"[^\"]*\")?\))"
)
_JOINED_AWAY = frozenset("*_~`\\[]")  # emphasis, code, escapes and link brackets


def _project(text: str, *, joined: bool) -> _Projection:
    """The folded text; with `joined`, Markdown and HTML markup removed as a reader sees it."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(chars: str, start: int, end: int) -> None:
        for c in chars:
            out.append(c)
            starts.append(start)
            ends.append(end)

    i = 0
    while i < len(text):
        char = text[i]
        markup = _MARKUP.match(text, i) if char in "<&]" else None
        if markup and markup.lastgroup == "tag":
            if not joined:
                emit(" ", i, markup.end())  # a tag breaks words as written
            i = markup.end()
            continue
        if markup and markup.lastgroup == "entity":
            decoded = html.unescape(markup.group())
            emit(fold(decoded), i, markup.end())
            i = markup.end()
            continue
        if markup and markup.lastgroup == "target" and joined:
            i = markup.end()  # a link's address is not displayed (it is scanned as written)
            continue
        if unicodedata.combining(char):
            # A combining accent belongs to the letter before it: widen that letter's span.
            j = len(out) - 1
            while j >= 0 and ends[j] == i:
                ends[j] = i + 1
                j -= 1
            i += 1
            continue
        if not (joined and char in _JOINED_AWAY):
            emit(_fold_char(char), i, i + 1)
        i += 1
    return _Projection("".join(out), starts, ends)
