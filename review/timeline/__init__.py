"""The child's journey: a review's chronology and key practice episodes on one timeline.

`build_layout(review)` is a pure function of the review's dates and texts (it reads
`period_start`, `period_end`, `chronology` and `episodes`, nothing else, so tests can pass plain
objects). It returns a `Layout` in abstract units (about one CSS pixel each): lanes, dots, bars,
ticks and legend, with every position and every label already decided. Two renderers draw that
same layout: `render_svg` for the web page (KPE bars are links) and `render_png` (Pillow) for
the Word report, at print resolution.

The package: `model` (sizes, colours and the layout's shapes), `layout` (where everything goes),
`placement` (packing bars, dots, ticks and legend without overlap), `events` (the dated rows),
`text` (names, summaries, label widths) and `drawing` (SVG and PNG); this module names what
callers use.

How it reads:

- **One lane per agency.** Agencies come from each chronology entry's `agency` (one agency
  per entry) and from each KPE's free-text `agencies`, split on `;` and new lines, and on `,`
  too when the text has no `;` (never inside brackets). A
  bracketed qualifier names a team, not another agency: "Children's social care (MASH)" sits
  in the lane "Children's social care"; the tooltip keeps the full text. Names are matched
  without regard to case, spacing or the kind of apostrophe. Lanes run in the order the
  agencies first appear in the case; entries with no agency go to a last lane, "Agency not
  recorded". Long names are shortened with "…" (the full name is the label's tooltip).
- **KPEs sit in their own band across the top**, "Key practice episodes", as bars from
  `date_from` to `date_to` (a diamond for a single day), packed into as few rows as will keep
  them and their "KPE n" labels apart. Most KPEs span several agencies, so one bar per KPE
  reads better than a bar repeated in every lane; each involved agency's lane gets a faint
  band over the KPE's dates instead, so the eye can still go from an episode to its agencies.
- **The period under review is shaded**; entries outside it stay on the timeline (the axis
  widens to hold them) as hollow dots, and the table marks them.
- KPEs without dates are not drawn; they are listed under the timeline as undated.
"""

from collections.abc import Callable

from .drawing import render_png, render_svg
from .events import Event, events
from .layout import build_layout, describe
from .model import (
    BAND_LABEL,
    BAND_ROW,
    COLOURS,
    DOT_R,
    LABEL_COLUMN,
    LANE_PAD,
    LANE_ROW,
    NOT_RECORDED,
    PNG_WIDTH_PX,
    PRINT_WIDTH,
    WEB_WIDTH,
    Bar,
    Dot,
    Label,
    Lane,
    Layout,
)
from .text import agency_key, clean, lane_name, split_agencies, summarise, text_width

__all__ = [
    "BAND_LABEL", "BAND_ROW", "COLOURS", "DOT_R", "LABEL_COLUMN", "LANE_PAD", "LANE_ROW",
    "NOT_RECORDED", "PNG_WIDTH_PX", "PRINT_WIDTH", "WEB_WIDTH", "Bar", "Dot", "Event", "Label",
    "Lane", "Layout", "agency_key", "build_layout", "clean", "describe", "events", "lane_name",
    "print_layout", "render_png", "render_svg", "split_agencies", "summarise", "text_width",
    "timeline_png", "timeline_svg",
]  # fmt: skip


# --------------------------------------------------------------------------- for callers


def timeline_svg(review, href: Callable[[Bar], str] | None = None) -> str:
    return render_svg(build_layout(review, width=WEB_WIDTH), href)


def timeline_png(review, *, width_px: int = PNG_WIDTH_PX, width: float = PRINT_WIDTH) -> bytes:
    """The timeline as a PNG for print: e.g. a figure in the Word report, 16 cm wide."""
    return render_png(build_layout(review, width=width), width_px)


def print_layout(review) -> Layout:
    """The published figure's layout (the report's picture): dates and lanes, no chronology text."""
    return build_layout(review, width=PRINT_WIDTH, publication=True)
