"""A board member reads the cross-review insight in real Chromium: charts, tables, links."""

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import sign_in_as

pytestmark = pytest.mark.browser


def test_board_member_reads_the_charts_and_follows_a_number(page: Page, live_server, shot):
    sign_in_as(page, live_server.login_for("Board member"))
    page.get_by_role("link", name="Insight", exact=True).click()
    expect(page.get_by_role("heading", name="Insight across reviews", level=1)).to_be_visible()

    # Charts whose bars are links are groups of links (an image cannot hold links).
    charts = page.locator("svg.chart")
    expect(charts).to_have_count(5)
    for i in range(5):
        expect(charts.nth(i)).to_be_visible()
    expect(page.locator("svg[aria-label='Findings by category'] rect").first).to_be_visible()
    category_table = page.get_by_role("table", name=re.compile("^Findings by category"))
    assert category_table.locator("tbody tr").count() > 0
    assert page.locator("table tbody tr").count() > 10
    shot(page, "insight")

    page.set_viewport_size({"width": 800, "height": 1000})  # a tablet
    expect(charts.first).to_be_visible()
    box = charts.first.bounding_box()
    assert box is not None and box["width"] <= 800
    shot(page, "insight-tablet")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Filter by a year, then follow one number to the search that lists what it counts.
    page.get_by_label("From year").select_option("2024")
    page.get_by_label("To year").select_option("2024")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"year_from=2024"))
    link = category_table.locator("td a").first
    count = int(link.inner_text().split()[0])
    link.click()
    expect(page).to_have_url(re.compile(r"/search\?.*type=finding.*year=2024"))
    results = "1 result" if count == 1 else f"{count} results"
    expect(page.get_by_role("heading", name=results, exact=True)).to_be_visible()


def test_a_chart_downloads_as_csv(page: Page, live_server):
    sign_in_as(page, live_server.login_for("Practitioner"))
    page.goto("/insight")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^Download CSV.*findings by theme")).click()
    download = info.value
    assert download.suggested_filename == "insight-theme.csv"
    data = download.path().read_bytes()
    assert data.startswith("\ufeffTheme,Findings\r\n".encode())
