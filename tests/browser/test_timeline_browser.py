"""The child's journey in real Chromium: the demo review's timeline renders, and a key practice
episode on it is a link (by mouse and by keyboard) to the episode's page."""

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import sign_in_as

pytestmark = pytest.mark.browser

REVIEW = "Child A: a Learning Together systems review"


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="This review").get_by_role(
        "link", name=name, exact=True
    ).click()


def test_lead_opens_the_timeline_and_follows_a_kpe(page: Page, live_server, shot):
    sign_in_as(page, live_server.lead)
    page.get_by_role("link", name=REVIEW).first.click()
    open_tab(page, "Key practice episodes")
    titles = page.locator(".record__title a").all_inner_texts()
    assert len(titles) >= 7  # the demo review has seven, all dated

    open_tab(page, "Timeline")
    expect(page.get_by_role("heading", name="Timeline", level=1)).to_be_visible()
    figure = page.locator("figure.timeline")
    svg = figure.locator("svg")
    expect(svg).to_be_visible()
    assert svg.bounding_box()["width"] > 700  # drawn at the page's width, not a thumbnail
    expect(figure.locator("figcaption")).to_contain_text("Period under review")
    kpes = figure.get_by_role("link", name=re.compile(r"^KPE \d+: "))
    expect(kpes).to_have_count(len(titles))
    expect(figure.locator("circle.timeline__dot")).to_have_count(19)  # one per demo entry
    assert figure.locator(".timeline__lane").count() >= 8
    shot(page, "timeline")

    # The table holds the same events, behind a disclosure.
    table = page.locator("details.timeline__table")
    expect(table.locator("table")).to_be_hidden()
    table.locator("summary").click()
    expect(table.locator("tbody tr")).to_have_count(19 + len(titles))
    table.locator("summary").click()

    # Keyboard: the episodes are in the tab order, in date order, named "KPE n: title".
    kpes.first.focus()
    expect(kpes.first).to_be_focused()
    page.keyboard.press("Tab")
    expect(kpes.nth(1)).to_be_focused()
    shot(page, "keyboard-focus")

    third = titles[2]  # "KPE 3: …"
    figure.get_by_role("link", name=third).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(third.split(": ", 1)[1])
    expect(page).to_have_url(re.compile(r"/reviews/\d+/episodes/\d+$"))


def test_the_timeline_image_downloads(page: Page, live_server):
    sign_in_as(page, live_server.lead)
    page.get_by_role("link", name=REVIEW).first.click()
    open_tab(page, "Timeline")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as an image (PNG)").click()
    path = info.value.path()
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
