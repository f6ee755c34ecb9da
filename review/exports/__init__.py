"""Word exports of a review: the final report and the 7-minute briefing.

    export = export_review(review, "report", draft=False)   # raises ExportRefused on hits
    export.data, export.filename, export.hits

A builder (`report.build_report`, `briefing.build_briefing`) makes a `document.Document` of
blocks; `publication.publication_hits` scans every string of the publication (report and
briefing, figures and properties included); `docx_writer.render` writes exactly those blocks.
A publication export exists only once the review is signed off, and is refused while the scan
finds anything; before sign-off every export is a draft, marked DRAFT, whatever the caller
asked; a draft goes through with the hits listed to whoever asked for it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from ..access import can_view, sees_working
from ..guard import Hit
from ..models import Review, ReviewStatus, User
from .builders import BUILDERS, KINDS, build, marking
from .document import Document
from .docx_writer import render
from .files import export_filename
from .pagination import render_numbered
from .publication import KINDS as PUBLISHED
from .publication import checked, publication_hits

__all__ = ["BUILDERS", "KINDS", "build", "marking", "publication_hits"]

KIND_LABELS = {"report": "Report", "briefing": "7-minute briefing"}
#: the statuses at which a review has a publication (before: drafts only)
PUBLISHABLE = (ReviewStatus.SIGNED_OFF, ReviewStatus.PUBLISHED)


@dataclass
class Export:
    kind: str
    draft: bool
    filename: str
    data: bytes
    hits: list[Hit] = field(default_factory=list)


class ExportRefused(Exception):
    """A publication export was refused: identifying details remain (see `hits`)."""

    def __init__(self, hits: list[Hit]):
        super().__init__(f"{len(hits)} identifying details remain in the export's texts")
        self.hits = hits


def has_publication(review: Review) -> bool:
    """A review has a publication once it is signed off: before that, only drafts."""
    return review.status in PUBLISHABLE


def export_review(
    review: Review, kind: str, *, draft: bool = False, config: Mapping | None = None
) -> Export:
    """Build, check and render one export.

    Before sign-off every export is a draft, whatever `draft` says. A publication export
    raises ExportRefused while the publication scan finds anything (in this export or the
    other: sign-off is refused on the same list, so the two never disagree); a draft carries
    the hits along.
    """
    config = current_app.config if config is None else config
    draft = draft or not has_publication(review)
    if kind not in BUILDERS:
        raise ValueError(f"unknown export {kind!r}: choose one of {', '.join(KINDS)}")
    published, hits = checked(review, config)
    if hits and not draft:
        raise ExportRefused(hits)
    # A publication export writes the document the scan read, word for word (its file id
    # included); a draft is built again with its DRAFT markings, from the same parsed fields.
    if draft:
        doc = build(review, kind, draft=True, config=config, preload=False)
    else:
        doc = published[PUBLISHED.index(kind)]
    data = render_file(doc, config)
    # A pseudonym the guard objects to stays out of a draft's file name.
    named = not any(h.anchor == "subject_pseudonym" for h in hits)
    filename = export_filename(review.id, review.subject_pseudonym if named else "", kind, draft)
    return Export(kind, draft, filename, data, hits)


def render_file(doc: Document, config: Mapping) -> bytes:
    """The .docx; with page numbers in the contents when REPORT_PAGE_NUMBERS is on (the
    default) and LibreOffice is installed (see `pagination`)."""
    reference = config.get("REPORT_REFERENCE_DOCX") or None
    if not config.get("REPORT_PAGE_NUMBERS", True):
        return render(doc, reference)
    cache = Path(config.get("PAGE_NUMBERS_DIR") or Path(current_app.instance_path, "page-numbers"))
    return render_numbered(doc, reference, cache)


def may_download_drafts(user: User, review: Review) -> bool:
    """Board members of the review's board and the review's team (lead reviewers, team)."""
    return sees_working(user, review)


def can_download(user: User, review: Review, *, draft: bool) -> bool:
    """Who may download which export (the caller answers 404 when `can_view` is false).

    - A review's team and the members of its Board may download both exports, as publication
      versions or as drafts, at any stage.
    - Once a review is published, everyone who can read it (practitioners, other boards,
      administrators) may download its publication report and briefing, as they may read the
      review itself: the published learning is meant to travel. Drafts stay with the team and
      the Board (403 for others).
    - Before publication nobody else can see the review at all, so nobody else can download.
    """
    if not can_view(user, review):
        return False
    if draft or not review.is_published:
        return may_download_drafts(user, review)
    return True


def describe(hit: Hit, *, reveal: bool) -> str:
    """What was found, for a list of hits. Protected terms are named only to the review's team
    (`reveal`): the Board sees that a protected term is there, not which one."""
    reason = hit.match.reason
    if not reveal and "protected term" in reason:
        reason = "a protected term (a real name or place)"
    return reason
