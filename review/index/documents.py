"""Index documents built from the database as plain dicts, before the commit that saves them."""

import re
import time
from collections.abc import Iterable
from functools import lru_cache
from html.parser import HTMLParser

import markdown as md
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    CaseGroupMember,
    ContributoryFactor,
    Finding,
    KeyPracticeEpisode,
    Review,
    ReviewStatus,
    TaxonomyKind,
    TaxonomyTerm,
)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_endtag(self, tag):
        self.parts.append("\n" if tag in {"p", "li", "h1", "h2", "h3", "h4"} else "")


def plain_text(markdown_text: str | None) -> str:
    """The words of a Markdown field without its markup, so highlights show what people read."""
    if not markdown_text:
        return ""
    parser = _Text()
    parser.feed(md.markdown(markdown_text))
    return re.sub(r"[ \t]+", " ", "".join(parser.parts)).strip()


def acronyms() -> dict[str, list[str]]:
    """The admin-editable acronym list: "DV" -> ["domestic violence", "domestic abuse"]."""
    rows = db.session.scalars(
        select(TaxonomyTerm).where(
            TaxonomyTerm.kind == TaxonomyKind.ACRONYM, TaxonomyTerm.active.is_(True)
        )
    )
    return {
        t.label.strip(): [e.strip() for e in t.description.split(";") if e.strip()] for t in rows
    }


@lru_cache(maxsize=8)
def _patterns(items: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[re.Pattern, re.Pattern]:
    """One regex for every acronym (as written, in capitals) and one for every meaning."""
    acronyms = "|".join(re.escape(a) for a, _ in sorted(items, key=lambda i: -len(i[0])))
    meanings = "|".join(re.escape(m.lower()) for _, ms in items for m in ms)
    return (
        re.compile(rf"(?<![\w&])(?:{acronyms})(?![\w&])"),
        re.compile(meanings or r"(?!)"),
    )


def expansions_in(text: str, table: dict[str, list[str]]) -> str:
    """The expansions of every acronym in the text, and the acronym of every expansion in it,
    so that "DV" finds "domestic abuse" and the other way round."""
    if not table:
        return ""
    items = tuple((a, tuple(ms)) for a, ms in sorted(table.items()))
    acronym_re, meaning_re = _patterns(items)
    written = set(acronym_re.findall(text))
    meant = set(meaning_re.findall(text.lower()))
    found = []
    for acronym, meanings in items:
        if acronym in written:
            found.extend(meanings)
        if meant.intersection(m.lower() for m in meanings):
            found.append(acronym)
            found.extend(meanings)
    return "\n".join(found)


def _review_facts(review: Review) -> dict:
    when = review.published_on or review.signed_off_on or review.commissioned_on
    agency_types = sorted(
        {m.agency_type.label for m in review.case_group if m.agency_type is not None}
    )
    return {
        "review_id": str(review.id),
        "published": "yes" if review.status == ReviewStatus.PUBLISHED else "no",
        "review": review.title,
        "board": review.board.name,
        "board_facet": review.board.name,
        "review_type": review.review_type.label if review.review_type else "",
        "type_facet": review.review_type.label if review.review_type else "",
        "year": review.year or 0,
        "year_facet": str(review.year) if review.year else "",
        "sort_date": (when or review.created_at.date()).toordinal(),
        "agency_type": " ".join(agency_types),
        "agency_facet": ",".join(agency_types),
    }


def _levels(episodes: Iterable[KeyPracticeEpisode]) -> list[str]:
    return sorted({f.level.label for k in episodes for f in k.factors})


def finding_document(finding: Finding, table: dict[str, list[str]]) -> dict:
    themes = [t.label for t in finding.themes]
    levels = _levels(finding.episodes)
    questions = [q.text for q in finding.questions]
    body = "\n\n".join(
        filter(
            None,
            [
                finding.statement,
                plain_text(finding.manifestation),
                plain_text(finding.underlying_evidence),
                plain_text(finding.prevalence),
                plain_text(finding.significance),
                *questions,
                *(k.label for k in finding.episodes),
            ],
        )
    )
    category = finding.category.label if finding.category else ""
    return {
        **_review_facts(finding.review),
        "id": f"finding:{finding.id}",
        "doc_type": "finding",
        "record_id": finding.id,
        "number": finding.number,
        "title": finding.statement,
        "body": body,
        "questions": "\n".join(questions),
        "expansions": expansions_in(body, table),
        "spell": body,
        "category": category,
        "category_facet": category,
        "theme": " ".join(themes),
        "theme_facet": ",".join(themes),
        "level": " ".join(levels),
        "level_facet": ",".join(levels),
        "version": time.time_ns(),
    }


def episode_document(kpe: KeyPracticeEpisode, table: dict[str, list[str]]) -> dict:
    levels = _levels([kpe])
    body = "\n\n".join(
        filter(
            None,
            [
                kpe.title,
                kpe.agencies,
                plain_text(kpe.what_happened),
                plain_text(kpe.appraisal),
                plain_text(kpe.explanation),
                plain_text(kpe.how_normal),
                *(plain_text(f.description) for f in kpe.factors),
            ],
        )
    )
    return {
        **_review_facts(kpe.review),
        "id": f"kpe:{kpe.id}",
        "doc_type": "kpe",
        "record_id": kpe.id,
        "number": kpe.number,
        "title": kpe.title,
        "body": body,
        "questions": "",
        "expansions": expansions_in(body, table),
        "spell": body,
        "category": "",
        "category_facet": "",
        "theme": "",
        "theme_facet": "",
        "level": " ".join(levels),
        "level_facet": ",".join(levels),
        "version": time.time_ns(),
    }


def _review_options():
    return (
        selectinload(Review.board),
        selectinload(Review.review_type),
        selectinload(Review.case_group).selectinload(CaseGroupMember.agency_type),
    )


def documents_for(finding_ids: set[int], episode_ids: set[int]) -> list[dict]:
    """Documents for the given records, loaded in a few queries."""
    table = acronyms()
    docs = []
    if finding_ids:
        findings = db.session.scalars(
            select(Finding)
            .where(Finding.id.in_(finding_ids))
            .options(
                selectinload(Finding.review).options(*_review_options()),
                selectinload(Finding.category),
                selectinload(Finding.themes),
                selectinload(Finding.questions),
                selectinload(Finding.episodes)
                .selectinload(KeyPracticeEpisode.factors)
                .selectinload(ContributoryFactor.level),
            )
        )
        docs.extend(finding_document(f, table) for f in findings)
    if episode_ids:
        episodes = db.session.scalars(
            select(KeyPracticeEpisode)
            .where(KeyPracticeEpisode.id.in_(episode_ids))
            .options(
                selectinload(KeyPracticeEpisode.review).options(*_review_options()),
                selectinload(KeyPracticeEpisode.factors).selectinload(ContributoryFactor.level),
            )
        )
        docs.extend(episode_document(k, table) for k in episodes)
    return docs


def all_keys() -> tuple[list[int], list[int]]:
    """Ids of every finding and KPE: what the index should hold."""
    return (
        list(db.session.scalars(select(Finding.id).order_by(Finding.id))),
        list(db.session.scalars(select(KeyPracticeEpisode.id).order_by(KeyPracticeEpisode.id))),
    )
