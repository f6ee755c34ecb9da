"""Forms for a review's set-up, its research questions and its team."""

from datetime import date

from sqlalchemy import select
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..extensions import db
from ..models import Board, ReviewMembership, Role, TaxonomyKind, TeamRole, User
from .base import BoundedForm, MarkdownField, RecordForm, TermSelectField, optional_int, options


class ReviewForm(RecordForm):
    """Preparation: what the review is about and the period it looks at."""

    title = StringField(
        "Title",
        [DataRequired(message="Enter a title."), Length(max=200)],
        description="A short title that identifies no one, e.g. “Child A: neglect in a busy "
        "family”.",
    )
    board_id = SelectField(
        "Commissioning board",
        coerce=optional_int,
        validators=[DataRequired(message="Choose the board that commissioned the review.")],
    )
    review_type_id = TermSelectField("Review type", kind=TaxonomyKind.REVIEW_TYPE)
    subject_pseudonym = StringField(
        "Pseudonym of the subject",
        [DataRequired(message="Enter a pseudonym, e.g. “Child A”."), Length(max=80)],
        default="Child A",
        description="Never a real name: “Child A”, “Adult B”.",
    )
    family_composition = MarkdownField(
        "Family composition",
        prompt="Who is in the family, in pseudonyms only (“Mother”, “Sibling 1, aged 7”).",
    )
    period_start = DateField("Period under review: from", [Optional()])
    period_end = DateField("Period under review: to", [Optional()])
    commissioned_on = DateField("Date commissioned", [Optional()])
    reason_for_review = MarkdownField(
        "Why this case?", prompt="Why did the Board decide to review this case?"
    )
    summary = MarkdownField("The case in brief", prompt="A short summary of the case.")
    family_involvement = MarkdownField(
        "Family involvement", prompt="Was the family told of the review, and did they contribute?"
    )
    limitations = MarkdownField(
        "Limitations", prompt="What could the review not do (people not seen, records missing)?"
    )
    lead_reviewer_names = StringField(
        "Lead reviewers' names, as printed in the report",
        [Length(max=300)],
        description="e.g. “Dr A. Example (independent lead reviewer) and B. Sample”. Printed on "
        "the cover and in the introduction; left blank, the report names the lead reviewers' "
        "accounts.",
    )
    independence_statement = MarkdownField(
        "Independence of the lead reviewers",
        prompt="A statement that the lead reviewers are independent of the agencies and of the "
        "case, where the review records one.",
    )
    report_version = StringField(
        "Report version",
        [Length(max=40)],
        description="Printed on the cover with the report's status, e.g. “1.0” or “Draft 3”.",
    )

    def setup(self, review, record=None) -> None:
        boards = db.session.scalars(select(Board).order_by(Board.name))
        self.board_id.choices = options(
            [("", "Choose the board…"), *((b.id, b.name) for b in boards)]
        )
        self.review_type_id.load(record.review_type if record else None)

    def validate_period_end(self, field) -> None:
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise ValidationError("The end of the period must not be before its start.")


class ResearchQuestionForm(RecordForm):
    """An open question the review will answer."""

    text = TextAreaField(
        "Research question",
        [DataRequired(message="Write the research question."), Length(max=2000)],
        description="An open question about the system, e.g. “How do agencies share concerns "
        "about neglect when a family moves between areas?”",
        render_kw={"rows": 3},
    )


class MembershipForm(RecordForm):
    """A lead reviewer or review team member, chosen from the app's users."""

    user_id = SelectField(
        "Person",
        coerce=optional_int,
        validators=[DataRequired(message="Choose the person to add to the team.")],
    )
    team_role = SelectField(
        "Part in this review", choices=options((r.value, r.label) for r in TeamRole), default="team"
    )
    printed_name = StringField(
        "Name as printed in the report",
        [Length(max=200)],
        description="Optional, e.g. “Carol Example”. Left blank, the report gives the job title "
        "and agency only (the account's name is never printed).",
    )
    role_title = StringField(
        "Job title", [Length(max=200)], description="As it should appear in the report."
    )
    agency = StringField("Agency", [Length(max=200)])

    def setup(self, review, record=None) -> None:
        taken = {m.user_id for m in review.memberships if m is not record}
        people = db.session.scalars(
            select(User)
            .where(User.role.in_([Role.LEAD_REVIEWER, Role.TEAM_MEMBER]), User.active.is_(True))
            .order_by(User.display_name)
        )
        self.user_id.choices = options(
            (u.id, f"{u.display_name} ({u.role_label.lower()})")
            for u in people
            if u.id not in taken
        )
        self._review, self._record = review, record

    def validate_team_role(self, field) -> None:
        user = db.session.get(User, self.user_id.data) if self.user_id.data else None
        if field.data == TeamRole.LEAD and user is not None and user.role != Role.LEAD_REVIEWER:
            raise ValidationError("Only a user with the lead reviewer role can lead a review.")
        demoting = self._record is not None and self._record.team_role == TeamRole.LEAD
        if demoting and field.data != TeamRole.LEAD and not lead_count(self._review, self._record):
            raise ValidationError("A review needs at least one lead reviewer.")


class PrintedTeamMemberForm(RecordForm):
    """A review team member without an account, as the report prints them."""

    name = StringField(
        "Name as printed in the report",
        [DataRequired(message="Enter the person's name as the report should print it."),
         Length(max=200)],
        description="e.g. “Dee Example”. This person has no account: they are printed in the "
        "report's review team and never sign in.",
    )  # fmt: skip
    role_title = StringField(
        "Job title",
        [DataRequired(message="Enter the job title the report prints, e.g. “Named nurse”."),
         Length(max=200)],
    )  # fmt: skip
    agency = StringField(
        "Agency",
        [DataRequired(message="Enter the agency the report prints, e.g. “Northbridge Police”."),
         Length(max=200)],
    )  # fmt: skip


def lead_count(review, excluding: ReviewMembership | None = None) -> int:
    return sum(1 for m in review.memberships if m.team_role == TeamRole.LEAD and m is not excluding)


class PublicationForm(BoundedForm):
    """The Board's approval of publication, recorded with the review."""

    approved_by = StringField(
        "Who approved publication",
        [
            DataRequired(message="Enter who approved publication, e.g. the Board's chair."),
            Length(max=200),
        ],
        description="The person or meeting, e.g. “Independent Chair, Northbridge Safeguarding "
        "Children Partnership”.",
    )
    approved_on = DateField(
        "Date of the approval",
        [DataRequired(message="Enter the date the Board approved publication, e.g. 14 3 2025.")],
    )
    approval_minute = StringField(
        "Minute reference",
        [
            DataRequired(message="Enter the minute that records the approval, e.g. “SCP/2025/14”."),
            Length(max=100),
        ],
        description="Where the Board's minutes record the decision, e.g. “SCP/2025/14”.",
    )

    def validate_approved_on(self, field) -> None:
        if field.data and field.data > date.today():
            raise ValidationError("The date of the approval cannot be in the future.")
