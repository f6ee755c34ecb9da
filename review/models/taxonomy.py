"""Taxonomies (factor levels, finding categories, themes…) are data a board can refine."""

from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Versioned


class TaxonomyKind(StrEnum):
    """The lists the method works with; each term belongs to exactly one."""

    BOARD_KIND = "board_kind"
    REVIEW_TYPE = "review_type"
    AGENCY_TYPE = "agency_type"
    FACTOR_LEVEL = "factor_level"
    FACTOR_SUBFACTOR = "factor_subfactor"
    FINDING_CATEGORY = "finding_category"
    THEME = "theme"
    ACRONYM = "acronym"
    CONCEPT = "concept"

    @property
    def label(self) -> str:
        return {
            "board_kind": "Board kinds",
            "review_type": "Review types",
            "agency_type": "Agency types",
            "factor_level": "Contributory factor levels",
            "factor_subfactor": "Contributory sub-factors",
            "finding_category": "Finding categories",
            "theme": "Themes",
            "acronym": "Acronyms and synonyms (search)",
            "concept": "Practice concepts (search)",
        }[self.value]


class TaxonomyTerm(Versioned, db.Model):
    """One term of a taxonomy; retired terms stay for the records that use them."""

    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    key: Mapped[str] = mapped_column(String(80))
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("taxonomy_term.id", ondelete="RESTRICT")
    )

    parent: Mapped["TaxonomyTerm | None"] = relationship(
        remote_side=[id], back_populates="children"
    )
    children: Mapped[list["TaxonomyTerm"]] = relationship(
        back_populates="parent", order_by="TaxonomyTerm.position"
    )

    def __str__(self) -> str:
        return self.label
