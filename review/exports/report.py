"""A review's final report as a `Document`, in the shape of SCIE's Learning Together reports.

Cover · contents · introduction · appraisal of practice (synopsis, the KPEs) · overview of the
findings · each finding in full · the Board's response (when recorded) · appendices (method,
glossary). People appear only by pseudonym, or by role and agency: the case group table has
exactly two columns, role and agency, and never the members' labels.
"""

from datetime import date

from ..blueprints.episodes import factors_by_level
from ..models import Review, TaxonomyKind
from ..rendering import format_date, format_period
from ..taxonomy import terms
from ..timeline import build_layout, timeline_png
from . import sources, wording
from .document import (
    Block,
    Contents,
    Document,
    Figure,
    Heading,
    Items,
    Line,
    PageBreak,
    Prose,
    Table,
    Text,
)
from .glossary import acronyms_used


def build_report(review: Review, *, marking: str, draft: bool) -> Document:
    title = sources.review_field(review, "Cover", "Title", "title", line=True)
    pseudonym = sources.review_field(review, "Cover", "Pseudonym", "subject_pseudonym", line=True)
    review_type = review.review_type.label if review.review_type else "Case review"
    doc = Document(
        title=title,
        subject=f"{review_type}: {pseudonym.plain}",
        author=review.board.name,
        marking=marking,
        draft=draft,
        keywords=f"case review; {review_type}; Learning Together",
    )
    doc.add(*_cover(review, doc, title, pseudonym, review_type))
    doc.add(Contents(depth=2), PageBreak())
    parts = (_introduction, _appraisal, _findings_overview, _findings, _board_response, _method)
    for part in parts:
        blocks = part(review, draft)
        if blocks:
            doc.add(*blocks, PageBreak())
    glossary = acronyms_used(t.plain for t in doc.texts())
    if glossary:
        doc.add(Heading("Appendix: glossary"))
        doc.add(Table(["Term", "Meaning"], glossary, widths=(1, 4)))
    elif isinstance(doc.blocks[-1], PageBreak):
        doc.blocks.pop()
    return doc


def _cover(review: Review, doc: Document, title: Text, pseudonym: Text, review_type: str):
    dated = review.published_on or review.signed_off_on or date.today()
    label = "Published" if review.published_on else "Signed off" if review.signed_off_on else "Date"
    blocks: list[Block] = [
        Line(review.board.name, style="Subtitle"),
        Heading(title, level=0),
        Line("Subject of the review: ", pseudonym, bold=[0]),
        Line("Type of review: ", review_type, bold=[0]),
        Line(
            "Period under review: ", format_period(review.period_start, review.period_end), bold=[0]
        ),  # fmt: skip
        Line(f"{label}: ", format_date(dated), bold=[0]),
    ]
    if doc.draft:
        blocks.append(
            Line("DRAFT for the review team: not for circulation or publication", bold=[0])
        )
    blocks.append(Line("Protective marking: ", doc.marking, bold=[0, 1]))
    blocks.append(Line(
        "Everyone in this report is referred to by a pseudonym, or by role and agency.",
        style="Normal",
    ))  # fmt: skip
    return [*blocks, PageBreak()]


def _written(heading: str, text: Text, draft: bool, level: int = 2) -> list[Block]:
    """A heading and its text; in a draft an empty text says so, otherwise it is left out."""
    if text:
        return [Heading(heading, level=level), Prose(text)]
    if draft:
        return [Heading(heading, level=level), Line("Not written yet.")]
    return []


# --------------------------------------------------------------------------- introduction


def _introduction(review: Review, draft: bool) -> list[Block]:
    intro = "Introduction"
    blocks: list[Block] = [Heading(intro)]
    blocks += _written(
        "Why this case was reviewed",
        sources.review_field(review, intro, "Why this case?", "reason_for_review"),
        draft,
    )
    family = sources.review_field(review, intro, "Family composition", "family_composition")
    pseudonym = sources.review_field(review, intro, "Pseudonym", "subject_pseudonym", line=True)
    blocks.append(Heading("The case in brief", level=2))
    blocks.append(Line(
        "This review is about ", pseudonym, ". Everyone in the family is referred to by a "
        "pseudonym" + (":" if family else ".")
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
        blocks.append(Line("In place of terms of reference, the review set out to answer:"))
        blocks.append(
            Items([sources.research_question(q) for q in review.research_questions], True)
        )
    blocks.append(Heading("The Learning Together method", level=2))
    blocks += [Line(p) for p in wording.METHOD_INTRO]
    blocks += _team(review)
    blocks += _case_group(review)
    blocks += _written(
        "Family involvement",
        sources.review_field(review, intro, "Family involvement", "family_involvement"),
        draft,
    )
    blocks += _written(
        "Limitations", sources.review_field(review, intro, "Limitations", "limitations"), draft
    )
    return blocks


def _team(review: Review) -> list[Block]:
    blocks: list[Block] = [Heading("The review team and lead reviewers", level=2)]
    leads = review.lead_reviewers
    if leads:
        names: list = ["The review was led by "]
        for number, user in enumerate(leads):
            if number:
                names.append(" and " if number == len(leads) - 1 else ", ")
            names.append(sources.user_name(user))
        names.append(".")
        blocks.append(Line(*names))
    blocks.append(Line("The review team, none of whom had worked with the family:"))
    rows = [
        (
            m.team_role_label,
            sources.team_member(m, "role_title", "Role") if m.role_title else "—",
            sources.team_member(m, "agency", "Agency") if m.agency else "—",
        )
        for m in review.memberships
    ]
    blocks.append(Table(["Part in the review", "Role", "Agency"], rows, widths=(2, 4, 3)))
    return blocks


def _case_group(review: Review) -> list[Block]:
    """Role and agency only: the members' labels are for the working pages, not the report."""
    practitioners = [m for m in review.case_group if not m.is_family_member]
    family = len(review.case_group) - len(practitioners)
    agencies = {m.agency or (m.agency_type.label if m.agency_type else "") for m in practitioners}
    blocks: list[Block] = [Heading("The case group", level=2)]
    summary = (
        f"The case group was made up of {wording.plural(len(practitioners), 'practitioner')} "
        f"and managers from {wording.plural(len(agencies - {''}), 'agency', 'agencies')}. "
        "They are identified by role and agency only."
    )
    if family:
        summary += f" {wording.plural(family, 'family member')} also contributed (see below)."
    blocks.append(Line(summary))
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
        blocks.append(Table(["Role", "Agency"], rows, widths=(1, 1)))
    return blocks


# --------------------------------------------------------------------------- appraisal


def _appraisal(review: Review, draft: bool) -> list[Block]:
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
            f"{wording.plural(len(episodes), 'key practice episode')}."
        ))  # fmt: skip
    if not build_layout(review).empty:
        blocks.append(Figure(
            timeline_png(review),
            "The child's journey: the chronology and the key practice episodes over the period "
            "under review, one lane per agency.",
        ))  # fmt: skip
    if not episodes:
        return blocks
    titles = {k.id: sources.episode(k, "title", "Title", line=True) for k in episodes}
    agencies = {k.id: sources.episode(k, "agencies", "Agencies", line=True) for k in episodes}
    blocks.append(Heading("Key practice episodes", level=2))
    blocks.append(Line(
        "Key practice episodes are the moments judged significant to understanding how the case "
        "developed: good practice as well as problematic. Each is described, appraised with "
        "hindsight, and explained as it looked at the time."
    ))  # fmt: skip
    rows = [
        (str(k.number), titles[k.id], wording.when(k.date_from, k.date_to), agencies[k.id])
        for k in episodes
    ]
    blocks.append(Table(["No.", "Episode", "When", "Agencies"], rows, widths=(0.6, 4, 2.2, 2.6)))
    for k in episodes:
        blocks.append(Heading(f"KPE {k.number}: ", titles[k.id], level=2))
        blocks.append(Line("When: ", wording.when(k.date_from, k.date_to), bold=[0]))
        if agencies[k.id]:
            blocks.append(Line("Agencies: ", agencies[k.id], bold=[0]))
        for anchor, heading in wording.EPISODE_HEADINGS:
            blocks += _written(heading, sources.episode(k, anchor, heading), draft, level=3)
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


# --------------------------------------------------------------------------- findings


def _findings_overview(review: Review, draft: bool) -> list[Block]:
    if not review.findings:
        return []
    rows = [
        (
            str(f.number),
            f.category.label if f.category else "—",
            sources.finding(f, "statement", "Statement"),
            f.priority or "—",
        )
        for f in review.findings
    ]
    return [
        Heading("Overview of the findings"),
        Line(
            f"The review makes {wording.plural(len(review.findings), 'finding')} about the "
            "multi-agency system. Each names a pattern in the system, not a failing of a "
            "person, and asks the Board questions rather than making recommendations."
        ),
        Table(["No.", "Category", "Finding", "Priority"], rows, widths=(0.6, 2.4, 6, 1.2)),
    ]


def _findings(review: Review, draft: bool) -> list[Block]:
    if not review.findings:
        return []
    blocks: list[Block] = [Heading("The findings in full")]
    for f in review.findings:
        category = f.category.label if f.category else ""
        blocks.append(
            Heading(f"Finding {f.number}" + (f": {category}" if category else ""), level=2)
        )
        blocks.append(Prose(sources.finding(f, "statement", "Statement"), lead="Finding:"))
        facts = [f"Priority: {f.priority}" if f.priority else ""]
        if f.themes:
            facts.append("Themes: " + "; ".join(t.label for t in f.themes))
        if f.episodes:
            facts.append("Shown in: " + wording.joined([f"KPE {k.number}" for k in f.episodes]))
        if any(facts):
            blocks.append(Line(". ".join(x for x in facts if x) + "."))
        for anchor, heading in wording.FINDING_HEADINGS:
            blocks += _written(heading, sources.finding(f, anchor, heading), draft, level=3)
        if f.questions:
            blocks.append(Heading(wording.QUESTIONS_HEADING, level=3))
            blocks.append(Items([sources.board_question(q, f) for q in f.questions], True))
    return blocks


def _board_response(review: Review, draft: bool) -> list[Block]:
    """The Board's response to each finding, and the actions it set, where recorded; the
    section is left out while nothing is."""
    answered = [f for f in review.findings if f.has_response or f.actions]
    if not answered:
        return []
    blocks: list[Block] = [Heading("The Board's response")]
    for f in answered:
        blocks.append(Heading(f"Response to Finding {f.number}", level=2))
        if f.has_response:
            blocks.append(Prose(sources.board_response(f)))
            if f.response.responded_on:
                blocks.append(Line(f"Responded on {format_date(f.response.responded_on)}."))
        if f.actions:
            rows = [
                (
                    sources.board_action(a, f, "what", "What"),
                    _or_dash(sources.board_action(a, f, "owner_role", "Owner")),
                    _or_dash(sources.board_action(a, f, "owner_agency", "Agency")),
                    format_date(a.due_on),
                    a.status_enum.label,
                )
                for a in f.actions
            ]
            header = ["Action", "Owner", "Agency", "Due", "Status"]
            blocks.append(Table(header, rows, widths=(4.5, 2.2, 2.2, 1.6, 1.4)))
    return blocks


def _or_dash(text: Text) -> Text | str:
    return text or "—"


# --------------------------------------------------------------------------- appendices


def _method(review: Review, draft: bool) -> list[Block]:
    blocks: list[Block] = [Heading("Appendix: the Learning Together method")]
    blocks += [Line(p) for p in wording.METHOD_INTRO]
    blocks.append(Items([s for _, s in wording.METHOD_STAGES],
                        leads=[f"{h}." for h, _ in wording.METHOD_STAGES]))  # fmt: skip
    talked = [m for m in review.case_group if m.conversation_date]
    if review.case_group:
        met_1 = sum(m.attended_meeting_1 for m in review.case_group)
        met_2 = sum(m.attended_meeting_2 for m in review.case_group)
        blocks.append(Line(
            f"In this review, the lead reviewers held "
            f"{wording.plural(len(talked), 'conversation')} with members of the case group; "
            f"{met_1} attended the first follow-on meeting and {met_2} the second."
        ))  # fmt: skip
    blocks.append(Heading("Contributory factors", level=2))
    blocks.append(Line(wording.FACTORS_INTRO))
    blocks.append(Items([t.label for t in terms(TaxonomyKind.FACTOR_LEVEL)]))
    blocks.append(Heading("Categories of findings", level=2))
    blocks.append(Line(wording.FINDINGS_INTRO))
    blocks.append(Items([t.label for t in terms(TaxonomyKind.FINDING_CATEGORY)], numbered=True))
    return blocks
