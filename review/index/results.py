"""What a search answers, whatever engine found it."""

from dataclasses import dataclass, field

from markupsafe import Markup

PAGE_SIZE = 10


@dataclass
class Hit:
    doc_type: str
    record_id: int
    review_id: int
    number: int
    title: str
    review: str
    board: str
    category: str
    year: int | None
    score: float
    highlights: Markup


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    suggestion: str | None = None  # "Did you mean …" (not run)
    showing: str | None = None  # the respelling whose results these are
    rebuilding: bool = False  # the index is being rebuilt: results may be incomplete
    estimated: bool = False  # total and facet counts are estimates (too many matches to count)


def about(count: int) -> int:
    """An estimate to two significant figures (6,382 -> 6,400): no more precise than it is."""
    if count < 100:
        return count
    scale = 10 ** (len(str(count)) - 2)
    return round(count / scale) * scale


@dataclass
class Similar:
    finding_id: int
    review_id: int
    number: int
    statement: str
    review: str
    board: str
    year: int | None

    @classmethod
    def of(cls, finding) -> "Similar":
        """A finding from the database in the same form (for citing it)."""
        review = finding.review
        return cls(finding.id, review.id, finding.number, finding.statement, review.title,
                   review.board.name, review.year)  # fmt: skip
