"""The 7-minute briefing: two pages for practitioners, to read alone or use in a team meeting.

The customary seven parts: 1 why the review happened · 2 the case in brief · 3 what the review
found (each finding in a sentence) · 4 what this means for practice · 5 questions for your
team · 6 what the Board is doing · 7 where to read more. What to do and what to ask come from
the practice prompts in data/briefing.json for the themes (or, failing those, the categories)
of the review's findings, most important findings first; without any, the Board's own
questions are used. Each part has a budget of words so that the whole stays on two pages.
"""

import json
from datetime import date
from functools import cache
from importlib import resources

from ..models import Review
from ..rendering import format_date
from . import sources, wording
from .document import Document, Heading, Items, Line, Prose, Text
from .markdown_docx import Para, Run

WHY_WORDS = 60
CASE_WORDS = 100
FINDING_WORDS = 32
MOST_PROMPTS = 5
MOST_QUESTIONS = 4
MOST_FINDINGS = 7  # so that the briefing stays on two pages
MOST_ACTIONS = 4
PRIORITY_ORDER = {"High": 0, "Medium": 1, "Low": 2}
PARTS = (
    "1. Why the review happened",
    "2. The case in brief",
    "3. What the review found",
    "4. What this means for practice",
    "5. Questions for your team",
    "6. What the Board is doing",
    "7. Where to read more",
)


@cache
def prompts() -> dict:
    text = resources.files("review").joinpath("data/briefing.json").read_text("utf-8")
    return json.loads(text)


def build_briefing(review: Review, *, marking: str, draft: bool) -> Document:
    section = "Briefing"
    title = sources.review_field(review, section, "Title", "title", line=True)
    themes = sorted({t.label for f in review.findings for t in f.themes})
    doc = Document(
        title=Text.static(f"7-minute briefing: {title.plain}"),
        subject=f"7-minute briefing: {review.subject_pseudonym}",
        author=review.board.name,
        marking=marking,
        draft=draft,
        keywords=wording.keywords(["7-minute briefing", "case review", *themes]),
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

    doc.add(Heading(PARTS[0]))
    reason = sources.review_field(review, section, "Why this case?", "reason_for_review")
    doc.add(Prose(reason.first(WHY_WORDS)) if reason else Line(
        f"{review.board.name} commissioned this review to learn how agencies work together."
    ))  # fmt: skip

    doc.add(Heading(PARTS[1]))
    summary = sources.review_field(review, section, "The case in brief", "summary")
    if summary:
        doc.add(Prose(summary.first(CASE_WORDS)))
    else:
        pseudonym = sources.review_field(review, section, "Pseudonym", "subject_pseudonym",
                                         line=True)  # fmt: skip
        doc.add(Line("The review looked at the help that agencies gave to ", pseudonym, "."))

    findings = sorted(review.findings, key=lambda f: (PRIORITY_ORDER.get(f.priority, 3), f.number))
    doc.add(Heading(PARTS[2]))
    if review.findings:
        shown = review.findings[:MOST_FINDINGS]
        doc.add(Items(
            [_found(f) for f in shown], leads=[f"Finding {f.number}." for f in shown]
        ))  # fmt: skip
        if len(review.findings) > len(shown):
            more = len(review.findings) - len(shown)
            doc.add(Line(f"The full report has {wording.count(more, 'more finding')}."))
    else:
        doc.add(Line("The review's findings are not written yet."))

    do, ask = _practice(findings)
    doc.add(Heading(PARTS[3]))
    doc.add(Items(do) if do else Line("Talk with your team about what the findings mean for you."))
    doc.add(Heading(PARTS[4]))
    questions: list = (
        ask
        or [sources.board_question(q, f) for f in findings for q in f.questions[:1]][
            :MOST_QUESTIONS
        ]
    )
    questions.append(prompts()["closing_question"])
    doc.add(Items(questions, numbered=True))

    doc.add(Heading(PARTS[5]))
    doc.add(*_board(review))
    doc.add(Heading(PARTS[6]))
    doc.add(*_reading(review, title))
    return doc


def _found(f) -> Text:
    """A finding in a line: its short title as a sentence, or its statement's first sentence."""
    if f.short_title.strip():
        title = sources.finding_title(f)
        return title if title.plain.rstrip().endswith((".", "?", "!")) else Text(
            (*title.paragraphs[:-1], Para([*title.paragraphs[-1].runs, Run(".")])), title.source
        )  # fmt: skip
    return sources.finding(f, "statement", "Statement").sentence(FINDING_WORDS)


def _board(review: Review) -> list:
    """The Board's actions, most urgent first, or what happens next when there are none yet."""
    actions = [(a, f) for f in review.findings for a in f.actions]
    if not actions:
        if review.signed_off_on or review.is_published:
            return [Line(
                f"{review.board.name} is preparing its response to the findings; your agency's "
                "safeguarding lead will share the actions it sets."
            )]  # fmt: skip
        return [Line(
            f"{review.board.name} will answer each finding once it has signed the report off, "
            "and will publish the actions it sets itself with the report."
        )]  # fmt: skip
    actions.sort(key=lambda pair: (not pair[0].status_enum.open, pair[0].due_on or date.max))
    shown = actions[:MOST_ACTIONS]
    items, leads = [], []
    for a, f in shown:
        items.append(sources.board_action(a, f, "what", "What").first(30))
        due = f", due {format_date(a.due_on)}" if a.due_on else ""
        leads.append(f"{a.status_enum.label}{due} (Finding {f.number}):")
    blocks: list = [Line(
        f"{review.board.name} has set itself "
        f"{wording.count(len(actions), 'action')} in response to the findings"
        + (", including:" if len(actions) > len(shown) else ":"), keep=True,
    ), Items(items, leads=leads)]  # fmt: skip
    return blocks


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
    return [c["do"] for c in chosen], [c["ask"] for c in chosen[:MOST_QUESTIONS]]


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
