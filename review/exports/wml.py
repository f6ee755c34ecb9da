"""WordprocessingML for the body of a report, written as text and parsed once.

A large report has some 50,000 elements; making each with lxml from Python (and python-docx's
element classes) was most of the cost of writing the file. Here paragraphs, runs, fields,
bookmarks and tables are strings, joined and parsed in one call (`parse_into`), giving the
same XML the element-by-element writer gave (see `ooxml` for what each construct means).
"""

from docx.oxml.ns import nsdecls

__all__ = ["nsdecls"]
from lxml import etree

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
     "\t": "&#9;"}
)  # fmt: skip
_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, huge_tree=True)
_WRAPPER = f"<w:body {nsdecls('w', 'r', 'wp', 'a', 'pic', 'w14')}>"


def text(value: str) -> str:
    return value.translate(_TEXT)


def attribute(value) -> str:
    return str(value).translate(_ATTRIBUTE)


def run(words: str, *, bold=False, italic=False, font: str = "", br=False) -> str:
    """A run (w:r) of words; tabs in them become w:tab."""
    parts = ["<w:r>"]
    if bold or italic or font:
        parts.append("<w:rPr>")
        if font:
            f = attribute(font)
            parts.append(f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}"/>')
        if bold:
            parts.append("<w:b/>")
        if italic:
            parts.append("<w:i/>")
        parts.append("</w:rPr>")
    if br:
        parts.append("<w:br/>")
    for number, piece in enumerate(words.split("\t")):
        if number:
            parts.append("<w:tab/>")
        if piece:
            space = ' xml:space="preserve"' if piece[0].isspace() or piece[-1].isspace() else ""
            parts.append(f"<w:t{space}>{text(piece)}</w:t>")
    parts.append("</w:r>")
    return "".join(parts)


def paragraph_properties(style_id=None, *, keep=False, num=None, tab=None) -> str:
    """w:pPr in schema order: style, tab stops (`tab` = (position, leader)), keep with next,
    list numbering (`num` = (numId, level)); empty when there is nothing to say."""
    parts = []
    if style_id:
        parts.append(f'<w:pStyle w:val="{attribute(style_id)}"/>')
    if tab:
        parts.append(
            f'<w:tabs><w:tab w:val="right" w:leader="{tab[1]}" w:pos="{tab[0]}"/></w:tabs>'
        )
    if keep:
        parts.append("<w:keepNext/>")
    if num:
        parts.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def field_begin(instruction: str, *, dirty: bool = False) -> str:
    """The start of a field; a `dirty` one is recalculated by Word when the file opens."""
    flag = ' w:dirty="true"' if dirty else ""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"{flag}/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {text(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )


FIELD_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def simple_field(instruction: str, result: str) -> str:
    """A field within one paragraph, e.g. PAGEREF, showing `result` until it is updated."""
    return field_begin(instruction) + run(result) + FIELD_END


PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
EMPTY_PARAGRAPH = "<w:p/>"


def bookmark_start(number: int, name: str) -> str:
    return f'<w:bookmarkStart w:id="{number}" w:name="{attribute(name)}"/>'


def bookmark_end(number: int) -> str:
    return f'<w:bookmarkEnd w:id="{number}"/>'


def hyperlink(anchor: str, content: str) -> str:
    """An internal link to a bookmark around `content` (runs)."""
    return f'<w:hyperlink w:anchor="{attribute(anchor)}" w:history="1">{content}</w:hyperlink>'


def parse_into(parent, before, fragments: list[str]) -> None:
    """Parse the joined fragments and move the elements into `parent`, before `before` (or at
    the end when it is None)."""
    if not fragments:
        return
    made = etree.fromstring(_WRAPPER + "".join(fragments) + "</w:body>", _PARSER)
    children = list(made)
    if before is not None:
        for child in children:
            before.addprevious(child)
    else:
        parent.extend(children)
