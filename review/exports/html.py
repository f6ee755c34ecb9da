"""The publication's blocks as HTML: the reading view shows exactly what the Word report prints.

Same `Document`, another writer: every text is escaped (it was already sanitised Markdown,
parsed into runs), figures are drawn as SVG from the same layout as the report's picture, and
headings carry ids ("kpe-3", "finding-2") so search results and citations can link into it.
The report's page furniture (page breaks, the Word contents field) becomes a linked contents
list; nothing else is added and nothing left out.
"""

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

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
    Text,
    as_text,
)
from .markdown_docx import Para, Run, TableBlock

_ANCHOR = re.compile(r"^(KPE|Finding)\s+(\d+)\b", re.IGNORECASE)


def heading_id(words: str, used: set[str]) -> str:
    """A stable id for a heading: "kpe-3" and "finding-2" for records, else a slug."""
    found = _ANCHOR.match(words.strip())
    if found:
        base = f"{found.group(1).lower()}-{found.group(2)}"
    else:
        base = "s-" + (re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:40] or "section")
    name, n = base, 2
    while name in used:
        name, n = f"{base}-{n}", n + 1
    used.add(name)
    return name


def render_html(doc: Document) -> Markup:
    """The document's blocks as an HTML fragment (headings from h1 for the Title style)."""
    used: set[str] = set()
    ids = {}
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            ids[index] = heading_id(_words(block.segments), used)
    out: list[str] = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            level = min(block.level + 1, 6)
            out.append(f'<h{level} id="{ids[index]}">{_segments(block.segments)}</h{level}>')
        elif isinstance(block, Line):
            css = "" if block.style == "Normal" else f' class="style-{_css(block.style)}"'
            out.append(f"<p{css}>{_segments(block.segments, block.bold)}</p>")
        elif isinstance(block, Prose):
            out.append(_paras(block.text.paragraphs, lead=block.lead))
        elif isinstance(block, Items):
            out.append(_items(block))
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Contents):
            out.append(_contents(doc, ids, block.depth))
        elif isinstance(block, Figure):
            out.append(_figure(block))
        elif isinstance(block, PageBreak):
            continue
    return Markup("\n".join(out))  # noqa: S704 - every text below is escaped


def _css(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower())


def _words(segments: Iterable) -> str:
    return " ".join(as_text(s).plain for s in segments).strip()


def _runs(runs: Iterable[Run], bold: bool = False) -> str:
    out = []
    for r in runs:
        text = str(escape(r.text))
        if r.code:
            text = f"<code>{text}</code>"
        if r.italic:
            text = f"<em>{text}</em>"
        if r.bold or bold:
            text = f"<strong>{text}</strong>"
        out.append(("<br>" if r.br else "") + text)
    return "".join(out)


def _segments(segments: Iterable, bold: Iterable[int] = ()) -> str:
    bold = set(bold)
    out = []
    for index, segment in enumerate(segments):
        text = as_text(segment)
        parts = [
            _runs(p.runs, index in bold) if isinstance(p, Para) else str(escape(p.plain))
            for p in text.paragraphs
        ]
        out.append(" ".join(parts))
    return "".join(out)


def _paras(paras, *, lead: str = "") -> str:
    """Paragraphs parsed from Markdown: lists grouped into <ul>/<ol>, quotes, tables."""
    out: list[str] = []
    open_list: str | None = None
    for index, para in enumerate(paras):
        prefix = f"<strong>{escape(lead)}</strong> " if index == 0 and lead else ""
        if isinstance(para, TableBlock):
            out.append(_close(open_list))
            open_list = None
            out.append(_markdown_table(para))
            continue
        tag = {"bullet": "ul", "number": "ol"}.get(para.kind)
        if tag != open_list and para.kind != "continue":
            out.append(_close(open_list))
            open_list = None
            if tag:
                out.append(f"<{tag}>")
                open_list = tag
        body = prefix + _runs(para.runs, bold=para.kind == "heading")
        if tag:
            out.append(f'<li class="level-{para.level}">{body}</li>')
        elif para.kind == "continue":
            out.append(f"<p>{body}</p>" if not open_list else f"<li class='continue'>{body}</li>")
        elif para.kind == "quote":
            out.append(f"<blockquote><p>{body}</p></blockquote>")
        else:
            out.append(f"<p>{body}</p>")
    out.append(_close(open_list))
    if not paras and lead:
        out.append(f"<p><strong>{escape(lead)}</strong></p>")
    return "".join(out)


def _close(tag: str | None) -> str:
    return f"</{tag}>" if tag else ""


def _items(block: Items) -> str:
    tag = "ol" if block.numbered else "ul"
    out = [f"<{tag}>"]
    for index, item in enumerate(block.items):
        lead = block.leads[index] if index < len(block.leads) else ""
        out.append(f"<li>{_paras(item.paragraphs, lead=lead) if item else escape(lead)}</li>")
    out.append(f"</{tag}>")
    return "".join(out)


def _cell(text: Text) -> str:
    return _paras(text.paragraphs)


def _table(block: Table) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.header)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in block.rows
    )
    return (
        f'<div class="table-wrap"><table class="table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def _markdown_table(block: TableBlock) -> str:
    rows = []
    for number, row in enumerate(block.rows):
        cell = "th" if number < block.header else "td"
        rows.append("<tr>" + "".join(f"<{cell}>{_runs(c)}</{cell}>" for c in row) + "</tr>")
    return f'<div class="table-wrap"><table class="table">{"".join(rows)}</table></div>'


def _contents(doc: Document, ids: dict[int, str], depth: int) -> str:
    items = [
        (block.level, ids[index], _words(block.segments))
        for index, block in enumerate(doc.blocks)
        if isinstance(block, Heading) and 1 <= block.level <= depth
    ]
    if not items:
        return ""
    lines = "".join(
        f'<li class="toc-{level}"><a href="#{anchor}">{escape(words)}</a></li>'
        for level, anchor, words in items
    )
    return f'<nav class="contents" aria-label="Contents"><h2>Contents</h2><ul>{lines}</ul></nav>'


def _figure(block: Figure) -> str:
    picture = block.svg() if block.svg else ""
    alt = f'<p class="visually-hidden">{escape(block.alt)}</p>' if block.alt else ""
    # On a narrow screen the picture keeps its size and its box scrolls (focusable, so a
    # keyboard can scroll it too); the page itself never scrolls sideways.
    caption = escape(block.numbered_caption)
    return (
        f'<figure class="figure"><div class="figure__picture timeline__scroll" tabindex="0" '
        f'role="region" aria-label="{escape(block.label)} (scrolls sideways on a small screen)">'
        f"{picture}</div>{alt}<figcaption>{caption}</figcaption></figure>"
    )
