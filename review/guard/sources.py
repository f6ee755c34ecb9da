"""What is scanned: the texts of a review that a published report may contain."""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .scan import Hit, Located, scan_texts

REVIEW_FIELDS = (
    ("reason_for_review", "Why this case?"),
    ("summary", "The case in brief"),
    ("family_composition", "Family composition"),
    ("family_involvement", "Family involvement"),
    ("limitations", "Limitations"),
)
EPISODE_FIELDS = (
    ("title", "Title"),
    ("agencies", "Agencies and roles involved"),
    ("what_happened", "What happened"),
    ("appraisal", "Appraisal of practice"),
    ("explanation", "Why it made sense at the time"),
    ("how_normal", "How normal was it?"),
    ("hindsight_guard", "How hindsight bias was guarded against"),
)
FINDING_FIELDS = (
    ("statement", "Statement"),
    ("manifestation", "How did the issue manifest in this case?"),
    ("underlying_evidence", "How do we know it is an underlying issue?"),
    ("prevalence", "How widespread is the pattern?"),
    ("significance", "Why does it matter?"),
)


def _introduction(review: Any) -> Iterator[Located]:
    rid = {"review_id": review.id}
    yield Located("Cover", "Title", review.title, "reviews.edit", rid, "title")
    yield Located(
        "Cover", "Subject pseudonym", review.subject_pseudonym, "reviews.edit", rid,
        "subject_pseudonym",
    )  # fmt: skip
    for attr, label in REVIEW_FIELDS:
        yield Located("Introduction", label, getattr(review, attr), "reviews.edit", rid, attr)


def _research_questions(review: Any) -> Iterator[Located]:
    for n, question in enumerate(review.research_questions, 1):
        where = {"review_id": review.id, "question_id": question.id}
        yield Located(
            "Research questions", f"Question {n}", question.text, "reviews.question_edit", where,
            "text",
        )  # fmt: skip


def _review_team(review: Any) -> Iterator[Located]:
    """The review team by job title and agency (the report names them so, if at all)."""
    for n, member in enumerate(review.memberships, 1):
        where = {"review_id": review.id, "member_id": member.id}
        for attr, label in (("role_title", "job title"), ("agency", "agency")):
            yield Located(
                "Review team", f"Member {n}: {label}", getattr(member, attr),
                "reviews.member_edit", where, attr,
            )  # fmt: skip


def _case_group(review: Any) -> Iterator[Located]:
    """The case group by label, role and agency: never names, but checked all the same."""
    for n, member in enumerate(review.case_group, 1):
        where = {"review_id": review.id, "member_id": member.id}
        for attr, label in (("label", "label"), ("role_title", "role"), ("agency", "agency")):
            yield Located(
                "Case group", f"Member {n}: {label}", getattr(member, attr),
                "casegroup.member_edit", where, attr,
            )  # fmt: skip


def _episodes(review: Any) -> Iterator[Located]:
    for kpe in review.episodes:
        section = f"KPE {kpe.number}"
        where = {"review_id": review.id, "episode_id": kpe.id}
        for attr, label in EPISODE_FIELDS:
            yield Located(section, label, getattr(kpe, attr), "episodes.episode_edit", where, attr)
        for n, factor in enumerate(kpe.factors, 1):
            yield Located(
                section, f"Contributory factor {n}", factor.description, "episodes.factor_edit",
                {**where, "factor_id": factor.id}, "description",
            )  # fmt: skip


def _findings(review: Any) -> Iterator[Located]:
    for finding in review.findings:
        section = f"Finding {finding.number}"
        where = {"review_id": review.id, "finding_id": finding.id}
        for attr, label in FINDING_FIELDS:
            yield Located(
                section, label, getattr(finding, attr), "findings.finding_edit", where, attr
            )
        for n, question in enumerate(finding.questions, 1):
            yield Located(
                section, f"Board question {n}", question.text, "findings.question_edit",
                {**where, "question_id": question.id}, "text",
            )  # fmt: skip


ACTION_FIELDS = (
    ("what", "what"),
    ("owner_role", "owner (role)"),
    ("owner_agency", "owner (agency)"),
    ("reason", "reason for not doing it"),
    ("evidence_of_impact", "evidence of impact"),
)


def _board_response(review: Any) -> Iterator[Located]:
    """The Board's response and actions: in the report once recorded, after sign-off."""
    for finding in review.findings:
        section = f"The Board's response to Finding {finding.number}"
        where = {"review_id": review.id, "finding_id": finding.id}
        response = getattr(finding, "response", None)
        if response is not None:
            yield Located(
                section, "Response", response.response, "board.respond", where, "response"
            )
        for n, action in enumerate(getattr(finding, "actions", []), 1):
            for attr, label in ACTION_FIELDS:
                yield Located(
                    section, f"Action {n}: {label}", getattr(action, attr), "board.action_edit",
                    {**where, "action_id": action.id}, attr,
                )  # fmt: skip


def _chronology(review: Any) -> Iterator[Located]:
    for n, entry in enumerate(review.chronology, 1):
        where = {"review_id": review.id, "entry_id": entry.id}
        for attr, label in (("agency", "agency"), ("event", "event"), ("source", "source")):
            yield Located(
                "Chronology", f"Entry {n}: {label}", getattr(entry, attr),
                "chronology.entry_edit", where, attr,
            )  # fmt: skip


def _conversations(review: Any) -> Iterator[Located]:
    for n, member in enumerate(review.case_group, 1):
        if member.conversation is None:
            continue
        where = {"review_id": review.id, "member_id": member.id}
        for attr in ("knew_then", "did_and_why", "what_helped", "what_hindered", "view_now"):
            yield Located(
                "Conversations", f"Member {n}: {attr.replace('_', ' ')}",
                getattr(member.conversation, attr), "casegroup.conversation", where, attr,
            )  # fmt: skip


#: Every source of text that an export or publication of a review may contain, in report
#: order. Themes are taxonomy terms (no free text) and are not scanned. A new export that
#: includes more of the review adds its source here: one line.
PUBLISHED_SOURCES: tuple[Callable[[Any], Iterable[Located]], ...] = (
    _introduction,
    _research_questions,
    _review_team,
    _case_group,
    _episodes,
    _findings,
    _board_response,
)
#: Internal working notes that no export includes (the chronology and the conversations);
#: they are scanned only if a report starts to include them (move them up).
INTERNAL_SOURCES: tuple[Callable[[Any], Iterable[Located]], ...] = (
    _chronology,
    _conversations,
)


def review_texts(review: Any, sources=PUBLISHED_SOURCES) -> list[Located]:
    """The non-empty texts of `review` that a published report may contain."""
    return [
        located
        for source in sources
        for located in source(review)
        if located.text and located.text.strip()
    ]


def publication_hits(review: Any) -> list[Hit]:
    """Every identifying detail left in the texts of the review's report.

    The words of the Board's name are not protected as parts of a term: the report names its
    Board, so a town in a protected address (“12 Acacia Road, Northbridge”) is not flagged
    wherever the “Northbridge Safeguarding Children Partnership” is. The whole address is.
    """
    return scan_texts(
        review_texts(review),
        [t.term for t in review.protected_terms],
        allowed_parts=[review.board.name] if review.board else [],
    )
