"""Form for one chronology entry."""

from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length

from .base import MarkdownField, RecordForm


class ChronologyEntryForm(RecordForm):
    """A dated event, the agency involved and where it is recorded."""

    occurred_on = DateField("Date", [DataRequired(message="Give the date of the event.")])
    agency = StringField("Agency", [Length(max=200)], description="e.g. Police, Health visiting")
    event = MarkdownField(
        "What happened",
        [DataRequired(message="Say what happened.")],
        prompt="The facts, from this agency's perspective: who did what, as recorded then.",
    )
    source = StringField(
        "Source", [Length(max=300)], description="The record it comes from, e.g. “GP notes”."
    )
