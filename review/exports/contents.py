"""The contents: a TOC field pre-filled with one entry per heading, linked to its bookmark.

Word's own TOC result, written in advance: each entry is a hyperlink to the heading's bookmark
with a dot leader and, when the pages are known (see `pagination`), a PAGEREF field showing its
page number. Without the numbers the field is marked dirty, for Word to fill in on opening.
"""

from . import ooxml
from .document import CONTENTS_PLACEHOLDER, Contents, Document, Heading, as_text


def write_contents(writer, block: Contents, pages: list | None) -> None:
    """A TOC field, pre-filled with an entry per heading: linked to the heading's bookmark,
    with a dot leader and its page number (a PAGEREF field) when the pages are known."""
    heading = writer.paragraph(writer.body, "TOC Heading", fallback="Heading 1")
    ooxml.run(heading, block.title)
    entries = list(writer.toc.values())
    tab = int(writer.text_width() / 635)
    instruction = f'TOC \\o "1-{block.depth}" \\h \\z \\u'
    if not entries:
        p = writer.paragraph(writer.body, "toc 1")
        ooxml.field_begin(p, instruction, dirty=True)
        ooxml.run(p, CONTENTS_PLACEHOLDER)
        ooxml.field_end(p)
        return
    for index, (level, words, _number, name) in enumerate(entries):
        p = writer.paragraph(writer.body, f"toc {level}")
        ooxml.right_tab(p, tab, leader="dot")
        if index == 0:
            ooxml.field_begin(p, instruction, dirty=pages is None)
        link = ooxml.hyperlink(p, name)
        ooxml.run(link, words)
        if pages is not None:
            ooxml.run(link, "\t")
            ooxml.simple_field(link, f"PAGEREF {name} \\h", str(pages[index]))
        if index == len(entries) - 1:
            ooxml.field_end(p)


def contents_entries(doc: Document) -> list[str]:
    """The words of each contents entry, in order (empty when the document has no contents)."""
    contents = next((b for b in doc.blocks if isinstance(b, Contents)), None)
    return [e[1] for e in toc_entries(doc.blocks, contents.depth if contents else 0).values()]


def toc_entries(blocks, depth: int) -> dict[int, tuple[int, str, int, str]]:
    """Headings 1..depth in order: id(block) -> (level, words, bookmark id, bookmark name)."""
    entries = {}
    for block in blocks:
        if isinstance(block, Heading) and 1 <= block.level <= depth:
            number = len(entries) + 1
            words = " ".join(as_text(s).plain for s in block.segments)
            entries[id(block)] = (block.level, words, number, f"_Toc{number:06d}")
    return entries
