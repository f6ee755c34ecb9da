"""Key practice episodes and the contributory factors that explain them."""

from datetime import date
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Timestamped, Versioned
from .reviews import Review
from .taxonomy import TaxonomyTerm


class Effect(StrEnum):
    """Whether a factor made good practice easier or poor practice more likely."""

    SUPPORTS = "supports"
    HINDERS = "hinders"

    @property
    def label(self) -> str:
        return {
            "supports": "Supports good practice",
            "hinders": "Makes poor practice more likely",
        }[self.value]


class KeyPracticeEpisode(Versioned, Timestamped, db.Model):
    """An episode judged significant to understanding how the case developed."""

    __tablename__ = "key_practice_episode"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(200))
    date_from: Mapped[date | None] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    agencies: Mapped[str] = mapped_column(String(300), default="")
    what_happened: Mapped[str] = mapped_column(Text, default="")
    appraisal: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    how_normal: Mapped[str] = mapped_column(Text, default="")
    hindsight_guard: Mapped[str] = mapped_column(Text, default="")

    review: Mapped[Review] = relationship(back_populates="episodes")
    factors: Mapped[list["ContributoryFactor"]] = relationship(
        back_populates="episode",
        order_by="ContributoryFactor.position",
        collection_class=ordering_list("position"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    findings: Mapped[list["Finding"]] = relationship(  # noqa: F821
        secondary="finding_episode", back_populates="episodes", order_by="Finding.number"
    )

    @property
    def label(self) -> str:
        return f"KPE {self.number}: {self.title}"

    def __str__(self) -> str:
        return self.label


class ContributoryFactor(Versioned, db.Model):
    """A factor behind an episode, at one level of the adapted London Protocol."""

    __tablename__ = "contributory_factor"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(
        ForeignKey("key_practice_episode.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    level_id: Mapped[int] = mapped_column(ForeignKey("taxonomy_term.id"))
    subfactor_id: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    effect: Mapped[str] = mapped_column(String(10), default=Effect.HINDERS)
    description: Mapped[str] = mapped_column(Text, default="")

    episode: Mapped[KeyPracticeEpisode] = relationship(back_populates="factors")
    level: Mapped[TaxonomyTerm] = relationship(foreign_keys=[level_id])
    subfactor: Mapped[TaxonomyTerm | None] = relationship(foreign_keys=[subfactor_id])

    @property
    def effect_label(self) -> str:
        return Effect(self.effect).label
