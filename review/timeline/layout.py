"""Where everything on the timeline goes: lanes, dots, bars, ticks and legend, decided once
for both drawings (see the package's docstring for how it reads)."""

from dataclasses import dataclass
from datetime import date, timedelta

from ..rendering import format_date, format_period
from .model import (
    AXIS_BOTTOM,
    BAND_LABEL,
    BAND_ROW,
    BAR_HEIGHT,
    COLOURS,
    DIAMOND,
    DOT_R,
    KPE_SIZE,
    LABEL_COLUMN,
    LANE_PAD,
    LANE_ROW,
    LANE_SIZE,
    LEGEND_SIZE,
    MIN_BAR,
    MONTH_BASELINE,
    MONTH_SIZE,
    MONTHS,
    NOT_RECORDED,
    PAD,
    RIGHT_PAD,
    WEB_WIDTH,
    YEAR_BASELINE,
    YEAR_SIZE,
    Bar,
    Dot,
    Label,
    Lane,
    Layout,
    LegendItem,
    Span,
    Tick,
    Undated,
)
from .text import (
    agency_key,
    clean,
    lane_name,
    split_agencies,
    summarise,
    text_width,
    truncate,
    wrap,
)


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
