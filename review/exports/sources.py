"""Where each exported text is written: the form (endpoint, arguments, field anchor) that edits it.

The builders wrap every text a person wrote in a `Text` that carries one of these, so that a
guard hit can say "Finding 2, Why does it matter?" and link to the field that fixes it.
"""

from ..models import (
    BoardAction,
    BoardQuestion,
    CaseGroupMember,
    ContributoryFactor,
    Finding,
    KeyPracticeEpisode,
    PrintedTeamMember,
    ResearchQuestion,
    Review,
    ReviewMembership,
    User,
)
from .document import Source, Text
from .markdown_docx import Para, Run


def review_field(review: Review, section: str, field: str, anchor: str, *, line=False) -> Text:
    value = getattr(review, anchor)
    source = Source(section, field, "reviews.edit", {"review_id": review.id}, anchor)
    return Text.line(value, source) if line else Text.markdown(value, source)


def research_question(q: ResearchQuestion) -> Text:
    params = {"review_id": q.review_id, "question_id": q.id}
    source = Source(
        "Introduction", f"Research question {q.position + 1}", "reviews.question_edit", params,
        "text",
    )  # fmt: skip
    return Text.markdown(q.text, source)


def team_member(m: ReviewMembership | PrintedTeamMember, anchor: str, field: str) -> Text:
    """A field of a team member with an account, or of one without (their own form)."""
    kind = "person" if isinstance(m, PrintedTeamMember) else "member"
    params = {"review_id": m.review_id, f"{kind}_id": m.id}
    source = Source("Introduction: the review team", field, f"reviews.{kind}_edit", params, anchor)
    return Text.line(getattr(m, anchor), source)


def user_name(user: User) -> Text:
    source = Source(
        "Introduction: the review team", "Lead reviewer's name", "admin.user",
        {"user_id": user.id}, "display_name",
    )  # fmt: skip
    return Text.line(user.display_name, source)


def case_group_member(m: CaseGroupMember, anchor: str, field: str) -> Text:
    params = {"review_id": m.review_id, "member_id": m.id}
    source = Source("Introduction: the case group", field, "casegroup.member_edit", params, anchor)
    return Text.line(getattr(m, anchor), source)


def episode(kpe: KeyPracticeEpisode, anchor: str, field: str, *, line=False) -> Text:
    params = {"review_id": kpe.review_id, "episode_id": kpe.id}
    source = Source(f"KPE {kpe.number}", field, "episodes.episode_edit", params, anchor)
    value = getattr(kpe, anchor)
    return Text.line(value, source) if line else Text.markdown(value, source)


def factor(f: ContributoryFactor, kpe: KeyPracticeEpisode) -> Text:
    params = {"review_id": kpe.review_id, "episode_id": kpe.id, "factor_id": f.id}
    source = Source(
        f"KPE {kpe.number}", f"Contributory factor ({f.level.label})", "episodes.factor_edit",
        params, "description",
    )  # fmt: skip
    return Text.markdown(f.description, source)


def finding(f: Finding, anchor: str, field: str, *, line=False) -> Text:
    params = {"review_id": f.review_id, "finding_id": f.id}
    source = Source(f"Finding {f.number}", field, "findings.finding_edit", params, anchor)
    value = getattr(f, anchor)
    return Text.line(value, source) if line else Text.markdown(value, source)


def finding_title(f: Finding, words: int = 16) -> Text:
    """What names a finding in headings and the contents: its short title, or else the first
    sentence of its statement, shortened at its last clause break within `words` words
    ("Assessment forms … have no place for the father's history, so the tools …" becomes
    "Assessment forms … have no place for the father's history")."""
    if f.short_title.strip():
        return finding(f, "short_title", "Short title", line=True)
    sentence = finding(f, "statement", "Statement").sentence(60)
    kept = sentence.plain.rstrip(".").split()
    if len(kept) <= words + 4:
        return sentence
    head = " ".join(kept[: words + 4])
    cut = max(head.rfind(mark) for mark in (", ", "; ", ": ", " – ", " — "))
    if cut >= len(" ".join(kept[:6])):
        shown = head[:cut]
    else:
        shown = " ".join(kept[:words]).rstrip(",;:–—-") + "…"
    return Text((Para([Run(shown)]),), sentence.source)


def lead_reviewers(review: Review, section: str) -> Text | list:
    """The lead reviewers as the report prints them: the review's own line when written, else
    the accounts' display names ("A, B and C") as segments of a line."""
    if review.lead_reviewer_names.strip():
        return review_field(review, section, "Lead reviewers' names", "lead_reviewer_names",
                            line=True)  # fmt: skip
    names: list = []
    leads = review.lead_reviewers
    for number, user in enumerate(leads):
        if number:
            names.append(" and " if number == len(leads) - 1 else ", ")
        names.append(user_name(user))
    return names


def board_question(q: BoardQuestion, f: Finding) -> Text:
    params = {"review_id": f.review_id, "finding_id": f.id, "question_id": q.id}
    source = Source(
        f"Finding {f.number}", f"Question for the Board {q.position + 1}",
        "findings.question_edit", params, "text",
    )  # fmt: skip
    return Text.markdown(q.text, source)


def board_response(f: Finding) -> Text:
    params = {"review_id": f.review_id, "finding_id": f.id}
    source = Source(
        f"The Board's response: Finding {f.number}", "Response", "board.respond", params,
        "response",
    )  # fmt: skip
    return Text.markdown(f.response.response if f.response else "", source)


def board_action(a: BoardAction, f: Finding, anchor: str, field: str) -> Text:
    params = {"review_id": f.review_id, "finding_id": f.id, "action_id": a.id}
    source = Source(
        f"The Board's response: Finding {f.number}", f"Action {a.position + 1}: {field}",
        "board.action_edit", params, anchor,
    )  # fmt: skip
    value = getattr(a, anchor)
    long = anchor in ("what", "reason", "evidence_of_impact")
    return Text.markdown(value, source) if long else Text.line(value, source)


def timeline(review: Review) -> Source:
    """The figure's lanes and labels come from the chronology's and the KPEs' agencies."""
    return Source(
        "Appraisal of practice: the child's journey", "Timeline figure", "chronology.index",
        {"review_id": review.id},
    )  # fmt: skip
