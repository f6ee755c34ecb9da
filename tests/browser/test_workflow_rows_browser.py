"""Inline rows with the script: a finding's Board questions and a KPE's factors are added,
moved and removed in the page (no round trip), renumbered as they go, and saved in that order.
Without the script the same buttons submit the form (tests/test_inline_rows.py).

This file sorts after the other browser tests: it changes the demo's worked review."""

import pytest
from playwright.sync_api import Page, expect

from review.demo import WORKED_TITLE

from .helpers import sign_in_as

pytestmark = pytest.mark.browser


def open_first(page: Page, tab: str, button: str) -> None:
    """From the reviews list: the worked review's tab, its first record, and its edit form."""
    page.get_by_role("link", name=WORKED_TITLE).first.click()
    page.get_by_role("navigation", name="This review").get_by_role(
        "link", name=tab, exact=True
    ).click()
    page.locator("h2.record__title a").first.click()
    page.get_by_role("link", name=button).click()


def test_board_questions_are_added_moved_and_removed_in_the_page(page: Page, live_server, shot):
    sign_in_as(page, live_server.lead)
    open_first(page, "Findings", "Edit this finding")
    rows = page.locator("fieldset[data-rows=questions] > fieldset.row")
    before = rows.count()
    texts = [rows.nth(i).get_by_role("textbox").input_value() for i in range(before)]
    texts = [t for t in texts if t.strip()]
    page.evaluate("window.stillHere = true")  # gone if the page reloads

    page.get_by_role("button", name="Add another question").click()
    expect(rows).to_have_count(before + 1)
    added = rows.nth(before)
    expect(added.locator("legend").first).to_have_text(f"Question {before + 1}")
    expect(added.get_by_role("textbox")).to_be_focused()
    expect(added.get_by_role("textbox")).to_have_value("")
    added.get_by_role("textbox").fill("Browser question: who checks the handover?")
    # Move it to the top, one step at a time; the numbers follow.
    for position in range(before, 0, -1):
        page.get_by_role("button", name=f"Move up question {position + 1}").click()
    expect(rows.first.get_by_role("textbox")).to_have_value(
        "Browser question: who checks the handover?"
    )
    expect(page.get_by_role("button", name="Move up question 1")).to_be_disabled()
    # Remove the last (blank) row the form offered.
    last = rows.count()
    page.get_by_role("button", name=f"Remove question {last}").click()
    expect(rows).to_have_count(last - 1)
    assert page.evaluate("window.stillHere") is True
    names = [rows.nth(i).get_by_role("textbox").get_attribute("name") for i in range(rows.count())]
    assert names == [f"questions-{i}-text" for i in range(rows.count())]
    shot(page, "questions-rearranged")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    questions = page.locator("section[aria-labelledby=questions-title] li")
    expect(questions.first).to_contain_text("Browser question: who checks the handover?")
    expect(questions).to_have_count(len(texts) + 1)
    for i, text in enumerate(texts, start=1):
        expect(questions.nth(i)).to_contain_text(text.split("\n")[0][:40])


def test_an_added_factor_row_filters_its_sub_factors(page: Page, live_server):
    sign_in_as(page, live_server.lead)
    page.get_by_role("link", name=WORKED_TITLE).first.click()
    page.get_by_role("navigation", name="This review").get_by_role(
        "link", name="Key practice episodes", exact=True
    ).click()
    page.locator("h2.record__title a").first.click()
    page.get_by_role("link", name="Edit this episode").click()
    rows = page.locator("fieldset[data-rows=factors] > fieldset.row")
    before = rows.count()
    page.get_by_role("button", name="Add another factor").click()
    expect(rows).to_have_count(before + 1)
    added = rows.nth(before)
    added.get_by_label("Level").select_option(label="Team")
    offered = added.get_by_label("Sub-factor (optional)").locator("option:not([hidden])")
    labels = [t.strip() for t in offered.all_inner_texts() if t.strip()]
    assert "Supervision" in labels and "Workload" not in labels, labels
