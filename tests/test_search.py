"""Search: indexing through session events, visibility, facets, acronyms, bad input, the API."""

from datetime import date

import pytest
from sqlalchemy import delete, select

from review import search
from review.extensions import db
from review.index import hooks
from review.index.engine_whoosh import background, store
from review.models import (
    Board,
    BoardQuestion,
    ContributoryFactor,
    Finding,
    KeyPracticeEpisode,
    Review,
    ReviewStatus,
    TaxonomyKind,
    User,
)
from review.taxonomy import term

pytestmark = pytest.mark.search
WHOOSH_STORE = "writes Whoosh's index folder directly; PostgreSQL: test_search_postgresql.py"


def add_finding(review_id: int, statement: str, *, category="tools", themes=(), kpe=None,
                **headings) -> int:  # fmt: skip
    review = db.session.get(Review, review_id)
    category_term = term(TaxonomyKind.FINDING_CATEGORY, category)
    theme_terms = [term(TaxonomyKind.THEME, t) for t in themes]
    finding = Finding(statement=statement, category=category_term, themes=theme_terms, **headings)
    review.findings.append(finding)
    if kpe is not None:
        finding.episodes.append(kpe)
    db.session.commit()
    return finding.id


@pytest.fixture
def corpus(app, world):
    """Findings in a published review of each board and in board 1's draft."""
    with app.app_context():
        published = db.session.get(Review, world.published)
        kpe = KeyPracticeEpisode(title="Referral screened out at the front door")
        kpe.factors.append(
            ContributoryFactor(
                level=term(TaxonomyKind.FACTOR_LEVEL, "work_environment"),
                description="Ninety notifications a week",
            )
        )
        published.episodes.append(kpe)
        db.session.commit()
        ids = {
            "dv": add_finding(world.published, "Police DV notifications are read one at a time.",
                              category="mawi_crisis", themes=["domestic_abuse_and_hidden_men"],
                              kpe=kpe),
            "hv": add_finding(world.published,
                              "The health visitor is not told when a family moves.",
                              category="mawi_assessment",
                              themes=["information_sharing_and_handovers"]),
            "tools": add_finding(world.published, "Assessment forms hide the father.",
                                 themes=["domestic_abuse_and_hidden_men"]),
            "draft": add_finding(world.draft, "Supervision rarely tests the rule of optimism.",
                                 category="human_reasoning"),
            "other_draft": add_finding(world.other_draft, "Secret pattern in a draft elsewhere.",
                                       category="human_reasoning"),
        }  # fmt: skip
        ids["kpe"] = kpe.id
        assert background.wait(30)  # indexed in the background: wait for it here
        return ids


def titles(results) -> set[str]:
    return {hit.title for hit in results.hits}


def run_search(app, who: str, world, text: str, **kwargs):
    with app.app_context():
        user = db.session.get(User, world.users[who])
        return search.search(text, user, **kwargs)


def test_new_findings_and_kpes_are_indexed_on_commit(app, world, corpus):
    results = run_search(app, "practitioner", world, "notifications")
    assert {h.doc_type for h in results.hits} == {"finding", "kpe"}
    assert "Police DV notifications are read one at a time." in titles(results)


def test_an_edit_is_searchable_at_once(app, world, corpus):
    with app.app_context():
        db.session.get(Finding, corpus["tools"]).statement = "Chronology software truncates notes."
        db.session.commit()
    assert run_search(app, "practitioner", world, "truncates").total == 1
    assert run_search(app, "practitioner", world, "father").total == 0


def test_child_records_update_their_finding(app, world, corpus):
    with app.app_context():
        finding = db.session.get(Finding, corpus["hv"])
        finding.questions.append(BoardQuestion(text="Who tells the GP?"))
        db.session.commit()
    hits = run_search(app, "practitioner", world, "question:GP").hits
    assert [h.record_id for h in hits] == [corpus["hv"]]


def test_a_save_rebuilds_only_the_documents_it_changes(app, world, corpus, monkeypatch):
    noted = []
    changed = hooks.changed_documents
    monkeypatch.setattr(
        hooks, "changed_documents", lambda *a: noted.append(changed(*a)) or noted[-1]
    )
    with app.app_context():
        kpe = db.session.get(KeyPracticeEpisode, corpus["kpe"])
        new = add_finding(world.published, "Nobody rings the school.", kpe=kpe)
    assert noted == [({f"finding:{new}"}, set())]  # not the KPE, nor the findings linked to it
    assert new in {h.record_id for h in run_search(app, "practitioner", world, "screened").hits}
    with app.app_context():  # an edit of the KPE rebuilds it and every finding linked to it
        db.session.get(KeyPracticeEpisode, corpus["kpe"]).title = "Referral lost in the inbox"
        db.session.commit()
    assert noted[-1] == (
        {f"kpe:{corpus['kpe']}", f"finding:{corpus['dv']}", f"finding:{new}"},
        set(),
    )
    assert run_search(app, "practitioner", world, "inbox").total == 3


def test_deleting_removes_and_cascades(app, world, corpus):
    with app.app_context():
        db.session.delete(db.session.get(KeyPracticeEpisode, corpus["kpe"]))
        db.session.commit()
    results = run_search(app, "practitioner", world, "screened")
    assert results.total == 0  # the KPE, and its title inside the linked finding, are gone
    with app.app_context():
        db.session.delete(db.session.get(Review, world.published))
        db.session.commit()
    assert run_search(app, "practitioner", world, "").total == 0
    with app.app_context():
        assert search.check() == (set(), set())


def test_bulk_delete_is_removed_from_the_index(app, world, corpus):
    with app.app_context():
        db.session.execute(delete(Finding).where(Finding.review_id == world.published))
        db.session.commit()
        assert search.check() == (set(), set())
    assert run_search(app, "practitioner", world, "notifications").total == 1  # the KPE stays


def test_publishing_a_review_makes_it_visible_to_practitioners(app, world, corpus):
    assert run_search(app, "practitioner", world, "optimism").total == 0
    with app.app_context():
        db.session.get(Review, world.draft).status = ReviewStatus.PUBLISHED
        db.session.commit()
    assert run_search(app, "practitioner", world, "optimism").total == 1


@pytest.mark.parametrize(
    ("who", "sees_draft", "sees_other_draft"),
    [
        ("admin", False, False),
        ("practitioner", False, False),
        ("lead", True, False),
        ("team", True, False),
        ("lead2", False, False),
        ("board_member", True, False),
        ("other_board_member", False, True),
        ("outsider_lead", False, True),
    ],
)
def test_visibility_follows_the_page_rules(app, world, corpus, who, sees_draft, sees_other_draft):
    found = titles(run_search(app, who, world, ""))
    assert "Assessment forms hide the father." in found  # published: everyone
    assert ("Supervision rarely tests the rule of optimism." in found) is sees_draft
    assert ("Secret pattern in a draft elsewhere." in found) is sees_other_draft


def test_facets_count_and_filter(app, world, corpus):
    results = run_search(app, "practitioner", world, "", doc_type="finding")
    facets = dict(results.facets["theme"])
    assert facets["Domestic abuse and hidden men"] == 2
    assert facets["Information sharing and handovers"] == 1
    assert dict(results.facets["board"]) == {"Eastmere Safeguarding Adults Board": 3}
    assert dict(results.facets["level"]) == {"Work environment": 1}
    filtered = run_search(
        app, "practitioner", world, "",
        selected={"theme": ["Domestic abuse and hidden men"], "category": ["Tools"]},
    )  # fmt: skip
    assert titles(filtered) == {"Assessment forms hide the father."}


def test_fields_and_operators(app, world, corpus):
    assert titles(run_search(app, "practitioner", world, "category:tools")) == {
        "Assessment forms hide the father."
    }
    assert run_search(app, "practitioner", world, "father OR moves").total == 2
    assert run_search(app, "practitioner", world, "father AND moves").total == 0
    assert run_search(app, "practitioner", world, "forms NOT father").total == 0
    assert run_search(app, "practitioner", world, '"health visitor"').total == 1
    assert run_search(app, "practitioner", world, "grandmother").total == 0
    assert run_search(app, "practitioner", world, "visitors").total == 1  # stemming


def test_acronyms_both_ways(app, world, corpus):
    assert "Police DV notifications are read one at a time." in titles(
        run_search(app, "practitioner", world, '"domestic abuse"')
    )
    assert "The health visitor is not told when a family moves." in titles(
        run_search(app, "practitioner", world, "HV")
    )
    assert run_search(app, "practitioner", world, "dv").total >= 1


def test_admin_can_extend_the_acronym_list(app, world, corpus, client, auth):
    auth.login("admin")
    client.post(
        "/admin/taxonomies/acronym/new",
        data={"label": "PLO", "description": "public law outline", "active": "y"},
    )
    assert run_search(app, "practitioner", world, "PLO").total == 0
    with app.app_context():
        add_finding(world.published, "The public law outline letter comes too late.")
    found = titles(run_search(app, "practitioner", world, "PLO"))
    assert found == {"The public law outline letter comes too late."}


def test_a_typo_recovers_by_itself_from_the_index_vocabulary(app, world, corpus):
    results = run_search(app, "practitioner", world, "notificatons")
    assert results.showing == "notifications" and results.total == 2
    exact = run_search(app, "practitioner", world, "notificatons", exact=True)
    assert exact.total == 0 and exact.suggestion == "notifications" and exact.showing is None
    plain = run_search(app, "practitioner", world, "notifications")
    assert plain.suggestion is None and plain.showing is None


MALFORMED = [
    '"unbalanced quote',
    "(((brackets",
    "brackets)))",
    "AND",
    "OR NOT",
    "x" * 10_000,
    "father\x00\x07\x1b moves",
    "nosuchfield:father",
    "category:",
    ":",
    "*",
    "title:(",
    "🙂 ✓ “quotes”",
    "%00<script>alert(1)</script>",
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_queries_answer(client, auth, corpus, text):
    auth.login("practitioner")
    response = client.get("/search", query_string={"q": text})
    assert response.status_code == 200
    assert b"<script>alert" not in response.data
    api = client.get("/api/search", query_string={"q": text})
    assert api.status_code == 200 and "hits" in api.get_json()


def test_malformed_queries_explain_themselves(app, world, corpus):
    long = run_search(app, "practitioner", world, "father " * 2000)
    assert "cut to its first 500 characters" in long.messages[0]
    unknown = run_search(app, "practitioner", world, "nosuchfield:father")
    assert "“nosuchfield:” is not something we can search by" in unknown.messages[0]
    assert unknown.hits[0].title == "Assessment forms hide the father."
    assert unknown.total == 1
    lone = run_search(app, "practitioner", world, "AND")
    assert lone.messages and lone.total == 0


def test_search_page_highlights_and_links(client, auth, world, corpus):
    auth.login("practitioner")
    body = client.get("/search", query_string={"q": "father"}).get_data(as_text=True)
    assert "<mark>father</mark>" in body
    assert f"/reviews/{world.published}/findings/{corpus['tools']}" in body
    assert "Eastmere Safeguarding Adults Board" in body


def test_pagination_and_sort(app, world, corpus):
    with app.app_context():
        for n in range(12):
            add_finding(world.published, f"Pattern number {n} about thresholds.")
    first = run_search(app, "practitioner", world, "thresholds")
    second = run_search(app, "practitioner", world, "thresholds", page=2)
    assert (first.total, first.pages, len(first.hits), len(second.hits)) == (12, 2, 10, 2)
    assert not titles(first) & titles(second)
    by_date = run_search(app, "practitioner", world, "thresholds", sort="date")
    assert by_date.total == 12


def test_api_with_session_and_token(client, app, auth, world, corpus):
    assert client.get("/api/search?q=father").status_code == 401
    auth.login("practitioner")
    data = client.get("/api/search?q=father&type=finding").get_json()
    assert data["total"] == 1
    hit = data["hits"][0]
    assert hit["review"]["board"] == "Eastmere Safeguarding Adults Board"
    assert "<mark>father</mark>" in hit["highlights"]
    assert {"theme", "category", "board", "level", "review_type", "year", "agency"} <= set(
        data["facets"]
    )
    page = client.post("/auth/profile/token", data={"action": "create"}).get_data(as_text=True)
    token = page.split('<code class="token">')[1].split("</code>")[0]
    auth.logout()
    anonymous = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert anonymous.get("/api/search?q=father", headers=headers).get_json()["total"] == 1
    assert anonymous.get("/reviews/", headers=headers).status_code == 302  # API only
    bad = anonymous.get("/api/search?q=father", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_api_respects_draft_visibility(client, auth, corpus):
    auth.login("board_member")
    data = client.get("/api/search?q=optimism").get_json()
    assert data["total"] == 1
    auth.logout()
    auth.login("practitioner")
    assert client.get("/api/search?q=optimism").get_json()["total"] == 0


def test_similar_findings_in_other_published_reviews(app, client, auth, world, corpus):
    with app.app_context():
        similar_id = add_finding(
            world.draft, "Police notifications of DV are read one at a time, not as a pattern."
        )
        found = search.similar_findings(db.session.get(Finding, similar_id))
        assert found and found[0].finding_id == corpus["dv"]
        assert all(s.review_id != world.draft for s in found)
    auth.login("lead")
    page = client.get(f"/reviews/{world.draft}/findings/{similar_id}").get_data(as_text=True)
    assert "Similar findings in other reviews" in page
    client.post(
        f"/reviews/{world.draft}/findings/{similar_id}/cite", data={"source_id": corpus["dv"]}
    )
    with app.app_context():
        prevalence = db.session.get(Finding, similar_id).prevalence
    assert "Police DV notifications are read one at a time." in prevalence
    assert f"/reviews/{world.published}/findings/{corpus['dv']}" in prevalence
    edit = client.get(f"/reviews/{world.draft}/findings/{similar_id}/edit").get_data(as_text=True)
    assert "data-cite-target" in edit


def test_cannot_cite_an_unpublished_finding(client, auth, world, corpus):
    auth.login("lead")
    response = client.post(
        f"/reviews/{world.draft}/findings/{corpus['draft']}/cite",
        data={"source_id": corpus["other_draft"]},
    )
    assert response.status_code == 404


@pytest.mark.whoosh_only(reason=WHOOSH_STORE)
def test_a_locked_index_loses_neither_the_save_nor_the_update(app, world, corpus):
    app.config["SEARCH_WRITER_TIMEOUT"] = 0.2
    with app.app_context():
        assert background.wait(30)
        directory = store.index_dir()
        lock = store.open_index(directory).lock("WRITELOCK")
        assert lock.acquire(blocking=False)
        try:
            held = add_finding(world.published, "Written while the index was locked.")
            assert background.wait(30)  # the background writer tried, and gave up for now
        finally:
            lock.release()
        assert db.session.get(Finding, held) is not None  # the database write stands
        assert store.pending_count(directory) == 1
        add_finding(world.published, "Written after the lock was released.")
        assert background.wait(30)
        assert store.pending_count(directory) == 0
    found = titles(run_search(app, "practitioner", world, "written"))
    assert found == {"Written while the index was locked.", "Written after the lock was released."}


@pytest.mark.whoosh_only(reason=WHOOSH_STORE)
def test_an_older_document_never_overwrites_a_newer_one(app, world, corpus):
    with app.app_context():
        directory = store.index_dir()
        old = store.Batch(
            [{**_stored(directory, f"finding:{corpus['tools']}"), "title": "Stale", "version": 1}]
        )
        store.write(directory, old, timeout=1)
    assert "Stale" not in titles(run_search(app, "practitioner", world, "father"))


def _stored(directory, doc_id):
    with store.open_index(directory).searcher() as s:
        return dict(s.document(id=doc_id))


@pytest.mark.whoosh_only(reason=WHOOSH_STORE)
def test_reindex_and_search_check(runner, app, world, corpus):
    with app.app_context():
        store.write(store.index_dir(), store.Batch(delete_ids=[f"finding:{corpus['hv']}"]), 1)
    check = runner.invoke(args=["search-check"])
    assert check.exit_code == 1
    assert f"missing from the index: finding:{corpus['hv']}" in check.output
    rebuilt = runner.invoke(args=["reindex"])
    assert rebuilt.exit_code == 0 and "Indexed 6 documents" in rebuilt.output
    assert runner.invoke(args=["search-check"]).exit_code == 0
    assert run_search(app, "practitioner", world, "moves").total == 1


@pytest.mark.whoosh_only(reason=WHOOSH_STORE)
def test_search_check_reports_extra_documents(runner, app, world, corpus):
    with app.app_context():
        db.session.execute(delete(Board).where(Board.id == -1))  # unrelated bulk statement
        doc = _stored(store.index_dir(), f"finding:{corpus['hv']}")
        store.write(store.index_dir(), store.Batch([{**doc, "id": "finding:999999"}]), 1)
    result = runner.invoke(args=["search-check"])
    assert (
        result.exit_code == 1
        and "in the index but not the database: finding:999999" in result.output
    )


def test_year_facet_and_field(app, world, corpus):
    with app.app_context():
        assert db.session.get(Review, world.published).published_on == date(2024, 5, 1)
    results = run_search(app, "practitioner", world, "year:2024", doc_type="finding")
    assert results.total == 3
    assert dict(results.facets["year"]) == {"2024": 3}


@pytest.mark.whoosh_only(reason="an empty WHOOSH_INDEX_DIR turns Whoosh off")
def test_no_index_configured_is_harmless(app, world):
    app.config["WHOOSH_INDEX_DIR"] = ""
    with app.app_context():
        add_finding(world.published, "Saved without an index.")
        user = db.session.scalar(select(User))
        assert search.search("saved", user).messages == ["Search is not configured on this server."]
