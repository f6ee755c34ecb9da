"""The contents: a TOC field pre-filled with one entry per heading, linked to its bookmark.

Word's own TOC result, written in advance: each entry is a hyperlink to the heading's bookmark
with a dot leader and, when the pages are known (see `pagination`), a PAGEREF field showing its
page number. Without the numbers the field is marked dirty, for Word to fill in on opening.
"""

from . import wml
from .document import CONTENTS_PLACEHOLDER, Contents, Document, Heading, as_text


def write_contents(writer, block: Contents, pages: list | None) -> None:
    """A TOC field, pre-filled with an entry per heading: linked to the heading's bookmark,
    with a dot leader and its page number (a PAGEREF field) when the pages are known."""
    body = writer.body
    writer.paragraph(body, wml.run(block.title), "TOC Heading", fallback="Heading 1")
    entries = list(writer.toc.values())
    tab = (int(writer.text_width() / 635), "dot")
    instruction = f'TOC \\o "1-{block.depth}" \\h \\z \\u'
    if not entries:
        content = (
            wml.field_begin(instruction, dirty=True) + wml.run(CONTENTS_PLACEHOLDER)
            + wml.FIELD_END
        )  # fmt: skip
        writer.paragraph(body, content, "toc 1")
        return
    for index, (level, words, _number, name) in enumerate(entries):
        content = wml.field_begin(instruction, dirty=pages is None) if index == 0 else ""
        link = wml.run(words)
        if pages is not None:
            link += wml.run("\t") + wml.simple_field(f"PAGEREF {name} \\h", str(pages[index]))
        content += wml.hyperlink(name, link)
        if index == len(entries) - 1:
            content += wml.FIELD_END
        writer.paragraph(body, content, f"toc {level}", tab=tab)


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
