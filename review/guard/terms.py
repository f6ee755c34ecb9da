"""Protected-term rules: a whole term, and the distinctive parts of a multi-word term."""

import re
from collections.abc import Iterable
from functools import lru_cache

from .folding import fold, term_key
from .patterns import AFTER, BEFORE, TERM_GLUE, _Rule

#: Parts of a multi-word term that are not protected on their own (see the module docstring).
_COMMON_WORDS = """
    a an and at by for from in into of on or the to with de del della der di du la le les van
    von y mr mrs ms miss mx dr st saint sir
    road rd street lane ln avenue ave close drive dr way court ct place pl crescent cres
    gardens gdns grove terrace square sq mews walk row hill park green view rise vale end
    house flat flats apartment apartments estate block floor lodge cottage farm
    north south east west upper lower new old great little
    school primary secondary academy college nursery infant infants junior juniors high
    church ce cofe rc catholic community centre center children family
    hospital surgery practice medical health clinic
    mother father mum dad child baby brother sister aunt uncle grandmother grandfather
    nan gran partner son daughter
"""
COMMON_WORDS = frozenset(_COMMON_WORDS.split())


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _term_regex(folded: str) -> re.Pattern | None:
    words = re.findall(r"[^\W_]+", folded)
    if sum(len(w) for w in words) < 2:
        return None
    return _compile(BEFORE + TERM_GLUE.join(re.escape(w) for w in words) + AFTER)


def _parts(folded: str) -> list[str]:
    """The words of a term that are protected on their own (see the module docstring): a
    hyphenated name is a part, and so is each of its halves."""
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


def _term_rules(protected: Iterable[str], allowed_parts: Iterable[str] = ()) -> list[_Rule]:
    allowed = {fold(word) for text in allowed_parts for word in re.findall(r"[^\W_]+", text)}
    wholes: list[_Rule] = []
    parts: list[_Rule] = []
    seen: set[str] = set()
    for raw in protected:
        term = " ".join(str(raw).split())
        key = term_key(term)
        regex = _term_regex(key)
        if regex is None or key in seen:
            continue
        seen.add(key)
        wholes.append(_Rule(regex, f"protected term “{term}”", "protected"))
        pieces = _parts(key)
        if len(pieces) == 1 and pieces[0] == key:
            continue
        for piece in pieces:
            if piece in allowed:
                continue
            if (piece_regex := _term_regex(piece)) is not None:
                parts.append(_Rule(piece_regex, f"part of protected term “{term}”", "protected", 1))
    return wholes + parts
