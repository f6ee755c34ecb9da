"""Placing the timeline's shapes so that none overlaps: KPE bars packed into rows, dots
stacked in their lane, month and year ticks with labels where there is room, the legend."""

from datetime import date, timedelta

from ..rendering import format_period
from .model import (
    BAND_ROW,
    BAR_HEIGHT,
    COLOURS,
    DIAMOND,
    DOT_R,
    KPE_SIZE,
    LEGEND_SIZE,
    MIN_BAR,
    MONTH_BASELINE,
    MONTH_SIZE,
    MONTHS,
    PAD,
    YEAR_BASELINE,
    YEAR_SIZE,
    Bar,
    Label,
    Layout,
    LegendItem,
    Tick,
)
from .text import agency_key, clean, split_agencies, text_width


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def pack_bars(layout: Layout, dated, top: float) -> list[Bar]:
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


def stack(items: list) -> list[tuple[int, tuple]]:
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


def ticks(layout: Layout) -> list[Tick]:
    """A tick at every month; years labelled always, months when there is room for them."""
    assert layout.start and layout.end
    months = []
    day = layout.start
    while day <= layout.end:
        months.append(day)
        day = next_month(day)
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


def legend(items, y: float, width: float) -> tuple[list[LegendItem], float]:
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
