"""Shared form pieces: the record form protocol and the fields the workflow needs."""

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Length

from ..limits import MARKDOWN_MAX, control_character_problem
from ..models import TaxonomyKind, TaxonomyTerm
from ..taxonomy import terms

MARKDOWN_HINT = "You can use Markdown: **bold**, *italic*, blank lines for paragraphs, - for lists."


def options(pairs, optgroup: str | None = None) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value=value, label=label, optgroup=optgroup) for value, label in pairs]


def optional_int(value) -> int | None:
    """Coerce a select's value to an id, treating the empty choice as None."""
    if value in (None, "", "None"):
        return None
    return int(value)


class BoundedForm(FlaskForm):
    """Every text field refuses control characters and anything beyond MARKDOWN_MAX, with a
    message at the field (fields also carry their own, shorter Length limits)."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field.data, str) or field.errors:
                continue
            problem = control_character_problem(field.data)
            if problem is None and len(field.data) > MARKDOWN_MAX:
                problem = f"Shorten this to at most {MARKDOWN_MAX:,} characters."
            if problem:
                field.errors.append(problem)
                valid = False
        return valid


class RecordForm(BoundedForm):
    """A form that edits one record: `setup` fills choices, `apply` writes into the record."""

    #: fields that `apply` handles itself instead of copying onto the record
    derived_fields: tuple[str, ...] = ()
    #: the version of the record the form was loaded from (see review/conflicts.py)
    version = HiddenField()

    def setup(self, review, record=None) -> None:
        """Fill choices that depend on the review; the default form has none."""

    def row_action(self) -> bool:
        """Carry out an inline-row button (see forms/rows.py); True if one was pressed."""
        return False

    def apply(self, record) -> None:
        for name, field in self._fields.items():
            if name in ("csrf_token", "version") or name in self.derived_fields:
                continue
            field.populate_obj(record, name)


class MarkdownField(TextAreaField):
    """A long text field that accepts Markdown; the hint says so."""

    def __init__(self, label=None, validators=None, prompt: str = "", **kwargs):
        description = f"{prompt} {MARKDOWN_HINT}".strip()
        kwargs.setdefault("render_kw", {"rows": 6})
        limit = Length(
            max=MARKDOWN_MAX,
            message="Shorten this to at most %(max)d characters (it has %(length)d).",
        )
        super().__init__(label, [*(validators or ()), limit], description=description, **kwargs)


class TermSelectField(SelectField):
    """A choice of one taxonomy term, stored as its id."""

    def __init__(self, label=None, validators=None, *, kind: TaxonomyKind, blank="Choose…", **kw):
        super().__init__(label, validators, coerce=optional_int, **kw)
        self.kind = kind
        self.blank = blank

    def load(self, current: TaxonomyTerm | None = None) -> None:
        pairs = [(t.id, t.label) for t in terms(self.kind, include=current)]
        self.choices = options([("", self.blank), *pairs] if self.blank else pairs)


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes, which screen readers handle better than a
    multi-select."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, label=None, validators=None, **kw):
        super().__init__(label, validators, coerce=int, **kw)


class AgencyListField(SelectMultipleField):
    """Agencies chosen from the case group's, as checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, label=None, validators=None, **kw):
        super().__init__(label, validators, coerce=str, **kw)
