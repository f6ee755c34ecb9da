"""No page grows with the review: every page stays within a fixed number of SQL statements.

A large review (80 case group members, 160 chronology entries, 80 KPEs with 3 factors each,
64 findings with 3 Board questions and 2 actions each) is built, and every GET page of it is
visited as the people who use it: its lead reviewer (the working pages, forms included) and a
member of its Board (the response pages, once signed off). Statements are counted with an
engine event, so nothing the app does can hide one.
"""

import threading
from contextlib import contextmanager
from datetime import date

import pytest
from builders import build_large_review
from conftest import PASSWORD, make_review
from sqlalchemy import event

from review.extensions import db
from review.models import Board, Review, ReviewStatus, User

LIMIT = 20

# Routes that are not pages: file downloads, built in full on every request.
DOWNLOADS = {"exports.report", "exports.briefing", "timeline.png"}


@contextmanager
def counting(app):
    """Count the SQL statements the request sends inside the block (the test client runs it in
    this thread; the search index's background writer, in its own thread, is not counted)."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine
    thread = threading.get_ident()

    def record(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() == thread:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def sign_in(app, key):
    client = app.test_client()
    response = client.post(
        "/auth/login", data={"email": f"{key}@test.example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def large(app, world):
    """The large review, on the world's board, led by `lead` with `team` on its team."""
    with app.app_context():
        board = db.session.get(Board, world.board)
        lead = db.session.get(User, world.users["lead"])
        lead2 = db.session.get(User, world.users["lead2"])
        team = db.session.get(User, world.users["team"])
        review = build_large_review(board, [lead, lead2], [team])
        db.session.commit()
        ids = {
            "review_id": review.id,
            "question_id": review.research_questions[0].id,
            "member_id": review.case_group[3].id,
            "entry_id": review.chronology[5].id,
            "episode_id": review.episodes[7].id,
            "factor_id": review.episodes[7].factors[1].id,
            "finding_id": review.findings[5].id,
            "board_question_id": review.findings[5].questions[1].id,
            "membership_id": review.memberships[1].id,
            "person_id": review.printed_team[3].id,
            "action_id": review.findings[5].actions[0].id,
            "protected_term_id": review.protected_terms[0].id,
        }
    return ids


def url_for_rule(rule, ids: dict) -> str:
    blueprint = rule.endpoint.split(".")[0]
    values = dict(ids)
    if blueprint == "findings":
        values["question_id"] = ids["board_question_id"]
    if blueprint == "reviews":
        values["member_id"] = ids["membership_id"]
    return rule.build(values, append_unknown=False)[1]


def get_pages(app):
    return sorted(
        (
            r
            for r in app.url_map.iter_rules()
            if "review_id" in r.arguments and "GET" in r.methods and r.endpoint not in DOWNLOADS
        ),
        key=lambda r: r.rule,
    )


def measure(app, client, urls) -> dict[str, int]:
    counts = {}
    for url in urls:
        client.get(url)  # warm: first renders load taxonomies and templates once per process
        with counting(app) as seen:
            response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        counts[url] = len(seen)
    return counts


@pytest.mark.search
def test_every_working_page_of_a_large_review_is_within_the_limit(app, large):
    client = sign_in(app, "lead")
    urls = [url_for_rule(r, large) for r in get_pages(app) if not r.endpoint.startswith("board.")]
    urls += ["/reviews/", "/board", "/insight", "/search?q=pattern"]
    counts = measure(app, client, urls)
    over = {url: n for url, n in counts.items() if n > LIMIT}
    print("\n".join(f"{n:4d}  {url}" for url, n in sorted(counts.items(), key=lambda x: -x[1])))
    assert not over, f"pages over {LIMIT} statements: {over}"


def test_the_boards_pages_of_a_large_review_are_within_the_limit(app, world, large):
    with app.app_context():
        review = db.session.get(Review, large["review_id"])
        review.status = ReviewStatus.SIGNED_OFF
        review.signed_off_on = date(2024, 1, 1)
        db.session.commit()
    client = sign_in(app, "board_member")
    urls = [
        url_for_rule(r, large)
        for r in get_pages(app)
        if r.endpoint.startswith("board.") or r.endpoint in {"reviews.show", "findings.show"}
    ]
    urls += ["/board", f"/board?board={world.board}"]
    counts = measure(app, client, urls)
    over = {url: n for url, n in counts.items() if n > LIMIT}
    print("\n".join(f"{n:4d}  {url}" for url, n in sorted(counts.items(), key=lambda x: -x[1])))
    assert not over, f"pages over {LIMIT} statements: {over}"


def test_the_reviews_list_does_not_grow_with_the_number_of_reviews(app, world, large):
    client = sign_in(app, "board_member")
    with counting(app) as few:
        client.get("/reviews/")
    with app.app_context():
        board = db.session.get(Board, world.board)
        for n in range(15):
            make_review(board, f"Child {n}: another review")
        db.session.commit()
    with counting(app) as many:
        client.get("/reviews/")
    assert len(many) == len(few)


def test_server_timing_header_counts_the_statements_when_asked(app, world, tmp_path):
    from review import create_app

    timed = create_app({**app.config, "SERVER_TIMING": True})
    client = timed.test_client()
    client.post("/auth/login", data={"email": "lead@test.example.org", "password": PASSWORD})
    response = client.get(f"/reviews/{world.draft}")
    with timed.app_context():
        db.session.remove()
        db.engine.dispose()
    assert response.status_code == 200
    header = response.headers["Server-Timing"]
    assert header.startswith("db;dur=")
    assert int(header.split('desc="')[1].split()[0]) > 0
    assert "Server-Timing" not in app.test_client().get("/auth/login").headers


def test_a_readers_pages_of_a_large_published_review_are_within_the_limit(app, large):
    """Outside the team and the Board: the reading view, and the finding and KPE links that
    lead into it (the publication check builds both documents, in a fixed number of loads)."""
    with app.app_context():
        review = db.session.get(Review, large["review_id"])
        review.status = ReviewStatus.PUBLISHED
        review.signed_off_on = review.published_on = date(2024, 1, 1)
        db.session.commit()
    client = sign_in(app, "practitioner")
    rid = large["review_id"]
    urls = [f"/reviews/{rid}", f"/reviews/{rid}/publication"]
    counts = measure(app, client, urls)
    page = client.get(urls[0]).get_data(as_text=True)
    assert 'id="finding-64"' in page and 'id="kpe-80"' in page  # the whole publication
    for url in (f"/reviews/{rid}/findings/{large['finding_id']}",
                f"/reviews/{rid}/episodes/{large['episode_id']}"):  # fmt: skip
        with counting(app) as seen:
            assert client.get(url).status_code == 302
        counts[url] = len(seen)
    over = {url: n for url, n in counts.items() if n > LIMIT}
    assert not over, f"pages over {LIMIT} statements: {over}"
