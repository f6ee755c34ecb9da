"""Word exports of a review: the final report and the 7-minute briefing.

    export = export_review(review, "report", draft=False)   # raises ExportRefused on hits
    export.data, export.filename, export.hits

A builder (`report.build_report`, `briefing.build_briefing`) makes a `document.Document` of
blocks; the publication guard scans exactly the texts of those blocks; `docx_writer.render`
writes exactly those blocks. A publication export is refused while the guard finds anything;
a draft goes through, marked DRAFT, with the hits listed to whoever asked for it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from .. import loading
from ..access import can_view, is_on_team
from ..guard import Hit, Located, scan_texts
from ..models import Review, Role, User
from .briefing import build_briefing
from .document import Document
from .docx_writer import render
from .files import export_filename
from .pagination import render_numbered
from .report import build_report

BUILDERS = {"report": build_report, "briefing": build_briefing}
KINDS = tuple(BUILDERS)
KIND_LABELS = {"report": "Report", "briefing": "7-minute briefing"}


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


def marking(review: Review, config: Mapping) -> str:
    """The protective marking (defaults in the app factory): PROTECTIVE_MARKING until the
    review is published, then PUBLISHED_PROTECTIVE_MARKING."""
    key = "PUBLISHED_PROTECTIVE_MARKING" if review.is_published else "PROTECTIVE_MARKING"
    return config[key]


def build(review: Review, kind: str, *, draft: bool, config: Mapping) -> Document:
    if kind not in BUILDERS:
        raise ValueError(f"unknown export {kind!r}: choose one of {', '.join(KINDS)}")
    _preload(review)
    return BUILDERS[kind](review, marking=marking(review, config), draft=draft)


def _preload(review: Review) -> None:
    """Load what an export reads in a handful of queries instead of one per record."""
    loading.load(review, "everything")


def located(doc: Document) -> list[Located]:
    """The texts of the document that people wrote, as the guard takes them, word for word."""
    return [
        Located(s.section, s.field, text.plain, s.endpoint, s.params, s.anchor)
        for text in doc.sourced()
        if (s := text.source) is not None
    ]


def scan(review: Review, doc: Document) -> list[Hit]:
    """Identifying details in the document and its file name (which carries the pseudonym), as
    `guard.publication_hits` finds them in a review (the Board's name is not protected word by
    word: the report names its Board)."""
    items = located(doc)
    if not any(i.endpoint == "reviews.edit" and i.anchor == "subject_pseudonym" for i in items):
        items.append(
            Located("File name", "Pseudonym", review.subject_pseudonym, "reviews.edit",
                    {"review_id": review.id}, "subject_pseudonym")
        )  # fmt: skip
    return scan_texts(
        items,
        [t.term for t in review.protected_terms],
        allowed_parts=[review.board.name] if review.board else [],
    )


def export_review(
    review: Review, kind: str, *, draft: bool = False, config: Mapping | None = None
) -> Export:
    """Build, check and render one export. A publication export (not `draft`) raises
    ExportRefused while the guard finds anything; a draft carries its hits along."""
    config = current_app.config if config is None else config
    doc = build(review, kind, draft=draft, config=config)
    hits = scan(review, doc)
    if hits and not draft:
        raise ExportRefused(hits)
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
    if not user.is_authenticated:
        return False
    if user.role == Role.BOARD_MEMBER and user.board_id == review.board_id:
        return True
    return is_on_team(user, review)


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
