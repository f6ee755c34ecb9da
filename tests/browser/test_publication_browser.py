"""A practitioner reads a published review: its publication, and nothing of the working pages."""

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import sign_in_as

pytestmark = pytest.mark.browser


def test_practitioner_reads_a_published_review(page: Page, live_server, shot):
    sign_in_as(page, live_server.login_for("Practitioner"))
    page.get_by_role("link", name=re.compile("Child B")).first.click()
    article = page.get_by_role("article", name="Published report")
    expect(article).to_be_visible()
    expect(article.get_by_role("heading", level=1)).to_be_visible()
    expect(article.get_by_role("navigation", name="Contents")).to_be_visible()
    expect(article.locator("#finding-1")).to_be_visible()
    # Only the publication: no working tabs, no chronology, no case group page.
    tabs = page.get_by_role("navigation", name="This review")
    expect(tabs.get_by_role("link")).to_have_count(1)
    expect(page.get_by_role("link", name="Chronology")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Report \\(Word\\)"))).to_be_visible()
    shot(page, "reading-view")
    article.get_by_role("navigation", name="Contents").get_by_role(
        "link", name=re.compile("^Finding 1")
    ).first.click()
    expect(page).to_have_url(re.compile(r"#finding-1$"))
    page.set_viewport_size({"width": 390, "height": 844})
    expect(article).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the reading view scrolls sideways on a phone ({width} px)"
    shot(page, "reading-view-phone")
