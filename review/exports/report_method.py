"""The report's introduction and method appendix, written from the review's own records.

The method is described once: the introduction says what *this* review did (how many lead
reviewers, the review team, the conversations, which follow-on meetings were held and who came,
whether the Board has signed the report off), and the appendix describes the model in general.
Nothing is asserted that the records do not show.
"""

from ..models import PrintedTeamMember, Review, TaxonomyKind, TeamRole
from ..rendering import format_date, format_period
from ..taxonomy import terms
from . import sources, wording
from .document import Block, Heading, Items, Line, Prose, Table, Text


def written(heading: str, text: Text, draft: bool, level: int = 2) -> list[Block]:
    """A heading and its text; in a draft an empty text says so, otherwise it is left out."""
    if text:
        return [Heading(heading, level=level), Prose(text)]
    if draft:
        return [Heading(heading, level=level), Line("Not written yet.")]
    return []


def introduction(review: Review, draft: bool) -> list[Block]:
    intro = "Introduction"
    blocks: list[Block] = [Heading(intro)]
    blocks += written(
        "Why this case was reviewed",
        sources.review_field(review, intro, "Why this case?", "reason_for_review"),
        draft,
    )
    family = sources.review_field(review, intro, "Family composition", "family_composition")
    pseudonym = sources.review_field(review, intro, "Pseudonym", "subject_pseudonym", line=True)
    blocks.append(Heading("The case in brief", level=2))
    blocks.append(Line(
        "This review is about ", pseudonym, ". Everyone in the family is referred to by a "
        "pseudonym" + (":" if family else "."), keep=bool(family),
    ))  # fmt: skip
    if family:
        blocks.append(Prose(family))
    blocks.append(Heading("Period under review", level=2))
    period = format_period(review.period_start, review.period_end)
    blocks.append(Line(
        f"The review looked at the period from {period}."
        if review.period_start or review.period_end else "The period under review is not set."
    ))  # fmt: skip
    if review.research_questions:
        blocks.append(Heading("Research questions", level=2))
        blocks.append(
            Line("In place of terms of reference, the review set out to answer:", keep=True)
        )
        blocks.append(
            Items([sources.research_question(q) for q in review.research_questions], True)
        )
    blocks.append(Heading("How the review was done", level=2))
    blocks += [Line(p) for p in method_facts(review)]
    blocks += _team(review)
    blocks += _case_group(review)
    blocks += written(
        "Family involvement",
        sources.review_field(review, intro, "Family involvement", "family_involvement"),
        draft,
    )
    blocks += written(
        "Limitations", sources.review_field(review, intro, "Limitations", "limitations"), draft
    )
    return blocks


def method_facts(review: Review) -> list[str]:
    """What this review did, in sentences that are true of its records."""
    kind = review.review_type.label if review.review_type else "case review"
    leads = len(review.lead_reviewers)
    team = sum(1 for m in review.memberships if m.team_role == TeamRole.TEAM)
    team += len(review.printed_team)
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    model = "" if "learning together" in kind.lower() else " in the Learning Together model"
    first = f"This was {article} {kind}{model} (the method is described in the appendix). "
    if leads:
        first += (
            f"It was led by {wording.count(leads, 'lead reviewer')}"
            + (f", with a review team of {wording.count(team, 'senior manager')} from the "
               "agencies involved" if team else "")
            + "."
        )  # fmt: skip
    members = review.case_group
    practitioners = [m for m in members if not m.is_family_member]
    talked = sum(1 for m in members if m.conversation_date)
    second = (
        f"The lead reviewers held {wording.count(talked, 'conversation')} with members of the "
        "case group, about the case as it looked to them at the time."
        if talked else "No conversation with the case group is recorded."
    )  # fmt: skip
    met = [sum(m.attended_meeting_1 for m in practitioners),
           sum(m.attended_meeting_2 for m in practitioners)]  # fmt: skip
    if met[0] and met[1]:
        second += (
            " The case group met twice to test the analysis: "
            f"{wording.count(met[0], 'member')} attended the first follow-on meeting and "
            f"{wording.number(met[1])} the second."
        )
    elif met[0] or met[1]:
        which, came = ("first", met[0]) if met[0] else ("second", met[1])
        other = "second" if which == "first" else "first"
        second += (
            f" {wording.count(came, 'member', start=True)} of the case group attended the "
            f"{which} follow-on meeting; no {other} meeting is recorded."
        )
    elif members:
        second += " No follow-on meeting with the case group is recorded."
    if review.signed_off_on:
        third = f"The Board signed the report off on {format_date(review.signed_off_on)}."
    else:
        third = "The Board has not yet signed the report off."
    return [first, second, third]


def _team(review: Review) -> list[Block]:
    section = "Introduction: the review team"
    blocks: list[Block] = [Heading("The review team and lead reviewers", level=2)]
    leads = sources.lead_reviewers(review, section)
    if leads:
        blocks.append(Line("The review was led by ", *(leads if isinstance(leads, list)
                                                       else [leads]), "."))  # fmt: skip
    blocks.append(Line("The review team, none of whom had worked with the family:", keep=True))
    people = [*review.memberships, *review.printed_team]
    named = any(getattr(p, _name_field(p)) for p in people)
    rows = []
    for p in people:
        name = _name_field(p)
        cells = [
            p.team_role_label,
            sources.team_member(p, "role_title", "Role") if p.role_title else "—",
            sources.team_member(p, "agency", "Agency") if p.agency else "—",
        ]
        if named:
            cells.insert(0, sources.team_member(p, name, "Name") if getattr(p, name) else "—")
        rows.append(tuple(cells))
    headers = ["Part in the review", "Role", "Agency"]
    blocks.append(Table(["Name", *headers] if named else headers, rows))
    return blocks


def _name_field(person) -> str:
    """The attribute holding the name the report prints (empty: the person is not named)."""
    return "name" if isinstance(person, PrintedTeamMember) else "printed_name"


def _case_group(review: Review) -> list[Block]:
    """Role and agency only: the members' labels are for the working pages, not the report."""
    practitioners = [m for m in review.case_group if not m.is_family_member]
    family = len(review.case_group) - len(practitioners)
    agencies = {m.agency or (m.agency_type.label if m.agency_type else "") for m in practitioners}
    blocks: list[Block] = [Heading("The case group", level=2)]
    summary = (
        f"The case group was made up of "
        f"{wording.count(len(practitioners), 'practitioner')} and managers from "
        f"{wording.count(len(agencies - {''}), 'agency', 'agencies')}. "
        "They are identified by role and agency only."
    )
    if family:
        summary += (
            f" {wording.count(family, 'family member', start=True)} also contributed: see "
            "Family involvement."
        )
    blocks.append(Line(summary, keep=bool(practitioners)))
    if practitioners:
        rows = [
            (
                sources.case_group_member(m, "role_title", "Role") if m.role_title else "—",
                sources.case_group_member(m, "agency", "Agency")
                if m.agency
                else (m.agency_type.label if m.agency_type else "—"),
            )
            for m in practitioners
        ]
        blocks.append(Table(["Role", "Agency"], rows))
    return blocks


def method_appendix(review: Review, draft: bool) -> list[Block]:
    blocks: list[Block] = [Heading("Appendix: the Learning Together method")]
    blocks.append(Line(wording.METHOD_MODEL))
    blocks.append(Line("A Learning Together review has five stages:", keep=True))
    blocks.append(Items([s for _, s in wording.METHOD_STAGES],
                        leads=[f"{h}." for h, _ in wording.METHOD_STAGES]))  # fmt: skip
    blocks.append(Heading("Contributory factors", level=2))
    blocks.append(Line(wording.FACTORS_INTRO, keep=True))
    blocks.append(Items([t.label for t in terms(TaxonomyKind.FACTOR_LEVEL)]))
    blocks.append(Heading("Categories of findings", level=2))
    blocks.append(Line(wording.FINDINGS_INTRO, keep=True))
    blocks.append(Items([t.label for t in terms(TaxonomyKind.FINDING_CATEGORY)], numbered=True))
    return blocks
