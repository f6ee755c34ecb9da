"""The guided workflow: what each stage of a review needs, what is missing, and status moves.

Plain functions over the models, so they are tested without a request. A *required* gap blocks
sign-off; an *advisory* gap is what the Quality Markers ask for but a Board may accept without.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from .models import Review, ReviewStatus, TeamRole


@dataclass(frozen=True)
class Gap:
    """Something missing, with the page (endpoint and arguments) where it is put right."""

    message: str
    endpoint: str
    params: dict = field(default_factory=dict)
    anchor: str = ""
    required: bool = True


@dataclass
class Stage:
    """One stage of the method, with what is done and what is missing."""

    key: str
    number: int
    title: str
    help: str
    endpoint: str
    done: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    waiting: bool = False  # the stage cannot start until an earlier one is finished

    @property
    def required_gaps(self) -> list[Gap]:
        return [g for g in self.gaps if g.required]

    @property
    def state(self) -> str:
        """complete, attention (only advisory gaps), missing (required gaps), not-started or
        waiting."""
        if self.waiting:
            return "waiting"
        if self.required_gaps:
            return "missing" if self.done else "not-started"
        return "attention" if self.gaps else "complete"

    @property
    def state_label(self) -> str:
        return {
            "complete": "Complete",
            "attention": "Complete, with suggestions",
            "missing": "In progress: items missing",
            "not-started": "Not started",
            "waiting": "After sign-off",
        }[self.state]


STAGE_HELP = {
    "preparation": "Choose the review type and the period under review, agree the research "
    "questions (the open questions the review will answer, in place of terms of reference), "
    "and assemble two lead reviewers and a review team of senior managers not involved in the "
    "case.",
    "data_collection": "Name the case group: the practitioners and first-line managers who "
    "worked with the family, by role and agency, never by name. Hold a structured conversation "
    "with each about the case as it looked then: what they knew, did and why, what helped or "
    "hindered. Family members may contribute in the same way.",
    "analysis": "Build the chronology from the agencies' perspectives, then pick the key "
    "practice episodes that explain how the case developed. For each: what happened, an "
    "appraisal with hindsight, why it made sense at the time, and its contributory factors. "
    "Check them with the case group at follow-on meeting 1.",
    "findings": "Move from this case to the system: write each finding as a systemic pattern "
    "under the SCIE headings, test that it is not peculiar to this case, prioritise, and give "
    "the Board questions to answer. Check them with the case group at follow-on meeting 2.",
    "sign_off": "The report is quality-assured and signed off by the Board, then published, "
    "anonymised. Sign-off is refused while required items are missing.",
    "board_response": "Once the review is signed off, the Board answers each finding's "
    "questions, sets actions with owners and dates, and later evaluates their effect.",
}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def preparation(review: Review) -> Stage:
    stage = Stage("preparation", 1, "Preparation", STAGE_HELP["preparation"], "reviews.edit")
    rid = {"review_id": review.id}
    if review.review_type_id:
        stage.done.append(f"Review type: {review.review_type.label}")
    else:
        stage.gaps.append(Gap("No review type chosen", "reviews.edit", rid, "review_type_id"))
    if review.period_start and review.period_end:
        stage.done.append("Period under review set")
    else:
        stage.gaps.append(
            Gap("The period under review is not set", "reviews.edit", rid, "period_start")
        )
    for attr, label in (("reason_for_review", "why this case"), ("summary", "the case in brief")):
        if getattr(review, attr).strip():
            stage.done.append(f"Written: {label}")
        else:
            stage.gaps.append(Gap(f"Nothing written on {label}", "reviews.edit", rid, attr))
    if not review.family_composition.strip():
        stage.gaps.append(
            Gap(
                "No family composition (in pseudonyms)",
                "reviews.edit",
                rid,
                "family_composition",
                required=False,
            )
        )
    questions = len(review.research_questions)
    if questions:
        stage.done.append(_plural(questions, "research question"))
    else:
        stage.gaps.append(Gap("No research questions yet", "reviews.question_new", rid))
    leads = len(review.members_with(TeamRole.LEAD))
    if leads >= 2:
        stage.done.append(f"{leads} lead reviewers")
    else:
        message = "Only one lead reviewer" if leads == 1 else "No lead reviewer"
        stage.gaps.append(Gap(f"{message}: the method expects two", "reviews.team", rid))
    team = len(review.members_with(TeamRole.TEAM)) + len(review.printed_team)
    if team:
        stage.done.append(_plural(team, "review team member"))
    else:
        stage.gaps.append(Gap("No review team members yet", "reviews.team", rid, required=False))
    people = [(m, m.user.display_name, "member") for m in review.memberships]
    people += [(p, p.name or "A team member without an account", "person")
               for p in review.printed_team]  # fmt: skip
    for person, name, kind in people:  # the report prints each as "job title, agency"
        missing = [w for w, v in (("job title", person.role_title), ("agency", person.agency))
                   if not (v or "").strip()]  # fmt: skip
        if missing:
            stage.gaps.append(
                Gap(
                    f"{name} has no {' or '.join(missing)} for the report",
                    f"reviews.{kind}_edit",
                    {**rid, f"{kind}_id": person.id},
                    "role_title" if "job title" in missing else "agency",
                    required=False,
                )
            )
    return stage


def data_collection(review: Review) -> Stage:
    stage = Stage(
        "data_collection",
        2,
        "Case group and conversations",
        STAGE_HELP["data_collection"],
        "casegroup.index",
    )
    rid = {"review_id": review.id}
    practitioners = [m for m in review.case_group if not m.is_family_member]
    if practitioners:
        stage.done.append(_plural(len(practitioners), "case group member"))
    else:
        stage.gaps.append(Gap("No case group members yet", "casegroup.member_new", rid))
    silent = [m for m in review.case_group if not m.has_notes]
    if silent:
        names = ", ".join(m.label for m in silent)
        count = len(silent)
        verb = "has" if count == 1 else "have"
        stage.gaps.append(
            Gap(
                f"{_plural(count, 'case group member')} {verb} no conversation recorded ({names})",
                "casegroup.conversation",
                {**rid, "member_id": silent[0].id},
            )
        )
    elif review.case_group:
        stage.done.append("A conversation is recorded with every member")
    undated = [m for m in review.case_group if m.has_notes and m.conversation_date is None]
    if undated:
        stage.gaps.append(
            Gap(
                f"{_plural(len(undated), 'conversation')} without a date",
                "casegroup.conversation",
                {**rid, "member_id": undated[0].id},
                "conversation_date",
                required=False,
            )
        )
    return stage


EPISODE_FIELDS = (
    ("what_happened", "no account of what happened"),
    ("appraisal", "no appraisal of practice"),
    ("explanation", "no explanation (why it made sense at the time)"),
)


def analysis(review: Review) -> Stage:
    stage = Stage(
        "analysis",
        3,
        "Chronology and key practice episodes",
        STAGE_HELP["analysis"],
        "episodes.index",
    )
    rid = {"review_id": review.id}
    if review.chronology:
        stage.done.append(
            _plural(len(review.chronology), "chronology entry").replace("entrys", "entries")
        )
    else:
        stage.gaps.append(Gap("The chronology is empty", "chronology.entry_new", rid))
    if review.episodes:
        stage.done.append(_plural(len(review.episodes), "key practice episode"))
    else:
        stage.gaps.append(Gap("No key practice episodes yet", "episodes.episode_new", rid))
    for kpe in review.episodes:
        where = {**rid, "episode_id": kpe.id}
        for attr, missing in EPISODE_FIELDS:
            if not getattr(kpe, attr).strip():
                stage.gaps.append(
                    Gap(f"KPE {kpe.number} has {missing}", "episodes.episode_edit", where, attr)
                )
        if not kpe.factors:
            stage.gaps.append(
                Gap(
                    f"KPE {kpe.number} has no contributory factors",
                    "episodes.episode_edit",
                    where,
                    "factors",
                )
            )
        if not kpe.hindsight_guard.strip():
            stage.gaps.append(
                Gap(
                    f"KPE {kpe.number} does not say how hindsight bias was guarded against",
                    "episodes.episode_edit",
                    where,
                    "hindsight_guard",
                    required=False,
                )
            )
    if review.case_group and not any(m.attended_meeting_1 for m in review.case_group):
        stage.gaps.append(
            Gap("No one is recorded at follow-on meeting 1", "casegroup.index", rid, required=False)
        )
    return stage


FINDING_HEADINGS = (
    ("manifestation", "does not say how the issue manifested in this case"),
    ("underlying_evidence", "does not show it is an underlying issue"),
    ("prevalence", "does not say how widespread the pattern is"),
    ("significance", "does not say why it matters"),
)


def findings(review: Review) -> Stage:
    stage = Stage("findings", 4, "Findings", STAGE_HELP["findings"], "findings.index")
    rid = {"review_id": review.id}
    if review.findings:
        stage.done.append(_plural(len(review.findings), "finding"))
    else:
        stage.gaps.append(Gap("No findings yet", "findings.finding_new", rid))
    for finding in review.findings:
        where = {**rid, "finding_id": finding.id}
        label = f"Finding {finding.number}"
        if finding.category_id is None:
            stage.gaps.append(
                Gap(f"{label} has no category", "findings.finding_edit", where, "category_id")
            )
        for attr, missing in FINDING_HEADINGS:
            if not getattr(finding, attr).strip():
                stage.gaps.append(Gap(f"{label} {missing}", "findings.finding_edit", where, attr))
        if not finding.episodes:
            stage.gaps.append(
                Gap(f"{label} is linked to no KPE", "findings.finding_edit", where, "episode_ids")
            )
        if not finding.questions:
            stage.gaps.append(
                Gap(f"{label} has no Board questions", "findings.finding_edit", where, "questions")
            )
        if not finding.priority:
            stage.gaps.append(
                Gap(
                    f"{label} is not prioritised",
                    "findings.finding_edit",
                    where,
                    "priority",
                    required=False,
                )
            )
    if review.case_group and not any(m.attended_meeting_2 for m in review.case_group):
        stage.gaps.append(
            Gap("No one is recorded at follow-on meeting 2", "casegroup.index", rid, required=False)
        )
    return stage


def sign_off(review: Review) -> Stage:
    stage = Stage("sign_off", 5, "Report and sign-off", STAGE_HELP["sign_off"], "reviews.show")
    rid = {"review_id": review.id}
    if review.signed_off_on:
        stage.done.append(f"Signed off on {review.signed_off_on:%d %B %Y}")
    if review.published_on:
        stage.done.append(f"Published on {review.published_on:%d %B %Y}")
    if not review.signed_off_on:
        stage.gaps.append(Gap("Not yet signed off", "reviews.show", rid, "status"))
    elif not review.published_on:
        stage.gaps.append(
            Gap("Signed off, not yet published", "reviews.show", rid, "status", required=False)
        )
    return stage


def board_response(review: Review, today: date | None = None) -> Stage:
    stage = Stage(
        "board_response", 6, "Board response", STAGE_HELP["board_response"], "board.index"
    )
    stage.waiting = review.status not in (ReviewStatus.SIGNED_OFF, ReviewStatus.PUBLISHED)
    if stage.waiting:
        return stage
    today = today or date.today()
    for finding in review.findings:
        where = {"review_id": review.id, "finding_id": finding.id}
        if finding.has_response:
            stage.done.append(f"The Board has responded to {finding.label}")
        else:
            stage.gaps.append(Gap(f"{finding.label} has no Board response", "board.respond", where))
        if not finding.actions:
            stage.gaps.append(
                Gap(f"{finding.label} has no actions", "board.action_new", where, required=False)
            )
        for number, action in enumerate(finding.actions, start=1):
            if action.is_overdue(today):
                stage.gaps.append(
                    Gap(
                        f"{finding.label}, action {number} is overdue "
                        f"(due {action.due_on:%d %B %Y})",
                        "board.action_edit",
                        {**where, "action_id": action.id},
                    )
                )
    return stage


def stages(review: Review) -> list[Stage]:
    """Every stage of the method for this review, in order."""
    return [
        f(review)
        for f in (preparation, data_collection, analysis, findings, sign_off, board_response)
    ]


def sign_off_blockers(review: Review) -> list[Gap]:
    """The required items still missing from the stages before sign-off."""
    return [g for s in stages(review)[:4] for g in s.required_gaps]


class WorkflowError(Exception):
    """A status change the method does not allow, with the reasons."""

    def __init__(self, message: str, gaps: list[Gap] | None = None):
        super().__init__(message)
        self.gaps = gaps or []


# Each status may move one step on, or (until published) one step back to reopen work.
ORDER = [s for s in ReviewStatus]


def allowed_moves(review: Review) -> list[ReviewStatus]:
    index = ORDER.index(review.status_enum)
    if review.status_enum is ReviewStatus.PUBLISHED:
        return []
    moves = [ORDER[index + 1]]
    if index > 0:
        moves.append(ORDER[index - 1])
    return moves


def identifier_gaps(review: Review) -> list[Gap]:
    """Identifying details in the review's publication: the one scan that the publication
    exports, the reading view and the check page use too (so sign-off agrees with them)."""
    from .exports.publication import publication_hits  # imported here: exports load the models

    return [
        Gap(
            message=f"{hit.section} – {hit.field}: {hit.match.detail}",
            endpoint=hit.endpoint,
            params=hit.params,
            anchor=hit.anchor,
        )
        for hit in publication_hits(review)
    ]


def change_status(
    review: Review, target: ReviewStatus, today: date | None = None, approval=None
) -> None:
    """Move the review to `target`, refusing sign-off while required items are missing.

    `approval` (a moves.Approval) records the Board's approval with a publication.
    """
    today = today or date.today()
    if target not in allowed_moves(review):
        raise WorkflowError(
            f"A {review.status_enum.label.lower()} review cannot move to {target.label.lower()}."
        )
    if target is ReviewStatus.SIGNED_OFF:
        # Identifying details are checked here too: after sign-off the text can't be edited.
        blockers = sign_off_blockers(review) + identifier_gaps(review)
        if blockers:
            raise WorkflowError("Sign-off is refused until these are put right.", blockers)
        review.signed_off_on = review.signed_off_on or today
    if target is ReviewStatus.PUBLISHED:
        hits = identifier_gaps(review)
        if hits:
            raise WorkflowError("Publication is refused while identifying details remain.", hits)
        review.published_on = review.published_on or today
        if approval is not None:
            if approval.on > today:
                raise WorkflowError("The Board's approval cannot be dated in the future.")
            review.approved_by, review.approved_on = approval.by, approval.on
            review.approval_minute = approval.minute
    if target is ReviewStatus.FINDINGS and review.status_enum is ReviewStatus.SIGNED_OFF:
        review.signed_off_on = None
    review.status = target
    review.status_changed_at = datetime.now(UTC)
