"""The Board's answer to each finding, and the actions it sets itself."""

from datetime import date
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Timestamped, Versioned
from .findings import Finding
from .people import User


class ActionStatus(StrEnum):
    """Where an action stands; "not doing" needs a reason."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DOING = "not_doing"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def open(self) -> bool:
        return self in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class BoardResponse(Versioned, Timestamped, db.Model):
    """The Board's response to one finding's questions."""

    __tablename__ = "board_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), unique=True
    )
    response: Mapped[str] = mapped_column(Text, default="")
    responded_on: Mapped[date | None] = mapped_column(Date)
    responded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    finding: Mapped[Finding] = relationship(back_populates="response")
    responded_by: Mapped[User | None] = relationship()


class BoardAction(Versioned, Timestamped, db.Model):
    """An action the Board sets in answer to a finding: what, who, by when, and its effect."""

    __tablename__ = "board_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("finding.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    what: Mapped[str] = mapped_column(Text)
    owner_role: Mapped[str] = mapped_column(String(200), default="")
    owner_agency: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.PLANNED)
    reason: Mapped[str] = mapped_column(Text, default="")
    evidence_of_impact: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[date | None] = mapped_column(Date)

    finding: Mapped[Finding] = relationship(back_populates="actions")

    @property
    def status_enum(self) -> ActionStatus:
        return ActionStatus(self.status)

    @property
    def owner(self) -> str:
        return ", ".join(filter(None, (self.owner_role, self.owner_agency))) or "No owner yet"

    def is_overdue(self, today: date | None = None) -> bool:
        """Open past its due date; done and not-doing actions are never overdue."""
        today = today or date.today()
        return self.status_enum.open and self.due_on is not None and self.due_on < today
