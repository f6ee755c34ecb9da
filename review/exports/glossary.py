"""The glossary appendix: the shipped acronyms (data/glossary.json) that a document uses."""

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources


@cache
def shipped_glossary() -> dict[str, str]:
    """Acronym -> meaning, as shipped with the package."""
    text = resources.files("review").joinpath("data/glossary.json").read_text("utf-8")
    return json.loads(text)


@cache
def _pattern() -> re.Pattern:
    # Longest first, so that "CSPR" is not read as "CSP"; a plural "s" is allowed ("GPs").
    terms = sorted(shipped_glossary(), key=len, reverse=True)
    alternatives = "|".join(re.escape(t) for t in terms)
    return re.compile(rf"(?<![\w&])({alternatives})s?(?![\w&])")


def acronyms_used(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(acronym, meaning) for each shipped acronym that occurs in the texts, alphabetically."""
    found = set(_pattern().findall("\n".join(texts)))  # one pass: a large report has 5,000 texts
    glossary = shipped_glossary()
    return [(term, glossary[term]) for term in sorted(found, key=str.lower)]
