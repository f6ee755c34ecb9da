"""Search that finds the learning: stemming, tolerant words, labels, typos, confidentiality."""
# ruff: noqa: F811
# (the corpus fixture is shared with test_search.py by importing it)

import pytest
from test_search import add_finding, corpus, run_search, titles  # noqa: F401  (fixture)

from review import search
from review.extensions import db
from review.index import querylang as ql
from review.index.engine_whoosh import background
from review.index.engine_whoosh.compile import MAX_EXPANSION
from review.index.fields import stem, stems
from review.models import User

pytestmark = pytest.mark.search


@pytest.mark.parametrize(
    ("word", "root"),
    [("stopped", "stop"), ("referred", "refer"), ("hopping", "hop"), ("planned", "plan"),
     ("stop", "stop"), ("refer", "refer"), ("supervision", "supervis")],
)  # fmt: skip
def test_snowball_undoubles_consonants(word, root):
    assert stem(word) == root


def test_doubled_consonants_match_at_search_time(app, world, corpus):
    with app.app_context():
        add_finding(world.published, "The GP referred the family twice and then stopped.")
        background.wait(30)
    assert run_search(app, "practitioner", world, "refer").total == 1
    assert run_search(app, "practitioner", world, "stop").total == 1
    both = run_search(app, "practitioner", world, "stopping referral")
    assert both.hits[0].title == "The GP referred the family twice and then stopped."


def test_plain_words_are_tolerant_and_all_words_rank_first(app, world, corpus):
    with app.app_context():
        both = add_finding(world.published, "Neglect was not discussed in supervision.")
        background.wait(30)
    results = run_search(app, "practitioner", world, "neglect supervision father")
    assert results.total >= 2  # one word is enough to be found
    assert results.hits[0].record_id != both or search.NOT_ALL_WORDS in results.messages
    two = run_search(app, "practitioner", world, "neglect supervision")
    assert two.hits[0].record_id == both and search.NOT_ALL_WORDS not in two.messages
    partial = run_search(app, "practitioner", world, "father grandmother")
    assert titles(partial) == {"Assessment forms hide the father."}
    assert search.NOT_ALL_WORDS in partial.messages


def test_explicit_operators_keep_their_meaning(app, world, corpus):
    assert run_search(app, "practitioner", world, "father AND moves").total == 0
    assert run_search(app, "practitioner", world, "father OR moves").total == 2
    assert run_search(app, "practitioner", world, '"father moves"').total == 0
    assert run_search(app, "practitioner", world, "father NOT forms").total == 0
    assert run_search(app, "practitioner", world, "category:tools moves").total == 0


def test_labels_are_words(app, world, corpus):
    # "hidden men" is only the theme of two findings; "handovers" the theme of one
    hidden = titles(run_search(app, "practitioner", world, "hidden men"))
    assert hidden == {"Police DV notifications are read one at a time.",
                      "Assessment forms hide the father."}  # fmt: skip
    assert titles(run_search(app, "practitioner", world, "handovers")) == {
        "The health visitor is not told when a family moves."
    }
    # the KPE's factor level and the board's name
    assert "finding" in {
        h.doc_type for h in run_search(app, "practitioner", world, "Eastmere").hits
    }
    assert run_search(app, "practitioner", world, "work environment", doc_type="kpe").total == 1


def test_stop_words_are_left_out(app, world, corpus):
    assert run_search(app, "practitioner", world, "the father").total == 1
    only = run_search(app, "practitioner", world, "the of and")
    assert only.total == 0 and only.messages


def test_a_word_only_in_an_unreadable_draft_is_never_suggested(app, world, corpus):
    with app.app_context():
        add_finding(world.draft, "The zanzibarqux protocol was not followed.")
        add_finding(world.published, "A locum covered the clinic.")
        background.wait(30)
    # the draft's team may be helped to the word ...
    lead = run_search(app, "lead", world, "zanzibarqix OR locum")
    assert lead.showing == "zanzibarqux OR locum" or lead.suggestion == "zanzibarqux OR locum"
    # ... a practitioner, who cannot read the draft, learns nothing of it
    for text in ("zanzibarqix OR locum", "zanzibarqix", "zanzibarqux"):
        found = run_search(app, "practitioner", world, text)
        assert found.suggestion is None and found.showing is None
        assert "zanzibar" not in " ".join(found.messages).lower()
        assert all("zanzibar" not in h.title.lower() for h in found.hits)
        assert all(value != "Supervision" for values in found.facets.values() for value in values)


def test_fuzzy_matching_for_long_unknown_words(app, world, corpus):
    both = run_search(app, "practitioner", world, "notificatoins fathr")
    assert both.showing == "notifications father" and both.total == 3


def test_respellings_are_limited_to_a_few_words(app, world, corpus):
    text = " ".join(["notificatons"] * 3 + ["zzqxa", "qqzzb", "xxqzc", "zqzqd", "fathr"])
    found = run_search(app, "practitioner", world, text)
    assert found.total >= 0  # answers; at most four unknown words were looked up


def test_query_language_limits():
    messages: list[str] = []
    tree = ql.parse("*a* OR ?b* OR title:[a TO z] OR year:2020..2024", messages)
    assert ql.Range("year", 2020, 2024) in tree.parts
    assert any("Wildcards work only at the end" in m for m in messages)
    assert any("Ranges work on years only" in m for m in messages)
    messages = []
    deep = ql.parse("(" * 30 + "neglect" + ")" * 30, messages)
    assert deep == ql.Word("neglect") and any("nest at most" in m for m in messages)
    messages = []
    many = ql.parse(" ".join(f"w{i}" for i in range(100)), messages)
    assert len(many.words) == ql.MAX_CLAUSES and any("at most" in m for m in messages)
    messages = []
    assert ql.parse("supervis*", messages) == ql.Word("supervis", prefix=True)
    assert ql.parse("su*", messages) == ql.Word("su")
    tolerant = ql.parse('rule optimism "hidden men" theme:neglect NOT drift', [])
    assert tolerant == ql.AllOf(
        (
            ql.Tolerant((ql.Word("rule"), ql.Word("optimism"))),
            ql.Phrase(("hidden", "men")),
            ql.Word("neglect", "theme"),
            ql.Exclude(ql.Word("drift")),
        )
    )


@pytest.mark.whoosh_only(
    reason="Whoosh expands a prefix into terms; PostgreSQL looks it up inside the GIN index"
)
def test_prefix_expansion_is_capped(app, world, corpus):
    with app.app_context():
        for n in range(3):
            add_finding(world.published, " ".join(f"pattern{n}x{i}" for i in range(30)))
        background.wait(30)
    found = run_search(app, "practitioner", world, "pattern*")
    assert found.total >= 2
    assert any(f"we used the first {MAX_EXPANSION}" in m for m in found.messages)
    # a prefix the spent budget could not expand is left out (as the message says), so the
    # search still answers with what the first prefix found instead of nothing at all
    both = run_search(app, "practitioner", world, "pattern* pattern1*")
    assert both.total == found.total
    assert any(f"we used the first {MAX_EXPANSION}" in m for m in both.messages)


def test_concept_words_are_stemmed_sequences():
    assert stems("Missed appointments were not followed up") == [
        "miss", "appoint", "were", "not", "follow", "up",
    ]  # fmt: skip


def test_create_token_prints_a_working_token(runner, app, world, client):
    result = runner.invoke(args=["create-token", "practitioner@test.example.org"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    response = client.get("/api/search?q=x", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    with app.app_context():
        user = db.session.get(User, world.users["practitioner"])
        assert user.api_token_hash
    again = runner.invoke(args=["create-token", "practitioner@test.example.org"])
    assert (
        client.get("/api/search?q=x", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )
    assert again.output.strip().splitlines()[-1] != token
    assert runner.invoke(args=["create-token", "nobody@example.org"]).exit_code == 1


def test_shipped_practice_concepts_cite_their_source():
    from review.taxonomy import shipped_taxonomies

    concepts = shipped_taxonomies()["concept"]
    assert len(concepts) >= 40
    for concept in concepts:
        assert concept["source"].strip(), concept["key"]
        assert len([p for p in concept["description"].split(";") if p.strip()]) >= 1
    assert len({c["key"] for c in concepts}) == len(concepts)


def test_practice_concepts_find_each_other_both_ways(app, world, corpus):
    with app.app_context():
        dna = add_finding(world.published, "The child did not attend three dental appointments.")
        wnb = add_finding(world.published, "Twice the baby was not brought to the clinic.")
        optimism = add_finding(
            world.published, "Professionals held an overly optimistic view of the family."
        )
        background.wait(30)
    assert {dna, wnb} <= {
        h.record_id for h in run_search(app, "practitioner", world, '"was not brought"').hits
    }
    assert {dna, wnb} <= {
        h.record_id for h in run_search(app, "practitioner", world, "missed appointments").hits
    }
    assert run_search(app, "practitioner", world, "rule of optimism").hits[0].record_id == optimism


def test_admin_adds_a_practice_concept(app, world, corpus, client, auth):
    auth.login("admin")
    response = client.post(
        "/admin/taxonomies/concept/new",
        data={
            "label": "Zero-hours tenancy",
            "description": "precarious housing; sofa surfing",
            "active": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        found = add_finding(world.published, "The family were sofa surfing for a year.")
        background.wait(30)
    assert [
        h.record_id for h in run_search(app, "practitioner", world, "precarious housing").hits
    ] == [found]


def test_searches_are_rate_limited_per_user(app, client, auth, world):
    app.config["SEARCH_RATE_LIMIT"] = "3/minute"
    auth.login("practitioner")
    assert [client.get("/search?q=x").status_code for _ in range(3)] == [200] * 3
    limited = client.get("/api/search?q=x")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert "wait" in limited.get_json()["error"]
    page = client.get("/search?q=x")
    assert page.status_code == 429 and "Too many searches" in page.get_data(as_text=True)
    auth.logout()
    auth.login("board_member")  # another user has a count of their own
    assert client.get("/api/search?q=x").status_code == 200


def test_a_rate_limit_window_starts_afresh(app):
    from review import ratelimit

    with app.app_context():
        assert [ratelimit.hit("k", 2, 60, now=120) for _ in range(3)] == [0, 0, 60]
        assert ratelimit.hit("k", 2, 60, now=185) == 0
        assert ratelimit.parse("30/minute") == (30, 60) and ratelimit.parse("5/10s") == (5, 10)


@pytest.mark.whoosh_only(reason="Whoosh's collector; PostgreSQL: test_search_postgresql.py")
def test_a_search_that_runs_out_of_time_answers_with_what_it_has(app, world, corpus,
                                                                  monkeypatch):  # fmt: skip
    from review.index.engine_whoosh import collect
    from review.index.engine_whoosh.run import TIMED_OUT

    monkeypatch.setattr(collect, "CHECK_EVERY", 1)  # look at the clock after every match
    app.config["SEARCH_TIME_LIMIT"] = -1  # and find the time already up
    found = run_search(app, "practitioner", world, "father OR moves OR notifications")
    assert TIMED_OUT in found.messages
    assert found.total == 1 and len(found.hits) == 1  # what it found in time: an answer


def test_an_acronym_is_not_taken_for_a_misspelling(app, world, corpus):
    found = run_search(app, "practitioner", world, "LADO")
    assert found.total == 0 and found.showing is None and found.suggestion is None
