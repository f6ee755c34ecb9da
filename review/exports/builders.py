"""Building an export's `Document` from a review: one builder per kind, records preloaded."""

from collections.abc import Mapping

from .. import loading
from ..models import Review
from .briefing import build_briefing
from .document import Document
from .report import build_report

BUILDERS = {"report": build_report, "briefing": build_briefing}
KINDS = tuple(BUILDERS)


def marking(review: Review, config: Mapping) -> str:
    """The protective marking (defaults in the app factory): PROTECTIVE_MARKING until the
    review is published, then PUBLISHED_PROTECTIVE_MARKING."""
    key = "PUBLISHED_PROTECTIVE_MARKING" if review.is_published else "PROTECTIVE_MARKING"
    return config[key]


def build(
    review: Review, kind: str, *, draft: bool, config: Mapping, preload: bool = True
) -> Document:
    """One export's document (`preload=False`: the caller already called `preload_records`)."""
    if kind not in BUILDERS:
        raise ValueError(f"unknown export {kind!r}: choose one of {', '.join(KINDS)}")
    if preload:
        preload_records(review)
    return BUILDERS[kind](review, marking=marking(review, config), draft=draft)


def preload_records(review: Review) -> None:
    """Load what an export reads in a handful of queries instead of one per record."""
    loading.load(review, "everything")
