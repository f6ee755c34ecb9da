"""Search documents built from the database as plain dicts: the same for every engine.

Each carries a digest of its content, so `search-check` can tell a stale document from a
current one, and a version (the time it was built), so an older one never replaces a newer one.
"""

import hashlib
import json
import time
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    CaseGroupMember,
    ContributoryFactor,
    Finding,
    KeyPracticeEpisode,
    Review,
    ReviewStatus,
)
from .plaintext import plain_text
from .synonyms import Synonyms


def _review_facts(review: Review) -> dict:
    when = review.published_on or review.signed_off_on or review.commissioned_on
    agency_types = sorted(
        {m.agency_type.label for m in review.case_group if m.agency_type is not None}
    )
    review_type = review.review_type.label if review.review_type else ""
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
        "labels": _labels(review.board.name, review_type),
    }


def _labels(*labels: str) -> str:
    return "\n".join(dict.fromkeys(x for x in labels if x))


def finish(doc: dict) -> dict:
    """Stamp a document with its digest (what it says) and version (when it was built)."""
    content = {k: v for k, v in doc.items() if k not in ("version", "digest")}
    doc["digest"] = hashlib.sha1(
        json.dumps(content, sort_keys=True, default=str).encode()
    ).hexdigest()
    doc["version"] = time.time_ns()
    return doc


def _levels(episodes: Iterable[KeyPracticeEpisode]) -> list[str]:
    return sorted({f.level.label for k in episodes for f in k.factors})


def _subfactors(episodes: Iterable[KeyPracticeEpisode]) -> list[str]:
    return sorted({f.subfactor.label for k in episodes for f in k.factors if f.subfactor})


def finding_document(finding: Finding, synonyms: Synonyms) -> dict:
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
    facts = _review_facts(finding.review)
    labels = _labels(category, *themes, *levels, *_subfactors(finding.episodes), facts["labels"])
    return finish({
        **facts,
        "id": f"finding:{finding.id}",
        "doc_type": "finding",
        "record_id": finding.id,
        "number": finding.number,
        "title": finding.statement,
        "body": body,
        "questions": "\n".join(questions),
        "expansions": synonyms.expansions(body),
        "labels": labels,
        "category": category,
        "category_facet": category,
        "theme": " ".join(themes),
        "theme_facet": ",".join(themes),
        "level": " ".join(levels),
        "level_facet": ",".join(levels),
    })  # fmt: skip


def episode_document(kpe: KeyPracticeEpisode, synonyms: Synonyms) -> dict:
    levels = _levels([kpe])
    facts = _review_facts(kpe.review)
    labels = _labels(*levels, *_subfactors([kpe]), facts["labels"])
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
    return finish({
        **facts,
        "id": f"kpe:{kpe.id}",
        "doc_type": "kpe",
        "record_id": kpe.id,
        "number": kpe.number,
        "title": kpe.title,
        "body": body,
        "questions": "",
        "expansions": synonyms.expansions(body),
        "labels": labels,
        "category": "",
        "category_facet": "",
        "theme": "",
        "theme_facet": "",
        "level": " ".join(levels),
        "level_facet": ",".join(levels),
    })  # fmt: skip


def _review_options():  # one row's labels joined to it, lists loaded a statement each
    return (
        joinedload(Review.board),
        joinedload(Review.review_type),
        selectinload(Review.case_group).joinedload(CaseGroupMember.agency_type),
    )


def _factor_options():
    return joinedload(ContributoryFactor.level), joinedload(ContributoryFactor.subfactor)


def documents_for(
    finding_ids: set[int], episode_ids: set[int], synonyms: Synonyms | None = None
) -> list[dict]:
    """Documents for the given records, loaded in a few queries (7 for one finding)."""
    synonyms = synonyms or Synonyms.load()
    docs = []
    if finding_ids:
        findings = db.session.scalars(
            select(Finding)
            .where(Finding.id.in_(finding_ids))
            .options(
                selectinload(Finding.review).options(*_review_options()),
                joinedload(Finding.category),
                selectinload(Finding.themes),
                selectinload(Finding.questions),
                selectinload(Finding.episodes)
                .selectinload(KeyPracticeEpisode.factors)
                .options(*_factor_options()),
            )
        )
        docs.extend(finding_document(f, synonyms) for f in findings)
    if episode_ids:
        episodes = db.session.scalars(
            select(KeyPracticeEpisode)
            .where(KeyPracticeEpisode.id.in_(episode_ids))
            .options(
                selectinload(KeyPracticeEpisode.review).options(*_review_options()),
                selectinload(KeyPracticeEpisode.factors).options(*_factor_options()),
            )
        )
        docs.extend(episode_document(k, synonyms) for k in episodes)
    return docs


def all_keys() -> tuple[list[int], list[int]]:
    """Ids of every finding and KPE: what the index should hold."""
    return (
        list(db.session.scalars(select(Finding.id).order_by(Finding.id))),
        list(db.session.scalars(select(KeyPracticeEpisode.id).order_by(KeyPracticeEpisode.id))),
    )
