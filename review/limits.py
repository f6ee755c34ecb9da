"""Bounds on input: a request's size, ids within the database's integer range, text length,
and the control characters no text field may hold."""

import re

from flask import Flask, render_template
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

#: the longest Markdown field: a long chapter, not a book (a 20 MB field slowed every reader)
MARKDOWN_MAX = 50_000
#: NUL and the other control characters but tab, line feed and carriage return
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: PostgreSQL's INTEGER (and so every id column) stops here; larger ids cannot exist
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: beyond the integer range is simply not found (404), not a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def control_character_problem(text: str) -> str | None:
    """Why `text` cannot be stored as it is: the first control character in it, and where."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return None
    return (
        f"Remove the invisible control character (U+{ord(found.group()):04X}) at position "
        f"{found.start() + 1}: it cannot be stored. It often comes with text copied from "
        "another program."
    )


def bounded_id(value: int | None) -> int:
    """An id from a form or query string, or 0 (which matches nothing) when out of range."""
    return value if value is not None and 0 < value <= MAX_ID else 0


def init_app(app: Flask) -> None:
    """Install the converter before any route is added, and the size limit with its page."""
    app.url_map.converters["int"] = IdConverter

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge):
        limit = min(app.config["MAX_CONTENT_LENGTH"], app.config["MAX_FORM_MEMORY_SIZE"])
        return render_template("too_large.html", error=error, limit=limit), 413
