"""Forms for key practice episodes and their contributory factors."""

from wtforms import DateField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..extensions import db
from ..models import TaxonomyKind, TaxonomyTerm
from ..models.episodes import Effect
from ..taxonomy import terms
from .base import MarkdownField, RecordForm, TermSelectField, optional_int, options


class EpisodeForm(RecordForm):
    """A key practice episode, analysed in three steps: facts, appraisal, explanation."""

    title = StringField(
        "Short title",
        [DataRequired(message="Enter a short title for the episode."), Length(max=200)],
        description="e.g. “Referral about bruising is closed after a single visit”.",
    )
    date_from = DateField("Date (or start of the episode)", [Optional()])
    date_to = DateField("End of the episode", [Optional()], description="Leave empty for one day.")
    agencies = StringField(
        "Agencies and roles involved", [Length(max=300)], description="e.g. Police, CSC, GP"
    )
    what_happened = MarkdownField(
        "What happened?", prompt="The facts only: who did what, and when."
    )
    appraisal = MarkdownField(
        "Appraisal of practice",
        prompt="With hindsight, against research and guidance: what was good, what was "
        "problematic?",
    )
    explanation = MarkdownField(
        "Why did it make sense at the time?",
        prompt="The local rationality: what the person knew, their tasks, tools, workload, "
        "supervision, the team and agency context.",
    )
    how_normal = MarkdownField(
        "How normal was this practice?",
        prompt="Is this what most practitioners would have done in the same position?",
    )
    hindsight_guard = MarkdownField(
        "How was hindsight bias guarded against?",
        prompt="How did you keep the outcome from colouring the appraisal (e.g. checked with "
        "the case group at follow-on meeting 1)?",
    )

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end of the episode must not be before its start.")


class FactorForm(RecordForm):
    """A contributory factor at one level, marked as supporting or hindering practice."""

    level_id = TermSelectField(
        "Level", [DataRequired(message="Choose the level.")], kind=TaxonomyKind.FACTOR_LEVEL
    )
    subfactor_id = SelectField(
        "Sub-factor", coerce=optional_int, description="Optional: narrows the level."
    )
    effect = RadioField(
        "Effect on practice",
        choices=options((e.value, e.label) for e in Effect),
        default=Effect.HINDERS.value,
        validators=[
            DataRequired(
                message="Choose whether the factor supported good practice or made poor "
                "practice more likely."
            )
        ],
    )
    description = MarkdownField(
        "Description",
        [DataRequired(message="Describe the factor.")],
        prompt="How did this factor shape what happened in the episode?",
    )

    def setup(self, review, record=None) -> None:
        self.level_id.load(record.level if record else None)
        current = record.subfactor if record else None
        subs = sorted(
            terms(TaxonomyKind.FACTOR_SUBFACTOR, include=current),
            key=lambda t: (t.parent.position if t.parent else 999, t.position),
        )
        self.subfactor_id.choices = options([("", "None")]) + [
            SelectChoice(
                value=t.id, label=t.label, optgroup=t.parent.label if t.parent else "Other"
            )
            for t in subs
        ]

    def validate_subfactor_id(self, field) -> None:
        if field.data is None:
            return
        sub = db.session.get(TaxonomyTerm, field.data)
        if sub is None or sub.parent_id != self.level_id.data:
            raise ValidationError("This sub-factor belongs to another level.")
