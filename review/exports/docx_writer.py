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
from docx.shared import Cm, Emu
from docx.text.paragraph import Paragraph

from . import ooxml
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
from .tables import column_widths

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
    """The document body as a place for paragraphs: each goes before the section properties."""

    def __init__(self, docx):
        body = docx.element.body
        for child in list(body):
            if child.tag != ooxml.qn("w:sectPr"):
                body.remove(child)
        self.body = body
        self.end = body.find(ooxml.qn("w:sectPr"))

    def new_p(self):
        p = self.body.makeelement(ooxml.qn("w:p"), {})
        if self.end is not None:
            self.end.addprevious(p)
        else:
            self.body.append(p)
        return p


class _Cell:
    """A table cell as a place for paragraphs: its first, empty paragraph is used first."""

    def __init__(self, cell):
        self.cell = cell
        self.first = cell._tc.find(ooxml.qn("w:p"))

    def new_p(self):
        if self.first is not None:
            p, self.first = self.first, None
            return p
        return ooxml.sub(self.cell._tc, "w:p")


class _Writer:
    def __init__(self, docx):
        self.docx = docx
        self.body = _Body(docx)
        self._style_ids: dict[str, str | None] = {}
        self.numbering = ooxml.Numbering(docx)
        self.table_style = next((s for s in TABLE_STYLES if self.style_id(s)), None)
        self.normal = self.style_id("Normal")

    def style_id(self, name: str) -> str | None:
        """The id of a paragraph or table style by its name, or None if the document lacks it."""
        if name not in self._style_ids:
            try:
                self._style_ids[name] = self.docx.styles[name].style_id
            except KeyError:
                self._style_ids[name] = None
        return self._style_ids[name]

    def paragraph(self, place, style="Normal", *, fallback="Normal", num=None, keep=False):
        """A new paragraph element in `place` (the body or a cell), in a style, maybe numbered."""
        p = place.new_p()
        style_id = self.style_id(style) or self.style_id(fallback)
        if (style_id and style_id != self.normal) or num or keep:
            p_pr = p.find(ooxml.qn("w:pPr"))
            if p_pr is None:
                p_pr = p.makeelement(ooxml.qn("w:pPr"), {})
                p.insert(0, p_pr)
            if style_id and style_id != self.normal:
                ooxml.sub(p_pr, "w:pStyle", val=style_id)
            if keep:
                ooxml.sub(p_pr, "w:keepNext")
            if num:
                num_pr = ooxml.sub(p_pr, "w:numPr")
                ooxml.sub(num_pr, "w:ilvl", val=num[1])
                ooxml.sub(num_pr, "w:numId", val=num[0])
        return p

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
                p = self.paragraph(body, style)
                self.segments(p, block.segments)
                if id(block) in self.toc:
                    ooxml.bookmark(p, *self.toc[id(block)][2:])
            elif isinstance(block, Line):
                p = self.paragraph(body, block.style, keep=block.keep)
                self.segments(p, block.segments, block.bold)
            elif isinstance(block, Prose):
                self.rich(body, block.text.paragraphs, lead=block.lead)
            elif isinstance(block, Items):
                self.items(body, block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, PageBreak):
                ooxml.page_break(body.new_p())
            elif isinstance(block, Contents):
                self.contents(block, pages if known else None)
            elif isinstance(block, Figure):
                self.figure(block)

    def figure(self, block: Figure) -> None:
        """The picture, with its alt text, kept with its numbered caption (a SEQ field)."""
        p = self.paragraph(self.body, "Normal", keep=True)
        picture = Paragraph(p, self.docx._body).add_run()
        shape = picture.add_picture(BytesIO(block.png()), width=Cm(block.width_cm))
        doc_pr = shape._inline.docPr
        doc_pr.set("name", block.label)
        doc_pr.set("descr", ooxml.xml_safe(block.alt or block.caption))
        caption = self.paragraph(self.body, "Caption")
        ooxml.run(caption, "Figure ")
        ooxml.simple_field(caption, "SEQ Figure \\* ARABIC", str(block.number))
        ooxml.run(caption, f": {block.caption}")

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
    def runs(self, p, runs: list[Run], bold: bool = False) -> None:
        for r in runs:
            ooxml.run(p, r.text, bold=r.bold or bold, italic=r.italic,
                      font=CODE_FONT if r.code else "", br=r.br)  # fmt: skip

    def segments(self, p, segments, bold_indexes=()) -> None:
        for index, segment in enumerate(segments):
            for number, para in enumerate(as_text(segment).paragraphs):
                if number:
                    ooxml.run(p, " ")
                runs = para.runs if isinstance(para, Para) else [Run(para.plain)]
                self.runs(p, runs, bold=index in bold_indexes)

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
            p = self.paragraph(
                place, _STYLES[kind](level),
                num=(num_id, level) if num_id is not None else None, keep=kind == "heading",
            )  # fmt: skip
            if index == 0 and lead:
                ooxml.run(p, lead + " ", bold=True)
            self.runs(p, para.runs, bold=kind == "heading")
        if not paras and lead:
            ooxml.run(self.paragraph(place), lead, bold=True)

    def items(self, place, block: Items) -> None:
        num_id = self.numbering.new_list() if block.numbered else self.numbering.bullets
        kind = "number" if block.numbered else "bullet"
        for index, item in enumerate(block.items):
            lead = block.leads[index] if index < len(block.leads) else ""
            paras = item.paragraphs or (Para([]),)
            self.rich(place, paras, lead=lead, first=(kind, num_id), base=1)

    def table(self, block: Table) -> None:
        """Columns sized to their content, fixed; rows never split; the header row repeats."""
        columns = len(block.header)
        table = self.docx.add_table(rows=1 + len(block.rows), cols=columns)
        self.style_table(table)
        total = self.text_width()
        cells = [[t.plain for t in row] for row in block.rows]
        widths = [Emu(int(total * cm / 16)) for cm in
                  _scale(column_widths(block.header, cells, Emu(total).cm), 16)]  # fmt: skip
        ooxml.fixed_layout(table._tbl, int(sum(widths) / 635))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        rows = table.rows
        ooxml.repeat_as_header(rows[0])
        for cell, title, width in zip(rows[0].cells, block.header, widths, strict=True):
            cell.width = width
            # kept with the first row, so a header is never left alone at the foot of a page
            ooxml.run(self.paragraph(_Cell(cell), keep=True), title, bold=True)
        for row, texts in zip(rows[1:], block.rows, strict=True):
            ooxml.cant_split(row)
            for cell, text, width in zip(row.cells, texts, widths, strict=True):
                cell.width = width
                self.rich(_Cell(cell), text.paragraphs)
        self.body.new_p()  # space after the table

    def style_table(self, table) -> None:
        """The table style, applied to the header row only (no bold first column, no bands)."""
        if self.table_style:
            table.style = self.docx.styles[self.table_style]
        look = table._tbl.tblPr.find(ooxml.qn("w:tblLook"))
        if look is None:
            look = ooxml.sub(table._tbl.tblPr, "w:tblLook")
        look.attrib.clear()
        for name, value in (("val", "0420"), ("firstRow", 1), ("lastRow", 0),
                            ("firstColumn", 0), ("lastColumn", 0), ("noHBand", 0),
                            ("noVBand", 1)):  # fmt: skip
            look.set(ooxml.qn(f"w:{name}"), str(value))

    def markdown_table(self, place, block: TableBlock) -> None:
        columns = max((len(r) for r in block.rows), default=0)
        if not columns:
            return
        host = place.cell if isinstance(place, _Cell) else self.docx
        table = host.add_table(rows=len(block.rows), cols=columns)
        self.style_table(table)
        for number, (row, cells) in enumerate(zip(table.rows, block.rows, strict=True)):
            if number < block.header:
                ooxml.repeat_as_header(row)
            for cell, runs in zip(row.cells, cells, strict=False):
                self.runs(_Cell(cell).new_p(), runs, bold=number < block.header)

    def contents(self, block: Contents, pages: list | None) -> None:
        write_contents(self, block, pages)

    def text_width(self):
        section = self.docx.sections[0]
        return section.page_width - section.left_margin - section.right_margin


def _scale(widths: list[float], total: float) -> list[float]:
    whole = sum(widths)
    return [w * total / whole for w in widths]


_STYLES = {
    "body": lambda level: "Normal",
    "heading": lambda level: "Normal",
    "quote": lambda level: "Quote",
    "bullet": lambda level: "List Bullet" + ("" if level == 0 else f" {level + 1}"),
    "number": lambda level: "List Number" + ("" if level == 0 else f" {level + 1}"),
    "continue": lambda level: "List Continue" + ("" if level == 0 else f" {level + 1}"),
}
