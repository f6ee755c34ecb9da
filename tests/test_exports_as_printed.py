"""The demo report and briefing as a Board prints them: laid out by LibreOffice, read as PDF text.

One backend (SQLite) is enough for these slow conversions. They skip only when LibreOffice or
poppler-utils is missing and REVIEW_REQUIRE_BROWSER is unset (CI sets it, and installs
fonts-liberation, so the pages tested are the ones Word would lay out in Arial). The first pages
are kept as PNGs in tests/artefacts/exports/ for a person to look at.
"""

import os
import re
import shutil
import subprocess
import uuid
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from test_exports import load_cheap_demo

from review import create_app
from review.exports import export_review
from review.exports.pagination import locate
from review.extensions import db
from review.models import Review
from review.taxonomy import load_taxonomies

ARTEFACTS = Path(__file__).resolve().parent / "artefacts" / "exports"
MIN_WORDS = 60  # fewer on a page (but the last) means a near-empty page

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftoppm"))
    and not os.environ.get("REVIEW_REQUIRE_BROWSER"),
    reason="LibreOffice (soffice) or poppler-utils (pdftotext, pdftoppm) is not installed",
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The demo report and briefing exported (page numbers on), as .docx, PDF text and PNGs."""
    folder = tmp_path_factory.mktemp("printed")
    app = create_app({
        "TESTING": True, "SECRET_KEY": "t", "WHOOSH_INDEX_DIR": "",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'printed.sqlite'}",
        "EXPORTS_DIR": str(folder / "exports"), "PAGE_NUMBERS_DIR": str(folder / "pages"),
        "REPORT_PAGE_NUMBERS": True,
    })  # fmt: skip
    result = {}
    with app.app_context():
        db.create_all()
        load_taxonomies()
        with pytest.MonkeyPatch.context() as patch:
            review_id = load_cheap_demo(patch)
        for kind in ("report", "briefing"):
            data = export_review(db.session.get(Review, review_id), kind).data
            (folder / f"{kind}.docx").write_bytes(data)
            result[kind] = (data, _pdf_text(folder / f"{kind}.docx", folder, kind))
        db.session.remove()
        db.engine.dispose()
    return result


def _pdf_text(docx_path: Path, out: Path, kind: str) -> list[str]:
    """The PDF's text, one string per page (pdftotext -layout), and PNGs of its first pages."""
    profile = f"file:///tmp/review-lo-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out), str(docx_path)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    pdf = out / (docx_path.stem + ".pdf")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTEFACTS.glob(f"{kind}-*.png"):
        old.unlink()
    last = "3" if kind == "report" else "2"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", last, str(pdf), str(ARTEFACTS / kind)],
        check=True, timeout=120,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]  # the text ends with a form feed


def _contents_lines(pages: list[str]) -> list[str]:
    """The contents' lines: from "Contents" to the end of the pages it fills."""
    first = next(i for i, p in enumerate(pages) if re.search(r"^\s*Contents\s*$", p, re.M))
    lines = []
    for page in pages[first:]:
        body = [line.strip() for line in page.splitlines()[1:-1] if line.strip()]
        if lines and not re.search(r"\.{4,}\s*\d+$", page):
            break  # a page with no entry ending in dots and a number is past the contents
        lines += [line for line in body if line != "Contents" and not line.startswith("Page ")]
    return lines


def test_the_contents_give_a_page_number_for_every_entry_and_they_are_right(printed):
    data, pages = printed["report"]
    lines = _contents_lines(pages)
    document = docx.Document(BytesIO(data))
    entries = [p.text for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert len(lines) >= len(entries) > 20
    for line in lines:
        assert re.search(r"\.{4,}\s*\d+$", line), f"no page number: {line!r}"
    # The numbers are where the headings are, and no field asks Word to update on opening.
    shown = [int(re.search(r"(\d+)$", line).group(1)) for line in lines]
    words = [e.rsplit("\t", 1)[0] for e in entries]
    assert shown[: len(words)] == locate(pages, words)
    assert shown == sorted(shown)
    assert document.settings.element.find(qn("w:updateFields")) is None


def test_contents_entries_link_to_their_headings(printed):
    document = docx.Document(BytesIO(printed["report"][0]))
    body = document.element.body
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    marks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert anchors and set(anchors) <= marks and len(set(anchors)) == len(anchors)
    headings = [p for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert len(headings) == len(anchors)


def test_no_page_but_the_last_is_nearly_empty(printed):
    for kind in ("report", "briefing"):
        pages = printed[kind][1]
        counts = [len(_body(p).split()) for p in pages]
        assert all(n >= MIN_WORDS for n in counts[:-1]), f"{kind}: words per page {counts}"


def _body(page: str) -> str:
    """A page's words without its header (the marking) and footer (Page X of Y)."""
    return "\n".join(line for line in page.splitlines()[1:] if not re.match(r"\s*Page \d+", line))


def test_no_table_cell_breaks_a_word(printed):
    """Every word of every table cell is printed whole: "Priority", never "Priorit" + "y"."""
    for kind in ("report", "briefing"):
        data, pages = printed[kind]
        printed_words = set(" ".join(pages).split())
        document = docx.Document(BytesIO(data))
        cell_words = {
            word
            for table in document.tables
            for row in table.rows
            for cell in row.cells
            for word in cell.text.split()
            if not re.search(r"[-/–—]", word)  # a line may end after a hyphen or slash
        }
        broken = sorted(w for w in cell_words if w not in printed_words)
        assert not broken, f"{kind}: words broken across lines in tables: {broken}"


def test_the_briefing_is_two_pages_in_seven_parts(printed):
    pages = printed["briefing"][1]
    assert len(pages) == 2
    text = "\n".join(pages)
    for number in range(1, 8):
        assert re.search(rf"^\s*{number}\. \w", text, re.M), f"part {number} missing"


def test_the_report_prints_its_fields_and_markings(printed):
    pages = printed["report"][1]
    count = len(pages)
    assert 15 <= count <= 60
    text = "\n".join(pages)
    assert f"Page {count} of {count}" in text  # PAGE and NUMPAGES were computed
    assert "OFFICIAL-SENSITIVE — not for publication" in text
    assert "1. How well does the multi-agency system" in text  # list numbers are drawn
    assert "Figure 1: The child's journey" in text
    pictures = sorted(p.name for p in ARTEFACTS.glob("*.png"))
    assert len([p for p in pictures if p.startswith("report-")]) == 3
    assert len([p for p in pictures if p.startswith("briefing-")]) == 2
    assert all((ARTEFACTS / p).stat().st_size > 10_000 for p in pictures)
