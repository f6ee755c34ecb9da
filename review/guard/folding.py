"""Folding: what counts as "the same letter" when a text is compared with a protected term."""

import unicodedata
from functools import lru_cache

from .confusables import look_alike

APOSTROPHES = "\u2019\u2018\u02bc\u2032\u00b4\uff07"
HYPHENS = "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")
LETTERS = {"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ı": "i"}


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """One character as a term is keyed: lower case, no accents, plain punctuation."""
    if char in INVISIBLE:
        return ""
    if char in APOSTROPHES:
        return "'"
    if char in HYPHENS:
        return "-"
    folded = _strip_marks(_strip_marks(char).casefold())
    return "".join(LETTERS.get(c, c) for c in folded)


@lru_cache(maxsize=8192)
def scan_char(char: str) -> str:
    """One character as the scanner compares it: folded, and a look-alike letter from another
    script taken as the ASCII letter it looks like (TR39 confusables)."""
    folded = _fold_char(char)
    if folded.isascii():
        return folded
    original = char if len(folded) == 1 else ""
    return "".join(look_alike(c, original) for c in folded)


def fold(text: str) -> str:
    """The text as a term is keyed (case, accents, apostrophes and hyphens folded)."""
    return "".join(_fold_char(c) for c in text)


def scan_fold(text: str) -> str:
    """The text as the scanner compares it: `fold`, and look-alike letters taken as ASCII."""
    if text.isascii():
        return text.lower()
    return "".join(scan_char(c) for c in text if not unicodedata.combining(c))


def term_key(term: str) -> str:
    """What makes two protected terms the same: “Zoë  O’Neill” and “zoe o'neill” are one."""
    return " ".join(fold(term).split())


def look_alike_key(term: str) -> str:
    """What makes two protected terms look the same to a reader, and to the scan: their keys
    with look-alike letters from other scripts read as ASCII (“Jаyden” typed with a Cyrillic
    “а” is “Jayden”)."""
    return " ".join(scan_fold(term).split())
