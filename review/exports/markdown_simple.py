"""The Markdown most fields are written in, parsed without Python-Markdown (which is about two
thirds of building a large report): paragraphs, `-`/`*`/`+` and `1.` lists one level deep, and
`*emphasis*` / `**strong**` that opens after a space and closes before one.

`parse_simple` answers None for anything else (links, code, headings, quotes, tables, nesting,
`_`, entities, indentation, unusual spacing, …), and the caller parses that text the full way.
For every text it accepts, the result is the same as the full way's, block for block and run
for run: `tests/test_markdown_simple.py` checks that on the demo's and the tests' texts and on
many thousands of generated ones.
"""

import re

from .ooxml import xml_safe
from .parsed import Para, Run, tidy

# Anything that is more than the simple syntax somewhere in the text (checked once, up front):
# escapes, code, `_` emphasis, links and images, HTML, tables, strikethrough, entities,
# whitespace other than spaces and newlines, hard line breaks, Python-Markdown's placeholders.
_NOT_SIMPLE = re.compile(
    r"[\\`_\[\]<|~\t\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    r"|&#|&\w+;|  \n|  $|klzzwxh|wzxhzdk"
)
_BULLET = re.compile(r"[-*+] +(?=\S)")
_NUMBER = re.compile(r"\d+\. +(?=\S)")
# A line that starts a block of its own kind, or may: a heading, quote, rule, setext
# underline, list marker, or a number followed by "." or ")".
_BLOCK_START = re.compile(r"[#>=+-]|\d+[.)]|[*_ -]*$|\* ")
_STARS = re.compile(r"\*+")
_SPACES = re.compile(r"\s+")
_OPEN_AFTER = frozenset(" \n(\"'“‘")
_CLOSE_BEFORE = frozenset(" \n.,;:!?)\"'”’")


def parse_simple(text: str) -> list[Para] | None:
    """`text`'s blocks when it is simple Markdown (see the module), else None."""
    text = xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")
    if _NOT_SIMPLE.search(text):
        return None
    blocks: list[Para] = []
    lists = 0  # list ids are counted per text, as the full parser does
    previous_list = False
    for block in re.split(r"\n(?: *\n)+", text.strip("\n")):
        lines = block.split("\n")
        if any(line[:1] == " " for line in lines):
            return None  # indented: code, nesting or continuation lines
        kind = _list_kind(lines[0])
        if kind is None:
            if any(_BLOCK_START.match(line) for line in lines):
                return None
            runs = _inline(block)
            if runs is None:
                return None
            if runs:
                blocks.append(Para(runs))
            previous_list = False
            continue
        if previous_list:
            return None  # a list after a list: Python-Markdown joins them into a loose list
        marker = _BULLET if kind == "bullet" else _NUMBER
        for line in lines:
            found = marker.match(line)
            if found is None:
                return None  # another marker, or a continuation line
            words = line[found.end() :]
            if _BLOCK_START.match(words):
                return None  # an item that itself starts a block (a nested list, a heading…)
            runs = _inline(words)
            if not runs:
                return None
            blocks.append(Para(runs, kind=kind, list_id=lists))
        lists += 1
        previous_list = True
    return [tidy(b) for b in blocks]


def list_marker(line: str) -> re.Pattern | None:
    """The pattern of the list marker `line` starts with (bullet or number), if any."""
    kind = _list_kind(line)
    return None if kind is None else _BULLET if kind == "bullet" else _NUMBER


def _list_kind(line: str) -> str | None:
    if _BULLET.match(line):
        return "bullet"
    if _NUMBER.match(line):
        return "number"
    return None


def _inline(text: str) -> list[Run] | None:
    """Runs of `text`, whose only syntax may be `*` and `**` pairs around words; None when a
    star is anything else (a lone star, `***`, nesting, a pair inside a word)."""
    runs: list[Run] = []
    position, open_at, opener = 0, 0, ""
    for star in _STARS.finditer(text):
        mark, start, end = star.group(), star.start(), star.end()
        if len(mark) > 2:
            return None
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not opener:
            if before not in _OPEN_AFTER or after.isspace():
                return None
            _words(runs, text[position:start])
            open_at, opener = end, mark
        else:
            if mark != opener or before.isspace() or after not in _CLOSE_BEFORE:
                return None
            words = text[open_at:start]
            _words(runs, words, bold=len(mark) == 2, italic=len(mark) == 1)
            opener = ""
        position = end
    if opener:
        return None
    _words(runs, text[position:])
    if runs:
        runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic)
    return [r for r in runs if r.text]


def _words(runs: list[Run], words: str, *, bold=False, italic=False) -> None:
    if words:
        runs.append(Run(_SPACES.sub(" ", words), bold, italic))
