"""A board member downloads the demo review's report from its page, and it opens as a document."""

import re
import shutil

import docx
import pytest
from playwright.sync_api import Page, expect

from review.demo import WORKED_TITLE

from .helpers import sign_in_as

pytestmark = pytest.mark.browser


def test_board_member_downloads_the_report(page: Page, live_server, shot, tmp_path):
    board = live_server.login_for("Board member")  # as load_demo() reports it
    sign_in_as(page, board)

    page.get_by_role("link", name=WORKED_TITLE).first.click()
    expect(page.get_by_role("heading", name=WORKED_TITLE, level=1)).to_be_visible()
    downloads = page.get_by_role("region", name="Downloads")
    expect(downloads).to_be_visible()
    shot(page, "01-review-with-downloads")

    # Not signed off yet: no publication, so the report comes as a draft, marked DRAFT.
    expect(downloads.get_by_role("link", name="Report (Word)")).to_have_count(0)
    with page.expect_download() as info:
        downloads.get_by_role("link", name="Draft report").click()
    download = info.value
    assert download.suggested_filename.endswith("-child-a-report-draft.docx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    document = docx.Document(str(path))
    assert document.core_properties.title == WORKED_TITLE
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters[:3] == ["Executive summary", "Introduction", "Appraisal of practice"]
    if shutil.which("soffice"):  # the contents carry page numbers (LibreOffice laid it out)
        contents = [p.text for p in document.paragraphs if p.style.name == "toc 1"]
        assert contents and all(re.search(r"\t\d+$", entry) for entry in contents)
    header = document.sections[0].header.paragraphs[0].text
    assert header == "DRAFT — OFFICIAL-SENSITIVE — not for publication"

    # The checks page: one identifier check for the whole publication, and it is clean.
    downloads.get_by_role("link", name="Check for identifying details").click()
    expect(page.get_by_role("heading", name="Downloads and checks", level=1)).to_be_visible()
    expect(page.get_by_text("Ready")).to_have_count(1)
    shot(page, "02-checks")
