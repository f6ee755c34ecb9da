"""The report's appraisal of practice: the synopsis, the child's journey and each KPE."""

from ..factors import factors_by_level
from ..models import Review
from ..rendering import format_period
from ..timeline import print_layout, render_png, render_svg
from . import sources, wording
from .document import Block, Figure, Heading, Items, Line, Prose, Table, Text
from .report_method import written

FIGURE_CAPTION = (
    "The {subject}'s journey: the chronology and the key practice episodes over the period "
    "under review, one lane per agency"
)


def subject_word(review: Review) -> str:
    """ "adult" for a Safeguarding Adults Review or a Safeguarding Adults Board, else "child"."""
    adults = (review.review_type is not None and review.review_type.key == "sar") or (
        review.board.kind is not None and review.board.kind.key == "sab"
    )
    return "adult" if adults else "child"


def appraisal(review: Review, draft: bool) -> list[Block]:
    section = "Appraisal of practice"
    blocks: list[Block] = [Heading(section), Heading("Synopsis of the case", level=2)]
    summary = sources.review_field(review, section, "The case in brief", "summary")
    episodes = review.episodes
    if summary:
        blocks.append(Prose(summary))
    else:
        pseudonym = sources.review_field(review, section, "Pseudonym", "subject_pseudonym",
                                         line=True)  # fmt: skip
        blocks.append(Line(
            f"Between {format_period(review.period_start, review.period_end)}, the agencies "
            "worked with the family of ", pseudonym, ". The review identified "
            f"{wording.count(len(episodes), 'key practice episode')}."
        ))  # fmt: skip
    layout = print_layout(review)  # published data only: lanes and dates, no chronology text
    if not layout.empty:
        drawn = sources.timeline(review)  # where every label drawn into the figure comes from
        blocks.append(Figure(
            png=lambda: render_png(layout),
            svg=lambda: render_svg(layout, element_id="figure-timeline"),
            caption=FIGURE_CAPTION.format(subject=subject_word(review)),
            alt=layout.description,
            labels=tuple(Text.static(t, drawn) for t in layout.drawn_texts()),
        ))  # fmt: skip
    if not episodes:
        return blocks
    titles = {k.id: sources.episode(k, "title", "Title", line=True) for k in episodes}
    agencies = {k.id: sources.episode(k, "agencies", "Agencies", line=True) for k in episodes}
    blocks.append(Heading("Key practice episodes", level=2))
    blocks.append(Line(
        "Key practice episodes are the moments judged significant to understanding how the case "
        "developed: good practice as well as problematic. Each is described, appraised with "
        "hindsight, and explained as it looked at the time.", keep=True,
    ))  # fmt: skip
    rows = [
        (str(k.number), titles[k.id], wording.when(k.date_from, k.date_to), agencies[k.id])
        for k in episodes
    ]
    blocks.append(Table(["No.", "Episode", "When", "Agencies"], rows))
    for k in episodes:
        blocks.append(Heading(f"KPE {k.number}: ", titles[k.id], level=2))
        blocks.append(Line("When: ", wording.when(k.date_from, k.date_to), bold=[0], keep=True))
        if agencies[k.id]:
            blocks.append(Line("Agencies: ", agencies[k.id], bold=[0], keep=True))
        for anchor, heading in wording.EPISODE_HEADINGS:
            blocks += written(heading, sources.episode(k, anchor, heading), draft, level=3)
        blocks += _factors(k)
    return blocks


def _factors(kpe) -> list[Block]:
    if not kpe.factors:
        return []
    blocks: list[Block] = [Heading(wording.FACTORS_HEADING, level=3)]
    for level, factors in factors_by_level(kpe):
        blocks.append(Heading(level.label, level=4))
        leads = [
            f"{f.effect_label}" + (f" ({f.subfactor.label})" if f.subfactor else "") + ":"
            for f in factors
        ]
        blocks.append(Items([sources.factor(f, kpe) for f in factors], leads=leads))
    return blocks
