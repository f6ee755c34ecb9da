"""Where everything on the timeline goes: lanes, dots, bars, ticks and legend, decided once
for both drawings (see the package's docstring for how it reads)."""

from datetime import date, timedelta

from ..rendering import format_date, format_period
from .events import episode_dates, period
from .model import (
    AXIS_BOTTOM,
    BAND_LABEL,
    BAND_ROW,
    COLOURS,
    LABEL_COLUMN,
    LANE_PAD,
    LANE_ROW,
    LANE_SIZE,
    LEGEND_SIZE,
    NOT_RECORDED,
    PAD,
    RIGHT_PAD,
    WEB_WIDTH,
    Dot,
    Label,
    Lane,
    Layout,
    Span,
    Undated,
)
from .placement import legend, next_month, pack_bars, stack, ticks
from .text import (
    agency_key,
    clean,
    lane_name,
    split_agencies,
    summarise,
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
        span = episode_dates(k)
        (dated if span else undated).append((k, span))
    undated_items = [Undated(getattr(k, "id", None), k.number, clean(k.title)) for k, _ in undated]
    period_start, period_end = period(review)
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
    end = next_month(max(days))
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
    layout.bars = pack_bars(layout, dated, top)
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
        placed = stack(sorted(dots_by_lane.get(key, []), key=lambda item: item[0]))
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
    layout.ticks = ticks(layout)

    # Legend and notes under the plot.
    y = top + 22
    items = [("dot", "Chronology entry")]
    if any(not d.in_period for d in layout.dots):
        items.append(("outside", "Entry outside the period under review"))
    if layout.bars:
        items += [("kpe", "Key practice episode"), ("span", "Agency involved in the episode")]
    if layout.period:
        items.append(("period", "Period under review"))
    layout.legend, y = legend(items, y, width)
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
