"""The review's dated records as rows: the table beside the timeline, and the dates the
layout reads (the period under review, a KPE's first and last day)."""

from dataclasses import dataclass
from datetime import date


def period(review) -> tuple[date | None, date | None]:
    start, end = review.period_start, review.period_end
    return (end, start) if start and end and start > end else (start, end)


def episode_dates(k) -> tuple[date, date] | None:
    first, last = k.date_from, k.date_to
    if first is None and last is None:
        return None
    first, last = first or last, last or first
    return (first, last) if first <= last else (last, first)


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
    period_start, period_end = period(review)

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
        span = episode_dates(k)
        if span is None:
            undated.append(Event(None, "kpe", k.agencies or "", k.title, True, None, k))
            continue
        first, last = span
        inside = overlaps(first, last)
        to = last if last != first else None
        rows.append(Event(first, "kpe", k.agencies or "", k.title, inside, to, k))
    rows.sort(key=lambda r: (r.when, r.kind == "entry"))  # a KPE before the entries it opens
    return rows + undated
