"""Who may find what: published reviews for everyone, drafts only for their team and board.

Every engine applies this one rule inside its query, and every answer built from the index
(hits, counts, facets, "did you mean", respellings) is computed under it, so nothing in a
draft a user may not read can leak through the search.
"""

from dataclasses import dataclass

from ..access import visible_draft_ids
from ..extensions import db
from ..models import User


@dataclass(frozen=True)
class Visibility:
    draft_review_ids: frozenset[int]
    published: bool = True
    doc_type: str | None = None  # "finding" or "kpe" to narrow the search


def visibility_for(user: User, doc_type: str | None = None) -> Visibility:
    query = visible_draft_ids(user)
    drafts = db.session.scalars(query).all() if query is not None else []
    kind = doc_type if doc_type in ("finding", "kpe") else None
    return Visibility(frozenset(drafts), doc_type=kind)


def published_only() -> Visibility:
    """What every reader may see: used for similar findings shown beside a draft."""
    return Visibility(frozenset(), doc_type="finding")
