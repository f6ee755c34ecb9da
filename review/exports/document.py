"""The document model every export is built as: blocks of text that remember where they came from.

A builder (report, briefing) turns a review into a `Document` of blocks; the guard scans the
`texts()` of exactly that document, and the writer renders exactly those blocks. So what is
checked for identifying details is what is written, word for word.

Every piece of text is a `Text`: Markdown already parsed into paragraphs and runs (see
`markdown_docx`), with the `Source` it came from when a person wrote it (the page and field
where it is put right). Fixed wording of the report itself has no source.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from uuid import uuid4

from .markdown_docx import Para, Run, field_words, line_words, parsed_field, parsed_line, plain_text


@dataclass(frozen=True)
class Source:
    """Where a text was written: its place in the export and the form field that edits it."""

    section: str
    field: str
    endpoint: str
    params: dict
    anchor: str = ""


@dataclass(frozen=True)
class Text:
    """A piece of text as it will appear: parsed paragraphs, and its source if a person wrote it."""

    paragraphs: tuple[Para, ...]
    source: Source | None = None

    @classmethod
    def markdown(cls, text: str | None, source: Source | None = None) -> "Text":
        """A long field: Markdown blocks (paragraphs, lists, quotes) become Word paragraphs."""
        return _with_plain(cls(parsed_field(text or ""), source), field_words(text or ""))

    @classmethod
    def line(cls, text: str | None, source: Source | None = None) -> "Text":
        """A one-line field (a title, a role): inline Markdown only, in one paragraph."""
        return _with_plain(cls(parsed_line(text or ""), source), line_words(text or ""))

    @classmethod
    def static(cls, text: str, source: Source | None = None) -> "Text":
        """Taken literally, never parsed: the report's own wording, or a label drawn from data."""
        return _with_plain(cls((Para([Run(text)]),), source), text.strip())

    @cached_property
    def plain(self) -> str:
        """The words as they appear in the document, one line per paragraph (asked for many
        times per build: by the glossary, the scan and the writers)."""
        return plain_text(self.paragraphs)

    def __bool__(self) -> bool:
        return bool(self.plain.strip())

    def sentence(self, words: int = 30) -> "Text":
        """The first sentence, as plain words (cut at about `words` words, with "…"): a finding
        "in a sentence", or its title when it has no short title."""
        plain = " ".join(self.plain.split())
        end = re.search(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])", plain)
        first = plain[: end.start()] if end else plain
        kept = first.split()
        if len(kept) > words:
            first = " ".join(kept[:words]).rstrip(",;:–—-") + "…"
        return Text((Para([Run(first)]),), self.source) if first else Text((), self.source)

    def first(self, words: int) -> "Text":
        """The leading paragraphs, up to about `words` words (always at least one paragraph)."""
        kept, count = [], 0
        for para in self.paragraphs:
            if kept and count + len(para.plain.split()) > words:
                break
            kept.append(para)
            count += len(para.plain.split())
        return Text(tuple(kept), self.source)


def _with_plain(made: "Text", plain: str) -> "Text":
    """`made`, its words already known: a field's words are worked out once per distinct text,
    not once per Text made of it (a large report makes some 5,000 Texts per build)."""
    made.__dict__["plain"] = plain  # the cached_property's slot
    return made


Segment = Text | str


def as_text(segment: Segment) -> Text:
    return segment if isinstance(segment, Text) else Text.static(segment)


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    """A heading in Word's Heading 1–4 (or Title / Subtitle) style, made of one or more segments."""

    segments: tuple[Segment, ...]
    level: int = 1  # 0 is the Title style

    def __init__(self, *segments: Segment, level: int = 1):
        object.__setattr__(self, "segments", tuple(segments))
        object.__setattr__(self, "level", level)


@dataclass(frozen=True)
class Line:
    """One paragraph made of segments (a bold label, then a field's words) in a named style."""

    segments: tuple[Segment, ...]
    style: str = "Normal"
    bold: tuple[int, ...] = ()  # indexes of the segments shown in bold
    keep: bool = False  # kept on the same page as what follows (a heading's first lines)

    def __init__(
        self, *segments: Segment, style: str = "Normal", bold: Iterable[int] = (), keep=False
    ):
        object.__setattr__(self, "segments", tuple(segments))
        object.__setattr__(self, "style", style)
        object.__setattr__(self, "bold", tuple(bold))
        object.__setattr__(self, "keep", keep)


@dataclass(frozen=True)
class Prose:
    """A long field: its paragraphs, lists and quotes, optionally after a bold lead-in."""

    text: Text
    lead: str = ""


@dataclass(frozen=True)
class Items:
    """A bulleted or numbered list whose items are texts; numbered lists start again at 1."""

    items: tuple[Text, ...]
    numbered: bool = False
    leads: tuple[str, ...] = ()  # an optional bold lead-in per item

    def __init__(self, items: Iterable[Segment], numbered: bool = False, leads=()):
        object.__setattr__(self, "items", tuple(as_text(i) for i in items))
        object.__setattr__(self, "numbered", numbered)
        object.__setattr__(self, "leads", tuple(leads))


@dataclass(frozen=True)
class Table:
    """A table with a header row (repeated on each page) and rows of texts. Columns are sized
    to their content by the writer; rows never split across pages."""

    header: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]

    def __init__(self, header: Iterable[str], rows: Iterable[Iterable[Segment]]):
        object.__setattr__(self, "header", tuple(header))
        object.__setattr__(self, "rows", tuple(tuple(as_text(c) for c in row) for row in rows))


@dataclass(frozen=True)
class PageBreak:
    pass


CONTENTS_PLACEHOLDER = "Right-click and choose Update Field to show the contents."


@dataclass(frozen=True)
class Contents:
    """A table of contents field (headings 1 to `depth`): each entry links to its heading and
    shows its page number when `pages` are known (see `pagination`), else Word fills them in."""

    depth: int = 2
    title: str = "Contents"


@dataclass(frozen=True)
class Figure:
    """A numbered picture drawn from data ("Figure 1: caption"), such as the child's journey,
    with `alt` as its description for screen readers (the picture's alt text in Word).

    The picture is drawn only when a writer needs it (`png()` for Word, `svg()` for the reading
    view), so checking a document never pays for drawing it. `labels` are every string drawn
    into the picture: the guard scans them as it scans the text, since a reader sees them too.
    """

    png: Callable[[], bytes]
    caption: str
    alt: str = ""
    number: int = 1
    labels: tuple[Text, ...] = ()
    svg: Callable[[], str] | None = None
    width_cm: float = 16.0

    @property
    def label(self) -> str:
        return f"Figure {self.number}"

    @property
    def numbered_caption(self) -> str:
        return f"{self.label}: {self.caption}"


Block = Heading | Line | Prose | Items | Table | PageBreak | Contents | Figure


@dataclass
class Document:
    """An export: its properties, its marking and its blocks."""

    title: Text
    subject: str
    author: str
    marking: str
    draft: bool
    blocks: list[Block] = field(default_factory=list)
    keywords: str = ""
    #: a fresh id for each file (core property dc:identifier)
    identifier: str = field(default_factory=lambda: file_identifier())

    footer_text: str = "Page X of Y"

    @property
    def header_text(self) -> str:
        return f"DRAFT — {self.marking}" if self.draft else self.marking

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def texts(self) -> Iterator[Text]:
        """Every text in the document, in order (the title first)."""
        yield self.title
        for block in self.blocks:
            yield from block_texts(block)

    def all_strings(self) -> Iterator[tuple[str, Text]]:
        """Every string the file carries, each with the report section it sits in: the
        properties, header and footer, and every block's texts, figures' drawn labels
        included. This is what the identifier guard scans: nothing reaches a reader unscanned.
        """
        properties = "Document properties"
        yield properties, self.title
        for value in (self.subject, self.author, self.keywords, self.identifier):
            yield properties, Text.static(value)
        yield "Header and footer", Text.static(self.header_text)
        yield "Header and footer", Text.static(self.footer_text)
        section = "Cover"
        for block in self.blocks:
            if isinstance(block, Heading) and block.level <= 1:
                section = " ".join(as_text(s).plain for s in block.segments).strip() or section
            for text in block_texts(block):
                yield section, text

    def sourced(self) -> list[Text]:
        """The texts a person wrote (those with a source), each once however often it appears."""
        seen, found = set(), []
        for text in self.texts():
            if text.source is None or not text:
                continue
            s = text.source
            key = (s.endpoint, tuple(sorted(s.params.items())), s.anchor, text.plain)
            if key not in seen:
                seen.add(key)
                found.append(text)
        return found


_LETTERS = str.maketrans("0123456789abcdef", "abcdefghjkmnpqrs")


def file_identifier() -> str:
    """A random UUID written in letters only: the guard scans it like every other string, and
    a UUID's digits look like a phone number about once in 2,000 files."""
    return str(uuid4()).translate(_LETTERS)


def block_texts(block: Block) -> Iterator[Text]:
    if isinstance(block, Heading | Line):
        yield from (as_text(s) for s in block.segments)
    elif isinstance(block, Prose):
        yield Text.static(block.lead)
        yield block.text
    elif isinstance(block, Items):
        yield from (Text.static(lead) for lead in block.leads)
        yield from block.items
    elif isinstance(block, Contents):
        yield Text.static(block.title)
        yield Text.static(CONTENTS_PLACEHOLDER)
    elif isinstance(block, Table):
        yield from (Text.static(h) for h in block.header)
        for row in block.rows:
            yield from row
    elif isinstance(block, Figure):
        yield Text.static(block.numbered_caption)
        yield Text.static(block.alt)
        yield from block.labels
