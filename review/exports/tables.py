"""Tables in the Word file: columns sized to their content, so that a short column never breaks
a word, and the table's XML (fixed layout, rows that never split, a repeated header row).

Word and LibreOffice break a word across lines when a column is narrower than it ("Priorit/y",
"Decembe/r"). Each column gets at least the width of its longest word (header in bold) and
then a share of the rest in proportion to how much text it holds, as Word's "AutoFit to
contents" would; the widths are then fixed in the file, so every program lays it out alike.
"""

from collections.abc import Sequence

from docx.shared import Emu

from . import wml
from .document import Table
from .parsed import TableBlock

#: Arial's advance widths in em, roughly, by class of character (Liberation Sans has the same)
_NARROW = set("iljtfrI.,;:'!|()[]{} ’‘")
_WIDE = set("mwMW@%—")
_CAPITAL = 0.70
_LOWER = 0.55
#: cell padding left and right (Word's default 0.19 cm each side) plus a safety margin, in cm
CELL_PADDING_CM = 0.5
POINT_CM = 2.54 / 72


def text_cm(text: str, size_pt: float = 11, bold: bool = False) -> float:
    """An estimate (slightly generous) of how wide `text` is set in Arial at `size_pt`."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.30
        elif char in _WIDE:
            em += 0.90
        elif char.isupper() or char.isdigit():
            em += _CAPITAL
        else:
            em += _LOWER
    return em * size_pt * POINT_CM * (1.08 if bold else 1.0)


def _longest_word(text: str, bold: bool) -> float:
    return max((text_cm(word, bold=bold) for word in text.split()), default=0.0)


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], total_cm: float) -> list:
    """Widths in cm, summing to `total_cm`, for a table with these header words and cells."""
    columns = len(header)
    least = [CELL_PADDING_CM + _longest_word(h, True) for h in header]
    wanted = [CELL_PADDING_CM + text_cm(h, bold=True) for h in header]
    for row in rows:
        for index, cell in enumerate(row[:columns]):
            lines = cell.splitlines() or [""]
            least[index] = max(least[index], CELL_PADDING_CM + _longest_word(cell, False))
            wanted[index] = max(
                wanted[index], CELL_PADDING_CM + max(text_cm(line) for line in lines)
            )
    wanted = [max(w, m) for w, m in zip(wanted, least, strict=True)]
    if sum(wanted) <= total_cm:  # everything fits on one line: share out what is left
        spare = total_cm - sum(wanted)
        return [w + spare * w / sum(wanted) for w in wanted]
    if sum(least) >= total_cm:  # even the longest words do not fit: shrink in proportion
        return [m * total_cm / sum(least) for m in least]
    # Every column gets its longest word; the rest goes to columns by how much they want.
    spare = total_cm - sum(least)
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def _scale(widths: list[float], total: float) -> list[float]:
    whole = sum(widths)
    return [w * total / whole for w in widths]


# --------------------------------------------------------------------------- writing


class Cell:
    """A table cell's content: its first paragraph is the cell's empty one, filled in first
    (python-docx's rule, kept so that the file is as before); a table is followed by an empty
    paragraph, as Word requires one last in every cell."""

    def __init__(self, width_twips: int):
        self.width_twips = width_twips
        self.first: str | None = None
        self.rest: list[str] = []

    def add(self, xml: str) -> None:
        if self.first is None:
            self.first = xml
        else:
            self.rest.append(xml)

    def add_table(self, xml: str) -> None:
        self.rest.extend((xml, wml.EMPTY_PARAGRAPH))

    def xml(self) -> str:
        width = f'<w:tcPr><w:tcW w:type="dxa" w:w="{self.width_twips}"/></w:tcPr>'
        return f"<w:tc>{width}{self.first or wml.EMPTY_PARAGRAPH}{''.join(self.rest)}</w:tc>"


def write_table(writer, block: Table) -> None:
    """Columns sized to their content, fixed; rows never split; the header row repeats."""
    total = writer.width
    cells = [[t.plain for t in row] for row in block.rows]
    widths = [Emu(int(total * cm / 16)) for cm in
              _scale(column_widths(block.header, cells, Emu(total).cm), 16)]  # fmt: skip
    twips = [w.twips for w in widths]
    rows = []
    header = []
    for title, width in zip(block.header, twips, strict=True):
        cell = Cell(width)
        # kept with the first row, so a header is never left alone at the foot of a page
        writer.paragraph(cell, wml.run(title, bold=True), keep=True)
        header.append(cell.xml())
    rows.append(f"<w:tr>{_HEADER_ROW}{''.join(header)}</w:tr>")
    for texts in block.rows:
        row = []
        for text, width in zip(texts, twips, strict=True):
            cell = Cell(width)
            writer.rich(cell, text.paragraphs)
            row.append(cell.xml())
        rows.append(f"<w:tr>{_KEPT_ROW}{''.join(row)}</w:tr>")
    layout = f'<w:tblW w:w="{int(sum(widths) / 635)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
    writer.body.add(_table_xml(writer, twips, rows, layout))
    writer.body.add(wml.EMPTY_PARAGRAPH)  # space after the table


def _table_xml(writer, twips: list[int], rows: list[str], layout: str = "") -> str:
    """A table in the table style, applied to the header row only (no bold first column, no
    bands); `layout` is its width and fixed layout, else python-docx's automatic width."""
    style = f'<w:tblStyle w:val="{wml.attribute(writer.style_id(writer.table_style))}"/>' if (
        writer.table_style
    ) else ""  # fmt: skip
    if not layout:
        layout = '<w:tblW w:type="auto" w:w="0"/>'
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
    return (
        f"<w:tbl><w:tblPr>{style}{layout}{_TABLE_LOOK}</w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def write_markdown_table(writer, place, block: TableBlock) -> None:
    columns = max((len(r) for r in block.rows), default=0)
    if not columns:
        return
    # python-docx's even split of the body's or the cell's width, kept as it was
    width = place.width_twips * 635 if isinstance(place, Cell) else writer.width
    column = Emu(width // columns).twips
    rows = []
    for number, cells in enumerate(block.rows):
        made = []
        for index in range(columns):
            cell = Cell(column)
            if index < len(cells) and cells[index]:
                cell.add(f"<w:p>{writer.runs(cells[index], bold=number < block.header)}</w:p>")
            made.append(cell.xml())
        head = _HEADER_ROW if number < block.header else ""
        rows.append(f"<w:tr>{head}{''.join(made)}</w:tr>")
    xml = _table_xml(writer, [column] * columns, rows)
    if isinstance(place, Cell):
        place.add_table(xml)
    else:
        place.add(xml)


_HEADER_ROW = '<w:trPr><w:cantSplit w:val="true"/><w:tblHeader w:val="true"/></w:trPr>'
_KEPT_ROW = '<w:trPr><w:cantSplit w:val="true"/></w:trPr>'
_TABLE_LOOK = (
    '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
    ' w:noHBand="0" w:noVBand="1"/>'
)
