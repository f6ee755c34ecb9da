"""Boards and the people who use the app, each with one role."""

import hashlib
import secrets
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .base import Timestamped, Versioned
from .taxonomy import TaxonomyTerm


class Role(StrEnum):
    """What a user may do across the app; per-review rights come from review membership."""

    ADMIN = "admin"
    LEAD_REVIEWER = "lead_reviewer"
    TEAM_MEMBER = "team_member"
    BOARD_MEMBER = "board_member"
    PRACTITIONER = "practitioner"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Board(Versioned, Timestamped, db.Model):
    """A commissioning board: an LSCB, a safeguarding partnership or an adults board."""

    __tablename__ = "board"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind_id: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_term.id"))

    kind: Mapped[TaxonomyTerm | None] = relationship()
    users: Mapped[list["User"]] = relationship(back_populates="board")

    def __str__(self) -> str:
        return self.name


class User(UserMixin, Versioned, Timestamped, db.Model):
    """Someone who signs in; passwords are stored only as salted hashes."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default=Role.PRACTITIONER)
    board_id: Mapped[int | None] = mapped_column(ForeignKey("board.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(default=True)
    #: SHA-256 of the user's API token; the token itself is shown once and never stored
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: part of every session cookie; raising it ends all of the user's sessions on the server
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    #: base32 TOTP secret once two-factor sign-in is set up, and the last time step used
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_last_step: Mapped[int | None] = mapped_column()

    board: Mapped[Board | None] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to deactivated accounts
        return self.active

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @validates("active")
    def _end_sessions_on_deactivation(self, _key, active: bool) -> bool:
        if self.active and not active:
            self.end_sessions()
        return active

    def get_id(self) -> str:
        """The session names the user and the session version it was made under."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Sign the user out everywhere: cookies made before now stop working."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        if self.id is not None:
            self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def new_api_token(self) -> str:
        """Create (or replace) this user's API token and return it: it cannot be shown again."""
        token = secrets.token_urlsafe(32)
        self.api_token_hash = token_digest(token)
        return token

    def __str__(self) -> str:
        return self.display_name


def token_digest(token: str) -> str:
    """Tokens are long and random, so a fast hash is enough to keep them unreadable at rest."""
    return hashlib.sha256(token.encode()).hexdigest()
