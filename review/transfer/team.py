"""The review team in the transfer format: accounts never travel, so people are linked by name.

A `review_team` entry with an `account` is someone who uses the app: on import it is linked to
the one active account of that display name that may take that part (a lead reviewer's account
for a lead), or noted and left out. An entry without `account` is a team member without an
account, printed in the report by name, job title and agency.
"""

from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import select

from ..extensions import db
from ..models import PrintedTeamMember, Review, ReviewMembership, Role, TeamRole, User
from .lookups import fold

Note = Callable[[str], None]


def accounts() -> dict[str, list[User]]:
    """Active lead reviewer and team member accounts by folded display name (names repeat)."""
    found: dict[str, list[User]] = defaultdict(list)
    query = select(User).where(
        User.role.in_([Role.LEAD_REVIEWER, Role.TEAM_MEMBER]), User.active.is_(True)
    )
    for user in db.session.scalars(query):
        found[fold(user.display_name)].append(user)
    return found


def export_team(review: Review) -> list[dict]:
    """Every row of the report's review team: people with accounts first, then without."""
    rows = [
        {
            "part": m.team_role,
            "account": m.user.display_name,
            "name": m.printed_name,
            "role": m.role_title,
            "agency": m.agency,
        }
        for m in review.memberships
    ]
    rows += [
        {"name": p.name, "role": p.role_title, "agency": p.agency} for p in review.printed_team
    ]
    return rows


class TeamImport:
    """Links one review's team as the file gives it, each account once."""

    def __init__(self, review: Review, users: dict[str, list[User]], where: str, note: Note):
        self.review, self.users, self.where, self.note = review, users, where, note
        self.linked: set[int] = set()

    def entries(self, items: list[dict], problem: Callable[[str, str], None]) -> None:
        for i, spec in enumerate(items):
            path = f"review_team[{i}]"
            part = spec.get("part", TeamRole.TEAM)
            if "account" in spec:
                self.link(spec["account"], part, spec)
            elif part != TeamRole.TEAM:
                problem(f"{path} → part", "a lead reviewer uses the app: give their `account`")
            elif not spec.get("name", "").strip():
                problem(f"{path} → name", "missing: a team member without an account is printed "
                        "by name")  # fmt: skip
            else:
                self.review.printed_team.append(
                    PrintedTeamMember(
                        name=" ".join(spec["name"].split()),
                        role_title=spec.get("role", ""),
                        agency=spec.get("agency", ""),
                    )
                )

    def leads(self, names: list[str]) -> None:
        """The older `lead_reviewers` list: display names of lead reviewers, nothing else."""
        for name in names:
            self.link(name, TeamRole.LEAD, {}, again_ok=True)

    def link(self, name: str, part: str, spec: dict, again_ok: bool = False) -> None:
        users = [
            u for u in self.users.get(fold(name), [])
            if part != TeamRole.LEAD or u.role == Role.LEAD_REVIEWER
        ]  # fmt: skip
        noun = "lead reviewer" if part == TeamRole.LEAD else "review team member"
        if len(users) == 1 and users[0].id in self.linked:
            if not again_ok:
                self.note(f'{self.where}: "{name}" is on the team twice; linked once')
        elif len(users) == 1:
            self.linked.add(users[0].id)
            self.review.memberships.append(
                ReviewMembership(
                    user=users[0],
                    team_role=part,
                    printed_name=" ".join(spec.get("name", "").split()),
                    role_title=spec.get("role", ""),
                    agency=spec.get("agency", ""),
                )
            )
        elif not users:
            account = "lead reviewer account" if part == TeamRole.LEAD else "account"
            self.note(
                f'{self.where}: {noun} "{name}" has no {account} here; not linked (add them on '
                "the review's team page)"
            )
        else:
            self.note(
                f'{self.where}: {len(users)} {noun} accounts are called "{name}"; not linked '
                "(add the right one on the review's team page)"
            )
