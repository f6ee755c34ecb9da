"""The shipped JSON Schema of the import/export format, and messages that name record and field."""

import json
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

FORMAT_VERSION = 1
MAX_ERRORS = 50
ARROW = " → "


@cache
def schema() -> dict:
    """The format's JSON Schema (review/data/review-schema.json)."""
    text = resources.files("review").joinpath("data/review-schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def shorten(text: str, width: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def review_label(data: Any, index: int) -> str:
    """`reviews[3] ("Child C: a review…")`: the record, with its title when it has one."""
    label = f"reviews[{index}]"
    try:
        title = data["reviews"][index]["title"]
    except (KeyError, IndexError, TypeError):
        return label
    return f'{label} ("{shorten(title)}")' if isinstance(title, str) and title.strip() else label


def where(data: Any, path: Sequence[str | int]) -> str:
    """A path in the document, for people: `reviews[3] ("Child C…") → findings[1] → category`."""
    parts: list[str] = []
    items = list(path)
    i = 0
    while i < len(items):
        step = items[i]
        if isinstance(step, str) and i + 1 < len(items) and isinstance(items[i + 1], int):
            index = items[i + 1]
            parts.append(review_label(data, index) if step == "reviews" else f"{step}[{index}]")
            i += 2
            continue
        parts.append(f"[{step}]" if isinstance(step, int) else step)
        i += 1
    return ARROW.join(parts) if parts else "the file"


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(shorten(value, 60), ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)[:60]


_TYPES = {
    "object": "an object {…}",
    "array": "a list […]",
    "string": "text",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}


def _explain(error: ValidationError) -> tuple[list[str | int], str]:
    """The path of the field at fault and a short message, for each kind of schema error."""
    path: list[str | int] = list(error.absolute_path)
    kind, value, expected = error.validator, error.instance, error.validator_value
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return [*path, missing], "missing (it is required)"
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return [*path, ", ".join(extra)], "unknown field (check its spelling in the format)"
    if kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        names = " or ".join(_TYPES.get(t, t) for t in wanted)
        return path, f"expected {names}, got {_shown(value)}"
    if kind == "const":
        return path, f"must be {_shown(expected)}, got {_shown(value)}"
    if kind in ("pattern", "format"):
        if "date" in str(error.schema.get("format", "")) or kind == "format":
            return path, f"{_shown(value)} is not a date written YYYY-MM-DD"
        return path, "must not be empty" if not str(value).strip() else error.message
    if kind == "minLength":
        return path, "must not be empty"
    if kind == "maxLength":
        return path, f"is {len(value)} characters long; at most {expected} fit"
    if kind == "maxItems":
        return path, f"has {len(value)} entries; at most {expected} fit (split the file)"
    if kind == "minimum":
        return path, f"{value} is below the smallest allowed, {expected}"
    if kind == "maximum":
        return path, f"{value} is above the largest allowed, {expected}"
    if kind == "uniqueItems":
        return path, "lists the same value twice"
    if kind == "anyOf" and path and path[-2:-1] == ["contributory_factors"]:
        return path, "needs a level or a subfactor"
    return path, error.message


def schema_errors(data: Any) -> list[str]:
    """Every way `data` breaks the schema, as `path: message` lines in document order."""
    found = sorted(
        (_explain(error) for error in _validator().iter_errors(data)),
        key=lambda found: _order(found[0]),
    )
    messages: list[str] = []
    for path, message in found:
        line = f"{where(data, path)}: {message}"
        if line not in messages:  # a bad date breaks both its pattern and its format
            messages.append(line)
    return messages


def _order(path: Iterable[str | int]) -> list[tuple[int, int, str]]:
    return [(0, p, "") if isinstance(p, int) else (1, 0, p) for p in path]


def limit(errors: Iterable[str], most: int = MAX_ERRORS) -> list[str]:
    """At most `most` messages, then a line saying how many more there were."""
    errors = list(errors)
    if len(errors) <= most:
        return errors
    return [*errors[:most], f"… and {len(errors) - most} more problems"]
