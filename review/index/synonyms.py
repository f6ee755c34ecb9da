"""Acronyms and practice concepts: the words a document is also found by, added at index time.

Both lists are taxonomies an admin edits. An acronym ("DV") stands for its meanings
("domestic violence; domestic abuse"); a practice concept is a group of phrases that say the
same thing in different reviews ("was not brought; did not attend; missed appointments").
A document that uses any of them gets all of them in its `expansions` field, so a query
needs no expansion of its own and works the same on every engine.
"""

import re
from functools import lru_cache

from sqlalchemy import select

from ..extensions import db
from ..models import TaxonomyKind, TaxonomyTerm
from .fields import stems


def _alternatives(description: str) -> list[str]:
    return [e.strip() for e in description.split(";") if e.strip()]


def acronyms() -> dict[str, list[str]]:
    """The admin-editable acronym list: "DV" -> ["domestic violence", "domestic abuse"]."""
    rows = db.session.scalars(
        select(TaxonomyTerm).where(
            TaxonomyTerm.kind == TaxonomyKind.ACRONYM, TaxonomyTerm.active.is_(True)
        )
    )
    return {t.label.strip(): _alternatives(t.description) for t in rows}


def concepts() -> list[tuple[str, ...]]:
    """The admin-editable practice concepts, each a group of equivalent phrases."""
    rows = db.session.scalars(
        select(TaxonomyTerm).where(
            TaxonomyTerm.kind == TaxonomyKind.CONCEPT, TaxonomyTerm.active.is_(True)
        )
    )
    return [tuple(dict.fromkeys([t.label.strip(), *_alternatives(t.description)])) for t in rows]


class Synonyms:
    """Both lists, loaded once per batch of documents, with what matching them needs."""

    def __init__(self, acronym_table: dict[str, list[str]], concept_groups: list[tuple[str, ...]]):
        self.acronyms = acronym_table
        self.concepts = concept_groups
        self._items = _acronym_items(acronym_table)
        self._groups = tuple(concept_groups)

    @classmethod
    def load(cls) -> "Synonyms":
        return cls(acronyms(), concepts())

    def expansions(self, text: str) -> str:
        """Every acronym, meaning and concept phrase the text implies, one per line."""
        return "\n".join(
            dict.fromkeys(
                [*_acronym_expansions(text, self._items), *_concept_expansions(text, self._groups)]
            )
        )


def _acronym_items(table: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((a, tuple(ms)) for a, ms in sorted(table.items()))


@lru_cache(maxsize=8)
def _patterns(items: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[re.Pattern, re.Pattern]:
    """One regex for every acronym (as written, in capitals) and one for every meaning."""
    written = "|".join(re.escape(a) for a, _ in sorted(items, key=lambda i: -len(i[0])))
    meanings = "|".join(re.escape(m.lower()) for _, ms in items for m in ms)
    return (
        re.compile(rf"(?<![\w&])(?:{written})(?![\w&])"),
        re.compile(meanings or r"(?!)"),
    )


@lru_cache(maxsize=8)
def _lowered(items: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(m.lower() for m in meanings) for _, meanings in items)


def acronym_expansions(text: str, table: dict[str, list[str]]) -> list[str]:
    """The meanings of every acronym in the text, and the acronym of every meaning in it,
    so that "DV" finds "domestic abuse" and the other way round."""
    return _acronym_expansions(text, _acronym_items(table))


def _acronym_expansions(text: str, items: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    if not items:
        return []
    acronym_re, meaning_re = _patterns(items)
    written = set(acronym_re.findall(text))
    meant = set(meaning_re.findall(text.lower()))
    found = []
    for (acronym, meanings), lowered in zip(items, _lowered(items), strict=True):
        if acronym in written or not meant.isdisjoint(lowered):
            found.append(acronym)
            found.extend(meanings)
    return found


ARTICLES = {"a", "an", "the"}


def _words(text: str) -> list[str]:
    """Stemmed words without articles: "bed sharing with the baby" -> bed share with babi."""
    return [w for w in stems(text) if w not in ARTICLES]


@lru_cache(maxsize=8)
def _phrase_index(groups: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[tuple, int]]]:
    """Each concept phrase as stemmed words, filed under its first word: first word ->
    [(the other words, the group's number)]."""
    index: dict[str, list[tuple[tuple, int]]] = {}
    for number, group in enumerate(groups):
        for phrase in group:
            words = _words(phrase)
            if words:
                index.setdefault(words[0], []).append((tuple(words[1:]), number))
    return index


def concept_expansions(text: str, groups: list[tuple[str, ...]]) -> list[str]:
    """The phrases of every concept the text uses in any of its wordings.

    Phrases are compared word by word after stemming, so "missed appointments" also matches
    "missed appointment" and "Missing appointments" would not match "missed" by accident.
    """
    return _concept_expansions(text, tuple(groups))


def _concept_expansions(text: str, groups: tuple[tuple[str, ...], ...]) -> list[str]:
    """One pass over the text's words, looking up the phrases that start with each one (it
    was one substring search of the whole text per phrase: a third of building documents)."""
    if not groups:
        return []
    index = _phrase_index(groups)
    words = _words(text)
    found: set[int] = set()
    for at, word in enumerate(words):
        for rest, number in index.get(word, ()):
            if number not in found and tuple(words[at + 1 : at + 1 + len(rest)]) == rest:
                found.add(number)
    return [phrase for number in sorted(found) for phrase in groups[number]]
