"""Who may see and change which review, checked over every route of the app.

The expectations come from a small table of the access rules written out here, not from
review.access: admin reads published reviews only; a lead reviewer edits the reviews they
are on and manages the team of those they lead; a team member edits the reviews they are
on; a board member reads every review of their own board (drafts too) and the published
reviews of other boards, and edits nothing; a practitioner reads published reviews only.
A review the user may not see is a 404 that shows none of it; a review they may see but not
change is a 403 on every edit route; signed-off and published reviews are read-only.

The confidentiality boundary: outside a review's team and its Board, people see its
publication and nothing else. Every route is a working page (404 to them, as an unseen review
is) unless it is named in PUBLICATION_ENDPOINTS, which says what they get instead; and no page
they can open shows a word of the working material (chronology, conversation notes, case group
labels, protected terms).

The route walk discovers every URL rule with a `review_id` from `app.url_map`, so a new route
is covered as soon as it exists: routes not named as read routes below are expected to be
edit routes (the strict default), and an unknown URL argument fails the test.
"""

import html
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date

import pytest
from conftest import PASSWORD, USERS
from markupsafe import escape
from sqlalchemy import select

from review.extensions import db
from review.models import (
    AuditEvent,
    BoardAction,
    BoardQuestion,
    CaseGroupMember,
    ChronologyEntry,
    ContributoryFactor,
    Conversation,
    Finding,
    KeyPracticeEpisode,
    PrintedTeamMember,
    ProtectedTerm,
    ResearchQuestion,
    Review,
    ReviewStatus,
    TaxonomyKind,
    TaxonomyTerm,
    User,
)
from review.taxonomy import term

ROLES = list(USERS)
REVIEWS = ("draft", "published", "other_draft")

# The rules, as a table over the `world` fixture (see tests/conftest.py).
VIEWERS = {
    "draft": {"lead", "team", "board_member"},
    "published": set(ROLES),
    "other_draft": {"outsider_lead", "outsider_team", "other_board_member"},
}
EDITORS = {  # on the review's team, and the review is still editable
    "draft": {"lead", "team"},
    "published": set(),
    "other_draft": {"outsider_lead", "outsider_team"},
}
LEADS = {  # lead reviewers of the review (whatever its status)
    "draft": {"lead"},
    "published": {"outsider_lead"},
    "other_draft": {"outsider_lead"},
}
LEAD_REVIEWER_ROLES = {"lead", "lead2", "outsider_lead"}
ON_TEAM = {  # lead or team member of the review, whatever its status
    "draft": {"lead", "team"},
    "published": {"outsider_lead"},
    "other_draft": {"outsider_lead", "outsider_team"},
}
INSIDERS = {  # the review's team and the members of its Board: they see the working pages
    "draft": {"lead", "team", "board_member"},
    "published": {"outsider_lead", "other_board_member"},
    "other_draft": {"outsider_lead", "outsider_team", "other_board_member"},
}
#: What someone outside the team and the Board gets from each route open to them: the reading
#: view (200), the publication downloads (200), and a redirect into the reading view (302).
PUBLICATION_ENDPOINTS = {
    "reviews.show": 200,
    "publication.read": 200,
    "exports.report": 200,
    "exports.briefing": 200,
    "findings.show": 302,
    "episodes.show": 302,
}
RESPONDERS = {  # board members of the review's board, once it is signed off or published
    "draft": set(),
    "published": {"other_board_member"},
    "other_draft": set(),
}

# Pages that only show a review. Every other review route is treated as changing it.
READ_ENDPOINTS = {
    "reviews.show",
    "publication.read",
    "reviews.preparation",
    "reviews.team",
    "casegroup.index",
    "casegroup.show",
    "chronology.index",
    "episodes.index",
    "episodes.show",
    "findings.index",
    "findings.show",
    "board.index",
    "exports.index",
    "exports.report",
    "exports.briefing",
    "timeline.index",
    "timeline.png",
    "history.index",
}
# Routes for the review's lead reviewers only, at any status (the pages refuse what the
# status forbids: no moves from published, no deleting a published review).
LEAD_ENDPOINTS = {"reviews.status", "reviews.delete", "history.restore"}
# Protected terms: only the review's team may even know the page exists.
TEAM_ONLY_READ = {"protected.index"}
TEAM_ONLY_EDIT = {"protected.add", "protected.edit", "protected.delete"}
# The Board's response and actions.
RESPOND_PREFIXES = ("board.respond", "board.action_")
# Team management: lead reviewers only, and only while the review is editable.
TEAM_PREFIX = ("reviews.member_", "reviews.person_")

# Which record a URL argument names; the same name means different records in different
# blueprints (reviews.member_* is a ReviewMembership, casegroup.member_* a case group member).
ARG_RECORDS = {
    ("reviews", "question_id"): "research_question",
    ("findings", "question_id"): "board_question",
    ("reviews", "member_id"): "membership",
    ("reviews", "person_id"): "printed_team_member",
    ("casegroup", "member_id"): "case_group_member",
    (None, "entry_id"): "entry",
    (None, "episode_id"): "episode",
    (None, "factor_id"): "factor",
    (None, "finding_id"): "finding",
    ("protected", "protected_term_id"): "protected_term",
    ("board", "action_id"): "action",
    ("history", "event_id"): "audit_event",
}

POST_DATA = {"status": "analysis", "direction": "up", "text": "Changed by someone not allowed"}


def route_kind(endpoint: str) -> str:
    if endpoint in READ_ENDPOINTS:
        return "read"
    if endpoint in TEAM_ONLY_READ:
        return "team_only_read"
    if endpoint in TEAM_ONLY_EDIT:
        return "team_only_edit"
    if endpoint.startswith(RESPOND_PREFIXES):
        return "respond"
    if endpoint in LEAD_ENDPOINTS:
        return "lead"
    if endpoint.startswith(TEAM_PREFIX):
        return "team"
    return "edit"


def expected_status(role: str, review: str, kind: str, endpoint: str = "") -> int:
    if role not in VIEWERS[review]:
        return 404
    if role not in INSIDERS[review]:
        return PUBLICATION_ENDPOINTS.get(endpoint, 404)
    if kind.startswith("team_only") and role not in ON_TEAM[review]:
        return 404
    allowed = {
        "read": True,
        "team_only_read": True,
        "team_only_edit": role in EDITORS[review],
        "respond": role in RESPONDERS[review],
        "edit": role in EDITORS[review],
        "lead": role in LEADS[review],
        "team": role in LEADS[review] and role in EDITORS[review],
    }[kind]
    return 200 if allowed else 403


def marker(review: str) -> str:
    """A string written into every record of a review, to detect leaked content."""
    return f"CONTENT-OF-{review.upper()}"


#: Written into the working material only (never published): no page may show it to someone
#: outside the review's team and Board, and neither may the protected term.
WORKING = "WORKING-MATERIAL"
PROTECTED = "Zebediah Quuxley"


def working_leaks(body: str) -> list[str]:
    found = [s for s in (WORKING, PROTECTED, *PROTECTED.split()) if s in body]
    return [f"shows working material {s!r}" for s in found]


@dataclass
class Records:
    """For each world review key: its id, its title and the ids of one record of each kind."""

    review_ids: dict[str, int]
    titles: dict[str, str]
    ids: dict[str, dict[str, int]]


def add_records(review: Review, key: str) -> dict[str, int]:
    """One record of every kind, each carrying the review's marker text."""
    mark = marker(key)
    level = term(TaxonomyKind.FACTOR_LEVEL, "team")  # query first: it autoflushes
    question = ResearchQuestion(text=f"{mark}: how do agencies share concerns?")
    review.research_questions.append(question)
    member = CaseGroupMember(
        label=f"Health visitor ({mark} {WORKING})", role_title="Health visitor"
    )
    member.conversation = Conversation(knew_then=f"{mark} {WORKING}: what they knew then")
    review.case_group.append(member)
    entry = ChronologyEntry(
        occurred_on=date(2023, 3, 1), event=f"{mark} {WORKING}: home visit", source=WORKING
    )
    review.chronology.append(entry)
    episode = KeyPracticeEpisode(title=f"{mark}: the referral", what_happened=mark)
    review.episodes.append(episode)
    factor = ContributoryFactor(level=level, description=f"{mark}: supervision")
    episode.factors.append(factor)
    finding = Finding(statement=f"{mark}: a pattern in the system")
    review.findings.append(finding)
    finding.episodes.append(episode)
    board_question = BoardQuestion(text=f"{mark}: what will the Board do?")
    finding.questions.append(board_question)
    action = BoardAction(what=f"{mark}: audit handovers")
    finding.actions.append(action)
    person = PrintedTeamMember(name=f"{mark} Reviewer", role_title="Named nurse", agency=mark)
    review.printed_team.append(person)
    protected = ProtectedTerm(term=PROTECTED)  # in no record: exports are not refused
    review.protected_terms.append(protected)
    db.session.flush()
    event = db.session.scalar(select(AuditEvent.id).where(AuditEvent.review_id == review.id))
    return {
        "audit_event": event,
        "research_question": question.id,
        "membership": review.memberships[0].id,
        "printed_team_member": person.id,
        "case_group_member": member.id,
        "entry": entry.id,
        "episode": episode.id,
        "factor": factor.id,
        "finding": finding.id,
        "board_question": board_question.id,
        "action": action.id,
        "protected_term": protected.id,
    }


@pytest.fixture
def records(app, world) -> Records:
    review_ids = {key: getattr(world, key) for key in REVIEWS}
    with app.app_context():
        ids, titles = {}, {}
        for key, review_id in review_ids.items():
            review = db.session.get(Review, review_id)
            titles[key] = review.title
            ids[key] = add_records(review, key)
        db.session.commit()
    return Records(review_ids=review_ids, titles=titles, ids=ids)


def signed_in(app, key: str):
    """A fresh client signed in as the world user `key`."""
    client = app.test_client()
    response = client.post(
        "/auth/login",
        data={"email": f"{key}@test.example.org", "password": PASSWORD},
    )
    assert response.status_code == 302, f"{key} could not sign in"
    return client


def review_rules(app) -> list:
    rules = [r for r in app.url_map.iter_rules() if "review_id" in r.arguments]
    return sorted(rules, key=lambda r: r.rule)


def build_url(rule, values: dict) -> str:
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", lambda m: str(values[m.group(1)]), rule.rule)


def rule_values(rule, review_id: int, ids: dict[str, int]) -> dict | str:
    """The URL arguments of a review route, or an error message for an unknown argument."""
    blueprint = rule.endpoint.split(".")[0]
    values = {"review_id": review_id}
    for arg in rule.arguments - {"review_id"}:
        key = ARG_RECORDS.get((blueprint, arg)) or ARG_RECORDS.get((None, arg))
        if key is None:
            return (
                f"{rule.endpoint}: no record known for URL argument {arg!r}; add it to ARG_RECORDS"
            )
        values[arg] = ids[key]
    return values


def readable(response) -> str:
    """What a response shows: its page, or the words of a Word download."""
    if response.mimetype.endswith("wordprocessingml.document"):
        return docx_words(response.data)
    return response.get_data(as_text=True)


def docx_words(data: bytes) -> str:
    """Every text in a .docx: body, headers, footers, properties, pictures' descriptions."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [n for n in z.namelist() if n.endswith(".xml")]
        xml = [z.read(n).decode("utf-8") for n in parts]
    # As written (attribute values such as a picture's description) and as read (runs joined).
    return html.unescape("\n".join(xml + [re.sub(r"<[^>]+>", "", x) for x in xml]))


def leaks(body: str, title: str, review: str) -> list[str]:
    found = [s for s in (title, str(escape(title)), marker(review)) if s in body]
    return [f"shows {s!r}" for s in found]


def test_route_walk_finds_the_review_routes(app):
    endpoints = {r.endpoint for r in review_rules(app)}
    # A sample of each kind, so a broken discovery cannot pass the walk vacuously.
    assert {
        "reviews.show",
        "reviews.edit",
        "reviews.status",
        "reviews.member_edit",
        "casegroup.conversation",
        "episodes.factor_edit",
        "findings.question_move",
    } <= endpoints
    assert len(endpoints) >= 40
    assert endpoints >= READ_ENDPOINTS | LEAD_ENDPOINTS, "a named route no longer exists"


@pytest.mark.parametrize("role", ROLES)
def test_every_review_route_for_every_review(app, records, role):
    client = signed_in(app, role)
    rules = review_rules(app)
    mismatches = []
    checked = working_seen = 0
    for review in REVIEWS:
        review_id, title = records.review_ids[review], records.titles[review]
        for rule in rules:
            values = rule_values(rule, review_id, records.ids[review])
            if isinstance(values, str):
                mismatches.append(values)
                continue
            url = build_url(rule, values)
            expected = expected_status(role, review, route_kind(rule.endpoint), rule.endpoint)
            where = f"{rule.endpoint} on {review} ({url})"
            outsider = role not in INSIDERS[review]
            if "GET" in rule.methods:
                response = client.get(url)
                checked += 1
                if response.status_code != expected:
                    mismatches.append(
                        f"GET {where}: expected {expected}, got {response.status_code}"
                    )
                if outsider:
                    for leak in working_leaks(readable(response)):
                        mismatches.append(f"GET {where}: {leak}")
                elif rule.endpoint == "chronology.index" and expected == 200:
                    working_seen += WORKING in response.get_data(as_text=True)
                if expected == 404:
                    for leak in leaks(response.get_data(as_text=True), title, review):
                        mismatches.append(f"GET {where}: 404 page {leak}")
            if "POST" not in rule.methods:
                continue
            if expected != 200:
                response = client.post(url, data=POST_DATA)
                checked += 1
                if response.status_code != expected:
                    mismatches.append(
                        f"POST {where}: expected {expected}, got {response.status_code}"
                    )
                if expected == 404:
                    for leak in leaks(response.get_data(as_text=True), title, review):
                        mismatches.append(f"POST {where}: 404 page {leak}")
            elif rule.endpoint.endswith("_move"):
                # Allowed, and harmless: the only record cannot move up.
                response = client.post(url, data={"direction": "up"})
                checked += 1
                if response.status_code != 302:
                    mismatches.append(f"POST {where}: expected 302, got {response.status_code}")
    assert checked > 100
    # The leak check is not vacuous: insiders do see the working material it looks for.
    assert working_seen == sum(role in INSIDERS[r] for r in REVIEWS)
    assert not mismatches, f"{len(mismatches)} access mismatches for {role}:\n" + "\n".join(
        mismatches
    )


def test_records_of_another_review_are_not_reachable_through_this_one(app, records):
    """The lead of the draft, naming the draft, cannot reach another review's records."""
    client = signed_in(app, "lead")
    mismatches = []
    for rule in review_rules(app):
        if rule.arguments == {"review_id"}:
            continue
        values = rule_values(rule, records.review_ids["draft"], records.ids["other_draft"])
        assert not isinstance(values, str), values
        url = build_url(rule, values)
        for method in sorted({"GET", "POST"} & rule.methods):
            response = client.open(url, method=method, data=POST_DATA)
            body = response.get_data(as_text=True)
            # The lead may not respond for the Board at all: refused before any record is read.
            refused = {403, 404} if route_kind(rule.endpoint) == "respond" else {404}
            if response.status_code not in refused:
                mismatches.append(f"{method} {url}: expected 404, got {response.status_code}")
            if marker("other_draft") in body:
                mismatches.append(f"{method} {url}: shows the other review's content")
    assert not mismatches, "\n".join(mismatches)


def other_values(app, world) -> dict:
    """Values for the URL arguments of the routes that do not name a review."""
    with app.app_context():
        theme = db.session.scalar(
            select(TaxonomyTerm.id).where(TaxonomyTerm.kind == TaxonomyKind.THEME)
        )
    return {
        "board_id": world.board,
        "user_id": world.users["lead"],
        "kind": TaxonomyKind.THEME.value,
        "term_id": theme,
        "filename": "missing.css",
    }


def test_anonymous_users_are_sent_to_sign_in_from_every_route(app, world, records, client):
    extra = other_values(app, world)
    mismatches = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in {"auth.login", "static", "favicon"}:
            continue
        values = dict(extra)
        if "review_id" in rule.arguments:
            found = rule_values(rule, records.review_ids["draft"], records.ids["draft"])
            assert not isinstance(found, str), found
            values.update(found)
        url = build_url(rule, values)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method, data=POST_DATA)
        location = response.headers.get("Location", "")
        if rule.rule.startswith("/api/"):
            if response.status_code != 401:  # programs get a status, not a sign-in page
                mismatches.append(f"{method} {url}: {response.status_code}, not 401")
        elif response.status_code != 302 or not location.split("?")[0].endswith("/auth/login"):
            mismatches.append(f"{method} {url}: {response.status_code} to {location!r}")
        if records.titles["draft"] in response.get_data(as_text=True):
            mismatches.append(f"{method} {url}: shows the review's title")
    assert not mismatches, "\n".join(mismatches)


def test_admin_pages_are_for_admins_only(app, world):
    extra = other_values(app, world)
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/admin")]
    assert len(rules) >= 6
    mismatches = []
    for role in ROLES:
        client = signed_in(app, role)
        for rule in rules:
            url = build_url(rule, extra)
            expected = 200 if role == "admin" else 403
            response = client.get(url)
            if response.status_code != expected:
                mismatches.append(
                    f"{role}: GET {url}: expected {expected}, got {response.status_code}"
                )
            if role != "admin" and "POST" in rule.methods:
                response = client.post(url, data={"name": "Hijacked", "label": "Hijacked"})
                if response.status_code != 403:
                    mismatches.append(
                        f"{role}: POST {url}: expected 403, got {response.status_code}"
                    )
    assert not mismatches, "\n".join(mismatches)


def test_only_lead_reviewers_may_start_a_review(app, world):
    mismatches = []
    for role in ROLES:
        client = signed_in(app, role)
        expected = 200 if role in LEAD_REVIEWER_ROLES else 403
        response = client.get("/reviews/new")
        if response.status_code != expected:
            mismatches.append(
                f"{role}: GET /reviews/new: expected {expected}, got {response.status_code}"
            )
        if role not in LEAD_REVIEWER_ROLES:
            response = client.post(
                "/reviews/new",
                data={
                    "title": f"Started by {role}",
                    "board_id": world.board,
                    "subject_pseudonym": "X",
                },
            )
            if response.status_code != 403:
                mismatches.append(f"{role}: POST /reviews/new: got {response.status_code}")
    assert not mismatches, "\n".join(mismatches)
    with app.app_context():
        assert (
            db.session.scalar(select(Review).where(Review.title.startswith("Started by"))) is None
        )


def test_a_lead_reviewer_can_start_a_review_and_leads_it(app, world):
    client = signed_in(app, "lead2")
    response = client.post(
        "/reviews/new",
        data={
            "title": "Child F: a new review",
            "board_id": world.board,
            "subject_pseudonym": "Child F",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.title == "Child F: a new review"))
        assert [m.user_id for m in review.memberships] == [world.users["lead2"]]
        assert review.memberships[0].team_role == "lead"


def test_review_list_shows_exactly_the_reviews_each_role_may_see(app, world):
    with app.app_context():
        titles = {key: db.session.get(Review, getattr(world, key)).title for key in REVIEWS}
    mismatches = []
    for user in ROLES:
        body = signed_in(app, user).get("/reviews/").get_data(as_text=True)
        for review, title in titles.items():
            shown = title in body or str(escape(title)) in body
            if shown != (user in VIEWERS[review]):
                state = "shows" if shown else "does not show"
                mismatches.append(f"{user}: the list {state} {review} ({title!r})")
    assert not mismatches, "\n".join(mismatches)


def test_signed_off_review_is_read_only_even_for_its_lead(app, records):
    """Signed off: every edit route is refused; the lead may still reopen or publish it."""
    with app.app_context():
        review = db.session.get(Review, records.review_ids["draft"])
        review.status = ReviewStatus.SIGNED_OFF
        review.signed_off_on = date(2024, 6, 1)
        db.session.commit()
    mismatches = []
    for role in ("lead", "team"):
        client = signed_in(app, role)
        for rule in review_rules(app):
            kind = route_kind(rule.endpoint)
            if kind not in ("edit", "team", "team_only_edit"):
                continue
            values = rule_values(rule, records.review_ids["draft"], records.ids["draft"])
            url = build_url(rule, values)
            for method in sorted({"GET", "POST"} & rule.methods):
                response = client.open(url, method=method, data=POST_DATA)
                if response.status_code != 403:
                    mismatches.append(
                        f"{role}: {method} {url}: expected 403, got {response.status_code}"
                    )
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("status", [ReviewStatus.SIGNED_OFF, ReviewStatus.PUBLISHED])
def test_lead_cannot_delete_a_read_only_review(app, world, status):
    """Signed-off and published reviews are read-only: not even their lead may delete them."""
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.status = status
        review.signed_off_on = date(2024, 6, 1)
        review.published_on = date(2024, 7, 1) if status == ReviewStatus.PUBLISHED else None
        db.session.commit()
    client = signed_in(app, "lead")
    response = client.post(f"/reviews/{world.draft}/delete")
    with app.app_context():
        still_there = db.session.get(Review, world.draft) is not None
    assert still_there, f"the lead deleted a {status} review (POST → {response.status_code})"
    assert response.status_code in (200, 403)  # a refusal page, or forbidden


def test_a_deactivated_account_loses_access_at_once(app, world):
    client = signed_in(app, "team")
    assert client.get(f"/reviews/{world.draft}").status_code == 200
    with app.app_context():
        db.session.get(User, world.users["team"]).active = False
        db.session.commit()
    response = client.get(f"/reviews/{world.draft}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_lead_manages_the_team_but_a_team_member_does_not(app, world):
    """reviews.member_* are for the review's lead reviewers: a team member of it gets 403."""
    with app.app_context():
        review = db.session.get(Review, world.draft)
        team_membership = next(m for m in review.memberships if m.user_id == world.users["team"])
        membership_id = team_membership.id
    team = signed_in(app, "team")
    assert team.get(f"/reviews/{world.draft}/team/new").status_code == 403
    data = {"user_id": world.users["team"], "team_role": "lead"}
    response = team.post(f"/reviews/{world.draft}/team/{membership_id}/edit", data=data)
    assert response.status_code == 403
    response = team.post(f"/reviews/{world.draft}/team/new", data={"user_id": world.users["lead2"]})
    assert response.status_code == 403

    lead = signed_in(app, "lead")
    response = lead.post(
        f"/reviews/{world.draft}/team/new",
        data={"user_id": world.users["lead2"], "team_role": "lead"},
    )
    assert response.status_code == 302
    with app.app_context():
        review = db.session.get(Review, world.draft)
        assert {m.user_id for m in review.memberships} == {
            world.users[k] for k in ("lead", "team", "lead2")
        }
    # lead2 is now a lead of the draft, and sees it.
    assert signed_in(app, "lead2").get(f"/reviews/{world.draft}").status_code == 200
