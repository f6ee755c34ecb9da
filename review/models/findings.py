"""Findings: the systemic patterns a review hands to its Board, with questions."""

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Timestamped, Versioned
from .episodes import KeyPracticeEpisode
from .reviews import Review
from .taxonomy import TaxonomyTerm

finding_episode = Table(
    "finding_episode",
    db.metadata,
    Column("finding_id", ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "episode_id", ForeignKey("key_practice_episode.id", ondelete="CASCADE"), primary_key=True
    ),
)

finding_theme = Table(
    "finding_theme",
    db.metadata,
    Column("finding_id", ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("taxonomy_term.id", ondelete="RESTRICT"), primary_key=True),
)

PRIORITIES = ("High", "Medium", "Low")


class Finding(Versioned, Timestamped, db.Model):
    """A finding, written under the SCIE headings."""

    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    priority: Mapped[str] = mapped_column(String(10), default="")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    statement: Mapped[str] = mapped_column(Text)
    #: a few words that name the finding in the report's headings and contents (optional)
    short_title: Mapped[str] = mapped_column(String(150), default="")
    manifestation: Mapped[str] = mapped_column(Text, default="")
    underlying_evidence: Mapped[str] = mapped_column(Text, default="")
    prevalence: Mapped[str] = mapped_column(Text, default="")
    significance: Mapped[str] = mapped_column(Text, default="")

    review: Mapped[Review] = relationship(back_populates="findings")
    category: Mapped[TaxonomyTerm | None] = relationship()
    episodes: Mapped[list[KeyPracticeEpisode]] = relationship(
        secondary=finding_episode, back_populates="findings", order_by=KeyPracticeEpisode.number
    )
    themes: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=finding_theme, order_by=TaxonomyTerm.position
    )
    questions: Mapped[list["BoardQuestion"]] = relationship(
        back_populates="finding",
        order_by="BoardQuestion.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    response: Mapped["BoardResponse | None"] = relationship(  # noqa: F821
        back_populates="finding", cascade="all, delete-orphan", passive_deletes=True
    )
    actions: Mapped[list["BoardAction"]] = relationship(  # noqa: F821
        back_populates="finding",
        order_by="BoardAction.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def label(self) -> str:
        return f"Finding {self.number}"

    @property
    def has_response(self) -> bool:
        return self.response is not None and bool(self.response.response.strip())

    def __str__(self) -> str:
        return f"{self.label}: {self.statement}"


class BoardQuestion(Versioned, db.Model):
    """A question or issue for the Board to consider, under one finding."""

    __tablename__ = "board_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)

    finding: Mapped[Finding] = relationship(back_populates="questions")
