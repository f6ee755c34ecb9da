"""A review's publication: exactly what its Word report and 7-minute briefing publish.

Outside a review's team and its Board, people see this and nothing else (the reading view, the
publication downloads, the search index's documents of published reviews). So there is one
scan of identifying details, `publication_hits`, over every string of both documents as they
would be exported for publication: the blocks' texts, the strings drawn into figures (lane
labels, captions, alt text), headers, footers, the names printed for the lead reviewers and
the document properties. Sign-off, publication, the publication exports, the reading view and
the "Check for identifying details" page all call it, so they cannot disagree.

Scanning is content-addressed: each text's matches are cached on the text and the review's
protected terms, so a page that checks an unchanged review pays only for building its blocks.
"""

from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from flask import current_app

from ..guard import Hit, Located, Scanner
from ..guard.scan import located_hits
from ..models import Review
from .builders import build, preload_records
from .document import Document

KINDS = ("report", "briefing")
#: where a text with no form of its own is put right: the review's home page
FALLBACK_ENDPOINT = "reviews.show"


def documents(review: Review, config: Mapping | None = None) -> list[Document]:
    """The report and the briefing as they would be published (never marked draft)."""
    config = current_app.config if config is None else config
    preload_records(review)
    return [build(review, kind, draft=False, config=config, preload=False) for kind in KINDS]


def located(review: Review, docs: list[Document]) -> list[Located]:
    """Every distinct string of the documents, with the form that changes it when a person
    wrote it (else the review's home page), and the file name's pseudonym."""
    seen: set = set()
    items: list[Located] = []

    def add(item: Located) -> None:
        key = (item.endpoint, tuple(sorted(item.params.items())), item.anchor, item.text)
        if item.text and item.text.strip() and key not in seen:
            seen.add(key)
            items.append(item)

    home = {"review_id": review.id}
    for doc in docs:
        for section, text in doc.all_strings():
            s = text.source
            if s is None:
                add(Located(section, "Report wording", text.plain, FALLBACK_ENDPOINT, home))
            else:
                add(Located(s.section, s.field, text.plain, s.endpoint, s.params, s.anchor))
    add(Located("File name", "Pseudonym", review.subject_pseudonym, "reviews.edit", home,
                "subject_pseudonym"))  # fmt: skip
    return items


class _Term(NamedTuple):
    """A protected term and its variants, hashable (the scanner is cached on them)."""

    term: str
    variants: tuple[str, ...]


def protected_terms(review: Review) -> tuple[_Term, ...]:
    """The review's protected terms as the scanner takes them, each with its variants."""
    found = []
    for t in review.protected_terms:
        variants = getattr(t, "variants", None) or ()
        if isinstance(variants, str):
            variants = variants.splitlines()
        found.append(_Term(t.term, tuple(v.strip() for v in variants if v.strip())))
    return tuple(found)


def allowed_parts(review: Review) -> tuple[str, ...]:
    """The report names its Board: words of the Board's name are not protected as parts."""
    return (review.board.name,) if review.board else ()


def scan(review: Review, items: list[Located]) -> list[Hit]:
    """Identifying details in located texts, against the review's protected terms."""
    key = (protected_terms(review), allowed_parts(review))
    return [hit for item in items for hit in located_hits(item, _matches(key, item.text))]


def publication_hits(review: Review, config: Mapping | None = None) -> list[Hit]:
    """Every identifying detail in the review's publication: empty means it may be published."""
    return checked(review, config)[1]


def checked(review: Review, config: Mapping | None = None) -> tuple[list[Document], list[Hit]]:
    """The publication's documents (report, briefing) and the identifying details in them: an
    export renders the very document that was scanned."""
    docs = documents(review, config)
    return docs, scan(review, located(review, docs))


@lru_cache(maxsize=64)
def _scanner(key) -> Scanner:
    terms, allowed = key
    return Scanner(terms, allowed_parts=allowed)


@lru_cache(maxsize=50_000)
def _matches(key, text: str) -> tuple:
    return tuple(_scanner(key).find(text))
