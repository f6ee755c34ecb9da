"""Request counts per user and window, in the database so every worker process shares them."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class RateLimitWindow(db.Model):
    """How many requests one key (e.g. "search:42") made in its current fixed window."""

    __tablename__ = "rate_limit_window"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    started: Mapped[int] = mapped_column()  # the window's start, in seconds since 1970
    hits: Mapped[int] = mapped_column(default=0)
