"""A case review: its set-up, its people and the stage it has reached."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Timestamped, Versioned
from .people import Board, User
from .taxonomy import TaxonomyTerm


class ReviewStatus(StrEnum):
    """Where a review is in its life; published reviews are read-only."""

    DRAFT = "draft"
    ANALYSIS = "analysis"
    FINDINGS = "findings"
    SIGNED_OFF = "signed_off"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def editable(self) -> bool:
        return self in (ReviewStatus.DRAFT, ReviewStatus.ANALYSIS, ReviewStatus.FINDINGS)


class TeamRole(StrEnum):
    """A user's part in one review."""

    LEAD = "lead"
    TEAM = "team"

    @property
    def label(self) -> str:
        return {"lead": "Lead reviewer", "team": "Review team member"}[self.value]


class Review(Versioned, Timestamped, db.Model):
    """One systems case review commissioned by a board."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    review_type_id: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    subject_pseudonym: Mapped[str] = mapped_column(String(80), default="Child A")
    family_composition: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    reason_for_review: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    family_involvement: Mapped[str] = mapped_column(Text, default="")
    limitations: Mapped[str] = mapped_column(Text, default="")
    #: the lead reviewers as the report names them (accounts' display names are for the app)
    lead_reviewer_names: Mapped[str] = mapped_column(String(300), default="")
    independence_statement: Mapped[str] = mapped_column(Text, default="")
    report_version: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.DRAFT, index=True)
    commissioned_on: Mapped[date | None] = mapped_column(Date)
    signed_off_on: Mapped[date | None] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: the Board's approval of publication: who approved, when, and where it is minuted
    approved_by: Mapped[str] = mapped_column(String(200), default="")
    approved_on: Mapped[date | None] = mapped_column(Date)
    approval_minute: Mapped[str] = mapped_column(String(100), default="")

    board: Mapped[Board] = relationship()
    review_type: Mapped[TaxonomyTerm | None] = relationship()
    research_questions: Mapped[list["ResearchQuestion"]] = relationship(
        back_populates="review",
        order_by="ResearchQuestion.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    memberships: Mapped[list["ReviewMembership"]] = relationship(
        back_populates="review",
        order_by="ReviewMembership.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    printed_team: Mapped[list["PrintedTeamMember"]] = relationship(
        back_populates="review",
        order_by="PrintedTeamMember.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    case_group: Mapped[list["CaseGroupMember"]] = relationship(  # noqa: F821
        back_populates="review",
        order_by="CaseGroupMember.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    chronology: Mapped[list["ChronologyEntry"]] = relationship(  # noqa: F821
        back_populates="review",
        order_by="[ChronologyEntry.occurred_on, ChronologyEntry.id]",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    episodes: Mapped[list["KeyPracticeEpisode"]] = relationship(  # noqa: F821
        back_populates="review",
        order_by="KeyPracticeEpisode.number",
        collection_class=ordering_list("number", count_from=1),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    findings: Mapped[list["Finding"]] = relationship(  # noqa: F821
        back_populates="review",
        order_by="Finding.number",
        collection_class=ordering_list("number", count_from=1),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    protected_terms: Mapped[list["ProtectedTerm"]] = relationship(  # noqa: F821
        back_populates="review",
        order_by="ProtectedTerm.term_key",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def status_enum(self) -> ReviewStatus:
        return ReviewStatus(self.status)

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED

    def members_with(self, team_role: TeamRole) -> list[User]:
        return [m.user for m in self.memberships if m.team_role == team_role]

    @property
    def lead_reviewers(self) -> list[User]:
        return self.members_with(TeamRole.LEAD)

    @property
    def year(self) -> int | None:
        when = self.published_on or self.signed_off_on or self.commissioned_on
        return when.year if when else None

    def __str__(self) -> str:
        return self.title


class ResearchQuestion(Versioned, db.Model):
    """An open question the review sets out to answer, in place of terms of reference."""

    __tablename__ = "research_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)

    review: Mapped[Review] = relationship(back_populates="research_questions")


class ReviewMembership(Versioned, db.Model):
    """A user on a review's team, as a lead reviewer or a review team member."""

    __tablename__ = "review_membership"
    __table_args__ = (UniqueConstraint("review_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    team_role: Mapped[str] = mapped_column(String(10), default=TeamRole.TEAM)
    #: the person's name as the report prints it (optional: accounts' names are for the app)
    printed_name: Mapped[str] = mapped_column(String(200), default="")
    role_title: Mapped[str] = mapped_column(String(200), default="")
    agency: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(default=0)

    review: Mapped[Review] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    @property
    def team_role_label(self) -> str:
        return TeamRole(self.team_role).label


class PrintedTeamMember(Versioned, db.Model):
    """A review team member without an account: printed in the report, never signs in."""

    __tablename__ = "printed_team_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    role_title: Mapped[str] = mapped_column(String(200), default="")
    agency: Mapped[str] = mapped_column(String(200), default="")

    review: Mapped[Review] = relationship(back_populates="printed_team")

    team_role_label = TeamRole.TEAM.label

    def __str__(self) -> str:
        return self.name
