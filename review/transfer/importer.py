"""Import reviews from the documented JSON format (docs/import-format.md).

`import_reviews(data)` checks the whole document against the shipped schema, then builds each
review's records from the plain data, resolving taxonomy values by key or label from one cached
load. It only adds and flushes (in batches): the caller commits once, or rolls back when it
raises `ImportFailed`, so that nothing is ever half-imported.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..extensions import db
from ..models import (
    Board,
    BoardQuestion,
    CaseGroupMember,
    ChronologyEntry,
    ContributoryFactor,
    Finding,
    KeyPracticeEpisode,
    ResearchQuestion,
    Review,
    ReviewStatus,
    TaxonomyKind,
    TaxonomyTerm,
)
from . import lookups, team
from .lookups import LookupFailed, fold
from .protected import import_terms
from .reading import text_problems
from .response import import_response
from .schema import ARROW, limit, review_label, schema_errors

BATCH = 100  # reviews per flush
TEXT_FIELDS = (
    "family_composition",
    "reason_for_review",
    "summary",
    "family_involvement",
    "limitations",
    "independence_statement",
)
EPISODE_TEXT = ("what_happened", "appraisal", "explanation", "how_normal", "hindsight_guard")
HEADINGS = ("manifestation", "underlying_evidence", "prevalence", "significance")


class ImportFailed(Exception):
    """The file cannot be imported as it is; `errors` name each record and field at fault."""

    def __init__(self, errors: list[str]):
        self.errors = limit(errors)
        count = len(errors)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found")

    def __str__(self) -> str:
        return "\n".join([self.args[0] + ":", *(f"  - {e}" for e in self.errors)])


@dataclass
class ImportResult:
    """What an import did: reviews imported, skipped and replaced, boards created, notes."""

    imported: list[Review] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    boards_created: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Problems:
    """Collects `where → field: message` lines while one review is built."""

    def __init__(self, where: str, terms: lookups.Terms):
        self.where = where
        self.terms = terms
        self.lines: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.lines.append(f"{self.where}{ARROW}{path}: {message}")

    def term(self, kind: TaxonomyKind, value: str | None, path: str) -> TaxonomyTerm | None:
        if value is None:
            return None
        try:
            return self.terms.find(kind, value)
        except LookupFailed as error:
            self.add(path, str(error))
            return None

    def choice(self, check: Callable[[str], str], value: str, path: str, default: str) -> str:
        try:
            return check(value)
        except LookupFailed as error:
            self.add(path, str(error))
            return default


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _Importer:
    """One import: the cached lookups and the result, shared by every review of the file."""

    def __init__(self, data: dict, replace: bool):
        self.data = data
        self.replace = replace
        self.terms = lookups.Terms()
        self.boards = lookups.boards()
        self.users = team.accounts()
        self.existing = lookups.existing_reviews()
        self.seen: dict[tuple[str, str], int] = {}
        self.result = ImportResult()

    # ------------------------------------------------------------------ review
    def review(self, index: int, item: dict) -> Review | None:
        """The review's records, or None if it is skipped; problems go to `self.problems`."""
        where = review_label(self.data, index)
        p = self.problems = _Problems(where, self.terms)
        self.notes: list[str] = []  # kept only if the review is imported
        title = " ".join(item["title"].split())
        board = self.board(item["board"], p)
        key = (fold(item["board"]["name"]), fold(title))
        if key in self.seen:
            p.add("title", f"the same board and title as reviews[{self.seen[key]}]")
        self.seen.setdefault(key, index)
        review = Review(
            board=board,
            title=title,
            review_type=p.term(TaxonomyKind.REVIEW_TYPE, item.get("review_type"), "review_type"),
            status=p.choice(lookups.status, item["status"], "status", ReviewStatus.DRAFT),
            subject_pseudonym=item.get("subject_pseudonym") or "Child A",
            lead_reviewer_names=" ".join(item.get("lead_reviewer_names", "").split()),
            report_version=item.get("report_version", "").strip(),
            **{name: item.get(name, "") for name in TEXT_FIELDS},
        )  # fmt: skip
        self.dates(review, item, p)
        review.research_questions.extend(
            ResearchQuestion(text=text) for text in item.get("research_questions", [])
        )
        people = team.TeamImport(review, self.users, where, self.notes.append)
        people.entries(item.get("review_team", []), p.add)
        people.leads(item.get("lead_reviewers", []))
        review.case_group.extend(
            self.member(m, f"case_group[{i}]") for i, m in enumerate(item.get("case_group", []))
        )
        review.chronology.extend(
            ChronologyEntry(
                occurred_on=_date(e["date"]),
                agency=e.get("agency", ""),
                event=e["event"],
                source=e.get("source", ""),
            )
            for e in item.get("chronology", [])
        )
        episodes = self.episodes(review, item.get("key_practice_episodes", []))
        self.findings(review, item.get("findings", []), episodes)
        review.protected_terms.extend(
            import_terms(item.get("protected_terms", []), review.subject_pseudonym, p.add,
                         lambda line: self.notes.append(f"{where}{ARROW}{line}"))
        )  # fmt: skip
        # Checked in full even when skipped: a file is either good or refused, whatever is here.
        existing_id = self.existing.get((board.id, fold(title))) if board.id else None
        if existing_id is not None and not self.replace:
            self.result.skipped.append(f"{where}: already on {board.name}; skipped")
            return None
        if existing_id is not None:
            self.result.replaced.append(f"{where}: replaced the review already on {board.name}")
            db.session.delete(db.session.get(Review, existing_id))
        self.result.notes.extend(self.notes)
        return review

    def board(self, spec: dict, p: _Problems) -> Board:
        name = " ".join(spec["name"].split())
        kind = p.term(TaxonomyKind.BOARD_KIND, spec.get("kind"), "board → kind")
        board = self.boards.get(fold(name))
        if board is None:
            board = self.boards[fold(name)] = Board(name=name, kind=kind)
            self.result.boards_created.append(name)
        elif kind is not None and board.kind is None and board.id is None:
            board.kind = kind  # a board new in this file takes the first kind given
        elif kind is not None and board.kind is not None and board.kind is not kind:
            note = (
                f'board "{board.name}" is a {board.kind.label}, not a {kind.label}: kept as it is'
            )
            if note not in self.result.notes:
                self.result.notes.append(note)
        return board

    def dates(self, review: Review, item: dict, p: _Problems) -> None:
        period = item.get("period") or {}
        review.period_start = _date(period.get("start"))
        review.period_end = _date(period.get("end"))
        if review.period_start and review.period_end and review.period_start > review.period_end:
            p.add("period", "the start is after the end")
        review.commissioned_on = _date(item.get("commissioned_on"))
        review.signed_off_on = _date(item.get("signed_off_on"))
        review.published_on = _date(item.get("published_on"))
        year = item.get("year")
        if year is None:
            return
        if review.year is not None and review.year != year:
            p.add("year", f"{year} does not match the review's dates, which give {review.year}")
        elif review.year is None:
            # A back catalogue often knows only the year: keep it on the date the status implies.
            first = date(year, 1, 1)
            if review.status == ReviewStatus.PUBLISHED:
                review.signed_off_on = review.published_on = first
                what = "signed off and published"
            elif review.status == ReviewStatus.SIGNED_OFF:
                review.signed_off_on, what = first, "signed off"
            else:
                review.commissioned_on, what = first, "commissioned"
            self.notes.append(
                f"{p.where}: only the year is given; recorded as {what} on 1 January {year}"
            )

    def member(self, spec: dict, path: str) -> CaseGroupMember:
        p = self.problems
        return CaseGroupMember(
            label=spec["label"],
            role_title=spec.get("role", ""),
            agency=spec.get("agency", ""),
            agency_type=p.term(
                TaxonomyKind.AGENCY_TYPE, spec.get("agency_type"), f"{path} → agency_type"
            ),
            is_family_member=spec.get("family_member", False),
            conversation_date=_date(spec.get("conversation_date")),
            attended_meeting_1=spec.get("attended_meeting_1", False),
            attended_meeting_2=spec.get("attended_meeting_2", False),
        )

    # ------------------------------------------------------------------ KPEs and findings
    def numbered(self, items: list[dict], name: str) -> list[tuple[int, str, dict]]:
        """(number in the file, path, item) in number order; a number used twice is a problem."""
        rows, used = [], {}
        for i, item in enumerate(items):
            number = item.get("number", i + 1)
            if number in used:
                self.problems.add(
                    f"{name}[{i}] → number",
                    f"number {number} is also used by {name}[{used[number]}]",
                )
            used.setdefault(number, i)
            rows.append((number, f"{name}[{i}]", item))
        return sorted(rows, key=lambda row: row[0])

    def episodes(self, review: Review, items: list[dict]) -> dict[int, KeyPracticeEpisode]:
        by_number = {}
        for number, path, spec in self.numbered(items, "key_practice_episodes"):
            episode = KeyPracticeEpisode(
                title=" ".join(spec["title"].split()),
                date_from=_date(spec.get("date_from")),
                date_to=_date(spec.get("date_to")),
                agencies=spec.get("agencies", ""),
                **{name: spec.get(name, "") for name in EPISODE_TEXT},
            )
            if episode.date_from and episode.date_to and episode.date_from > episode.date_to:
                self.problems.add(f"{path} → date_to", "is before date_from")
            episode.factors.extend(
                self.factor(f, f"{path} → contributory_factors[{i}]")
                for i, f in enumerate(spec.get("contributory_factors", []))
            )
            review.episodes.append(episode)
            by_number.setdefault(number, episode)
        return by_number

    def factor(self, spec: dict, path: str) -> ContributoryFactor:
        p = self.problems
        level = p.term(TaxonomyKind.FACTOR_LEVEL, spec.get("level"), f"{path} → level")
        subfactor = None
        if spec.get("subfactor") is not None and (level is not None or spec.get("level") is None):
            try:
                subfactor = self.terms.subfactor(spec["subfactor"], level)
            except LookupFailed as error:
                p.add(f"{path} → subfactor", str(error))
        if level is None and subfactor is not None:
            level = subfactor.parent
            if level is None:
                p.add(f"{path} → level", "missing: this sub-factor has no level, so give one")
        return ContributoryFactor(
            level=level,
            subfactor=subfactor,
            effect=p.choice(lookups.effect, spec["effect"], f"{path} → effect", "hinders"),
            description=spec.get("description", ""),
        )

    def findings(self, review: Review, items: list[dict], episodes: dict) -> None:
        p = self.problems
        for _number, path, spec in self.numbered(items, "findings"):
            themes = [
                p.term(TaxonomyKind.THEME, value, f"{path} → themes[{i}]")
                for i, value in enumerate(spec.get("themes", []))
            ]
            linked = []
            for i, number in enumerate(spec.get("kpes", [])):
                if number in episodes:
                    linked.append(episodes[number])
                else:
                    p.add(f"{path} → kpes[{i}]", f"no key practice episode is numbered {number}")
            finding = Finding(
                statement=spec["statement"],
                short_title=" ".join(spec.get("short_title", "").split()),
                category=p.term(
                    TaxonomyKind.FINDING_CATEGORY, spec.get("category"), f"{path} → category"
                ),
                priority=p.choice(lookups.priority, spec.get("priority", ""),
                                  f"{path} → priority", ""),
                themes=list(dict.fromkeys(t for t in themes if t is not None)),
                episodes=list(dict.fromkeys(linked)),
                **{name: spec.get(name, "") for name in HEADINGS},
            )  # fmt: skip
            finding.questions.extend(
                BoardQuestion(text=text) for text in spec.get("board_questions", [])
            )
            import_response(finding, spec.get("board_response"), f"{path} → board_response", p.add)
            review.findings.append(finding)


def import_reviews(
    data: Any, *, replace: bool = False, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Add the reviews in `data` (the documented JSON format) to the session, flushed, uncommitted.

    A review whose board already has one of the same title (any case) is skipped, or with
    `replace=True` replaced. Raises `ImportFailed` with every problem found: the caller must
    then roll back, since earlier reviews may already be flushed. `progress(n)` is called as
    reviews are done, n at a time (for a progress bar of `len(data["reviews"])`).
    """
    errors = text_problems(data) or schema_errors(data)
    if errors:
        raise ImportFailed(errors)
    with db.session.no_autoflush:
        importer = _Importer(data, replace)
        errors = []
        pending = 0
        for index, item in enumerate(data["reviews"]):
            review = importer.review(index, item)
            errors.extend(importer.problems.lines)
            if review is not None and not errors:
                db.session.add(review)
                importer.result.imported.append(review)
                pending += 1
            if pending >= BATCH:
                db.session.flush()
                pending = 0
            if progress:
                progress(1)
    if errors:
        raise ImportFailed(errors)
    db.session.flush()
    return importer.result
