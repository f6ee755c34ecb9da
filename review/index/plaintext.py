"""The words of a Markdown field without its markup, as search documents hold them.

Python-Markdown then an HTML parser was 60 % of building documents for a full reindex, though
nearly every field is simple Markdown (paragraphs, one-level lists, `*`/`**` emphasis). For
the texts the Word export's fast parser accepts (`exports/markdown_simple.py`), the same text
is worked out from the Markdown directly; anything else goes the full way. Both give the same
characters for every accepted text (`tests/test_plaintext.py`: the corpus', the demo's and
thousands of generated texts), so document digests do not change.
"""

import re
import threading
from html.parser import HTMLParser

import markdown as md

from ..exports.markdown_simple import list_marker, parse_simple

_SPACES = re.compile(r"[ \t]+")
_BLOCKS = re.compile(r"\n(?: *\n)+")
#: characters XML cannot hold: the fast parser drops them, Python-Markdown keeps them
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_endtag(self, tag):
        self.parts.append("\n" if tag in {"p", "li", "h1", "h2", "h3", "h4"} else "")


_local = threading.local()


def _markdown() -> md.Markdown:
    """One Markdown converter per thread, reset between texts (building one costs ~1 ms)."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = md.Markdown()
    return converter.reset()


def plain_text(markdown_text: str | None) -> str:
    """The words of a Markdown field without its markup, so highlights show what people read."""
    if not markdown_text:
        return ""
    simple = simple_plain_text(markdown_text)
    return full_plain_text(markdown_text) if simple is None else simple


def full_plain_text(markdown_text: str) -> str:
    """Any Markdown through Python-Markdown and the HTML's text (the reference)."""
    parser = _Text()
    parser.feed(_markdown().convert(markdown_text))
    return _SPACES.sub(" ", "".join(parser.parts)).strip()


def simple_plain_text(text: str) -> str | None:
    """What `full_plain_text` gives, for simple Markdown only (else None).

    Python-Markdown writes `<p>…</p>` per paragraph and `<ul>`/`<ol>` with one `<li>…</li>`
    a line, blocks joined by newlines; the HTML's text is then each paragraph and a newline,
    a list as a newline then each item and two newlines. In an accepted text every `*` is
    emphasis (the fast parser refuses any other star), so dropping them leaves the words.
    """
    if _CONTROL.search(text) or parse_simple(text) is None:
        return None
    parts = []
    for block in _BLOCKS.split(text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")):
        lines = block.split("\n")
        marker = list_marker(lines[0])
        if marker is None:
            parts.append(block.replace("*", "") + "\n")
        else:
            items = (line[marker.match(line).end() :].replace("*", "") for line in lines)
            parts.append("\n" + "".join(f"{item}\n\n" for item in items))
    return _SPACES.sub(" ", "\n".join(parts)).strip()
