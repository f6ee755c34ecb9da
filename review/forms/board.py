"""Forms for the Board's response to a finding and the actions it sets."""

from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..models import ActionStatus
from .base import MarkdownField, RecordForm, options


class ResponseForm(RecordForm):
    """The Board's answer to the finding's questions."""

    response = MarkdownField(
        "The Board's response",
        [DataRequired(message="Write the Board's response.")],
        prompt="Answer each of the finding's questions: what the Board accepts, what it will do, "
        "and how it will know it made a difference.",
        render_kw={"rows": 10},
    )
    responded_on = DateField("Date of the response", [Optional()])


class ActionForm(RecordForm):
    """One action: what, who owns it, by when, how it stands, and its effect."""

    what = TextAreaField(
        "Action",
        [DataRequired(message="Say what will be done."), Length(max=2000)],
        description="What will be done, e.g. “Audit supervision records for challenge of "
        "parents' accounts”.",
        render_kw={"rows": 3},
    )
    owner_role = StringField(
        "Owner: role",
        [DataRequired(message="Enter who owns the action, by role."), Length(max=200)],
        description="e.g. Head of Service",
    )
    owner_agency = StringField("Owner: agency", [Length(max=200)])
    due_on = DateField(
        "Due date",
        [DataRequired(message="Enter the date the action is due, e.g. 31 3 2026.")],
    )
    status = SelectField(
        "Status",
        choices=options((s.value, s.label) for s in ActionStatus),
        default=ActionStatus.PLANNED.value,
    )
    reason = TextAreaField(
        "Reason for not doing it",
        [Length(max=2000)],
        description="Needed when the status is “Not doing”.",
        render_kw={"rows": 2},
    )
    completed_on = DateField(
        "Date completed", [Optional()], description="Needed when the status is “Done”."
    )
    evidence_of_impact = MarkdownField(
        "Evidence of impact",
        prompt="What changed for children and families, and how does the Board know?",
    )

    def validate_reason(self, field) -> None:
        if self.status.data == ActionStatus.NOT_DOING and not (field.data or "").strip():
            raise ValidationError("Say why the Board will not do this action.")

    def validate_completed_on(self, field) -> None:
        if field.data and self.status.data != ActionStatus.DONE:
            raise ValidationError("Only a done action has a completion date.")

    def validate(self, extra_validators=None) -> bool:
        """A done action needs its completion date (checked here: Optional() stops the
        field's own validators when it is empty)."""
        valid = super().validate(extra_validators)
        done = self.status.data == ActionStatus.DONE
        if done and self.completed_on.data is None and not self.completed_on.errors:
            self.completed_on.errors = ["Enter the date the action was completed."]
            return False
        return valid
