"""Markdown to Word paragraphs: through Python-Markdown's HTML, sanitised like the web pages.

The HTML is walked with `html.parser` (no regular expressions over Markdown), so what reaches
the document is words with formatting, never `**`, `#`, backticks or tags. The result is a
list of `Para` (a paragraph: runs of text with bold / italic, a kind such as body, bullet or
number, a nesting level and the list it belongs to) and `TableBlock` (a Markdown table).
"""

import re
import threading
from functools import lru_cache
from html.parser import HTMLParser

import markdown as md
import nh3

from ..rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from .markdown_simple import parse_simple
from .ooxml import xml_safe
from .parsed import Para, Run, TableBlock, plain_text, tidy

__all__ = ["Para", "Run", "TableBlock", "parse_inline", "parse_markdown", "plain_text"]

LINK_SCHEMES = {"http", "https", "mailto"}


_local = threading.local()
# Python-Markdown's internal placeholders, which can leak into its output in odd inputs.
_PLACEHOLDER = re.compile("\x02?(?:klzzwxh|wzxhzdk):\\d+\x03?")


def _to_html(text: str) -> str:
    """Markdown to sanitised HTML, with the same extensions and nh3 rules as the web pages."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = md.Markdown(
            extensions=["sane_lists", "tables"], output_format="html"
        )
    html = nh3.clean(
        _PLACEHOLDER.sub("", converter.reset().convert(text)),
        tags=ALLOWED_TAGS | {"h1", "h2"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel=None,
    )
    return xml_safe(html)


# Anything Markdown could read as more than words: emphasis, code, links, HTML, entities,
# escapes, tables, headings, quotes, list items, rules, indented code, hard line breaks.
_SYNTAX = re.compile(
    r"[\\`*_\[\]<>&|#!~]|^[ \t]*(?:[-+=]|\d+[.)])|^(?: {4}|\t)| {2}$", re.MULTILINE
)


@lru_cache(maxsize=8192)
def parsed_field(text: str) -> tuple:
    """Parsing is most of the cost of building a document, and unchanged fields are parsed
    again on every check and export: the result is cached on the text itself (so an edit is
    never served stale). Writers only read the paragraphs; nothing may change them."""
    return tuple(parse_markdown(text))


@lru_cache(maxsize=8192)
def parsed_line(text: str) -> tuple:
    return (Para(parse_inline(text)),)


@lru_cache(maxsize=8192)
def field_words(text: str) -> str:
    return plain_text(parsed_field(text))


@lru_cache(maxsize=8192)
def line_words(text: str) -> str:
    return plain_text(parsed_line(text))


def parse_markdown(text: str) -> list[Para | TableBlock]:
    """A long Markdown field as paragraphs, lists, quotes and tables."""
    if not text or not text.strip():
        return []
    if not _SYNTAX.search(text):
        return _plain_paragraphs(text)
    simple = parse_simple(text)
    if simple is not None:
        return simple
    return parse_full(text)


def parse_full(text: str) -> list[Para | TableBlock]:
    """Any Markdown, through Python-Markdown and the sanitiser (the reference for the fast
    paths above)."""
    walker = _Walker()
    walker.feed(_to_html(xml_safe(text)))
    walker.close()
    return [tidy(b) for b in walker.blocks if isinstance(b, TableBlock) or b.plain]


def _plain_paragraphs(text: str) -> list[Para]:
    """Text with no Markdown syntax at all, as Python-Markdown would give it (paragraphs at
    blank lines, spaces collapsed) without the cost of running it: most fields are like this."""
    paragraphs = re.split(r"\n[ \t]*\n", xml_safe(text.replace("\r\n", "\n")))
    return [Para([Run(words)]) for p in paragraphs if (words := " ".join(p.split()))]


# A line that Markdown would read as a heading, quote, list item or rule, not as words.
_NUMBER_START = re.compile(r"^\d+(?=[.)]\s)")
_MARK_START = re.compile(r"^(#|>|[-*+](?=\s|[-*+\s]*$))")


def _escape_block_start(line: str) -> str:
    number = _NUMBER_START.match(line)
    if number:
        return line[: number.end()] + "\\" + line[number.end() :]
    return "\\" + line if _MARK_START.match(line) else line


def parse_inline(text: str) -> list[Run]:
    """A one-line field: emphasis and links become formatting; nothing becomes a block."""
    line = " ".join(text.split())
    if not line:
        return []
    runs: list[Run] = []
    for block in parse_markdown(_escape_block_start(line)):
        rows = block.rows if isinstance(block, TableBlock) else [[block.runs]]
        for cell in (cell for row in rows for cell in row):
            if runs and cell:
                runs.append(Run(" "))
            runs.extend(Run(r.text, r.bold, r.italic, r.code) for r in cell if r.text)
    return runs


_BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "td", "th"}


class _Walker(HTMLParser):
    """Turns the sanitised HTML into Para / TableBlock objects."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Para | TableBlock] = []
        self.current: Para | None = None
        self.lists: list[tuple[bool, int]] = []  # (ordered, list id) for each open list
        self.next_list = 0
        self.item_started = False  # the open <li> already has its first paragraph
        self.bold = self.italic = self.code = self.quote = 0
        self.pre: list[str] | None = None  # the text of an open code block
        self.links: list[tuple[str, int]] = []  # href and the run count when the link opened
        self.table: TableBlock | None = None
        self.cell: list[Run] | None = None

    # -- paragraphs
    def _kind(self) -> tuple[str, int, int | None]:
        if self.lists:
            ordered, list_id = self.lists[-1]
            level = len(self.lists) - 1
            if self.item_started:
                return "continue", level, None
            return ("number" if ordered else "bullet"), level, list_id
        return ("quote" if self.quote else "body"), 0, None

    def _start_para(self, kind: str | None = None) -> None:
        guessed, level, list_id = self._kind()
        self.current = Para(kind=kind or guessed, level=level, list_id=list_id)
        if self.lists:
            self.item_started = True
        self.blocks.append(self.current)

    def _runs(self) -> list[Run]:
        if self.cell is not None:
            return self.cell
        if self.current is None:
            self._start_para()
        return self.current.runs

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.lists.append((tag == "ol", self.next_list))
            self.next_list += 1
            self.current, self.item_started = None, False
        elif tag == "li":
            self.current, self.item_started = None, False
        elif tag == "p":
            if not (self.lists and self.current is not None and not self.current.runs):
                self._start_para()
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._start_para("heading")
        elif tag == "pre":
            self.pre = []
            self.current = None
        elif tag == "blockquote":
            self.quote += 1
            self.current = None
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "code":
            self.code += 1
        elif tag == "br":
            self._runs().append(Run("", br=True))
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self._runs())))
        elif tag == "table":
            self.table = TableBlock()
            self.blocks.append(self.table)
            self.current = None
        elif tag == "tr" and self.table is not None:
            self.table.rows.append([])
        elif tag in ("td", "th") and self.table is not None and self.table.rows:
            self.cell = []
            self.table.rows[-1].append(self.cell)
            if tag == "th" and len(self.table.rows) > self.table.header:
                self.table.header = len(self.table.rows)

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.current, self.item_started = None, bool(self.lists)
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "code":
            self.code = max(0, self.code - 1)
        elif tag == "pre" and self.pre is not None:
            self._close_code_block("".join(self.pre))
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag == "a" and self.links:
            self._close_link(*self.links.pop())
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "table":
            self.table = None
        if tag in _BLOCK_TAGS and tag not in ("td", "th"):
            self.current = None

    def _close_link(self, href: str, start: int) -> None:
        """Links are shown as their words, followed by the address when it says something more."""
        runs = self._runs()
        words = "".join(r.text for r in runs[start:]).strip()
        shown = href.removeprefix("mailto:")
        if href and shown != words and href.split(":", 1)[0].lower() in LINK_SCHEMES:
            runs.append(Run(f" ({shown})" if words else shown))

    def _close_code_block(self, source: str) -> None:
        """An indented block is Markdown's code block; in a report it is nearly always text
        indented by mistake (pasted from elsewhere), so its words are read as Markdown again."""
        self.pre = None
        self.blocks.extend(parse_markdown(source))

    def handle_data(self, data):
        if self.pre is not None:
            self.pre.append(data)
            return
        text = re.sub(r"\s+", " ", data)
        if not text.strip() and (self.current is None and self.cell is None):
            return  # the whitespace between blocks
        runs = self._runs()
        if not runs or runs[-1].br:
            text = text.lstrip()
        if not text:
            return
        runs.append(Run(text, bool(self.bold), bool(self.italic), bool(self.code)))
