"""The chronology: a dated narrative of what each agency saw and did."""

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Timestamped, Versioned
from .reviews import Review


class ChronologyEntry(Versioned, Timestamped, db.Model):
    """One dated event in the case, with the agency involved and where it is recorded."""

    __tablename__ = "chronology_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    agency: Mapped[str] = mapped_column(String(200), default="")
    event: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300), default="")

    review: Mapped[Review] = relationship(back_populates="chronology")
