"""The agencies of a review are its case group's agencies: chosen, never typed twice.

Chronology entries and KPEs pick from them, so "HV" and "Health visiting" cannot become two
lanes of the timeline; an agency is added by adding a case group member from it.
"""

from datetime import date

from .models import Review
from .timeline import agency_key, split_agencies


def case_group_agencies(review: Review, keep: list[str] = ()) -> list[str]:
    """The case group's agencies in case-group order, one spelling each; `keep` adds values a
    record already has (so an older, typed agency is never lost on edit)."""
    names, seen = [], set()
    for name in [m.agency for m in review.case_group] + list(keep):
        key = agency_key(name or "")
        if key and key not in seen:
            seen.add(key)
            names.append(name.strip())
    return names


def split(text: str | None) -> list[str]:
    """A KPE's stored agencies as a list (the timeline's own reading of the text)."""
    return split_agencies(text)


def join(names: list[str]) -> str:
    """A KPE's agencies as stored: separated by semicolons, which the timeline splits on."""
    return "; ".join(n.strip() for n in names if n.strip())


def outside_period(review: Review, day: date | None) -> str | None:
    """A warning when `day` falls outside the period under review (the entry is still kept)."""
    if day is None or review.period_start is None or review.period_end is None:
        return None
    if review.period_start <= day <= review.period_end:
        return None
    return (
        f"{day.day} {day:%B %Y} is outside the period under review "
        f"({review.period_start.day} {review.period_start:%B %Y} to "
        f"{review.period_end.day} {review.period_end:%B %Y}). It is kept; check the date, "
        "or widen the period if the event matters."
    )
