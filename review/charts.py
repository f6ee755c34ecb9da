"""Charts drawn on the server as SVG: no JavaScript library, nothing fetched from elsewhere.

Plain functions from numbers to `Markup`, testable without a request. Every label is escaped;
colours are given as presentation attributes (the Content-Security-Policy forbids inline
styles); each chart is an image with a title and a description for assistive technology, and
every bar carries its label and its number as text, so nothing is said by colour alone. Bars
may link somewhere (`href`); those links are for pointer users, the page's table beside the
chart carries the same links for keyboard and screen-reader users.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
FONT = 14
SMALL = 13
#: average glyph width as a share of the font size, for a system sans-serif (generous)
GLYPH = 0.58
INK = "#1d2428"
MUTED = "#505a5f"
LINE = "#b1b4b6"
BAR = "#1d4f6e"
REST = "#e8e8e8"
FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
#: series colours, each at least 4.5:1 against white (so white text on them is readable and
#: the bars stand out from the page), alternating dark and lighter to help colour-blind readers
PALETTE = (
    "#1d4f6e",
    "#b35900",
    "#00798c",
    "#6f3d97",
    "#a4437e",
    "#5a6e00",
    "#4d4d4d",
    "#b3261e",
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str | None = None


@dataclass(frozen=True)
class Segment:
    value: int
    href: str | None = None


@dataclass(frozen=True)
class Stack:
    """One stacked bar: a segment per series, and a total that may hold a remainder that
    belongs to no series (drawn grey, as `rest_label`)."""

    label: str
    segments: Sequence[Segment]
    total: int
    href: str | None = None


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(fill: str) -> str:
    """White or ink, whichever reads better on the fill."""
    return "#ffffff" if contrast(fill, "#ffffff") >= contrast(fill, INK) else INK


def _attrs(attributes: dict) -> str:
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
        for name, value in attributes.items()
        if value is not None
    )


def _el(tag: str, content: str = "", **attributes) -> str:
    """An element; `content` must already be safe (escaped text or built elements)."""
    return f"<{tag}{_attrs(attributes)}>{content}</{tag}>"


def _text_width(text: str, size: int = FONT) -> float:
    return len(text) * size * GLYPH


def _fit(text: str, width: float, size: int = FONT) -> str:
    """Cut a label to fit the width, with an ellipsis (the full label is in its tooltip)."""
    room = int(width // (size * GLYPH))
    return text if len(text) <= room else text[: max(room - 1, 1)].rstrip() + "…"


def _count(value: int, unit: tuple[str, str]) -> str:
    return f"{value} {unit[0] if value == 1 else unit[1]}"


def _svg(content: str, *, width: float, height: float, title: str, desc: str, chart_id: str):
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return Markup(
        _el(
            "svg",
            _el("title", escape(title), id=title_id)
            + _el("desc", escape(desc), id=desc_id)
            + content,
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {width:g} {height:g}",
            width=f"{width:g}",
            height=f"{height:g}",
            # An image's children are presentational: a chart whose bars are links is a group.
            role="group" if "<a " in content else "img",
            aria_label=title,
            aria_describedby=desc_id,
            class_="chart",
            font_family=FONTS,
            font_size=FONT,
            fill=INK,
        )  # fmt: skip
    )


def _link(content: str, href: str | None) -> str:
    # Out of the tab order: the table next to the chart has the same links for the keyboard.
    return _el("a", content, href=href, tabindex="-1") if href else content


def _wrap(text: str, width: float, size: int = FONT, lines: int = 2) -> list[str]:
    """Break a label into at most `lines` lines that fit the width; the last is cut with an
    ellipsis if the label is longer still (the full label is in its tooltip)."""
    room = max(int(width // (size * GLYPH)), 4)
    found: list[str] = []
    words = text.split()
    while words and len(found) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= room:
            line += " " + words.pop(0)
        found.append(line)
    if words:
        found[-1] = found[-1] + " " + " ".join(words)
    if found and len(found[-1]) > room:
        found[-1] = found[-1][: room - 1].rstrip() + "…"
    return [_fit(line, width, size) for line in found] or [""]


@dataclass(frozen=True)
class _Row:
    top: float
    height: float
    lines: list[str]


def _rows(labels: Sequence[str], width: int, start: float, bar_height: int):
    """Where each row goes: labels in a left column (wrapped onto two lines when long), bars
    to their right. Returns the rows, the x where bars start and the total height."""
    longest = max((_text_width(label) for label in labels), default=0)
    column = min(longest, width * 0.42)
    rows, y = [], start
    for label in labels:
        lines = _wrap(label, column)
        height = max(bar_height + 10, len(lines) * 17 + 10)
        rows.append(_Row(y, height, lines))
        y += height
    return rows, column + 14, y


def _label(label: str, row: _Row) -> str:
    """A row's label, its lines centred on the row; the full text as its tooltip if cut."""
    first = row.top + row.height / 2 - (len(row.lines) - 1) * 17 / 2 + 5
    spans = "".join(
        _el("tspan", escape(line), x=0, y=f"{first + i * 17:g}") for i, line in enumerate(row.lines)
    )
    cut = " ".join(row.lines) != label
    return _el("text", spans + (_el("title", escape(label)) if cut else ""), class_="chart__label")


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    desc: str = "",
    chart_id: str = "chart",
    unit: tuple[str, str] = ("finding", "findings"),
    width: int = WIDTH,
) -> Markup:
    """A horizontal bar chart: a label and a bar per row, with its number at its end."""
    bar_height = 20
    rows, x0, bottom = _rows([b.label for b in bars], width, 6, bar_height)
    largest = max((b.value for b in bars), default=0)
    room = width - x0 - _text_width(str(largest)) - 14
    parts = []
    for bar, row in zip(bars, rows, strict=True):
        bar_top = row.top + (row.height - bar_height) / 2
        parts.append(_label(bar.label, row))
        length = round(room * bar.value / largest, 1) if largest else 0
        if length:
            tip = _el("title", escape(f"{bar.label}: {_count(bar.value, unit)}"))
            rect = _el(
                "rect", tip, x=f"{x0:g}", y=f"{bar_top:g}", width=f"{length:g}",
                height=bar_height, fill=BAR, class_="chart__bar",
            )  # fmt: skip
            parts.append(_link(rect, bar.href))
        parts.append(
            _el("text", str(bar.value), x=f"{x0 + length + 6:g}", y=f"{bar_top + 15:g}",
                font_weight="700")
        )  # fmt: skip
    height = bottom + 6
    axis = _el("line", x1=f"{x0:g}", x2=f"{x0:g}", y1=2, y2=f"{height - 2:g}", stroke=LINE)
    desc = desc or _describe(bars, unit)
    return _svg(
        axis + "".join(parts), width=width, height=height, title=title, desc=desc,
        chart_id=chart_id,
    )  # fmt: skip


def _describe(bars: Sequence[Bar], unit) -> str:
    if not bars:
        return "No data."
    return "; ".join(f"{b.label}: {_count(b.value, unit)}" for b in bars) + "."


def _legend(series: Sequence[str], colours: Sequence[str], width: int) -> tuple[str, float]:
    """Swatches and names, wrapped into lines; returns the elements and their height."""
    parts, x, y = [], 0.0, 4
    for name, colour in zip(series, colours, strict=True):
        item = 14 + 6 + _text_width(name, SMALL) + 18
        if x and x + item > width:
            x, y = 0.0, y + 22
        label = _fit(name, width - 20, SMALL)
        parts.append(
            _el("rect", x=f"{x:g}", y=y, width=14, height=14, fill=colour,
                stroke=MUTED if colour == REST else None)
            + _el("text", escape(label), x=f"{x + 20:g}", y=y + 12, font_size=SMALL)
        )  # fmt: skip
        x += item
    return _el("g", "".join(parts), class_="chart__legend"), y + 22 + 8


def stacked_bar_chart(
    stacks: Sequence[Stack],
    series: Sequence[str],
    *,
    title: str,
    desc: str = "",
    chart_id: str = "chart",
    rest_label: str = "Not recorded",
    unit: tuple[str, str] = ("finding", "findings"),
    width: int = WIDTH,
) -> Markup:
    """Horizontal stacked bars: one bar per row, one coloured segment per series (in the
    legend's order, left to right), the number inside each segment wide enough to hold it,
    and the row's total at the end."""
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(series))]
    has_rest = any(s.total > sum(seg.value for seg in s.segments) for s in stacks)
    names = [*series, *([rest_label] if has_rest else [])]
    legend, legend_height = _legend(names, [*colours, *([REST] if has_rest else [])], width)
    bar_height = 24
    rows, x0, bottom = _rows([s.label for s in stacks], width, legend_height, bar_height)
    largest = max((s.total for s in stacks), default=0)
    room = width - x0 - _text_width(str(largest)) - 14
    parts = []
    for stack, row in zip(stacks, rows, strict=True):
        bar_top = row.top + (row.height - bar_height) / 2
        parts.append(_label(stack.label, row))
        x = x0
        rest = stack.total - sum(seg.value for seg in stack.segments)
        pieces = [
            (seg.value, seg.href, colour, name)
            for seg, colour, name in zip(stack.segments, colours, series, strict=True)
        ]
        if rest > 0:
            pieces.append((rest, None, REST, rest_label))
        for value, href, colour, name in pieces:
            if not value:
                continue
            length = round(room * value / largest, 1)
            tip = _el("title", escape(f"{stack.label}, {name}: {_count(value, unit)}"))
            rect = _el(
                "rect", tip, x=f"{x:g}", y=f"{bar_top:g}", width=f"{length:g}",
                height=bar_height, fill=colour, stroke="#ffffff" if colour != REST else MUTED,
                stroke_width=1, class_="chart__bar",
            )  # fmt: skip
            number = ""
            if length >= _text_width(str(value), SMALL) + 8:
                number = _el(
                    "text", str(value), x=f"{x + length / 2:g}", y=f"{bar_top + 16:g}",
                    text_anchor="middle", font_size=SMALL, font_weight="700",
                    fill=text_on(colour), pointer_events="none",
                )  # fmt: skip
            parts.append(_link(rect, href) + number)
            x += length
        parts.append(
            _el("text", str(stack.total), x=f"{x + 6:g}", y=f"{bar_top + 17:g}",
                font_weight="700")
        )  # fmt: skip
    height = bottom + 6
    axis = _el("line", x1=f"{x0:g}", x2=f"{x0:g}", y1=f"{legend_height - 2:g}",
               y2=f"{height - 2:g}", stroke=LINE)  # fmt: skip
    desc = desc or _describe_stacks(stacks, names, unit)
    return _svg(
        legend + axis + "".join(parts), width=width, height=height, title=title, desc=desc,
        chart_id=chart_id,
    )  # fmt: skip


def _describe_stacks(stacks: Sequence[Stack], names: Sequence[str], unit) -> str:
    if not stacks:
        return "No data."
    lines = []
    for stack in stacks:
        rest = stack.total - sum(seg.value for seg in stack.segments)
        values = [seg.value for seg in stack.segments] + ([rest] if rest > 0 else [])
        inner = ", ".join(f"{n} {v}" for n, v in zip(names, values, strict=False) if v)
        line = f"{stack.label}: {_count(stack.total, unit)}"
        lines.append(line + (f" ({inner})" if inner else ""))
    return "; ".join(lines) + "."
