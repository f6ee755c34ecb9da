"""What a status move means, in plain words, and which moves are confirmed first.

Sign-off, publication and reopening a signed-off review change what everyone else may do
with it, so each gets a page saying what will happen and what cannot be undone before it is
made. Plain functions over the models, tested without a request.
"""

from dataclasses import dataclass
from datetime import date

from .models import Review, ReviewStatus
from .rendering import format_date

S = ReviewStatus


@dataclass(frozen=True)
class Approval:
    """The Board's approval of publication, as its minutes record it."""

    by: str
    on: date
    minute: str


def needs_confirmation(review: Review, target: ReviewStatus) -> bool:
    """Sign-off, publication and reopening a signed-off review are confirmed on their own page."""
    return target in (S.SIGNED_OFF, S.PUBLISHED) or (
        review.status_enum is S.SIGNED_OFF and target is S.FINDINGS
    )


def button_label(review: Review, target: ReviewStatus) -> str:
    """The words on the button (and the confirmation page's title) for a move."""
    if target is S.SIGNED_OFF:
        return "Sign off the review"
    if target is S.PUBLISHED:
        return "Publish the review"
    if _is_back(review, target):
        return f"Reopen: back to {target.label.lower()}"
    return f"Move to {target.label.lower()}"


def consequences(review: Review, target: ReviewStatus) -> tuple[list[str], list[str]]:
    """(what will happen, what cannot be undone) if the review makes this move."""
    if target is S.SIGNED_OFF:
        return (
            [
                "The review becomes read-only: no one can change its records or its report.",
                "The sign-off date is recorded as today.",
                "Members of the Board can respond to each finding and record actions.",
            ],
            ["Only a lead reviewer can reopen it, and reopening is recorded."],
        )
    if target is S.PUBLISHED:
        return (
            [
                "The report and the briefing can be read and downloaded by everyone who uses "
                "the app, in other boards too.",
                "The Board's approval (who approved, when, and the minute) is recorded with it.",
            ],
            ["A published review cannot be reopened, changed or deleted."],
        )
    if review.status_enum is S.SIGNED_OFF and target is S.FINDINGS:
        responses = sum(1 for f in review.findings if f.has_response)
        actions = sum(len(f.actions) for f in review.findings)
        happens = [
            "The review team can change the review again.",
            f"The sign-off date ({format_date(review.signed_off_on)}) is cleared; the review must "
            "be signed off again."
            if review.signed_off_on
            else "The review must be signed off again.",
        ]
        if responses or actions:
            happens.append(
                f"The Board's {_count(responses, 'response')} and {_count(actions, 'action')} "
                "are kept, but the Board cannot add to them until the review is signed off again."
            )
        return happens, []
    return [f"The review moves to {target.label.lower()}."], []


def done_message(before: ReviewStatus, target: ReviewStatus) -> str:
    """The plain-English message after a move."""
    if target is S.SIGNED_OFF:
        return "Signed off. The review is now read-only, and its Board can respond."
    if target is S.PUBLISHED:
        return "Published. Everyone who uses the app can now read the review."
    if S_ORDER.index(target) < S_ORDER.index(before):
        return f"Reopened: the review is back at {target.label}."
    return f"Moved to {target.label}."


S_ORDER = list(S)


def _is_back(review: Review, target: ReviewStatus) -> bool:
    return S_ORDER.index(target) < S_ORDER.index(review.status_enum)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
