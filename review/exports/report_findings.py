"""The report's findings (overview and in full, under SCIE's headings) and the Board's response."""

from ..models import Review
from ..models.response import ActionStatus
from ..rendering import format_date
from . import sources, wording
from .document import Block, Heading, Items, Line, Prose, Table, Text


def findings_overview(review: Review, draft: bool) -> list[Block]:
    if not review.findings:
        return []
    rows = [
        (
            str(f.number),
            sources.finding_title(f),
            f.category.label if f.category else "—",
            f.priority or "—",
        )
        for f in review.findings
    ]
    count = len(review.findings)
    return [
        Heading("Overview of the findings"),
        Line(
            f"The review makes {wording.count(count, 'finding')} about the multi-agency system. "
            f"{wording.verb(count, 'It names', 'Each names')} a pattern in the system, not a "
            "failing of a person, and asks the Board questions rather than making "
            "recommendations.",
            keep=True,
        ),
        Table(["No.", "Finding", "Category", "Priority"], rows),
    ]


def findings_in_full(review: Review, draft: bool) -> list[Block]:
    if not review.findings:
        return []
    blocks: list[Block] = [Heading("The findings in full")]
    for f in review.findings:
        title = sources.finding_title(f)
        blocks.append(Heading(f"Finding {f.number}: ", title, level=2))
        statement = sources.finding(f, "statement", "Statement")
        if " ".join(statement.plain.split()) != " ".join(title.plain.split()):
            blocks.append(Prose(statement, lead="Finding:"))
        facts = [f"Category: {f.category.label}" if f.category else ""]
        facts.append(f"Priority: {f.priority}" if f.priority else "")
        if f.themes:
            facts.append("Themes: " + "; ".join(t.label for t in f.themes))
        if f.episodes:
            facts.append("Shown in: " + wording.joined([f"KPE {k.number}" for k in f.episodes]))
        if any(facts):
            blocks.append(Line(". ".join(x for x in facts if x) + "."))
        for anchor, heading in wording.FINDING_HEADINGS:
            blocks += _written(heading, sources.finding(f, anchor, heading), draft)
        if f.questions:
            blocks.append(Heading(wording.QUESTIONS_HEADING, level=3))
            blocks.append(Items([sources.board_question(q, f) for q in f.questions], True))
    return blocks


def _written(heading: str, text: Text, draft: bool) -> list[Block]:
    if text:
        return [Heading(heading, level=3), Prose(text)]
    if draft:
        return [Heading(heading, level=3), Line("Not written yet.")]
    return []


def board_response(review: Review, draft: bool) -> list[Block]:
    """The Board's response to each finding, and each action in full (owner, due date, status,
    the reason when not doing it, completion date, evidence of impact), where recorded; the
    section is left out while nothing is."""
    answered = [f for f in review.findings if f.has_response or f.actions]
    if not answered:
        return []
    blocks: list[Block] = [Heading("The Board's response")]
    for f in answered:
        blocks.append(Heading(f"Response to Finding {f.number}: ", sources.finding_title(f),
                              level=2))  # fmt: skip
        if f.has_response:
            blocks.append(Prose(sources.board_response(f)))
            if f.response.responded_on:
                blocks.append(Line(f"Responded on {format_date(f.response.responded_on)}."))
        if f.actions:
            blocks.append(Line(
                f"The Board set {wording.count(len(f.actions), 'action')}:", keep=True
            ))  # fmt: skip
            rows = [_action_row(a, f) for a in f.actions]
            header = ["Action", "Owner", "Agency", "Due", "Status", "Reason or evidence of impact"]
            blocks.append(Table(header, rows))
    return blocks


def _action_row(a, f) -> tuple:
    status = a.status_enum
    shown = status.label
    if status == ActionStatus.DONE and a.completed_on:
        shown = f"Done on {format_date(a.completed_on)}"
    if status == ActionStatus.NOT_DOING:
        outcome = _or_dash(sources.board_action(a, f, "reason", "Reason for not doing it"))
    else:
        outcome = _or_dash(sources.board_action(a, f, "evidence_of_impact", "Evidence of impact"))
    return (
        sources.board_action(a, f, "what", "What"),
        _or_dash(sources.board_action(a, f, "owner_role", "Owner")),
        _or_dash(sources.board_action(a, f, "owner_agency", "Agency")),
        format_date(a.due_on),
        shown,
        outcome,
    )


def _or_dash(text: Text) -> Text | str:
    return text or "—"
