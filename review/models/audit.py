"""The audit trail and the record of sign-in attempts: rows the app adds and never changes."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class AuditEvent(db.Model):
    """Who did what to which record, when; for updates each changed field before and after.

    No foreign keys: the history of a deleted record, review or account must outlive it.
    """

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_record", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: one value per transaction, so a delete and its cascaded children restore together
    txn: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column()
    user_name: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(30))
    record_type: Mapped[str] = mapped_column(String(40), default="")
    record_id: Mapped[int | None] = mapped_column()
    review_id: Mapped[int | None] = mapped_column(index=True)
    #: what the record was called when the event happened ("Finding 2: …")
    label: Mapped[str] = mapped_column(String(300), default="")
    #: updates: {field: [before, after]}; deletes: the record's columns; others: details
    changes: Mapped[dict] = mapped_column(JSON, default=dict)


class SignInAttempt(db.Model):
    """One sign-in attempt, for throttling across every worker process (and for the log)."""

    __tablename__ = "sign_in_attempt"
    __table_args__ = (
        Index("ix_sign_in_attempt_email_at", "email", "at"),
        Index("ix_sign_in_attempt_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64), default="")
    #: success, failure, locked (the attempt that locked the account or address), refused
    outcome: Mapped[str] = mapped_column(String(10))
