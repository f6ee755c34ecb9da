"""A practitioner searches the learning of published reviews in real Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture(params=["whoosh", "pgsearch"])
def live_server(request, live_server):
    """Each search test on the demo served with Whoosh, and with PostgreSQL's search."""
    if request.param == "whoosh":
        return live_server
    return request.getfixturevalue("pgsearch_live_server")


def test_practitioner_searches_filters_and_opens_a_finding(page: Page, live_server, shot):
    sign_in_as(page, live_server.login_for("Practitioner"))
    page.get_by_role("link", name="Search the learning").click()
    page.get_by_label("Search findings and key practice episodes").fill("missing episodes")
    page.get_by_role("button", name="Search").click()

    results = page.get_by_role("heading", name=re.compile(r"^\d+ results?$"))
    expect(results).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()  # highlighted words
    expect(page).to_have_url(re.compile(r"/search\?q=missing\+episodes"))  # bookmarkable
    shot(page, "results")

    # One click on a facet filters; the filter is shown and can be removed.
    facet = page.locator(".facet").filter(has_text="Review type").get_by_role("link").first
    facet.click()
    expect(page.get_by_text("Filtered by:")).to_be_visible()

    first = page.locator(".result__title a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert re.match(r"(Finding|KPE) \d+: ", title)
    expect(page.locator("main")).to_contain_text(title.split(": ", 1)[1][:40])
    shot(page, "opened")


def test_drafts_stay_out_of_a_practitioners_results(page: Page, live_server):
    sign_in_as(page, live_server.login_for("Practitioner"))
    page.goto("/search?q=MASH")
    # The demo's only review that talks of the MASH is still a draft.
    expect(page.get_by_role("heading", name="No results")).to_be_visible()


def test_a_misspelling_recovers_by_itself(page: Page, live_server):
    sign_in_as(page, live_server.login_for("Practitioner"))
    page.goto("/search?q=exploitaton")
    expect(page.get_by_text("Showing results for")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ results?$"))).to_be_visible()
    page.get_by_role("link", name="exploitaton", exact=True).click()  # search instead for
    expect(page.get_by_role("heading", name="No results")).to_be_visible()
    suggestion = page.get_by_role("link", name="exploitation", exact=True)
    expect(suggestion).to_be_visible()  # "Did you mean …"
    suggestion.click()
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ results?$"))).to_be_visible()
