"""PostgreSQL search ranks within a bounded candidate set above `BOUND` matches (issue 10):
totals, facets and date order stay exact, and the best-covered matches still come first."""
# ruff: noqa: F811
# (the corpus fixture is shared with test_search.py by importing it)

import pytest
from test_search import add_finding, corpus, run_search  # noqa: F401

from review.index.engine_postgresql import bounded

pytestmark = pytest.mark.pgsearch_only


@pytest.fixture
def many(app, world, corpus):
    """Twelve findings with "housing", four of them with "overcrowded" too."""
    with app.app_context():
        for n in range(12):
            extra = " in overcrowded rooms" if n % 3 == 0 else ""
            add_finding(world.published, f"Housing officers visit {n} families{extra}.",
                        themes=("neglect",) if n % 2 else ())  # fmt: skip


def answers(app, world, monkeypatch, bound: int, text: str, **options):
    monkeypatch.setattr(bounded, "BOUND", bound)
    return run_search(app, "practitioner", world, text, **options)


def test_counts_and_date_order_do_not_depend_on_the_bound(app, world, many, monkeypatch):
    for options in ({}, {"sort": "date"}, {"page": 2}, {"selected": {"theme": ["Neglect"]}}):
        exact = answers(app, world, monkeypatch, 10_000, "housing overcrowded", **options)
        small = answers(app, world, monkeypatch, 2, "housing overcrowded", **options)
        assert small.total == exact.total >= 6
        assert small.facets == exact.facets
        if options.get("sort") == "date":
            assert [h.title for h in small.hits] == [h.title for h in exact.hits]


def test_matches_with_every_word_come_first_when_ranking_is_bounded(app, world, many, monkeypatch):
    found = answers(app, world, monkeypatch, 2, "housing overcrowded")
    both = ["overcrowded" in h.title for h in found.hits]
    assert both[:4] == [True] * 4 and not any(both[4:])  # a page is never cut short
    assert found.messages == []  # the best hit has every word: nothing to warn about
    exact = answers(app, world, monkeypatch, 10_000, "housing overcrowded")
    assert {h.title for h in found.hits[:4]} == {h.title for h in exact.hits[:4]}
