"""Column helpers shared by the models."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    """Now, in UTC; passed as a callable so that each row gets its own timestamp."""
    return datetime.now(UTC)


class Timestamped:
    """Adds created/updated times, set per row at write time."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Versioned:
    """A version number SQLAlchemy checks on every UPDATE and DELETE (optimistic locking).

    An edit form carries the version it was loaded with; a save over a newer version is a
    conflict the user resolves, never a silent overwrite.
    """

    version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
