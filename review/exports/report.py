"""A review's final report as a `Document`, in the shape of SCIE's Learning Together reports.

Cover · contents · executive summary · introduction · appraisal of practice (synopsis, the
child's journey, the KPEs) · overview of the findings · each finding in full · the Board's
response (when recorded) · appendices (method, glossary). People appear only by pseudonym, or
by role and agency: the case group table has exactly two columns, role and agency, and never
the members' labels. What the report says about this review is written from its records, never
asserted by boilerplate (see `report_method`).
"""

from datetime import date

from ..models import Review, ReviewStatus
from ..rendering import format_date, format_period
from . import sources, wording
from .document import Block, Contents, Document, Heading, Items, Line, PageBreak, Prose, Table, Text
from .glossary import acronyms_used
from .report_analysis import appraisal
from .report_findings import board_response, findings_in_full, findings_overview
from .report_method import introduction, method_appendix

#: findings listed in the executive summary before it says "and N more" (one page)
SUMMARY_FINDINGS = 10


def build_report(review: Review, *, marking: str, draft: bool) -> Document:
    title = sources.review_field(review, "Cover", "Title", "title", line=True)
    pseudonym = sources.review_field(review, "Cover", "Pseudonym", "subject_pseudonym", line=True)
    review_type = review.review_type.label if review.review_type else "Case review"
    themes = sorted({t.label for f in review.findings for t in f.themes})
    doc = Document(
        title=title,
        subject=f"{review_type}: {pseudonym.plain}",
        author=review.board.name,
        marking=marking,
        draft=draft,
        keywords=wording.keywords(["case review", review_type, *themes]),
    )
    doc.add(*_cover(review, doc, title, pseudonym, review_type))
    doc.add(Contents(depth=2), PageBreak())
    doc.add(*executive_summary(review), PageBreak())
    # Chapters follow on without forced page breaks: headings keep with what follows them,
    # so nothing is stranded, and no chapter leaves most of a page blank.
    for part in (introduction, appraisal, findings_overview, findings_in_full, board_response,
                 method_appendix):  # fmt: skip
        doc.add(*part(review, draft))
    glossary = acronyms_used(t.plain for t in doc.texts())
    if glossary:
        doc.add(Heading("Appendix: glossary"))
        doc.add(Table(["Term", "Meaning"], glossary))
    return doc


def status_line(review: Review) -> str:
    """Draft, signed off on …, or published on …: what a Board needs to know of a copy."""
    status = review.status_enum
    if status == ReviewStatus.PUBLISHED:
        when = f" on {format_date(review.published_on)}" if review.published_on else ""
        return f"Published{when}"
    if status == ReviewStatus.SIGNED_OFF:
        when = f" on {format_date(review.signed_off_on)}" if review.signed_off_on else ""
        return f"Signed off by the Board{when}; not yet published"
    return f"Draft of {format_date(date.today())}, not yet signed off by the Board"


def _cover(review: Review, doc: Document, title: Text, pseudonym: Text, review_type: str):
    section = "Cover"
    blocks: list[Block] = [
        Line(review.board.name, style="Subtitle"),
        Heading(title, level=0),
        Line("Commissioned by: ", review.board.name, bold=[0]),
        Line("Type of review: ", review_type, bold=[0]),
        Line("Subject of the review: ", pseudonym, bold=[0]),
        Line(
            "Period under review: ", format_period(review.period_start, review.period_end), bold=[0]
        ),  # fmt: skip
    ]
    leads = sources.lead_reviewers(review, section)
    if leads:
        label = "Lead reviewer: " if len(review.lead_reviewers) == 1 else "Lead reviewers: "
        blocks.append(Line(label, *(leads if isinstance(leads, list) else [leads]), bold=[0]))
    version = sources.review_field(review, section, "Report version", "report_version", line=True)
    if version:
        blocks.append(Line("Version: ", version, bold=[0]))
    blocks.append(Line("Status: ", status_line(review), bold=[0]))
    if doc.draft:
        blocks.append(
            Line("DRAFT for the review team: not for circulation or publication", bold=[0])
        )
    blocks.append(Line("Protective marking: ", doc.marking, bold=[0, 1]))
    independence = sources.review_field(
        review, section, "Independence of the lead reviewers", "independence_statement"
    )
    if independence:
        blocks.append(Prose(independence, lead="Independence of the lead reviewers."))
    blocks.append(Line(
        "Everyone in this report is referred to by a pseudonym, or by role and agency. The "
        "report describes the multi-agency system as the practitioners saw it at the time; it "
        "is not about the conduct of any one person.",
    ))  # fmt: skip
    return [*blocks, PageBreak()]


def executive_summary(review: Review) -> list[Block]:
    """One page: why the review, the period, each finding in a sentence with its priority,
    and what is asked of the Board."""
    section = "Executive summary"
    blocks: list[Block] = [Heading(section)]
    reason = sources.review_field(review, section, "Why this case?", "reason_for_review")
    if reason:
        blocks.append(Prose(reason.first(90), lead="Why the review."))
    period = format_period(review.period_start, review.period_end)
    episodes = len(review.episodes)
    blocks.append(Line(
        "The period. ",
        f"The review looked at the period from {period}"
        + (f", and at {wording.count(episodes, 'key practice episode')} in it." if episodes
           else "."),
        bold=[0],
    ) if review.period_start or review.period_end else Line(
        "The period. ", "The period under review is not set.", bold=[0]
    ))  # fmt: skip
    findings = review.findings
    if not findings:
        blocks.append(Line("The findings. ", "The review's findings are not written yet.",
                           bold=[0]))  # fmt: skip
        return blocks
    blocks.append(Line(
        "The findings. ",
        f"The review makes {wording.count(len(findings), 'finding')} about the multi-agency "
        f"system, {wording.verb(len(findings), 'a pattern', 'each a pattern')} in the system "
        "rather than a failing of a person:",
        bold=[0], keep=True,
    ))  # fmt: skip
    shown = findings[:SUMMARY_FINDINGS]
    words = 60 if len(findings) <= 6 else 25
    blocks.append(Items(
        [sources.finding(f, "statement", "Statement").sentence(words) for f in shown],
        leads=[f"Finding {f.number}" + (f" ({f.priority.lower()} priority):" if f.priority
                                        else ":") for f in shown],
    ))  # fmt: skip
    if len(findings) > len(shown):
        more = len(findings) - len(shown)
        blocks.append(Line(f"The full report sets out {wording.count(more, 'more finding')}."))
    questions = sum(len(f.questions) for f in findings)
    asked = (
        f"The findings raise {wording.count(questions, 'question')} for the Board to "
        "consider; each finding sets out its own."
        if questions else "The findings do not yet carry questions for the Board."
    )  # fmt: skip
    blocks.append(Line("For the Board. ", asked, bold=[0]))
    answered = sum(1 for f in findings if f.has_response)
    actions = sum(len(f.actions) for f in findings)
    if answered or actions:
        blocks.append(Line(
            f"The Board has responded to {wording.number(answered)} of the "
            f"{wording.count(len(findings), 'finding')} and set itself "
            f"{wording.count(actions, 'action')} (see the Board's response)."
        ))  # fmt: skip
    return blocks
