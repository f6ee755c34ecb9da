"""Protected terms: the real names and places a review's report must never contain."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from ..guard import term_key
from .base import Versioned, utcnow
from .reviews import Review


def tidy_variants(value: str | list[str] | None) -> list[str]:
    """Variants as stored: one a line, spaces tidied, no blank line, none twice (as folded)."""
    lines = value.splitlines() if isinstance(value, str) else list(value or [])
    kept: dict[str, str] = {}
    for line in lines:
        variant = " ".join(str(line).split())
        if variant:
            kept.setdefault(term_key(variant), variant)
    return list(kept.values())


class ProtectedTerm(Versioned, db.Model):
    """A real name, address or school name that must not appear in the published report.

    Kept by the review's team and seen only by them: never indexed or searched, never shown to
    anyone else, exported only on purpose (`export-reviews --with-protected-terms`).
    `review.guard` refuses publication while a term, one of its variants (or a part of either)
    remains in the report's texts.
    """

    __tablename__ = "protected_term"
    __table_args__ = (UniqueConstraint("review_id", "term_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    term: Mapped[str] = mapped_column(String(200))
    #: the term as the guard compares it (case, accents, apostrophes, spaces folded): unique
    #: per review, so “Zoë O’Neill” and “zoe o'neill” cannot both be entered
    term_key: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(120), default="")
    #: nicknames and other spellings, one a line, each protected like the term (“Jay”, “JJ”)
    variants: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    review: Mapped[Review] = relationship(back_populates="protected_terms")

    @validates("term")
    def _keep_key(self, _name: str, value: str) -> str:
        value = " ".join(value.split())
        self.term_key = term_key(value)[:200]  # folding may lengthen a rare character
        return value

    @validates("variants")
    def _tidy_variants(self, _name: str, value: str | list[str]) -> str:
        return "\n".join(tidy_variants(value))

    @property
    def variant_list(self) -> list[str]:
        """The variants, one string each."""
        return self.variants.splitlines() if self.variants else []

    def __str__(self) -> str:
        return self.term
