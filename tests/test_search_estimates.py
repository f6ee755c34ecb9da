"""PostgreSQL search estimates its counts from a fixed sample above SEARCH_EXACT_UP_TO matches
(issue 10): 1 in 16, or 1 in 64 above five times the limit; published matches in the sample
count 16 (or 64) times, visible drafts once, and date order stays exact."""
# ruff: noqa: F811
# (the corpus fixture is shared with test_search.py by importing it)

import pytest
from sqlalchemy import text
from test_search import add_finding, corpus, run_search  # noqa: F401

from review.extensions import db
from review.index.results import about

pytestmark = pytest.mark.pgsearch_only


@pytest.fixture
def housing(app, world, corpus):
    """64 published findings about housing (half on neglect) and three in board 1's draft."""
    with app.app_context():
        for n in range(64):
            add_finding(world.published, f"Housing officers visit {n} families.",
                        themes=("neglect",) if n % 2 else ())  # fmt: skip
        for n in range(3):
            add_finding(world.draft, f"Housing needs of family {n} are not assessed.")


def rows(app, world, who_sees_draft: bool):
    """(id, published, sample, themes) of every housing document the user may read."""
    with app.app_context():
        found = db.session.execute(
            text(
                "SELECT id, published, sample, themes, sort_date FROM search_document "
                "WHERE words @@ to_tsquery('english', 'housing') AND (published OR "
                "(review_id = :draft AND :sees))"
            ),
            {"draft": world.draft, "sees": who_sees_draft},
        ).all()
        db.session.remove()
        return found


def choice(found, limit: int) -> tuple[str, int]:
    """The sample the engine should use and its estimate (the rule of bounded.statement)."""
    drafts = sum(1 for r in found if not r.published)
    sparse = 64 * sum(1 for r in found if r.published and r.sample == 0) + drafts
    if sparse > 5 * limit:
        return "s64", sparse
    estimate = 16 * sum(1 for r in found if r.published and r.sample < 4) + drafts
    return ("s16" if estimate > limit else "exact"), estimate


def in_sample(row, tier: str) -> bool:
    return not row.published or (row.sample == 0 if tier == "s64" else row.sample < 4)


def weighted(found, tier: str, keep=lambda r: True) -> int:
    """What the estimate should say: published matches in the sample as many times as they
    stand for, drafts once."""
    each = 64 if tier == "s64" else 16
    return sum(each if r.published else 1 for r in found if keep(r) and in_sample(r, tier))


def limits(found) -> dict[str, int]:
    """A SEARCH_EXACT_UP_TO that makes the engine use each sample on this corpus."""
    drafts = sum(1 for r in found if not r.published)
    sparse = 64 * sum(1 for r in found if r.published and r.sample == 0) + drafts
    assert sparse > drafts, "the ids give this corpus a non-empty 1-in-64 sample"
    return {"s64": 0, "s16": (sparse + 4) // 5}


@pytest.mark.parametrize("tier", ["s64", "s16"])
def test_above_the_limit_counts_are_estimated_from_a_sample(app, world, housing, tier):
    found = rows(app, world, who_sees_draft=True)
    app.config["SEARCH_EXACT_UP_TO"] = limits(found)[tier]
    assert choice(found, limits(found)[tier])[0] == tier
    results = run_search(app, "lead", world, "housing")
    assert results.estimated
    assert results.total == about(weighted(found, tier))
    themes = dict(results.facets["theme"])
    assert themes.get("Neglect", 0) == about(weighted(found, tier, lambda r: "Neglect" in r.themes))
    # the pages reach the sample's published matches and the drafts, best first
    reachable = {r.id for r in found if in_sample(r, tier)}
    assert results.pages == (len(reachable) + 9) // 10
    every = [h for p in range(1, results.pages + 1)
             for h in run_search(app, "lead", world, "housing", page=p).hits]  # fmt: skip
    assert {f"{h.doc_type}:{h.record_id}" for h in every} == reachable


def test_below_the_limit_everything_is_exact(app, world, housing):
    app.config["SEARCH_EXACT_UP_TO"] = 10_000
    results = run_search(app, "lead", world, "housing")
    assert not results.estimated
    assert results.total == len(rows(app, world, who_sees_draft=True)) == 67


def test_drafts_are_counted_only_for_those_who_may_read_them(app, world, housing):
    app.config["SEARCH_EXACT_UP_TO"] = 0
    outsider = run_search(app, "practitioner", world, "housing")
    assert outsider.estimated
    found = rows(app, world, who_sees_draft=False)
    assert outsider.total == about(weighted(found, choice(found, 0)[0]))
    assert all(h.review_id != world.draft for h in outsider.hits)


def test_date_order_stays_exact_when_counts_are_estimated(app, world, housing):
    for page in (1, 2):
        app.config["SEARCH_EXACT_UP_TO"] = 10_000
        exact = run_search(app, "lead", world, "housing", sort="date", page=page)
        app.config["SEARCH_EXACT_UP_TO"] = 0
        estimated = run_search(app, "lead", world, "housing", sort="date", page=page)
        assert estimated.estimated and not exact.estimated
        assert [h.record_id for h in estimated.hits] == [h.record_id for h in exact.hits]


def test_the_page_says_the_counts_are_estimates(app, world, housing, client, auth):
    app.config["SEARCH_EXACT_UP_TO"] = 0
    auth.login("lead")
    page = client.get("/search?q=housing").get_data(as_text=True)
    assert "About " in page and "estimated from a sample" in page
    assert '<span class="visually-hidden">about </span>' in page
    answer = client.get("/api/search?q=housing").get_json()
    assert answer["estimated"] is True
    app.config["SEARCH_EXACT_UP_TO"] = 10_000
    page = client.get("/search?q=housing").get_data(as_text=True)
    assert "67 results" in page and "estimated" not in page
    assert client.get("/api/search?q=housing").get_json()["estimated"] is False


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 0), (16, 16), (99, 99), (112, 110), (6_382, 6_400), (102_112, 100_000), (995, 1_000)],
)
def test_estimates_are_shown_to_two_significant_figures(count, shown):
    assert about(count) == shown


def test_a_phrase_is_estimated_above_a_fifth_of_the_limit(app, world, housing):
    """A match through a phrase costs its words read again, so the limit is a fifth."""
    found = rows(app, world, who_sees_draft=True)
    _tier, estimate = choice(found, 10_000)
    app.config["SEARCH_EXACT_UP_TO"] = estimate  # the plain word just within it
    assert not run_search(app, "lead", world, "housing").estimated
    assert run_search(app, "lead", world, '"housing officers"').estimated
    app.config["SEARCH_EXACT_UP_TO"] = 5 * 5 * estimate  # the sparse sample's limit too
    assert not run_search(app, "lead", world, '"housing officers"').estimated
