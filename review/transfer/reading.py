"""Reading an import file safely: bounded size and nesting, no duplicate keys, and only text
that can be stored (no control characters, no lone surrogates), each problem named by record
and field. Nothing here raises anything but `ImportFailed`."""

import json
from pathlib import Path
from typing import Any

from ..limits import CONTROL_CHARACTERS
from .schema import limit, where

#: the format nests 7 deep (file, reviews, review, findings, finding, list, value); allow some room
MAX_DEPTH = 12
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class UnreadableFile(Exception):
    """The file cannot be read as an import; `errors` say where and why."""

    def __init__(self, errors: list[str]):
        self.errors = limit(printable(e) for e in errors)
        super().__init__("\n".join(self.errors))


class _Object(dict):
    """A JSON object that remembers keys it was given twice (json keeps only the last)."""

    duplicates: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        result.duplicates = tuple(k for k, _ in pairs if k in seen or seen.add(k))
    return result


def _depth_problem(text: str) -> str | None:
    """Where the text nests deeper than the format needs, before the parser recurses into it."""
    depth, in_string, escaped = 0, False, False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, offset) + 1
                return (
                    f"line {line}: lists and objects nest more than {MAX_DEPTH} deep; "
                    "the format never needs that"
                )
        elif char in "]}":
            depth -= 1
    return None


def parse(raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """The document in `raw`, or UnreadableFile naming what is wrong and where."""
    if len(raw) > max_bytes:
        raise UnreadableFile(
            [f"the file has {len(raw):,} bytes; at most {max_bytes:,} are accepted (split it)"]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile([f"the file is not UTF-8 text (byte {error.start})"]) from None
    problem = _depth_problem(text)
    if problem:
        raise UnreadableFile([problem])
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            [
                f"the file is not valid JSON: {error.msg} "
                f"at line {error.lineno}, column {error.colno}"
            ]
        ) from None
    except RecursionError:  # unreachable after the depth check, but never a traceback
        raise UnreadableFile([f"nested more than {MAX_DEPTH} deep"]) from None
    errors = [f"{where(data, path)}: {message}" for path, message in _walk(data, [])]
    if errors:
        raise UnreadableFile(errors)
    return data


def read(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableFile(
            [f"the file has {size:,} bytes; at most {max_bytes:,} are accepted (split it)"]
        )
    return parse(path.read_bytes(), max_bytes)


def text_problems(data: Any) -> list[str]:
    """Control characters, lone surrogates and duplicate keys anywhere in `data`, named."""
    return [printable(f"{where(data, path)}: {message}") for path, message in _walk(data, [])]


def printable(line: str) -> str:
    """A message that quotes the file's own text, safe to print (no control characters)."""
    line = line.encode("utf-8", "backslashreplace").decode("utf-8")
    return CONTROL_CHARACTERS.sub(lambda found: f"\\x{ord(found.group()):02x}", line)


def _walk(node: Any, path: list, depth: int = 0):
    if depth > MAX_DEPTH:
        yield path, f"nested more than {MAX_DEPTH} deep"
        return
    if isinstance(node, dict):
        for key in getattr(node, "duplicates", ()):
            yield [*path, key], "given twice in the same record; give each field once"
        for key, value in node.items():
            if isinstance(key, str) and (problem := _string_problem(key)):
                yield path, f"a field name {problem}"
            yield from _walk(value, [*path, key], depth + 1)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, [*path, index], depth + 1)
    elif isinstance(node, str) and (problem := _string_problem(node)):
        yield path, problem


def _string_problem(text: str) -> str | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return (
            f"has a lone surrogate (\\u{ord(text[error.start]):04x}) at character {error.start + 1}"
        )
    found = CONTROL_CHARACTERS.search(text)
    if found:
        return (
            f"has a control character (U+{ord(found.group()):04X}) at character "
            f"{found.start() + 1}; remove it"
        )
    return None
