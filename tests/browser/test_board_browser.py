"""A board member opens the board dashboard and a review's response page in real Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import sign_in_as

pytestmark = pytest.mark.browser


def test_board_member_opens_the_dashboard_and_follows_an_overdue_action(
    page: Page, live_server, shot
):
    sign_in_as(page, live_server.login_for("Board member"))
    page.get_by_role("link", name="Board dashboard").click()
    expect(page.get_by_role("heading", name="Board dashboard", level=1)).to_be_visible()
    for section in (
        "Reviews by stage",
        "Findings awaiting the Board's response",
        "Overdue actions",
    ):
        expect(page.get_by_role("heading", name=section, level=2)).to_be_visible()
    overdue = page.locator("#overdue tr.overdue")
    expect(overdue).to_have_count(1)  # the demo's training action, due March 2025
    shot(page, "dashboard")

    overdue.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/reviews/\d+/response#finding-\d+"))
    expect(page.get_by_role("heading", name="The Board's response", level=1)).to_be_visible()
    expect(page.get_by_text("Overdue", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Write the response"))).to_be_visible()
    shot(page, "response")
