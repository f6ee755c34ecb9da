"""Forms for the administrator: users, boards and taxonomy terms."""

from sqlalchemy import func, select
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..extensions import db
from ..models import Board, Role, TaxonomyKind, TaxonomyTerm, User
from ..passwords import MAX_LENGTH
from .auth import POLICY, NewPassword
from .base import RecordForm, TermSelectField, optional_int, options


class UserForm(RecordForm):
    """An account; the password is only changed when a new one is typed."""

    derived_fields = ("password",)

    display_name = StringField("Name", [DataRequired(), Length(max=120)])
    email = EmailField("Email address", [DataRequired(), Email(), Length(max=254)])
    role = SelectField("Role", choices=options((r.value, r.label) for r in Role))
    board_id = SelectField(
        "Board", coerce=optional_int, description="Board members read their own board's drafts."
    )
    active = BooleanField("Account active", default=True)
    password = PasswordField(
        "New password",
        [Optional(), Length(max=MAX_LENGTH), NewPassword("email")],
        description=f"{POLICY} Leave empty to keep the current one.",
        render_kw={"autocomplete": "new-password"},
    )

    def setup(self, review=None, record=None) -> None:
        self._record = record
        boards = db.session.scalars(select(Board).order_by(Board.name))
        self.board_id.choices = options([("", "No board"), *((b.id, b.name) for b in boards)])
        if record is None:
            self.password.validators = [
                DataRequired(),
                Length(max=MAX_LENGTH),
                NewPassword("email"),
            ]
            self.password.description = POLICY

    def validate_email(self, field) -> None:
        clash = db.session.scalar(
            select(User).where(func.lower(User.email) == field.data.strip().lower())
        )
        if clash is not None and clash is not self._record:
            raise ValidationError("Another account already uses this email address.")

    def validate_board_id(self, field) -> None:
        if self.role.data == Role.BOARD_MEMBER and not field.data:
            raise ValidationError("A board member must belong to a board.")

    def apply(self, record) -> None:
        super().apply(record)
        record.email = record.email.strip().lower()
        if self.password.data:
            record.set_password(self.password.data)


class BoardForm(RecordForm):
    name = StringField("Name", [DataRequired(), Length(max=200)])
    kind_id = TermSelectField("Kind of board", kind=TaxonomyKind.BOARD_KIND)

    def setup(self, review=None, record=None) -> None:
        self._record = record
        self.kind_id.load(record.kind if record else None)

    def validate_name(self, field) -> None:
        clash = db.session.scalar(select(Board).where(Board.name == field.data.strip()))
        if clash is not None and clash is not self._record:
            raise ValidationError("A board with this name already exists.")


class TermForm(RecordForm):
    """A taxonomy term; retiring keeps it on the records that use it but hides it from choices."""

    label = StringField("Label", [DataRequired(), Length(max=200)])
    description = TextAreaField("Description", [Length(max=2000)], render_kw={"rows": 3})
    parent_id = SelectField("Level", coerce=optional_int)
    active = BooleanField("In use (untick to retire the term)", default=True)

    def setup(self, review=None, record=None, kind: TaxonomyKind | None = None) -> None:
        levels = db.session.scalars(
            select(TaxonomyTerm)
            .where(TaxonomyTerm.kind == TaxonomyKind.FACTOR_LEVEL)
            .order_by(TaxonomyTerm.position)
        )
        self.parent_id.choices = options((t.id, t.label) for t in levels)
        if kind is not TaxonomyKind.FACTOR_SUBFACTOR:
            del self.parent_id
        if kind is TaxonomyKind.ACRONYM:
            self.label.label.text = "Acronym"
            self.description.label.text = "What it stands for"
            self.description.description = (
                "Search finds these too. Separate alternatives with semicolons, e.g. "
                "“domestic violence; domestic abuse”. Documents already indexed learn a new "
                "acronym at the next `flask reindex`; findings saved from now on know it at once."
            )
        if kind is TaxonomyKind.CONCEPT:
            self.label.label.text = "Concept"
            self.description.label.text = "Other ways reviews write it"
            self.description.description = (
                "A review that uses any of these phrases is found by all of them. Separate them "
                "with semicolons, e.g. “did not attend; missed appointments”. Documents already "
                "indexed learn a change at the next `flask reindex`."
            )
