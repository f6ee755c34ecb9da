"""Form for one chronology entry."""

from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..agencies import case_group_agencies
from .base import MarkdownField, RecordForm, options


class ChronologyEntryForm(RecordForm):
    """A dated event, the agency involved and where it is recorded."""

    occurred_on = DateField("Date", [DataRequired(message="Give the date of the event.")])
    agency = SelectField(
        "Agency",
        description="The case group's agencies. Not listed? Add a case group member from that "
        "agency first, so the timeline keeps one lane per agency.",
    )
    event = MarkdownField(
        "What happened",
        [DataRequired(message="Say what happened.")],
        prompt="The facts, from this agency's perspective: who did what, as recorded then.",
    )
    source = StringField(
        "Source", [Length(max=300)], description="The record it comes from, e.g. “GP notes”."
    )

    def setup(self, review, record=None) -> None:
        keep = [record.agency] if record is not None and record.agency else []
        names = case_group_agencies(review, keep)
        self.agency.choices = options([("", "Not recorded")] + [(n, n) for n in names])
