"""Look-alike letters from other scripts (Unicode TR39 confusables), so “Jаyden” with a Cyrillic
“а” is still “Jayden”.

The data is Unicode's `confusables.txt` as shipped by the `confusable-homoglyphs` package (its
`confusables.json` pairs each character with the characters it is confusable with, in both
directions). TR39 maps each confusable *source* to one *prototype*, and a prototype is never a
source itself; so in that symmetric data a character with one partner is a source, and a
character with several partners (or a string of several characters) is a prototype. A pair
that is only confusable with each other is one class either way: the ASCII member (else the
lower code point) is taken as its prototype. The map is built once, at import.

Only letters outside ASCII are mapped, to the ASCII letter of their class: plain ASCII text is
never changed (so “rn” stays “rn” and “1” stays “1”, and an ASCII text needs no mapping at all),
and punctuation such as “—” or “•” is left alone.
"""

import json
import unicodedata
from functools import cache, lru_cache
from importlib.resources import files

_MARKS = dict.fromkeys(map(ord, "\u200e\u200f"))  # direction marks around right-to-left examples


def _load() -> dict[str, set[str]]:
    raw = json.loads(files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    partners: dict[str, set[str]] = {}
    for key, entries in raw.items():
        key = key.translate(_MARKS)
        partners.setdefault(key, set()).update(e["c"].translate(_MARKS) for e in entries)
    return partners


def _is_source(char: str, target: str, partners: dict[str, set[str]]) -> bool:
    """Whether `char` (with the single partner `target`) maps to `target` rather than back."""
    if len(target) != 1 or len(partners.get(target, ())) != 1:
        return True  # the target is a string, or the prototype of several sources
    if char.isascii() != target.isascii():
        return target.isascii()
    return ord(target) < ord(char)


@cache
def prototypes() -> dict[str, str]:
    """Each confusable source character and its TR39 prototype."""
    partners = _load()
    return {
        char: next(iter(found))
        for char, found in partners.items()
        if len(char) == 1 and len(found) == 1 and _is_source(char, next(iter(found)), partners)
    }


@cache
def _ascii_of() -> dict[str, str]:
    """Each prototype of an ASCII letter, and that letter in lower case (“rn” → “m”)."""
    table = prototypes()
    found: dict[str, str] = {}
    # Later wins: a lower-case letter over an upper-case one, over a digit (“l” is “l”, not “1”).
    for char in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        found[table.get(char, char)] = char.lower()
    return found


@lru_cache(maxsize=8192)
def look_alike(char: str, original: str = "") -> str:
    """The ASCII letter a non-ASCII letter looks like, or the letter itself.

    `char` is the letter already lower-cased; `original` is it as written, tried second (a
    Cyrillic capital “Н” looks like “H”, its small letter “н” like a small capital).
    """
    if char.isascii() or not unicodedata.category(char).startswith("L"):
        return char
    table, ascii_of = prototypes(), _ascii_of()
    for candidate in (char, original):
        if candidate and (letter := ascii_of.get(table.get(candidate, ""))):
            return letter
    return char


prototypes()  # load at import, not in the first request
