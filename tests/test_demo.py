"""The demo data: idempotent, complete enough to sign off, and every printed login works."""

import pytest
from sqlalchemy import func, select

from review import create_app
from review.demo import WORKED_TITLE, load_demo
from review.extensions import db
from review.models import Review, ReviewStatus, TeamRole, User
from review.taxonomy import load_taxonomies
from review.workflow import sign_off_blockers


@pytest.fixture
def demo_app(tmp_path, monkeypatch):
    monkeypatch.setenv("REVIEW_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "d.sqlite"),
            "WTF_CSRF_ENABLED": False,
            "WHOOSH_INDEX_DIR": str(tmp_path / "whoosh"),
            "EXPORTS_DIR": str(tmp_path / "exports"),
        }
    )
    with app.app_context():
        db.create_all()
        load_taxonomies()
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


#: append-only logs: a second load is itself recorded (it resets the demo passwords)
LOGS = {"audit_event", "sign_in_attempt"}


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
        if table.name not in LOGS
    }


def worked_review() -> Review:
    return db.session.scalar(select(Review).where(Review.title == WORKED_TITLE))


def test_load_demo_is_idempotent(demo_app):
    first_logins = load_demo()
    db.session.commit()
    first = row_counts()
    assert first["review"] == 4
    assert first["board"] == 2

    second_logins = load_demo()
    db.session.commit()
    assert row_counts() == first
    assert second_logins == first_logins


def test_logins_cover_every_role_and_their_passwords_work(demo_app):
    logins = load_demo()
    db.session.commit()
    assert logins[0][1] == "admin@demo.example.org"
    emails = [email for _, email, _ in logins]
    assert len(set(emails)) == len(emails) == 6
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert {users[e].role for e in emails} == {
        "admin",
        "lead_reviewer",
        "team_member",
        "board_member",
        "practitioner",
    }
    for _, email, password in logins:
        assert len(password) >= 10
        assert users[email].check_password(password)
        assert users[email].active
    board_member = users["board@demo.example.org"]
    assert board_member.board is not None
    assert board_member.board.name == "Northbridge Safeguarding Children Partnership"


def test_rerunning_resets_demo_passwords(demo_app):
    logins = load_demo()
    db.session.commit()
    _, email, password = logins[1]
    user = db.session.scalar(select(User).where(User.email == email))
    user.set_password("someone-changed-it")
    db.session.commit()
    assert not user.check_password(password)

    load_demo()
    db.session.commit()
    assert user.check_password(password)


def test_worked_review_meets_the_minimums(demo_app):
    load_demo()
    db.session.commit()
    review = worked_review()
    assert review.status == ReviewStatus.FINDINGS
    assert review.review_type.key == "lt_full"
    assert review.subject_pseudonym == "Child A"
    assert len(review.research_questions) == 4
    assert len(review.members_with(TeamRole.LEAD)) == 2
    assert len(review.members_with(TeamRole.TEAM)) == 1
    assert all(m.role_title and m.agency for m in review.memberships)

    assert len(review.chronology) >= 8
    assert all(entry.source for entry in review.chronology)
    assert len({entry.agency for entry in review.chronology}) >= 6

    practitioners = [m for m in review.case_group if not m.is_family_member]
    assert len(practitioners) >= 6
    assert any(m.is_family_member for m in review.case_group)
    for member in review.case_group:
        assert member.conversation is not None and not member.conversation.is_empty
        assert member.conversation_date is not None
    assert all(m.agency_type is not None for m in review.case_group)

    assert len(review.episodes) >= 6
    effects = set()
    for kpe in review.episodes:
        assert 2 <= len(kpe.factors) <= 4
        assert len({f.level_id for f in kpe.factors}) == len(kpe.factors)
        assert kpe.hindsight_guard and kpe.how_normal
        effects.update(f.effect for f in kpe.factors)
    assert effects == {"supports", "hinders"}

    assert len(review.findings) >= 4
    assert len({f.category_id for f in review.findings}) >= 4
    for finding in review.findings:
        assert 2 <= len(finding.questions) <= 3
        assert finding.episodes and finding.themes and finding.priority


def test_every_factor_subfactor_belongs_to_its_level(demo_app):
    load_demo()
    db.session.commit()
    for review in db.session.scalars(select(Review)):
        for kpe in review.episodes:
            for factor in kpe.factors:
                assert factor.subfactor.parent_id == factor.level_id


def test_worked_and_published_reviews_can_be_signed_off(demo_app):
    load_demo()
    db.session.commit()
    assert sign_off_blockers(worked_review()) == []

    published = list(
        db.session.scalars(select(Review).where(Review.status == ReviewStatus.PUBLISHED))
    )
    assert len(published) == 3
    assert {r.review_type.key for r in published} == {"lt_short", "cspr", "sar"}
    assert {r.board.kind.key for r in published if r.review_type.key == "sar"} == {"sab"}
    for review in published:
        assert sign_off_blockers(review) == [], review.title
        assert review.published_on and review.signed_off_on
        assert 2023 <= review.published_on.year <= 2025
        assert review.signed_off_on <= review.published_on
        assert len(review.lead_reviewers) == 2


def test_a_published_review_shows_the_boards_response(demo_app):
    from datetime import date

    from review import board
    from review.models import Board

    with demo_app.app_context():
        load_demo()
        db.session.commit()
        member = db.session.scalar(select(User).where(User.email == "board@demo.example.org"))
        picture = board.dashboard(db.session.get(Board, member.board_id), member, date(2025, 6, 1))
        assert [a.what for a in picture.overdue] == [
            "Multi-agency training on working with fathers and hidden men."
        ]
        assert len(picture.done_this_year) == 1
        assert any(f.review.title.startswith("Child C") for f in picture.awaiting)


def test_the_demo_reviews_are_a_worked_example_of_the_import_format():
    """The demo is an import file in the documented format, using every part of it."""
    from review.demo import demo_file
    from review.transfer import schema_errors

    data = demo_file("reviews.json")
    assert schema_errors(data) == []
    reviews = data["reviews"]
    assert {r["status"] for r in reviews} == {"findings", "published"}
    team = [p for r in reviews for p in r["review_team"]]
    assert any("account" in p for p in team) and any("account" not in p for p in team)
    findings = [f for r in reviews for f in r["findings"]]
    assert any(f.get("board_response", {}).get("actions") for f in findings)
    # The working file names only reviews and case group members the file has.
    working = demo_file("working-file.json")["reviews"]
    labels = {r["title"]: {m["label"] for m in r["case_group"]} for r in reviews}
    for title, spec in working.items():
        assert set(spec["conversations"]) <= labels[title], title


def test_the_worked_review_prints_a_team_member_without_an_account(demo_app):
    load_demo()
    db.session.commit()
    review = worked_review()
    assert [p.name for p in review.printed_team] == ["Dr Dee Example"]
    assert review.status_changed_at is not None


def test_a_renamed_demo_account_is_named_again_so_the_team_links(demo_app):
    load_demo()
    db.session.commit()
    lead = db.session.scalar(select(User).where(User.email == "lead@demo.example.org"))
    lead.display_name = "Renamed by someone"
    for review in db.session.scalars(select(Review)):
        db.session.delete(review)
    db.session.commit()
    load_demo()  # would refuse if the worked review's lead reviewer could not be linked
    db.session.commit()
    assert lead.display_name == "Demo Lead Reviewer 1"
    assert lead in worked_review().lead_reviewers
