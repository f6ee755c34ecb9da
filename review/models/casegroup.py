"""The case group: practitioners (and family) who worked with the case, and what they said."""

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Timestamped, Versioned
from .reviews import Review
from .taxonomy import TaxonomyTerm


class CaseGroupMember(Versioned, Timestamped, db.Model):
    """A case group member, known in the review by role, agency and a pseudonymous label only."""

    __tablename__ = "case_group_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(80))
    role_title: Mapped[str] = mapped_column(String(200), default="")
    agency: Mapped[str] = mapped_column(String(200), default="")
    agency_type_id: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    is_family_member: Mapped[bool] = mapped_column(default=False)
    conversation_date: Mapped[date | None] = mapped_column(Date)
    attended_meeting_1: Mapped[bool] = mapped_column(default=False)
    attended_meeting_2: Mapped[bool] = mapped_column(default=False)

    review: Mapped[Review] = relationship(back_populates="case_group")
    agency_type: Mapped[TaxonomyTerm | None] = relationship()
    conversation: Mapped["Conversation | None"] = relationship(
        back_populates="member", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def has_notes(self) -> bool:
        return self.conversation is not None and not self.conversation.is_empty

    @property
    def conversation_state(self) -> str:
        """Where the conversation stands, in words that are true whatever was entered."""
        held = self.conversation_date
        if held and self.has_notes:
            return f"Held on {held.day} {held:%B %Y}, notes recorded"
        if held:
            return f"Held on {held.day} {held:%B %Y}, no notes yet"
        if self.has_notes:
            return "Notes recorded, date not recorded"
        return "Not yet held"

    def __str__(self) -> str:
        return self.label


class Conversation(Versioned, Timestamped, db.Model):
    """Structured notes of one conversation: the case as it looked to this person at the time."""

    __tablename__ = "conversation"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("case_group_member.id", ondelete="CASCADE"), unique=True
    )
    knew_then: Mapped[str] = mapped_column(Text, default="")
    did_and_why: Mapped[str] = mapped_column(Text, default="")
    what_helped: Mapped[str] = mapped_column(Text, default="")
    what_hindered: Mapped[str] = mapped_column(Text, default="")
    view_now: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[CaseGroupMember] = relationship(back_populates="conversation")

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.knew_then, self.did_and_why, self.what_helped, self.what_hindered, self.view_now)
        )
