"""What a parsed Markdown field is made of: paragraphs of runs (words with one formatting) and
tables; shared by the full parser (`markdown_docx`) and the fast one (`markdown_simple`)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """Some words with one formatting; `br` starts them on a new line."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    br: bool = False


@dataclass
class Para:
    """A paragraph: body, bullet, number, continue (a later paragraph of a list item), quote
    or heading (a heading inside a field, shown as a bold line)."""

    runs: list[Run] = field(default_factory=list)
    kind: str = "body"
    level: int = 0
    list_id: int | None = None  # numbered paragraphs with the same id count 1, 2, 3…

    @property
    def plain(self) -> str:
        return "".join(("\n" if r.br else "") + r.text for r in self.runs).strip()


@dataclass
class TableBlock:
    """A Markdown table: rows of cells, each cell a list of runs; the first `header` are headers."""

    rows: list[list[list[Run]]] = field(default_factory=list)
    header: int = 0
    kind: str = "table"

    @property
    def plain(self) -> str:
        return "\n".join(
            "\t".join("".join(r.text for r in cell).strip() for cell in row) for row in self.rows
        )


def tidy(block: Para | TableBlock) -> Para | TableBlock:
    """Neighbouring runs with the same formatting joined; no trailing spaces."""
    if isinstance(block, Para):
        merged: list[Run] = []
        for run in block.runs:
            last = merged[-1] if merged else None
            if (
                last
                and not run.br
                and (last.bold, last.italic, last.code) == (run.bold, run.italic, run.code)
            ):
                merged[-1] = Run(last.text + run.text, last.bold, last.italic, last.code, last.br)
            else:
                merged.append(run)
        block.runs = merged
        while block.runs and not block.runs[-1].text.strip():
            block.runs.pop()
        if block.runs:
            last = block.runs[-1]
            block.runs[-1] = Run(last.text.rstrip(), last.bold, last.italic, last.code, last.br)
    return block


def plain_text(blocks) -> str:
    return "\n".join(b.plain for b in blocks)
