"""The timeline's vocabulary: its sizes and colours, and the shapes a layout is made of."""

from dataclasses import dataclass, field
from datetime import date, timedelta

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
