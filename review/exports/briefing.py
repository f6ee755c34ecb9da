"""The 7-minute briefing: two pages for practitioners, to read alone or use in a team meeting.

The case in brief · what the review found (each finding's statement) · what to do differently ·
questions for team meetings · where to read more. What to do and what to ask come from the
practice prompts in data/briefing.json for the themes (or, failing those, the categories) of
the review's findings, most important findings first; without any, the Board's own questions
are used.
"""

import json
from functools import cache
from importlib import resources

from ..models import Review
from ..rendering import format_date
from . import sources, wording
from .document import Document, Heading, Items, Line, Prose, Text

CASE_WORDS = 160
MOST_PROMPTS = 6
MOST_FINDINGS = 8  # so that the briefing stays on two pages
PRIORITY_ORDER = {"High": 0, "Medium": 1, "Low": 2}


@cache
def prompts() -> dict:
    text = resources.files("review").joinpath("data/briefing.json").read_text("utf-8")
    return json.loads(text)


def build_briefing(review: Review, *, marking: str, draft: bool) -> Document:
    title = sources.review_field(review, "Briefing", "Title", "title", line=True)
    doc = Document(
        title=Text.static(f"7-minute briefing: {title.plain}"),
        subject=f"7-minute briefing: {review.subject_pseudonym}",
        author=review.board.name,
        marking=marking,
        draft=draft,
        keywords="7-minute briefing; case review; learning",
    )
    doc.add(
        Heading("7-minute briefing", level=0),
        Line(title, style="Subtitle"),
        Line(review.board.name, bold=[0]),
        Line(
            "Learning from a case review, for practitioners and managers: read it in seven "
            "minutes, then talk about it in your next team meeting."
        ),
    )
    if draft:
        doc.add(Line("DRAFT for the review team: not for circulation", bold=[0]))

    doc.add(Heading("1. The case in brief"))
    summary = sources.review_field(review, "Briefing", "The case in brief", "summary")
    if summary:
        doc.add(Prose(summary.first(CASE_WORDS)))
    else:
        pseudonym = sources.review_field(review, "Briefing", "Pseudonym", "subject_pseudonym",
                                         line=True)  # fmt: skip
        doc.add(Line("The review looked at the help that agencies gave to ", pseudonym, "."))

    findings = sorted(review.findings, key=lambda f: (PRIORITY_ORDER.get(f.priority, 3), f.number))
    doc.add(Heading("2. What the review found"))
    if review.findings:
        shown = review.findings[:MOST_FINDINGS]
        doc.add(Items(
            [sources.finding(f, "statement", "Statement").first(60) for f in shown],
            leads=[f"Finding {f.number}." for f in shown],
        ))  # fmt: skip
        if len(review.findings) > len(shown):
            more = len(review.findings) - len(shown)
            doc.add(Line(f"The full report has {wording.plural(more, 'more finding')}."))
    else:
        doc.add(Line("The review's findings are not written yet."))

    do, ask = _practice(findings)
    doc.add(Heading("3. What to do differently"))
    doc.add(Items(do) if do else Line("Talk with your team about what the findings mean for you."))
    doc.add(Heading("4. Questions for team meetings"))
    questions: list = ask or [
        sources.board_question(q, f) for f in findings for q in f.questions[:1]
    ]
    questions.append(prompts()["closing_question"])
    doc.add(Items(questions, numbered=True))

    doc.add(Heading("5. Where to read more"))
    doc.add(*_reading(review, title))
    return doc


def _practice(findings) -> tuple[list[str], list[str]]:
    """What to do and what to ask, from the findings' themes (or categories), in order."""
    data = prompts()
    keys: list[tuple[str, str]] = []
    for f in findings:
        keys += [("themes", t.key) for t in f.themes]
        if f.category is not None:
            keys.append(("categories", f.category.key))
    chosen = []
    for group, key in dict.fromkeys(keys):
        if key in data[group] and data[group][key] not in chosen:
            chosen.append(data[group][key])
    chosen = chosen[:MOST_PROMPTS]
    return [c["do"] for c in chosen], [c["ask"] for c in chosen[:4]]


def _reading(review: Review, title: Text) -> list[Line]:
    if review.is_published:
        where = f", published by {review.board.name} on {format_date(review.published_on)}."
    else:
        where = f", {review.board.name} (not yet published)."
    return [
        Line("The full report: ", title, where, bold=[0]),
        Line(
            "The method: ",
            "Fish, Munro and Bairstow (2008), Learning together to safeguard children: "
            "developing a multi-agency systems approach for case reviews, Social Care "
            "Institute for Excellence (SCIE).",
            bold=[0],
        ),
        Line(
            "Locally: ",
            "your agency's safeguarding lead, and the Partnership's multi-agency procedures.",
            bold=[0],
        ),
    ]
