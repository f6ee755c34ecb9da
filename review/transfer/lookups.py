"""Lookups an import makes once and reuses: taxonomy terms, boards, users, existing reviews."""

import difflib
from collections import defaultdict

from sqlalchemy import select

from ..extensions import db
from ..models import ActionStatus, Board, Review, TaxonomyKind, TaxonomyTerm
from ..models.episodes import Effect
from ..models.findings import PRIORITIES
from ..models.reviews import ReviewStatus

NAMES = {
    TaxonomyKind.BOARD_KIND: "board kind",
    TaxonomyKind.REVIEW_TYPE: "review type",
    TaxonomyKind.AGENCY_TYPE: "agency type",
    TaxonomyKind.FACTOR_LEVEL: "contributory factor level",
    TaxonomyKind.FACTOR_SUBFACTOR: "contributory sub-factor",
    TaxonomyKind.FINDING_CATEGORY: "finding category",
    TaxonomyKind.THEME: "theme",
}


def fold(text: str) -> str:
    """The form in which names, titles and labels are compared: trimmed, spaced, any case."""
    return " ".join(text.split()).casefold()


class LookupFailed(ValueError):
    """A value that names nothing known; the message says what was expected."""


def _unknown(what: str, value: str, candidates: list[str]) -> LookupFailed:
    close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return LookupFailed(f'unknown {what} "{value}"{hint}')


class Terms:
    """Every taxonomy term, loaded in one query, found by key or by label (any case)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], TaxonomyTerm] = {}
        self.by_label: dict[tuple[str, str], list[TaxonomyTerm]] = defaultdict(list)
        self.keys: dict[str, list[str]] = defaultdict(list)
        for t in db.session.scalars(select(TaxonomyTerm).order_by(TaxonomyTerm.position)):
            self.by_key[(t.kind, t.key)] = t
            self.by_label[(t.kind, fold(t.label))].append(t)
            self.keys[t.kind].append(t.key)

    def find(self, kind: TaxonomyKind, value: str) -> TaxonomyTerm:
        """The term whose key is `value`, else whose label is `value` (any case)."""
        found = self.by_key.get((kind, value.strip()))
        if found is not None:
            return found
        matches = self.by_label.get((kind, fold(value)), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            keys = ", ".join(t.key for t in matches)
            raise LookupFailed(
                f'"{value}" is the label of several {NAMES[kind]}s: use a key ({keys})'
            )
        raise _unknown(NAMES[kind], value, self.keys[kind])

    def subfactor(self, value: str, level: TaxonomyTerm | None) -> TaxonomyTerm:
        """A sub-factor by key, or by label among the sub-factors of `level` when one is given."""
        kind = TaxonomyKind.FACTOR_SUBFACTOR
        found = self.by_key.get((kind, value.strip()))
        if found is None and level is not None:
            matches = [t for t in self.by_label.get((kind, fold(value)), []) if t.parent is level]
            if not matches:
                children = [t.key for t in level.children]
                raise _unknown(f'sub-factor of level "{level.key}"', value, children)
            found = matches[0]
        if found is None:
            found = self.find(kind, value)
        if level is not None and found.parent is not level:
            parent = found.parent.key if found.parent else "none"
            raise LookupFailed(
                f'sub-factor "{found.key}" belongs to level "{parent}", not "{level.key}"'
            )
        return found


def _choice(what: str, value: str, choices: dict[str, str]) -> str:
    try:
        return choices[fold(value)]
    except KeyError:
        allowed = ", ".join(dict.fromkeys(choices.values()))
        raise LookupFailed(f'unknown {what} "{value}" (use one of: {allowed})') from None


_STATUSES = {fold(s.value): s.value for s in ReviewStatus} | {
    fold(s.label): s.value for s in ReviewStatus
}
_EFFECTS = {fold(e.value): e.value for e in Effect} | {fold(e.label): e.value for e in Effect}
_PRIORITIES = {fold(p): p for p in PRIORITIES} | {"": ""}
_ACTION_STATUSES = {fold(a.value): a.value for a in ActionStatus} | {
    fold(a.label): a.value for a in ActionStatus
}


def status(value: str) -> str:
    return _choice("status", value, _STATUSES)


def effect(value: str) -> str:
    return _choice("effect", value, _EFFECTS)


def action_status(value: str) -> str:
    return _choice("action status", value, _ACTION_STATUSES)


def priority(value: str) -> str:
    return _choice("priority", value, _PRIORITIES)


def boards() -> dict[str, Board]:
    """Existing boards by folded name."""
    return {fold(b.name): b for b in db.session.scalars(select(Board))}


def existing_reviews() -> dict[tuple[int, str], int]:
    """The id of every review by (board id, folded title): one query, titles only."""
    rows = db.session.execute(select(Review.id, Review.board_id, Review.title))
    return {(board_id, fold(title)): review_id for review_id, board_id, title in rows}
