"""Forms for case group members and their conversations."""

from wtforms import BooleanField, DateField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..models import TaxonomyKind
from .base import MarkdownField, RecordForm, TermSelectField


class CaseGroupMemberForm(RecordForm):
    """A member of the case group, identified by role and agency, never by name."""

    label = StringField(
        "Pseudonymous label",
        [DataRequired(message="Enter a label, e.g. “Health visitor 1”."), Length(max=80)],
        description="How the report will refer to them: “Social Worker 1”, “Health Visitor”, "
        "“Mother”. Never a real name.",
    )
    role_title = StringField("Role", [Length(max=200)], description="e.g. Team manager")
    agency = StringField("Agency", [Length(max=200)], description="e.g. Children's social care")
    agency_type_id = TermSelectField("Agency type", kind=TaxonomyKind.AGENCY_TYPE)
    is_family_member = BooleanField("This is a family member, not a practitioner")

    def setup(self, review, record=None) -> None:
        self.agency_type_id.load(record.agency_type if record else None)


class ConversationForm(RecordForm):
    """The whole conversation on one form: when it was held, the notes of it (the case as it
    looked then, not with hindsight), and the member's part in the follow-on meetings."""

    #: stored on the case group member, not on the notes
    derived_fields = ("conversation_date", "attended_meeting_1", "attended_meeting_2")

    conversation_date = DateField(
        "Date of the conversation",
        [Optional()],
        description="Leave empty until the conversation has been held.",
    )

    knew_then = MarkdownField(
        "What did they know at the time?",
        prompt="The case as it looked then: what information did they have, and from whom?",
    )
    did_and_why = MarkdownField(
        "What did they do, and why?",
        prompt="Why did it make sense at the time? What were they trying to achieve?",
    )
    what_helped = MarkdownField(
        "What helped?", prompt="Tools, colleagues, supervision, systems that supported their work."
    )
    what_hindered = MarkdownField(
        "What hindered?", prompt="Workload, procedures, missing information, other pressures."
    )
    view_now = MarkdownField(
        "Their view now", prompt="Looking back, what do they think now? What would help others?"
    )
    attended_meeting_1 = BooleanField(
        "Attended follow-on meeting 1", description="Checking the KPEs and their explanations."
    )
    attended_meeting_2 = BooleanField(
        "Attended follow-on meeting 2", description="Checking the findings."
    )

    NOTES = ("knew_then", "did_and_why", "what_helped", "what_hindered", "view_now")

    def has_notes(self) -> bool:
        return any((self[name].data or "").strip() for name in self.NOTES)

    def validate(self, extra_validators=None) -> bool:
        """An empty form saves nothing: say so, rather than "Saved"."""
        valid = super().validate(extra_validators)
        meetings = self.attended_meeting_1.data or self.attended_meeting_2.data
        if valid and not (self.has_notes() or self.conversation_date.data or meetings):
            self.conversation_date.errors = [
                "Nothing to save yet: enter the date the conversation was held, or its notes."
            ]
            return False
        return valid
