"""The child's journey: a review's chronology and key practice episodes on one timeline.

`build_layout(review)` is a pure function of the review's dates and texts (it reads
`period_start`, `period_end`, `chronology` and `episodes`, nothing else, so tests can pass plain
objects). It returns a `Layout` in abstract units (about one CSS pixel each): lanes, dots, bars,
ticks and legend, with every position and every label already decided. Two renderers draw that
same layout: `render_svg` for the web page (KPE bars are links) and `render_png` (Pillow) for
the Word report, at print resolution.

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

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import markdown as md
import nh3

from .rendering import format_date, format_period

#: logical width of the web figure (the SVG's viewBox)
WEB_WIDTH = 1000
#: logical width of the printed figure: narrower, so that the same text sizes print at about
#: 7–8 pt when the image is 16 cm wide in the Word report
PRINT_WIDTH = 800
#: pixels across of the PNG (16 cm at about 285 dpi)
PNG_WIDTH_PX = 1800

NOT_RECORDED = "Agency not recorded"
BAND_LABEL = "Key practice episodes"

# Geometry, in layout units.
PAD = 8
LABEL_COLUMN = 200  # lane labels live left of this
RIGHT_PAD = 18
YEAR_BASELINE = 18
MONTH_BASELINE = 37
AXIS_BOTTOM = 46
BAND_ROW = 26
BAR_HEIGHT = 18
LANE_ROW = 22
LANE_PAD = 5
DOT_R = 5.5
DIAMOND = 7.5
MIN_BAR = 6

# Text sizes, in layout units.
LANE_SIZE = 14
YEAR_SIZE = 13.5
MONTH_SIZE = 12
KPE_SIZE = 12.5
LEGEND_SIZE = 13

COLOURS = {
    "ink": "#1d2428",
    "muted": "#505a5f",
    "rule": "#b1b4b6",
    "grid": "#e1e3e4",
    "period": "#eaf1f7",
    "period_edge": "#7a9bb3",
    "dot": "#1d4f6e",
    "paper": "#ffffff",
    "kpe": "#4c2c92",
    "kpe_text": "#3b2174",
    "span": "#ddd3ef",
}

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


# --------------------------------------------------------------------------- the layout


@dataclass(frozen=True)
class Label:
    """A line of text at a baseline; `full` is the untruncated text when it was shortened."""

    x: float
    y: float
    text: str
    size: float
    anchor: str = "start"  # start | middle | end, as in SVG
    bold: bool = False
    fill: str = COLOURS["ink"]
    full: str = ""
    max_width: float | None = None


@dataclass(frozen=True)
class Lane:
    key: str
    name: str
    y: float
    height: float
    label: Label

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Dot:
    entry_id: int | None
    when: date
    agency: str
    lane: str
    x: float
    y: float
    in_period: bool
    summary: str
    tooltip: str


@dataclass(frozen=True)
class Bar:
    episode_id: int | None
    number: int
    title: str
    date_from: date
    date_to: date
    agencies: tuple[str, ...]  # lane keys
    x0: float
    x1: float
    y: float  # top
    height: float
    row: int
    single_day: bool
    label: Label
    label_inside: bool
    tooltip: str

    @property
    def name(self) -> str:
        return f"KPE {self.number}: {self.title}"

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Span:
    """An agency's part in a KPE: a faint band over the KPE's dates in the agency's lane."""

    number: int
    lane: str
    x0: float
    x1: float
    y: float
    height: float


@dataclass(frozen=True)
class Tick:
    when: date
    x: float
    kind: str  # year | month
    label: Label | None


@dataclass(frozen=True)
class LegendItem:
    kind: str  # dot | outside | kpe | span | period
    x: float
    y: float  # centre line of the symbol
    label: Label


@dataclass(frozen=True)
class Undated:
    episode_id: int | None
    number: int
    title: str

    @property
    def name(self) -> str:
        return f"KPE {self.number}: {self.title}"


@dataclass
class Layout:
    width: float
    height: float
    title: str
    description: str
    empty: bool = False
    start: date | None = None
    end: date | None = None
    plot_x0: float = LABEL_COLUMN + 12
    plot_x1: float = 0
    plot_top: float = AXIS_BOTTOM
    plot_bottom: float = AXIS_BOTTOM
    period: tuple[float, float] | None = None
    band: tuple[float, float, Label] | None = None  # top, height, label
    lanes: list[Lane] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    notes: list[Label] = field(default_factory=list)
    undated: list[Undated] = field(default_factory=list)
    entries: int = 0
    outside: int = 0  # entries outside the period under review

    def drawn_texts(self) -> list[str]:
        """Every string the figure shows or carries (labels, tooltips, title, description):
        what the identifier guard must scan before the figure is published."""
        labels = [self.band[2]] if self.band else []
        labels += [lane.label for lane in self.lanes] + [b.label for b in self.bars]
        labels += [t.label for t in self.ticks if t.label] + [i.label for i in self.legend]
        labels += self.notes
        texts = [self.title, self.description]
        for label in labels:
            texts += [label.text, label.full]
        texts += [lane.name for lane in self.lanes]
        texts += [d.tooltip for d in self.dots] + [d.summary for d in self.dots]
        texts += [b.tooltip for b in self.bars] + [u.name for u in self.undated]
        return [t for t in texts if t and t.strip()]

    def x(self, when: date) -> float:
        """Where a day starts on the horizontal axis."""
        assert self.start is not None and self.end is not None
        days = (self.end - self.start).days
        return self.plot_x0 + (when - self.start).days / days * (self.plot_x1 - self.plot_x0)

    def x_mid(self, when: date) -> float:
        """The middle of a day: where a dot for that day goes."""
        return (self.x(when) + self.x(when + timedelta(days=1))) / 2


def build_layout(review, *, width: float = WEB_WIDTH, publication: bool = False) -> Layout:
    """The timeline of a review, laid out `width` units across. Pure: no database, no Flask.

    With `publication`, the figure carries nothing of the chronology but dates and lanes: a
    dot's tooltip says when and which agency, never what happened (the chronology is working
    material that is never published)."""
    entries = [e for e in review.chronology if e.occurred_on is not None]
    dated, undated = [], []
    for k in review.episodes:
        span = _episode_dates(k)
        (dated if span else undated).append((k, span))
    undated_items = [Undated(getattr(k, "id", None), k.number, clean(k.title)) for k, _ in undated]
    period_start, period_end = _period(review)
    title = "Timeline of the chronology and the key practice episodes"
    if not entries and not dated:
        return _empty_layout(width, title, undated_items)

    lanes_by_key = _Lanes()
    for e in entries:  # an entry's agency is one agency, whatever its punctuation
        lanes_by_key.see(e.agency, e.occurred_on)
    for k, (first, _last) in dated:
        for name in split_agencies(k.agencies):
            lanes_by_key.see(name, first)

    days = [e.occurred_on for e in entries] + [d for _, span in dated for d in span]
    days += [d for d in (period_start, period_end) if d]
    start = date(min(days).year, min(days).month, 1)
    end = _next_month(max(days))
    layout = Layout(
        width=width, height=0, title=title, description="", start=start, end=end,
        plot_x1=width - RIGHT_PAD,
    )  # fmt: skip

    def in_period(day: date) -> bool:
        return (period_start is None or day >= period_start) and (
            period_end is None or day <= period_end
        )

    # The KPE band, packed into rows.
    top = AXIS_BOTTOM + 8
    layout.bars = _pack_bars(layout, dated, top)
    band_rows = max((b.row for b in layout.bars), default=-1) + 1
    if band_rows:
        band_height = band_rows * BAND_ROW + 6
        label = Label(PAD, top + BAND_ROW / 2 + 3 + 4.5, BAND_LABEL, LANE_SIZE, bold=True)
        layout.band = (top, band_height, label)
        top += band_height + 6

    # Lanes, each as tall as its dots need.
    dots_by_lane: dict[str, list[tuple[float, object, str]]] = {}
    for e in entries:
        dots_by_lane.setdefault(agency_key(e.agency), []).append(
            (layout.x_mid(e.occurred_on), e, e.agency)
        )
    for key in lanes_by_key.ordered():
        placed = _stack(sorted(dots_by_lane.get(key, []), key=lambda item: item[0]))
        rows = max((row for row, _ in placed), default=0) + 1
        height = rows * LANE_ROW + 2 * LANE_PAD
        name = lanes_by_key.names[key]
        text, full = truncate(name, LABEL_COLUMN - 2 * PAD, LANE_SIZE)
        label_y = top + min(height, LANE_ROW + 2 * LANE_PAD) / 2 + LANE_SIZE * 0.36
        lane = Lane(
            key, name, top, height,
            Label(PAD, label_y, text, LANE_SIZE, full=full, max_width=LABEL_COLUMN - 2 * PAD),
        )  # fmt: skip
        layout.lanes.append(lane)
        for row, (x, e, agency) in placed:
            summary = "" if publication else summarise(e.event)
            inside = in_period(e.occurred_on)
            tip = f"{format_date(e.occurred_on)} · {clean(agency) or NOT_RECORDED}"
            tip += f": {summary}" if summary else ""
            if not inside:
                tip += " (outside the period under review)"
            y = top + LANE_PAD + row * LANE_ROW + LANE_ROW / 2
            dot = Dot(getattr(e, "id", None), e.occurred_on, clean(agency), key, x, y, inside,
                      summary, tip)  # fmt: skip
            layout.dots.append(dot)
        top += height
    lane_of = {lane.key: lane for lane in layout.lanes}
    for bar in layout.bars:
        for key in bar.agencies:
            lane = lane_of[key]
            layout.spans.append(
                Span(bar.number, key, bar.x0, bar.x1, lane.y + 2, lane.height - 4)
            )  # fmt: skip
    layout.dots.sort(key=lambda d: (d.when, d.y))
    layout.plot_bottom = top
    layout.entries = len(entries)
    layout.outside = sum(1 for e in entries if not in_period(e.occurred_on))

    if period_start or period_end:
        x0 = layout.x(period_start) if period_start else layout.plot_x0
        x1 = layout.x(period_end + timedelta(days=1)) if period_end else layout.plot_x1
        layout.period = (x0, x1)
    layout.ticks = _ticks(layout)

    # Legend and notes under the plot.
    y = top + 22
    items = [("dot", "Chronology entry")]
    if any(not d.in_period for d in layout.dots):
        items.append(("outside", "Entry outside the period under review"))
    if layout.bars:
        items += [("kpe", "Key practice episode"), ("span", "Agency involved in the episode")]
    if layout.period:
        items.append(("period", "Period under review"))
    layout.legend, y = _legend(items, y, width)
    notes = []
    if not (period_start or period_end):
        notes.append("The period under review is not set.")
    if undated_items:
        names = "; ".join(u.name for u in undated_items)
        notes.append(f"Undated, not shown: {names}")
    y += LEGEND_SIZE * 0.5
    for note in notes:
        for line in wrap(note, width - 2 * PAD, LEGEND_SIZE):
            y += LEGEND_SIZE * 1.5
            layout.notes.append(Label(PAD, y, line, LEGEND_SIZE, fill=COLOURS["muted"]))
    layout.height = round(y + 12)
    layout.undated = undated_items
    layout.description = describe(review, layout)
    return layout


def _empty_layout(width: float, title: str, undated: list[Undated]) -> Layout:
    message = "Nothing to show yet: the chronology is empty and no key practice episode is dated."
    layout = Layout(width=width, height=0, title=title, description=message, empty=True)
    y = 30.0
    lines = [message]
    if undated:
        lines.append(f"Undated: {'; '.join(u.name for u in undated)}")
    for text in lines:
        for line in wrap(text, width - 2 * PAD, LEGEND_SIZE + 2):
            layout.notes.append(Label(PAD, y, line, LEGEND_SIZE + 2, fill=COLOURS["muted"]))
            y += (LEGEND_SIZE + 2) * 1.5
    layout.undated = undated
    layout.height = round(y + 6)
    return layout


def describe(review, layout: Layout) -> str:
    """One sentence that says what the figure shows: its accessible description."""
    lanes = len(layout.lanes)
    when = format_period(review.period_start, review.period_end)
    parts = [
        f"{_plural(layout.entries, 'chronology entry', 'chronology entries')} across "
        f"{_plural(lanes, 'agency', 'agencies')}",
        _plural(len(layout.bars), "dated key practice episode"),
    ]
    outside = layout.outside
    text = f"Period under review: {when}. The timeline shows {' and '.join(parts)}."
    if outside:
        text += f" {_plural(outside, 'entry', 'entries')} outside the period under review."
    if layout.undated:
        text += f" {_plural(len(layout.undated), 'key practice episode')} undated."
    return text


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _period(review) -> tuple[date | None, date | None]:
    start, end = review.period_start, review.period_end
    return (end, start) if start and end and start > end else (start, end)


def _episode_dates(k) -> tuple[date, date] | None:
    first, last = k.date_from, k.date_to
    if first is None and last is None:
        return None
    first, last = first or last, last or first
    return (first, last) if first <= last else (last, first)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


class _Lanes:
    """Agencies as they are seen, by key; each remembers its first name and first date."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.first: dict[str, tuple[date, int]] = {}

    def see(self, name: str, day: date) -> None:
        key = agency_key(name)
        if key not in self.names:
            self.names[key] = lane_name(name)
            self.first[key] = (day, len(self.first))
        elif day < self.first[key][0]:
            self.first[key] = (day, self.first[key][1])

    def ordered(self) -> list[str]:
        return sorted(self.first, key=lambda k: (k == "", self.first[k]))


def _pack_bars(layout: Layout, dated, top: float) -> list[Bar]:
    """Bars in date order, each in the first row where it (and its label) fits."""
    row_ends: list[float] = []
    bars = []
    for k, (first, last) in sorted(dated, key=lambda item: (item[1][0], item[0].number)):
        single = first == last
        label_text = f"KPE {k.number}"
        label_w = text_width(label_text, KPE_SIZE, bold=True)
        if single:
            mid = layout.x_mid(first)
            x0, x1 = mid - DIAMOND, mid + DIAMOND
        else:
            x0, x1 = layout.x(first), layout.x(last + timedelta(days=1))
            if x1 - x0 < MIN_BAR:
                mid = (x0 + x1) / 2
                x0, x1 = mid - MIN_BAR / 2, mid + MIN_BAR / 2
        inside = not single and x1 - x0 >= label_w + 10
        if inside:
            extent, label_x, anchor = x1, (x0 + x1) / 2, "middle"
        else:
            label_x, anchor = x1 + 4, "start"
            extent = label_x + label_w
            if extent > layout.width - 2:  # no room on the right: put the label on the left
                label_x, anchor = x0 - 4, "end"
                extent = x1
        left = x0 if anchor != "end" else x0 - 4 - label_w
        row = next((i for i, end in enumerate(row_ends) if end + 6 <= left), len(row_ends))
        if row == len(row_ends):
            row_ends.append(extent)
        else:
            row_ends[row] = extent
        y = top + 3 + row * BAND_ROW + (BAND_ROW - BAR_HEIGHT) / 2
        fill = COLOURS["paper"] if inside else COLOURS["kpe_text"]
        label = Label(label_x, y + BAR_HEIGHT / 2 + KPE_SIZE * 0.36, label_text, KPE_SIZE,
                      anchor=anchor, bold=True, fill=fill)  # fmt: skip
        agencies = tuple(dict.fromkeys(agency_key(a) for a in split_agencies(k.agencies)))
        title = clean(k.title)
        tooltip = f"KPE {k.number}: {title}\n{format_period(first, last if not single else None)}"
        if k.agencies:
            tooltip += f"\n{clean(k.agencies)}"
        bars.append(
            Bar(getattr(k, "id", None), k.number, title, first, last, agencies, x0, x1, y,
                BAR_HEIGHT, row, single, label, inside, tooltip)
        )  # fmt: skip
    return bars


def _stack(items: list) -> list[tuple[int, tuple]]:
    """Dots left to right; one that would touch the previous dot in a row goes a row down."""
    row_ends: list[float] = []
    placed = []
    for item in items:
        x = item[0]
        row = next((i for i, end in enumerate(row_ends) if x - end >= 2 * DOT_R + 2), len(row_ends))
        if row == len(row_ends):
            row_ends.append(x)
        else:
            row_ends[row] = x
        placed.append((row, item))
    return placed


def _ticks(layout: Layout) -> list[Tick]:
    """A tick at every month; years labelled always, months when there is room for them."""
    assert layout.start and layout.end
    months = []
    day = layout.start
    while day <= layout.end:
        months.append(day)
        day = _next_month(day)
    per_month = (layout.plot_x1 - layout.plot_x0) / max(len(months) - 1, 1)
    month_step = next((s for s in (1, 2, 3, 6) if per_month * s >= 30), None)
    year_step = next((s for s in (1, 2, 5, 10, 20, 50) if per_month * 12 * s >= 44), 100)
    ticks = []
    for i, day in enumerate(months):
        x = layout.x(day)
        is_year = day.month == 1 or i == 0
        label = None
        last = i == len(months) - 1
        if is_year and not last and day.year % year_step == 0 or i == 0:
            room = text_width(str(day.year), YEAR_SIZE, bold=True) + 14
            next_year = (day.year // year_step + 1) * year_step  # the next labelled January
            to_next = (next_year - day.year) * 12 - (day.month - 1)
            crowded = i == 0 and day.month != 1 and per_month * to_next < room
            if not crowded:
                # flush right when the label would run off the figure (a January near the end)
                x_label, anchor = x + 4, "start"
                if x + room > layout.width:
                    x_label, anchor = layout.width - 2, "end"
                label = Label(x_label, YEAR_BASELINE, str(day.year), YEAR_SIZE, anchor, True)
        if day.month == 1 or label or per_month >= 4:  # no month lines across decades
            ticks.append(Tick(day, x, "year" if day.month == 1 else "month", label))
        if month_step and not last and (day.month - 1) % month_step == 0:
            mid = x + per_month / 2
            month = Label(mid, MONTH_BASELINE, MONTHS[day.month - 1], MONTH_SIZE, anchor="middle",
                          fill=COLOURS["muted"])  # fmt: skip
            ticks.append(Tick(day, mid, "month-label", month))
    return ticks


def _legend(items, y: float, width: float) -> tuple[list[LegendItem], float]:
    legend = []
    x = PAD
    for kind, text in items:
        w = 22 + text_width(text, LEGEND_SIZE) + 22
        if x + w > width - PAD and x > PAD:
            x, y = PAD, y + LEGEND_SIZE * 1.8
        label = Label(x + 22, y + LEGEND_SIZE * 0.36, text, LEGEND_SIZE)
        legend.append(LegendItem(kind, x + 8, y, label))
        x += w
    return legend, y


# --------------------------------------------------------------------------- text helpers

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_BLOCK_END = re.compile(r"</(p|li|h\d|blockquote|tr|td|th|pre)>|<br\s*/?>", re.IGNORECASE)
_BRACKETS = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]\s*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def clean(text: str | None) -> str:
    """Text that is safe to put in XML once escaped: no control characters, spaces collapsed."""
    return " ".join(_CONTROL.sub("", text or "").split())


def split_agencies(text: str | None) -> list[str]:
    """A KPE's agencies: "Police; Children's social care (MASH); GP" → three names.

    Semicolons and new lines separate; commas too, unless the text uses semicolons (then a
    comma belongs to a name: "Health visiting, 0-19 service; GP"). Never inside brackets.
    """
    text = _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    separators = "\n;" if ";" in text else "\n;,"
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [name for name in (clean(p).strip(" .,;") for p in parts) if name]


def lane_name(name: str) -> str:
    """The agency an entry belongs to: its name without a bracketed team or unit."""
    name = clean(name)
    if not name:
        return NOT_RECORDED
    base = re.sub(r"\s+([,;:.])", r"\1", clean(_BRACKETS.sub(" ", name))) or name
    return base[0].upper() + base[1:]


def agency_key(name: str) -> str:
    """How agency names are matched: case, spaces and apostrophes do not matter."""
    name = clean(name)
    if not name:
        return ""
    return lane_name(name).translate(_APOSTROPHES).casefold()


def summarise(text: str | None, limit: int = 160) -> str:
    """A Markdown field as one line of plain text, shortened at a word to about `limit`."""
    rendered = md.markdown(text or "", output_format="html")
    plain = nh3.clean(_BLOCK_END.sub(" ", rendered), tags=set())
    plain = clean(html.unescape(plain))
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return cut + "…"


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of how wide text is (DejaVu Sans-like metrics); used only to fit labels."""
    width = 0.0
    for char in text:
        if char in "iljtfr.,;:'!|()[] ":
            width += 0.34
        elif char in "mwMWOQGD@%—":
            width += 0.86
        elif char.isupper() or char.isdigit():
            width += 0.68
        else:
            width += 0.58
    return width * size * (1.07 if bold else 1.0)


def truncate(text: str, width: float, size: float, bold: bool = False) -> tuple[str, str]:
    """(text that fits `width`, the full text if it had to be shortened, else "")."""
    if text_width(text, size, bold) <= width:
        return text, ""
    cut = text
    while cut and text_width(cut + "…", size, bold) > width:
        cut = cut[:-1]
    return cut.rstrip() + "…", text


def wrap(text: str, width: float, size: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and text_width(trial, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


# --------------------------------------------------------------------------- the events table


@dataclass(frozen=True)
class Event:
    """One row of the table beside the timeline: an entry or a KPE, in date order."""

    when: date | None
    kind: str  # entry | kpe
    agency: str
    text: str  # Markdown for entries, the title for KPEs
    in_period: bool = True
    date_to: date | None = None
    record: object = None


def events(review) -> list[Event]:
    """Everything the timeline draws, as rows: dated items in date order, undated KPEs last."""
    period_start, period_end = _period(review)

    def overlaps(first: date, last: date) -> bool:
        return (period_start is None or last >= period_start) and (
            period_end is None or first <= period_end
        )

    rows = []
    for e in review.chronology:
        if e.occurred_on is not None:
            inside = overlaps(e.occurred_on, e.occurred_on)
            rows.append(Event(e.occurred_on, "entry", e.agency or "", e.event, inside, None, e))
    undated = []
    for k in review.episodes:
        span = _episode_dates(k)
        if span is None:
            undated.append(Event(None, "kpe", k.agencies or "", k.title, True, None, k))
            continue
        first, last = span
        inside = overlaps(first, last)
        to = last if last != first else None
        rows.append(Event(first, "kpe", k.agencies or "", k.title, inside, to, k))
    rows.sort(key=lambda r: (r.when, r.kind == "entry"))  # a KPE before the entries it opens
    return rows + undated


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
    return html.escape(_CONTROL.sub("", text), quote=True)


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
    """The layout drawn with Pillow, `width_px` across (supersampled, then scaled down)."""
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


# --------------------------------------------------------------------------- for callers


def timeline_svg(review, href: Callable[[Bar], str] | None = None) -> str:
    return render_svg(build_layout(review, width=WEB_WIDTH), href)


def timeline_png(review, *, width_px: int = PNG_WIDTH_PX, width: float = PRINT_WIDTH) -> bytes:
    """The timeline as a PNG for print: e.g. a figure in the Word report, 16 cm wide."""
    return render_png(build_layout(review, width=width), width_px)


def print_layout(review) -> Layout:
    """The published figure's layout (the report's picture): dates and lanes, no chronology text."""
    return build_layout(review, width=PRINT_WIDTH, publication=True)
