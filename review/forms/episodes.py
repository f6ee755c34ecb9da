"""Forms for key practice episodes and their contributory factors."""

from wtforms import DateField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .. import agencies
from ..agencies import case_group_agencies
from ..extensions import db
from ..loading import taxonomy_terms
from ..models import ContributoryFactor, TaxonomyKind, TaxonomyTerm
from ..models.episodes import Effect
from ..taxonomy import terms
from .base import (
    AgencyListField,
    MarkdownField,
    RecordForm,
    TermSelectField,
    optional_int,
    options,
)
from .rows import (
    FactorRow,
    ensure_blank_row,
    entries,
    flag,
    rebuild,
    row_action,
    rows_field,
    sent,
)


class EpisodeForm(RecordForm):
    """A key practice episode, analysed in three steps: facts, appraisal, explanation."""

    title = StringField(
        "Short title",
        [DataRequired(message="Enter a short title for the episode."), Length(max=200)],
        description="e.g. “Referral about bruising is closed after a single visit”.",
    )
    date_from = DateField("Date (or start of the episode)", [Optional()])
    date_to = DateField("End of the episode", [Optional()], description="Leave empty for one day.")
    agencies = AgencyListField(
        "Agencies involved",
        description="The case group's agencies. Not listed? Add a case group member from that "
        "agency first.",
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

    factors = rows_field(FactorRow, "Contributory factors", "factor")

    derived_fields = ("factors", "agencies")

    def validate_agencies(self, field) -> None:
        if len(agencies.join(field.data or [])) > 300:
            raise ValidationError("Choose fewer agencies: together their names are too long.")

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end of the episode must not be before its start.")

    def setup(self, review, record=None) -> None:
        stored = agencies.split(record.agencies) if record is not None else []
        names = case_group_agencies(review, stored)
        self.agencies.choices = options((n, n) for n in names)
        if not self.is_submitted():
            self.agencies.data = stored
            rebuild(self.factors, [_factor_data(f) for f in record.factors] if record else [])
            ensure_blank_row(self.factors)
        self._choices()

    def _choices(self) -> None:
        levels, subs = level_choices(), subfactor_choices()
        for entry in self.factors.entries:
            entry.form.level_id.choices = levels
            entry.form.subfactor_id.choices = subs

    def row_action(self) -> bool:
        if row_action(self, "factors"):
            self._choices()
            return True
        return False

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for n, row in enumerate(entries(self.factors), 1):
            for problem in factor_problems(row.level_id.data, row.subfactor_id.data,
                                           row.effect.data, row.description.data):  # fmt: skip
                name, message = problem
                flag(self.factors, row, name, f"Factor {n}: {message}")
                valid = False
        return valid

    def apply(self, record) -> None:
        super().apply(record)
        record.agencies = agencies.join(self.agencies.data or [])
        if not sent(self.factors):
            return
        existing = {str(f.id): f for f in record.factors}
        kept = []
        with db.session.no_autoflush:
            for row in entries(self.factors):
                factor = existing.get(row.record_id.data or "") or ContributoryFactor()
                factor.level = db.session.get(TaxonomyTerm, row.level_id.data)
                factor.subfactor = (
                    db.session.get(TaxonomyTerm, row.subfactor_id.data)
                    if row.subfactor_id.data
                    else None
                )
                factor.effect = row.effect.data
                factor.description = row.description.data.strip()
                kept.append(factor)
            record.factors[:] = kept
            record.factors.reorder()


def _factor_data(factor: ContributoryFactor) -> dict:
    return {
        "record_id": str(factor.id),
        "level_id": factor.level_id,
        "subfactor_id": factor.subfactor_id,
        "effect": factor.effect,
        "description": factor.description,
    }


def level_choices() -> list[SelectChoice]:
    taxonomy_terms()  # every term in memory: the lists below and their parents cost no query
    return options([("", "Choose…")] + [(t.id, t.label) for t in terms(TaxonomyKind.FACTOR_LEVEL)])


def subfactor_choices(current: TaxonomyTerm | None = None) -> list[SelectChoice]:
    """Sub-factors grouped under their level (the browser script shows only the chosen level's)."""
    subs = sorted(
        terms(TaxonomyKind.FACTOR_SUBFACTOR, include=current),
        key=lambda t: (t.parent.position if t.parent else 999, t.position),
    )
    return options([("", "None")]) + [
        SelectChoice(
            value=t.id,
            label=t.label,
            optgroup=t.parent.label if t.parent else "Other",
            render_kw={"data-level": t.parent_id or ""},
        )
        for t in subs
    ]


def factor_problems(level_id, subfactor_id, effect, description) -> list[tuple[str, str]]:
    """What is wrong with a factor, as (field, message) pairs naming the levels involved."""
    problems = []
    level = db.session.get(TaxonomyTerm, level_id) if level_id else None
    if level is None:
        problems.append(("level_id", "choose the level."))
    if effect not in {e.value for e in Effect}:
        problems.append(
            ("effect", "choose whether it supported good practice or made poor practice more "
             "likely.")
        )  # fmt: skip
    if not (description or "").strip():
        problems.append(("description", "describe the factor."))
    if subfactor_id is not None and level is not None:
        sub = db.session.get(TaxonomyTerm, subfactor_id)
        if sub is None or sub.parent_id != level.id:
            parent = sub.parent.label if sub is not None and sub.parent else "another level"
            name = f"“{sub.label}”" if sub is not None else "This sub-factor"
            problems.append(
                ("subfactor_id", f"{name} is a sub-factor of “{parent}”, not of "
                 f"“{level.label}”: choose one under {level.label}, or none.")
            )  # fmt: skip
    return problems


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
        self.subfactor_id.choices = subfactor_choices(record.subfactor if record else None)

    def validate_subfactor_id(self, field) -> None:
        if field.data is None or self.level_id.data is None:
            return
        for name, message in factor_problems(self.level_id.data, field.data, Effect.HINDERS, "x"):
            if name == "subfactor_id":
                raise ValidationError(message[0].upper() + message[1:])
