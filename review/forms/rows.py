"""Inline rows: a KPE's factors and a finding's Board questions, edited on the record's form.

Without JavaScript every row action is a submit button: "Add another", "Move up", "Move
down" and "Remove" send the form back with the rows rearranged and nothing saved or lost; "Save"
saves the record and all its rows at once. A blank row is ignored.
"""

from wtforms import Form, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields import FieldList, FormField
from wtforms.validators import Length

from ..limits import MARKDOWN_MAX
from ..models.episodes import Effect
from .base import optional_int, options

ROW_ACTION = "row_action"


class Row(Form):
    """One inline row; `record_id` names the record it edits (empty for a new one)."""

    record_id = HiddenField()
    content_fields: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        return not any(
            (self[name].data or "").strip() if isinstance(self[name].data, str) else self[name].data
            for name in self.content_fields
        )


class FactorRow(Row):
    """A contributory factor: level, optional sub-factor, effect (required) and description."""

    content_fields = ("level_id", "subfactor_id", "effect", "description")

    level_id = SelectField("Level", coerce=optional_int, validate_choice=False)
    subfactor_id = SelectField("Sub-factor (optional)", coerce=optional_int, validate_choice=False)
    effect = RadioField(
        "Effect on practice",
        choices=options((e.value, e.label) for e in Effect),
        validate_choice=False,
    )
    description = TextAreaField("Description", [Length(max=MARKDOWN_MAX)], render_kw={"rows": 3})


class QuestionRow(Row):
    """A question for the Board."""

    content_fields = ("text",)

    text = TextAreaField("Question for the Board", [Length(max=2000)], render_kw={"rows": 2})


def rows_field(row_form: type[Row], label: str, noun: str):
    """A list of inline rows; `noun` names one row ("factor", "question")."""
    return FieldList(FormField(row_form), label=label, description=noun, min_entries=0)


def entries(field: FieldList) -> list:
    """The row forms that hold something (blank rows are ignored)."""
    return [entry.form for entry in field.entries if not entry.form.is_blank()]


def flag(field: FieldList, row, name: str, message: str) -> None:
    """Put an error on one field of one row, and on the list, so the page shows both."""
    row[name].errors = [*row[name].errors, message]
    field.errors = [entry.errors for entry in field.entries]


def row_action(form, name: str) -> bool:
    """Carry out a row button (add, up, down, remove) of field `name`; True if one was pressed.

    The rows are rebuilt from their data, so their names stay in order and nothing typed is
    lost.
    """
    from flask import request

    pressed = request.form.get(ROW_ACTION, "")
    if not pressed.startswith(f"{name}:"):
        return False
    field = form[name]
    data = [entry.data for entry in field.entries]
    _, action, *index = pressed.split(":")
    at = int(index[0]) if index and index[0].isdigit() else -1
    if action == "add":
        data.append({})
    elif 0 <= at < len(data):
        if action == "remove":
            data.pop(at)
        elif action == "up" and at > 0:
            data[at - 1], data[at] = data[at], data[at - 1]
        elif action == "down" and at < len(data) - 1:
            data[at + 1], data[at] = data[at], data[at + 1]
    rebuild(field, data)
    return True


def rebuild(field: FieldList, data: list[dict]) -> None:
    """Replace the rows of `field` with rows holding `data`, named in order."""
    field.entries = []
    field.last_index = -1
    for item in data:
        field.append_entry(item)


def ensure_blank_row(field: FieldList) -> None:
    """Offer one empty row to fill in, after the existing ones."""
    if not field.entries or not field.entries[-1].form.is_blank():
        field.append_entry({})


def sent(field: FieldList) -> bool:
    """Whether the form as sent carried these rows (a client that never showed them leaves the
    records as they are, rather than removing them all)."""
    from flask import has_request_context, request

    return not has_request_context() or f"{field.name}-present" in request.form
