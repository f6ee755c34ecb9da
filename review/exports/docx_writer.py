"""Render a `Document` of blocks into a .docx, starting from the reference (house style) document.

Only Word's built-in styles are used (Title, Subtitle, Heading 1–4, List Number / Bullet /
Continue, Quote, Header, Footer, TOC Heading, toc 1–2 and a table style), so the look comes
from the reference document and a board can restyle the result. Paragraphs and runs are made
as XML elements directly (python-docx's API for them is the slow part of a long report); the
file is built in memory.
"""

from importlib import resources
from io import BytesIO
from pathlib import Path

from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from lxml import etree

from . import ooxml, wml
from .contents import toc_entries, write_contents
from .document import (
    Contents,
    Document,
    Figure,
    Heading,
    Items,
    Line,
    PageBreak,
    Prose,
    Table,
    as_text,
)
from .markdown_docx import Para, Run, TableBlock
from .properties import set_properties, update_fields
from .tables import write_markdown_table, write_table

TABLE_STYLES = ("Light List Accent 1", "Table Grid")
CODE_FONT = "Courier New"


def default_reference() -> Path:
    return Path(str(resources.files("review").joinpath("data/reference.docx")))


def render(doc: Document, reference: str | Path | None = None, pages=None) -> bytes:
    """The .docx bytes of `doc`, in the look of `reference` (default: the shipped one);
    `pages`, when known, are the page numbers of the contents' entries, in order."""
    writer = _Writer(open_docx(str(reference or default_reference())))
    writer.write(doc, pages)
    out = BytesIO()
    writer.docx.save(out)
    return out.getvalue()


class _Body:
    """The document body: its paragraphs and tables are written as XML text (see `wml`) and
    parsed into place before the section properties when the text is flushed."""

    def __init__(self, docx):
        body = docx.element.body
        for child in list(body):
            if child.tag != ooxml.qn("w:sectPr"):
                body.remove(child)
        self.body = body
        self.end = body.find(ooxml.qn("w:sectPr"))
        self.xml: list[str] = []

    def add(self, xml: str) -> None:
        self.xml.append(xml)

    def flush(self) -> None:
        wml.parse_into(self.body, self.end, self.xml)
        self.xml = []


class _Writer:
    def __init__(self, docx):
        self.docx = docx
        self.body = _Body(docx)
        self._style_ids: dict[str, str | None] = {}
        self.numbering = ooxml.Numbering(docx)
        self.table_style = next((s for s in TABLE_STYLES if self.style_id(s)), None)
        self.normal = self.style_id("Normal")
        section = docx.sections[0]
        self.width = section.page_width - section.left_margin - section.right_margin

    def style_id(self, name: str) -> str | None:
        """The id of a paragraph or table style by its name, or None if the document lacks it."""
        if name not in self._style_ids:
            try:
                self._style_ids[name] = self.docx.styles[name].style_id
            except KeyError:
                self._style_ids[name] = None
        return self._style_ids[name]

    def paragraph(self, place, content: str = "", style="Normal", *, fallback="Normal",
                  num=None, keep=False, tab=None, start: str = "") -> None:  # fmt: skip
        """A paragraph in `place` (the body or a cell), in a style, maybe numbered, holding
        `content` (runs); `start` goes just after its properties (a bookmark)."""
        style_id = self.style_id(style) or self.style_id(fallback)
        shown = style_id if style_id and style_id != self.normal else None
        properties = wml.paragraph_properties(shown, keep=keep, num=num, tab=tab)
        place.add(f"<w:p>{properties}{start}{content}</w:p>")

    # -- the whole document
    def write(self, doc: Document, pages: list[int | None] | None = None) -> None:
        """Write every block; `pages` are the contents entries' page numbers when known."""
        set_properties(self.docx, doc)
        self.header_footer(doc)
        contents = next((b for b in doc.blocks if isinstance(b, Contents)), None)
        self.toc = toc_entries(doc.blocks, contents.depth if contents else 0)
        known = pages is not None and len(pages) == len(self.toc)
        update_fields(self.docx, on_open=contents is not None and not known)
        body = self.body
        for block in doc.blocks:
            if isinstance(block, Heading):
                style = "Title" if block.level == 0 else f"Heading {block.level}"
                words = self.segments(block.segments)
                if id(block) in self.toc:
                    number, name = self.toc[id(block)][2:]
                    start = wml.bookmark_start(number, name)
                    self.paragraph(body, words + wml.bookmark_end(number), style, start=start)
                else:
                    self.paragraph(body, words, style)
            elif isinstance(block, Line):
                words = self.segments(block.segments, block.bold)
                self.paragraph(body, words, block.style, keep=block.keep)
            elif isinstance(block, Prose):
                self.rich(body, block.text.paragraphs, lead=block.lead)
            elif isinstance(block, Items):
                self.items(body, block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, PageBreak):
                body.add(wml.PAGE_BREAK)
            elif isinstance(block, Contents):
                self.contents(block, pages if known else None)
            elif isinstance(block, Figure):
                self.figure(block)
        body.flush()

    def figure(self, block: Figure) -> None:
        """The picture, with its alt text, kept with its numbered caption (a SEQ field)."""
        self.body.flush()  # the picture's shape id counts the drawings already in the body
        inline = self.docx.part.new_pic_inline(BytesIO(block.png()), Cm(block.width_cm), None)
        inline.docPr.set("name", block.label)
        inline.docPr.set("descr", ooxml.xml_safe(block.alt or block.caption))
        picture = f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"
        self.paragraph(self.body, picture, keep=True)
        caption = (
            wml.run("Figure ") + wml.simple_field("SEQ Figure \\* ARABIC", str(block.number))
            + wml.run(f": {block.caption}")
        )  # fmt: skip
        self.paragraph(self.body, caption, "Caption")

    def header_footer(self, doc: Document) -> None:
        section = self.docx.sections[0]
        header = section.header.paragraphs[0]
        header.style = self.docx.styles["Header"]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ooxml.run(header._p, doc.header_text, bold=doc.draft)
        footer = section.footer.paragraphs[0]
        footer.style = self.docx.styles["Footer"]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ooxml.run(footer._p, "Page ")
        ooxml.simple_field(footer._p, "PAGE", "1")
        ooxml.run(footer._p, " of ")
        ooxml.simple_field(footer._p, "NUMPAGES", "1")

    # -- inline
    @staticmethod
    def runs(runs: list[Run], bold: bool = False) -> str:
        return "".join(
            wml.run(r.text, bold=r.bold or bold, italic=r.italic,
                    font=CODE_FONT if r.code else "", br=r.br)
            for r in runs
        )  # fmt: skip

    def segments(self, segments, bold_indexes=()) -> str:
        parts = []
        for index, segment in enumerate(segments):
            for number, para in enumerate(as_text(segment).paragraphs):
                if number:
                    parts.append(wml.run(" "))
                runs = para.runs if isinstance(para, Para) else [Run(para.plain)]
                parts.append(self.runs(runs, bold=index in bold_indexes))
        return "".join(parts)

    # -- blocks of paragraphs
    def rich(self, place, paras, *, lead: str = "", first=None, base: int = 0) -> None:
        """Paragraphs parsed from Markdown. `first` = (kind, num_id) makes the first paragraph
        an item of an outer list; `base` shifts nested lists one level in."""
        numbers: dict[int, int] = {}
        for index, para in enumerate(paras):
            if isinstance(para, TableBlock):
                self.markdown_table(place, para)
                continue
            kind, level, num_id = para.kind, min(para.level + base, 2), None
            if first is not None and index == 0:
                (kind, num_id), level = first, 0
            elif first is not None and kind == "body":
                kind, level = "continue", 0
            if kind == "number" and num_id is None:
                num_id = numbers.setdefault(para.list_id, self.numbering.new_list())
            elif kind == "bullet" and num_id is None:
                num_id = self.numbering.bullets
            words = self.runs(para.runs, bold=kind == "heading")
            if index == 0 and lead:
                words = wml.run(lead + " ", bold=True) + words
            self.paragraph(
                place, words, _STYLES[kind](level),
                num=(num_id, level) if num_id is not None else None, keep=kind == "heading",
            )  # fmt: skip
        if not paras and lead:
            self.paragraph(place, wml.run(lead, bold=True))

    def items(self, place, block: Items) -> None:
        num_id = self.numbering.new_list() if block.numbered else self.numbering.bullets
        kind = "number" if block.numbered else "bullet"
        for index, item in enumerate(block.items):
            lead = block.leads[index] if index < len(block.leads) else ""
            paras = item.paragraphs or (Para([]),)
            self.rich(place, paras, lead=lead, first=(kind, num_id), base=1)

    def table(self, block: Table) -> None:
        write_table(self, block)

    def markdown_table(self, place, block: TableBlock) -> None:
        write_markdown_table(self, place, block)

    def contents(self, block: Contents, pages: list | None) -> None:
        write_contents(self, block, pages)

    def text_width(self):
        return self.width


_STYLES = {
    "body": lambda level: "Normal",
    "heading": lambda level: "Normal",
    "quote": lambda level: "Quote",
    "bullet": lambda level: "List Bullet" + ("" if level == 0 else f" {level + 1}"),
    "number": lambda level: "List Number" + ("" if level == 0 else f" {level + 1}"),
    "continue": lambda level: "List Continue" + ("" if level == 0 else f" {level + 1}"),
}
