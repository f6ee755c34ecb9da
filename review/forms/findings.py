"""Forms for findings (under the SCIE headings) and their Board questions."""

from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..extensions import db
from ..models import BoardQuestion, KeyPracticeEpisode, TaxonomyKind, TaxonomyTerm
from ..models.findings import PRIORITIES
from ..taxonomy import terms
from .base import CheckboxListField, MarkdownField, RecordForm, TermSelectField, options
from .rows import QuestionRow, ensure_blank_row, entries, rebuild, row_action, rows_field, sent


class FindingForm(RecordForm):
    """A finding: a systemic pattern, not a judgement on a person."""

    derived_fields = ("episode_ids", "theme_ids", "questions")

    statement = TextAreaField(
        "Finding statement",
        [DataRequired(message="Write the finding statement."), Length(max=2000)],
        description="One or two sentences naming the systemic issue, e.g. “Professionals tend "
        "to rely on a parent's account of progress…”.",
        render_kw={"rows": 3},
    )
    short_title = StringField(
        "Short title",
        [Length(max=150)],
        description="A few words that name the finding in the report's headings and contents, "
        "e.g. “Domestic abuse notifications handled one at a time”. Left blank, the report uses "
        "the statement's first sentence.",
    )
    category_id = TermSelectField("Category", kind=TaxonomyKind.FINDING_CATEGORY)
    priority = SelectField(
        "Priority",
        choices=options([("", "Not yet prioritised")] + [(p, p) for p in PRIORITIES]),
        default="",
    )
    manifestation = MarkdownField(
        "How did the issue manifest in this case?",
        prompt="Tell it through the key practice episodes linked below.",
    )
    underlying_evidence = MarkdownField(
        "How do we know it is an underlying issue, not something peculiar to this case?",
        prompt="What did the case group and review team say? Is it seen in other teams?",
    )
    prevalence = MarkdownField(
        "How widespread is the pattern?",
        prompt="Evidence from other cases, audits, research and other reviews' findings.",
    )
    significance = MarkdownField(
        "Why does it matter?",
        prompt="What it means for the reliability of the multi-agency system.",
    )
    episode_ids = CheckboxListField(
        "Key practice episodes where it shows", description="Tick every KPE that shows it."
    )
    theme_ids = CheckboxListField("Themes")
    questions = rows_field(QuestionRow, "Questions for the Board", "question")

    def setup(self, review, record=None) -> None:
        self.category_id.load(record.category if record else None)
        self.episode_ids.choices = options((k.id, k.label) for k in review.episodes)
        current = record.themes if record else []
        themes = terms(TaxonomyKind.THEME) + [t for t in current if not t.active]
        self.theme_ids.choices = options((t.id, t.label) for t in themes)
        if record is not None and not self.is_submitted():
            self.episode_ids.data = [k.id for k in record.episodes]
            self.theme_ids.data = [t.id for t in record.themes]
        if not self.is_submitted():
            questions = record.questions if record else []
            rebuild(self.questions, [{"record_id": str(q.id), "text": q.text} for q in questions])
            ensure_blank_row(self.questions)

    def row_action(self) -> bool:
        return row_action(self, "questions")

    def apply(self, record) -> None:
        super().apply(record)
        with db.session.no_autoflush:  # a new finding joins the session only when appended
            record.episodes = _by_ids(KeyPracticeEpisode, self.episode_ids.data)
            record.themes = _by_ids(TaxonomyTerm, self.theme_ids.data)
            if not sent(self.questions):
                return
            existing = {str(q.id): q for q in record.questions}
            kept = []
            for row in entries(self.questions):
                question = existing.get(row.record_id.data or "") or BoardQuestion()
                question.text = row.text.data.strip()
                kept.append(question)
            record.questions[:] = kept
            record.questions.reorder()


def _by_ids(model, ids: list[int]) -> list:
    if not ids:
        return []
    return list(db.session.scalars(select(model).where(model.id.in_(ids))))


class BoardQuestionForm(RecordForm):
    """A question or issue for the Board to consider."""

    text = TextAreaField(
        "Question for the Board",
        [DataRequired(message="Write the question for the Board."), Length(max=2000)],
        description="An open question the Board can answer and act on, e.g. “How will the Board "
        "know that supervision tests the rule of optimism?”",
        render_kw={"rows": 3},
    )
