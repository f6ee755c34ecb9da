"""The case group and the structured conversations held with each member."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from .. import conflicts, loading
from ..access import review_route
from ..crud import RecordKind, permissions, register
from ..extensions import db
from ..forms.casegroup import CaseGroupMemberForm, ConversationForm
from ..models import CaseGroupMember, Conversation, Review

bp = Blueprint("casegroup", __name__, url_prefix="/reviews/<int:review_id>/case-group")


@bp.route("/")
@review_route()
def index(review: Review):
    review = loading.load(review, "case_group")
    return render_template("casegroup/index.html", review=review, can=permissions(review))


def _member(review: Review, member_id: int) -> CaseGroupMember:
    member = db.session.get(CaseGroupMember, member_id)
    if member is None or member.review_id != review.id:
        abort(404)
    return member


@bp.route("/<int:member_id>")
@review_route()
def show(review: Review, member_id: int):
    member = _member(review, member_id)
    return render_template(
        "casegroup/show.html", review=review, member=member, can=permissions(review)
    )


@bp.route("/<int:member_id>/conversation", methods=["GET", "POST"])
@review_route(edit=True)
def conversation(review: Review, member_id: int):
    member = _member(review, member_id)
    form = _conversation_form(member)
    conflicts.loaded(form, member.conversation)
    conflict = None
    if form.validate_on_submit():
        conflict = conflicts.conflict(
            form,
            member.conversation,
            lambda: _conversation_form(member, formdata=None),
        )
        if not conflict:
            if member.conversation is not None or form.has_notes():
                member.conversation = member.conversation or Conversation()
                form.apply(member.conversation)
            member.conversation_date = form.conversation_date.data
            member.attended_meeting_1 = form.attended_meeting_1.data
            member.attended_meeting_2 = form.attended_meeting_2.data
            db.session.commit()
            flash(
                f"Saved the conversation with {member.label}: {member.conversation_state.lower()}.",
                "success",
            )
            return redirect(url_for("casegroup.show", review_id=review.id, member_id=member.id))
    return render_template(
        "records/form.html",
        form=form,
        review=review,
        title=f"Conversation with {member.label}",
        intro="Record the case as it looked to them at the time. Avoid hindsight: ask what "
        "they knew then, not what is known now.",
        cancel=url_for("casegroup.show", review_id=review.id, member_id=member.id),
        conflict=conflict,
    ), 409 if conflict else 200


def _conversation_form(member: CaseGroupMember, **kwargs) -> ConversationForm:
    """The conversation form filled from the notes and from the member's date and meetings."""
    return ConversationForm(
        obj=member.conversation,
        conversation_date=member.conversation_date,
        attended_meeting_1=member.attended_meeting_1,
        attended_meeting_2=member.attended_meeting_2,
        **kwargs,
    )


register(
    bp,
    RecordKind(
        name="member",
        model=CaseGroupMember,
        form=CaseGroupMemberForm,
        noun="case group member",
        collection=lambda review: review.case_group,
        after=lambda m: url_for("casegroup.index", review_id=m.review.id),
        describe=lambda m: m.label,
        delete_warning=lambda m: (
            "The notes of the conversation with them will be deleted too."
            if m.conversation
            else None
        ),
        help="Identify each member by role and agency only. The label is how the report will "
        "refer to them.",
    ),
)
