"""Invented demo data: two boards, one user per role, one worked review and three published ones.

EVERYTHING HERE IS INVENTED. The boards, agencies, people and events are fictional; children,
family members and practitioners appear only as pseudonyms ("Child A", "Mother", "Social
Worker 1"), as they would in a published review. No real place, school or address is named.

The reviews are an import file in the documented JSON format (`data/demo/reviews.json`, see
docs/import-format.md), so the demo is also a worked example of the format. This module adds
what a file never carries: the accounts, with their passwords, and the working file's
conversation notes and status dates (`data/demo/working-file.json`).

`load_demo()` is idempotent: boards are keyed on their names, users on their emails and
reviews (by the import) on their board and title, so a second run adds nothing; it does reset
the demo users' passwords (and roles and names) so that the logins it returns always work. It
never commits: the `flask demo` command does.
"""

import json
from datetime import UTC, date, datetime, time
from importlib import resources

from sqlalchemy import func, select

from .extensions import db
from .models import Board, Conversation, Review, Role, TaxonomyKind, User
from .taxonomy import term
from .transfer import import_reviews

CHILDREN_BOARD = "Northbridge Safeguarding Children Partnership"
WORKED_TITLE = "Child A: a Learning Together systems review"

# key, role, login label, email, display name (as the reviews file names it), password, board
USERS = [
    ("admin", Role.ADMIN, "Admin", "admin@demo.example.org", "Demo Administrator",
     "demo-admin-pass", None),
    ("lead", Role.LEAD_REVIEWER, "Lead reviewer", "lead@demo.example.org", "Demo Lead Reviewer 1",
     "demo-lead-pass", None),
    ("lead2", Role.LEAD_REVIEWER, "Lead reviewer 2", "lead2@demo.example.org",
     "Demo Lead Reviewer 2", "demo-lead2-pass", None),
    ("team", Role.TEAM_MEMBER, "Team member", "team@demo.example.org", "Demo Review Team Member",
     "demo-team-pass", None),
    ("board", Role.BOARD_MEMBER, "Board member", "board@demo.example.org", "Demo Board Member",
     "demo-board-pass", CHILDREN_BOARD),
    ("practitioner", Role.PRACTITIONER, "Practitioner", "practitioner@demo.example.org",
     "Demo Practitioner", "demo-practitioner-pass", None),
]  # fmt: skip


def demo_file(name: str) -> dict:
    """One of the demo's data files (`reviews.json`, `working-file.json`)."""
    text = resources.files("review").joinpath("data/demo", name).read_text("utf-8")
    return json.loads(text)


def _ensure_boards(reviews: dict) -> dict[str, Board]:
    """The boards the reviews name (the board member's board must exist before the import)."""
    boards = {}
    for spec in (r["board"] for r in reviews["reviews"]):
        name = spec["name"]
        board = boards.get(name) or db.session.scalar(select(Board).where(Board.name == name))
        if board is None:
            board = Board(name=name, kind=term(TaxonomyKind.BOARD_KIND, spec["kind"]))
            db.session.add(board)
        boards[name] = board
    db.session.flush()
    return boards


def _ensure_users(boards: dict[str, Board]) -> list[tuple[str, str, str]]:
    """Create the demo users, or reset an existing one's password, role, board and name (the
    reviews file links its team to the accounts by display name)."""
    logins = []
    for _key, role, label, email, name, password, board_name in USERS:
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is None:
            user = User(email=email, display_name=name)
            db.session.add(user)
        user.display_name = name
        user.role = role.value
        user.board = boards[board_name] if board_name else None
        user.active = True
        user.set_password(password)
        logins.append((label, email, password))
    db.session.flush()
    return logins


def _add_working_file(review: Review, spec: dict) -> None:
    """What only the review's team sees: conversation notes, and when the status last moved."""
    notes = spec.get("conversations", {})
    for member in review.case_group:
        if member.label in notes:
            member.conversation = Conversation(**notes[member.label])
    changed = review.published_on or (
        date.fromisoformat(spec["status_changed_on"]) if "status_changed_on" in spec else None
    )
    if changed:
        review.status_changed_at = datetime.combine(changed, time(12), tzinfo=UTC)


def load_demo() -> list[tuple[str, str, str]]:
    """Add the demo boards, users and reviews that are missing; return the logins, admin first.

    Safe to run again: nothing is duplicated, and the demo users' passwords are reset to the
    ones returned. The caller commits.
    """
    reviews = demo_file("reviews.json")
    with db.session.no_autoflush:
        logins = _ensure_users(_ensure_boards(reviews))
    result = import_reviews(reviews)  # reviews already there are skipped
    if result.notes:  # e.g. a display name above no longer matches the file's accounts
        raise RuntimeError("The demo reviews did not import cleanly: " + "; ".join(result.notes))
    working = demo_file("working-file.json")["reviews"]
    for review in result.imported:
        _add_working_file(review, working.get(review.title, {}))
    db.session.flush()
    return logins
