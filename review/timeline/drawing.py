"""One layout, two drawings: SVG for the web page (KPE bars are links) and PNG (Pillow) for
the Word report, at print resolution."""

import html
from collections.abc import Callable
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from .model import (
    BAR_HEIGHT,
    COLOURS,
    DIAMOND,
    DOT_R,
    MONTH_BASELINE,
    PNG_WIDTH_PX,
    Bar,
    Label,
    Layout,
    LegendItem,
)
from .text import CONTROL_CHARACTERS

# --------------------------------------------------------------------------- SVG


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(attrs: dict) -> str:
    out = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = _num(value)
        out.append(f' {name}="{html.escape(str(value), quote=True)}"')
    return "".join(out)


def _esc(text: str) -> str:
    return html.escape(CONTROL_CHARACTERS.sub("", text), quote=True)


def _svg_text(label: Label, **extra) -> str:
    attrs = {
        "x": label.x,
        "y": label.y,
        "font-size": label.size,
        "font-weight": "700" if label.bold else None,
        "text-anchor": label.anchor if label.anchor != "start" else None,
        "fill": label.fill,
        **extra,
    }
    tip = f"<title>{_esc(label.full)}</title>" if label.full else ""
    return f"<text{_attrs(attrs)}>{tip}{_esc(label.text)}</text>"


def render_svg(
    layout: Layout, href: Callable[[Bar], str] | None = None, *, element_id: str = "timeline"
) -> str:
    """The layout as an SVG document fragment; KPE bars link to `href(bar)` when given.

    Every text is escaped; colours are presentation attributes (no inline styles, which the
    Content-Security-Policy refuses).
    """
    c = COLOURS
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg"{_attrs({"viewBox": f"0 0 {_num(layout.width)} {_num(layout.height)}", "width": layout.width, "height": layout.height, "class": "timeline__svg", "role": "group", "aria-labelledby": f"{element_id}-title", "aria-describedby": f"{element_id}-desc", "font-family": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"})}>',  # noqa: E501
        f'<title id="{element_id}-title">{_esc(layout.title)}</title>',
        f'<desc id="{element_id}-desc">{_esc(layout.description)}</desc>',
        f'<rect width="{_num(layout.width)}" height="{_num(layout.height)}" fill="{c["paper"]}"/>',
    ]
    if layout.empty:
        out += [_svg_text(n) for n in layout.notes]
        out.append("</svg>")
        return "\n".join(out)

    top, bottom = layout.plot_top, layout.plot_bottom
    out.append('<g aria-hidden="true">')
    if layout.period:
        x0, x1 = layout.period
        out.append(
            f"<rect{_attrs({'x': x0, 'y': top, 'width': x1 - x0, 'height': bottom - top, 'fill': c['period']})}/>"  # noqa: E501
        )
    for tick in layout.ticks:
        if tick.kind == "month-label":
            continue
        year = tick.kind == "year" or tick.when == layout.start
        y0 = 4 if year else MONTH_BASELINE - 10
        out.append(
            f"<line{_attrs({'x1': tick.x, 'x2': tick.x, 'y1': y0, 'y2': bottom, 'stroke': c['rule'] if year else c['grid'], 'stroke-width': 1})}/>"  # noqa: E501
        )
    if layout.period:
        for x in layout.period:
            out.append(
                f"<line{_attrs({'x1': x, 'x2': x, 'y1': top, 'y2': bottom, 'stroke': c['period_edge'], 'stroke-width': 1.5})}/>"  # noqa: E501
            )
    out.append(
        f"<line{_attrs({'x1': layout.plot_x0, 'x2': layout.plot_x1, 'y1': top, 'y2': top, 'stroke': c['muted'], 'stroke-width': 1})}/>"  # noqa: E501
    )
    for tick in layout.ticks:
        if tick.label:
            out.append(_svg_text(tick.label))
    if layout.band:
        band_top, band_h, _ = layout.band
        out.append(
            f"<line{_attrs({'x1': 0, 'x2': layout.plot_x1, 'y1': band_top + band_h, 'y2': band_top + band_h, 'stroke': c['rule']})}/>"  # noqa: E501
        )
    for lane in layout.lanes:
        out.append(
            f"<line{_attrs({'x1': 0, 'x2': layout.plot_x1, 'y1': lane.y + lane.height, 'y2': lane.y + lane.height, 'stroke': c['grid']})}/>"  # noqa: E501
        )
    for span in layout.spans:
        out.append(
            f"<rect{_attrs({'x': span.x0, 'y': span.y, 'width': span.x1 - span.x0, 'height': span.height, 'fill': c['span']})}/>"  # noqa: E501
        )
    out.append("</g>")

    if layout.band:
        out.append(_svg_text(layout.band[2]))
    out.append('<g class="timeline__lanes">')
    for lane in layout.lanes:
        out.append(_svg_text(lane.label, **{"class": "timeline__lane"}))
    out.append("</g>")

    out.append('<g class="timeline__dots">')
    for dot in layout.dots:
        fill = c["dot"] if dot.in_period else c["paper"]
        attrs = {
            "cx": dot.x, "cy": dot.y, "r": DOT_R, "fill": fill, "stroke": c["dot"],
            "stroke-width": 2 if not dot.in_period else 1,
            "class": "timeline__dot" + ("" if dot.in_period else " timeline__dot--outside"),
        }  # fmt: skip
        out.append(f"<circle{_attrs(attrs)}><title>{_esc(dot.tooltip)}</title></circle>")
    out.append("</g>")

    out.append('<g class="timeline__kpes">')
    for bar in layout.bars:
        link = href(bar) if href else None
        tag = "a" if link else "g"
        attrs = {"href": link, "class": "timeline__kpe", "aria-label": bar.name}
        out.append(f"<{tag}{_attrs(attrs)}><title>{_esc(bar.tooltip)}</title>")
        if bar.single_day:
            cx, cy, r = (bar.x0 + bar.x1) / 2, bar.middle, DIAMOND
            points = f"{_num(cx)},{_num(cy - r)} {_num(cx + r)},{_num(cy)} {_num(cx)},{_num(cy + r)} {_num(cx - r)},{_num(cy)}"  # noqa: E501
            shape = f"<polygon{_attrs({'points': points, 'fill': c['kpe'], 'class': 'timeline__bar'})}/>"  # noqa: E501
        else:
            shape = f"<rect{_attrs({'x': bar.x0, 'y': bar.y, 'width': bar.x1 - bar.x0, 'height': bar.height, 'rx': 3, 'fill': c['kpe'], 'class': 'timeline__bar'})}/>"  # noqa: E501
        out.append(shape)
        out.append(_svg_text(bar.label, **{"class": "timeline__kpe-label"}))
        out.append(f"</{tag}>")
    out.append("</g>")

    out.append('<g class="timeline__legend">')
    for item in layout.legend:
        out.append(_svg_legend_symbol(item))
        out.append(_svg_text(item.label))
    for note in layout.notes:
        out.append(_svg_text(note))
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _svg_legend_symbol(item: LegendItem) -> str:
    c, x, y = COLOURS, item.x, item.y
    if item.kind in ("dot", "outside"):
        fill = c["dot"] if item.kind == "dot" else c["paper"]
        width = 1 if item.kind == "dot" else 2
        return f"<circle{_attrs({'cx': x, 'cy': y, 'r': DOT_R, 'fill': fill, 'stroke': c['dot'], 'stroke-width': width, 'aria-hidden': 'true'})}/>"  # noqa: E501
    colour, height = {"kpe": (c["kpe"], BAR_HEIGHT - 6), "span": (c["span"], 14)}.get(
        item.kind, (c["period"], 14)
    )
    stroke = c["period_edge"] if item.kind == "period" else None
    return f"<rect{_attrs({'x': x - 8, 'y': y - height / 2, 'width': 16, 'height': height, 'rx': 2, 'fill': colour, 'stroke': stroke, 'aria-hidden': 'true'})}/>"  # noqa: E501


# --------------------------------------------------------------------------- PNG

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SUPERSAMPLE = 2


@lru_cache(maxsize=64)
def _font(size_px: int, bold: bool):
    from PIL import ImageFont

    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size_px)
    return ImageFont.load_default(size=size_px)


def render_png(layout: Layout, width_px: int = PNG_WIDTH_PX) -> bytes:
    """The layout drawn with Pillow, `width_px` across (supersampled, then scaled down); a
    layout drawn lately is not drawn again (a report exported twice shows the same figure)."""
    return _drawn(_Drawing(layout, width_px))


class _Drawing:
    """A layout to draw, equal to another with the same contents (its repr names them all)."""

    def __init__(self, layout: Layout, width_px: int):
        self.layout, self.width_px = layout, width_px
        self.key = (repr(layout), width_px)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Drawing) and self.key == other.key


@lru_cache(maxsize=8)
def _drawn(drawing: _Drawing) -> bytes:
    return _draw_png(drawing.layout, drawing.width_px)


def _draw_png(layout: Layout, width_px: int) -> bytes:
    from PIL import Image, ImageDraw

    scale = width_px / layout.width
    s = scale * SUPERSAMPLE
    final_size = (width_px, round(layout.height * scale))
    size = (final_size[0] * SUPERSAMPLE, final_size[1] * SUPERSAMPLE)
    image = Image.new("RGB", size, COLOURS["paper"])
    draw = ImageDraw.Draw(image)
    painter = _Painter(draw, s)
    c = COLOURS
    if layout.empty:
        for note in layout.notes:
            painter.text(note)
    else:
        top, bottom = layout.plot_top, layout.plot_bottom
        if layout.period:
            painter.rect(layout.period[0], top, layout.period[1], bottom, c["period"])
        for tick in layout.ticks:
            if tick.kind == "month-label":
                continue
            year = tick.kind == "year" or tick.when == layout.start
            y0 = 4 if year else MONTH_BASELINE - 10
            painter.line(tick.x, y0, tick.x, bottom, c["rule"] if year else c["grid"])
        if layout.period:
            for x in layout.period:
                painter.line(x, top, x, bottom, c["period_edge"], 1.5)
        painter.line(layout.plot_x0, top, layout.plot_x1, top, c["muted"])
        for tick in layout.ticks:
            if tick.label:
                painter.text(tick.label)
        if layout.band:
            band_top, band_h, band_label = layout.band
            y = band_top + band_h
            painter.line(0, y, layout.plot_x1, y, c["rule"])
        for lane in layout.lanes:
            y = lane.y + lane.height
            painter.line(0, y, layout.plot_x1, y, c["grid"])
        for span in layout.spans:
            painter.rect(span.x0, span.y, span.x1, span.y + span.height, c["span"])
        if layout.band:
            painter.text(layout.band[2])
        for lane in layout.lanes:
            painter.text(lane.label)
        for dot in layout.dots:
            fill = c["dot"] if dot.in_period else c["paper"]
            painter.circle(dot.x, dot.y, DOT_R, fill, c["dot"], 1 if dot.in_period else 2)
        for bar in layout.bars:
            if bar.single_day:
                cx, cy, r = (bar.x0 + bar.x1) / 2, bar.middle, DIAMOND
                painter.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], c["kpe"])
            else:
                painter.rect(bar.x0, bar.y, bar.x1, bar.y + bar.height, c["kpe"], radius=3)
            painter.text(bar.label)
        for item in layout.legend:
            x, y = item.x, item.y
            if item.kind in ("dot", "outside"):
                fill = c["dot"] if item.kind == "dot" else c["paper"]
                painter.circle(x, y, DOT_R, fill, c["dot"], 1 if item.kind == "dot" else 2)
            else:
                colour, height = {"kpe": (c["kpe"], BAR_HEIGHT - 6), "span": (c["span"], 14)}.get(
                    item.kind, (c["period"], 14)
                )
                edge = c["period_edge"] if item.kind == "period" else None
                painter.rect(x - 8, y - height / 2, x + 8, y + height / 2, colour, 2, edge)
            painter.text(item.label)
        for note in layout.notes:
            painter.text(note)
    final = image.reduce(SUPERSAMPLE)  # averages each 2×2 block: smooth edges, quickly
    buffer = BytesIO()
    dpi = round(width_px / (16 / 2.54))  # 16 cm across, the report's text width
    final.save(buffer, "PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


class _Painter:
    """Draws layout primitives at scale `s`."""

    ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}

    def __init__(self, draw, s: float) -> None:
        self.draw, self.s = draw, s

    def _p(self, *values: float) -> list[float]:
        return [v * self.s for v in values]

    def line(self, x0, y0, x1, y1, colour, width: float = 1) -> None:
        self.draw.line(self._p(x0, y0, x1, y1), fill=colour, width=max(1, round(width * self.s)))

    def rect(self, x0, y0, x1, y1, colour, radius: float = 0, outline=None) -> None:
        box = self._p(x0, y0, x1, y1)
        self.draw.rounded_rectangle(
            box, radius=radius * self.s, fill=colour, outline=outline,
            width=round(self.s) if outline else 0,
        )  # fmt: skip

    def circle(self, x, y, r, fill, outline, width: float) -> None:
        self.draw.ellipse(
            self._p(x - r, y - r, x + r, y + r), fill=fill, outline=outline,
            width=max(1, round(width * self.s)),
        )  # fmt: skip

    def polygon(self, points, fill) -> None:
        self.draw.polygon([tuple(self._p(x, y)) for x, y in points], fill=fill)

    def text(self, label: Label) -> None:
        font = _font(max(6, round(label.size * self.s)), label.bold)
        text = label.text
        if label.max_width is not None:
            limit = label.max_width * self.s
            full = label.full or label.text
            if font.getlength(full) <= limit:
                text = full
            else:
                while text and font.getlength(text + "…") > limit:
                    text = text[:-1].rstrip("…")
                text = text.rstrip() + "…"
        x, anchor = label.x * self.s, self.ANCHORS[label.anchor]
        # The layout estimates text widths; the font's own measure keeps every label inside.
        y = label.y * self.s
        left, _, right, _ = self.draw.textbbox((x, y), text, font=font, anchor=anchor)
        x -= max(0, right - (self.draw.im.size[0] - 2 * self.s)) - max(0, 2 * self.s - left)
        self.draw.text((x, y), text, font=font, fill=label.fill, anchor=anchor)
