"""Cross-review insight: how many findings there are by category, theme, contributory-factor
level, year and board, over the reviews a user may read.

Every count here is meant to agree with the search it links to. So each finding is described
by the same facet values the search index stores for it (`review/index/documents.py`): labels,
not keys; a finding's levels are the levels of the factors of its linked KPEs; a review's year
is `Review.year`; multi-valued fields are split on commas as Whoosh's KEYWORD fields split
them. Filters combine as the search combines facets: any of the values within one facet, all
facets at once. `Cell.selected` is the search's facet filter that finds exactly the findings a
cell counts (`search.search("", user, selected=cell.selected, doc_type="finding")`).

The database is the source of truth; the counts are computed from it, not from the index.
They agree with the search as long as the index is up to date (after renaming a taxonomy term
or a board, that is until the next `flask reindex`).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import aliased

from .access import visible_reviews
from .extensions import db
from .models import (
    Board,
    CaseGroupMember,
    ContributoryFactor,
    Finding,
    Review,
    ReviewStatus,
    TaxonomyKind,
    TaxonomyTerm,
    User,
)
from .models.findings import finding_episode, finding_theme

#: facets a finding has several values of (Whoosh KEYWORD fields with commas=True)
MULTI = ("theme", "level", "agency")
#: facets the page can filter by (besides the year range), as the search names them
FILTERS = ("board", "review_type", "category", "theme", "level", "agency")
#: facets whose values keep the order an administrator gave the taxonomy
TAXONOMY_ORDER = {"category": TaxonomyKind.FINDING_CATEGORY, "level": TaxonomyKind.FACTOR_LEVEL}
#: the year range a filter may name; anything outside is ignored
YEARS = range(1900, 2201)

Selected = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Fact:
    """One finding, described by the facet values the search index holds for it."""

    finding_id: int
    review_id: int
    draft: bool
    year: int | None
    values: Mapping[str, frozenset[str]]

    def has(self, facet: str, wanted: Iterable[str]) -> bool:
        return not self.values[facet].isdisjoint(wanted)


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the counts to: facet values, and a year range (both ends in)."""

    selected: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def from_args(cls, args) -> "Filters":
        """Read URL arguments (a Werkzeug MultiDict) leniently: what cannot be used is ignored."""
        selected = {}
        for name in FILTERS:
            values = tuple(dict.fromkeys(v.strip() for v in args.getlist(name) if v.strip()))
            if values:
                selected[name] = values
        year_from, year_to = _year(args.get("year_from")), _year(args.get("year_to"))
        if year_from and year_to and year_from > year_to:
            year_from, year_to = year_to, year_from
        return cls(selected, year_from, year_to)

    @property
    def has_years(self) -> bool:
        return self.year_from is not None or self.year_to is not None

    def in_years(self, year: int | None) -> bool:
        if not self.has_years:
            return True
        if year is None:
            return False
        return (self.year_from or YEARS.start) <= year <= (self.year_to or YEARS.stop)

    def keeps(self, fact: Fact) -> bool:
        return self.in_years(fact.year) and all(
            fact.has(name, values) for name, values in self.selected.items()
        )

    def args(self) -> dict[str, list[str]]:
        """The filters as URL arguments of /insight (for CSV links and "clear" links)."""
        found = {name: list(values) for name, values in self.selected.items()}
        if self.year_from is not None:
            found["year_from"] = [str(self.year_from)]
        if self.year_to is not None:
            found["year_to"] = [str(self.year_to)]
        return found

    @property
    def active(self) -> bool:
        return bool(self.selected) or self.has_years


def _year(value) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if year in YEARS else None


@dataclass(frozen=True)
class Cell:
    """A count, and the search facet filter (with type=finding) that finds what it counts."""

    count: int
    selected: Selected

    def search_args(self) -> dict[str, list[str]]:
        """URL arguments of /search that list exactly the findings counted here."""
        return {"type": ["finding"], **{name: list(v) for name, v in self.selected.items()}}


@dataclass
class Row:
    value: str
    total: Cell
    #: one cell per column of a stacked chart, in the chart's column order
    parts: list[Cell] = field(default_factory=list)


@dataclass
class Chart:
    """One chart's numbers: rows of a facet, optionally split into columns of another."""

    name: str
    title: str
    facet: str
    label: str
    rows: list[Row]
    split: str | None = None
    columns: list[str] = field(default_factory=list)
    #: the part of each row's total that has no value of `split` (cannot be searched for)
    unsplit: list[int] = field(default_factory=list)
    #: findings counted (after filters) that have no value of this chart's facet
    missing: int = 0
    #: a finding may count in several rows (multi-valued facets)
    overlapping: bool = False

    @property
    def empty(self) -> bool:
        return not any(row.total.count for row in self.rows)


@dataclass
class Insight:
    total: Cell
    reviews: int
    drafts: int
    charts: dict[str, Chart]
    options: dict[str, list[str]]
    years: list[int]
    filters: Filters


CHARTS = {
    # name: (title, facet, row header, split by)
    "category": ("Findings by category", "category", "Category", None),
    "theme": ("Findings by theme", "theme", "Theme", None),
    "level": ("Findings by contributory factor level", "level", "Contributory factor level", None),
    "year": ("Findings by year and category", "year", "Year", "category"),
    "board": ("Findings by board and category", "board", "Board", "category"),
}

MISSING = {
    "category": "no category",
    "theme": "no theme",
    "level": "no contributory factor level (no linked KPE with factors)",
    "year": "no year (the review has no commissioning, sign-off or publication date)",
    "board": "no board",
}


def keyword_values(labels: Iterable[str]) -> frozenset[str]:
    """Labels as a Whoosh KEYWORD(commas=True) field indexes them: split on commas, stripped."""
    return frozenset(part.strip() for label in labels for part in label.split(",") if part.strip())


def facts(user: User) -> list[Fact]:
    """Every finding of every review the user may read, as the search index describes it."""
    visible = visible_reviews(user).with_only_columns(Review.id).scalar_subquery()
    category = aliased(TaxonomyTerm)
    review_type = aliased(TaxonomyTerm)
    rows = db.session.execute(
        select(
            Finding.id,
            Finding.review_id,
            Review.status,
            Review.published_on,
            Review.signed_off_on,
            Review.commissioned_on,
            Board.name,
            review_type.label,
            category.label,
        )
        .join(Review, Finding.review_id == Review.id)
        .join(Board, Review.board_id == Board.id)
        .outerjoin(review_type, Review.review_type_id == review_type.id)
        .outerjoin(category, Finding.category_id == category.id)
        .where(Review.id.in_(visible))
        .order_by(Finding.id)
    ).all()
    finding_ids = select(Finding.id).where(Finding.review_id.in_(visible)).scalar_subquery()
    themes = _grouped(
        select(finding_theme.c.finding_id, TaxonomyTerm.label)
        .join(TaxonomyTerm, finding_theme.c.theme_id == TaxonomyTerm.id)
        .where(finding_theme.c.finding_id.in_(finding_ids))
    )
    levels = _grouped(
        select(finding_episode.c.finding_id, TaxonomyTerm.label)
        .join(ContributoryFactor, ContributoryFactor.episode_id == finding_episode.c.episode_id)
        .join(TaxonomyTerm, ContributoryFactor.level_id == TaxonomyTerm.id)
        .where(finding_episode.c.finding_id.in_(finding_ids))
    )
    agencies = _grouped(
        select(CaseGroupMember.review_id, TaxonomyTerm.label)
        .join(TaxonomyTerm, CaseGroupMember.agency_type_id == TaxonomyTerm.id)
        .where(CaseGroupMember.review_id.in_(visible))
    )
    found = []
    for fid, rid, status, published, signed, commissioned, board, rtype, cat in rows:
        when = published or signed or commissioned
        year = when.year if when else None
        found.append(
            Fact(
                finding_id=fid,
                review_id=rid,
                draft=status != ReviewStatus.PUBLISHED,
                year=year,
                values={
                    "category": frozenset([cat] if cat else []),
                    "board": frozenset([board] if board else []),
                    "review_type": frozenset([rtype] if rtype else []),
                    "year": frozenset([str(year)] if year else []),
                    "theme": keyword_values(themes.get(fid, ())),
                    "level": keyword_values(levels.get(fid, ())),
                    "agency": keyword_values(agencies.get(rid, ())),
                },
            )
        )
    return found


def _grouped(query) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    for key, label in db.session.execute(query):
        found[key].add(label)
    return found


def _taxonomy_order(kind: TaxonomyKind, *, multi: bool) -> tuple[dict[str, int], set[str]]:
    """A taxonomy's values in the order an administrator gave it, and those still active."""
    terms = db.session.execute(
        select(TaxonomyTerm.label, TaxonomyTerm.active)
        .where(TaxonomyTerm.kind == kind)
        .order_by(TaxonomyTerm.position, TaxonomyTerm.label)
    ).all()
    order: dict[str, int] = {}
    active: set[str] = set()
    for label, is_active in terms:
        values = sorted(keyword_values([label])) if multi else [label]
        for value in values:
            order.setdefault(value, len(order))
            if is_active:
                active.add(value)
    return order, active


def compute(user: User, filters: Filters | None = None) -> Insight:
    """All the counts of the insight page for this user, narrowed by the filters."""
    filters = filters or Filters()
    everything = facts(user)
    kept = [f for f in everything if filters.keeps(f)]
    years_seen = sorted({f.year for f in everything if f.year is not None})
    base = _base_selected(filters, years_seen)
    orders = {
        facet: _taxonomy_order(kind, multi=facet in MULTI) for facet, kind in TAXONOMY_ORDER.items()
    }
    charts = {
        name: _chart(name, kept, base, orders, filters)
        for name in CHARTS  # fmt: skip
    }
    options = _options(everything, orders)
    return Insight(
        total=Cell(len(kept), base),
        reviews=len({f.review_id for f in kept}),
        drafts=len({f.review_id for f in kept if f.draft}),
        charts=charts,
        options=options,
        years=years_seen,
        filters=filters,
    )


def _base_selected(filters: Filters, years_seen: Sequence[int]) -> Selected:
    """The filters as the search's facet filter: a year range becomes the years it holds."""
    base: Selected = {name: tuple(values) for name, values in filters.selected.items()}
    if filters.has_years:
        base["year"] = tuple(str(y) for y in years_seen if filters.in_years(y))
    return base


def _with(base: Selected, **changes: str) -> Selected:
    """The base filter with one value for each changed facet (a row's, a column's)."""
    return {**base, **{name: (value,) for name, value in changes.items()}}


def _chart(name: str, kept: list[Fact], base: Selected, orders, filters: Filters) -> Chart:
    title, facet, label, split = CHARTS[name]
    totals: Counter[str] = Counter()
    parts: dict[str, Counter[str]] = defaultdict(Counter)
    missing = 0
    for fact in kept:
        values = fact.values[facet]
        if not values:
            missing += 1
        for value in values:
            totals[value] += 1
            if split:
                for column in fact.values[split]:
                    parts[value][column] += 1
    row_values = _row_values(facet, totals, orders, filters)
    columns = _column_values(split, parts, orders) if split else []
    rows, unsplit = [], []
    for value in row_values:
        row = Row(value, Cell(totals[value], _with(base, **{facet: value})))
        if split:
            row.parts = [
                Cell(parts[value][column], _with(base, **{facet: value, split: column}))
                for column in columns
            ]
            unsplit.append(totals[value] - sum(parts[value].values()))
        rows.append(row)
    return Chart(
        name=name, title=title, facet=facet, label=label, rows=rows, split=split,
        columns=columns, unsplit=unsplit, missing=missing, overlapping=facet in MULTI,
    )  # fmt: skip


def _row_values(facet: str, totals: Counter, orders, filters: Filters) -> list[str]:
    """Which rows a chart shows, in which order.

    Categories and levels: every term of the taxonomy (zeros say something) in its order.
    Years: every year from the first to the last counted (gaps show as zero). Themes: by count,
    most first. Boards: by name.

    When the chart's own facet is filtered, only the chosen values are rows. For a finding with
    several themes, "has the filtered theme X and theme Y" is not a search the facets can make
    (they combine the values of one facet with OR), so a theme chart filtered by theme X shows
    X alone rather than a count no link could reproduce.
    """
    wanted = filters.selected.get(facet)
    if facet in orders:
        order, active = orders[facet]
        values = [v for v in order if v in totals or v in active]
        values += sorted(v for v in totals if v not in order)
    elif facet == "year":
        years = sorted(int(v) for v in totals)
        values = [str(y) for y in range(years[0], years[-1] + 1)] if years else []
    elif facet == "theme":
        values = sorted(totals, key=lambda v: (-totals[v], v.lower()))
    else:
        values = sorted(totals, key=str.lower)
    return [v for v in values if v in wanted] if wanted else values


def _column_values(split: str, parts, orders) -> list[str]:
    present = {column for counter in parts.values() for column in counter if counter[column]}
    order = orders[split][0] if split in orders else {}
    return sorted(present, key=lambda v: (order.get(v, len(order)), v.lower()))


def _options(everything: list[Fact], orders) -> dict[str, list[str]]:
    """The values each filter can take: those the user's readable findings have."""
    found: dict[str, list[str]] = {}
    for name in FILTERS:
        values = {v for f in everything for v in f.values[name]}
        order = orders[name][0] if name in orders else None
        if order:
            found[name] = sorted(values, key=lambda v: (order.get(v, len(order)), v.lower()))
        else:
            found[name] = sorted(values, key=str.lower)
    return found


def table_rows(chart: Chart) -> list[list]:
    """The chart's numbers as a header row and data rows, as the page's table shows them."""
    if chart.split:
        extra = ["No " + chart.split] if any(chart.unsplit) else []
        rows = [[chart.label, *chart.columns, *extra, "Findings"]]
        for row, unsplit in zip(chart.rows, chart.unsplit, strict=True):
            rows.append(
                [row.value, *(c.count for c in row.parts), *([unsplit] if extra else []),
                 row.total.count]
            )  # fmt: skip
        return rows
    return [[chart.label, "Findings"], *([row.value, row.total.count] for row in chart.rows)]
