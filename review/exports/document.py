"""The document model every export is built as: blocks of text that remember where they came from.

A builder (report, briefing) turns a review into a `Document` of blocks; the guard scans the
`texts()` of exactly that document, and the writer renders exactly those blocks. So what is
checked for identifying details is what is written, word for word.

Every piece of text is a `Text`: Markdown already parsed into paragraphs and runs (see
`markdown_docx`), with the `Source` it came from when a person wrote it (the page and field
where it is put right). Fixed wording of the report itself has no source.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .markdown_docx import Para, Run, parse_inline, parse_markdown, plain_text


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
        return cls(tuple(parse_markdown(text or "")), source)

    @classmethod
    def line(cls, text: str | None, source: Source | None = None) -> "Text":
        """A one-line field (a title, a role): inline Markdown only, in one paragraph."""
        return cls((Para(parse_inline(text or "")),), source)

    @classmethod
    def static(cls, text: str) -> "Text":
        """The report's own wording: taken literally, never parsed."""
        return cls((Para([Run(text)]),))

    @property
    def plain(self) -> str:
        """The words as they appear in the document, one line per paragraph."""
        return plain_text(self.paragraphs)

    def __bool__(self) -> bool:
        return bool(self.plain.strip())

    def first(self, words: int) -> "Text":
        """The leading paragraphs, up to about `words` words (always at least one paragraph)."""
        kept, count = [], 0
        for para in self.paragraphs:
            if kept and count + len(para.plain.split()) > words:
                break
            kept.append(para)
            count += len(para.plain.split())
        return Text(tuple(kept), self.source)


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

    def __init__(self, *segments: Segment, style: str = "Normal", bold: Iterable[int] = ()):
        object.__setattr__(self, "segments", tuple(segments))
        object.__setattr__(self, "style", style)
        object.__setattr__(self, "bold", tuple(bold))


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
    """A table with a header row (repeated on each page) and rows of texts."""

    header: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths

    def __init__(self, header: Iterable[str], rows: Iterable[Iterable[Segment]], widths=()):
        object.__setattr__(self, "header", tuple(header))
        object.__setattr__(self, "rows", tuple(tuple(as_text(c) for c in row) for row in rows))
        object.__setattr__(self, "widths", tuple(widths))


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Contents:
    """A table of contents field (headings 1 to `depth`), updated when Word opens the file."""

    depth: int = 2


@dataclass(frozen=True)
class Figure:
    """A picture (PNG bytes) with a caption, such as the child's journey."""

    image: bytes
    caption: str
    width_cm: float = 16.0


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


def block_texts(block: Block) -> Iterator[Text]:
    if isinstance(block, Heading | Line):
        yield from (as_text(s) for s in block.segments)
    elif isinstance(block, Prose):
        yield block.text
    elif isinstance(block, Items):
        yield from block.items
    elif isinstance(block, Table):
        for row in block.rows:
            yield from row
