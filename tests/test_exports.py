"""The Word exports, read back with python-docx: structure, fields, styles, Markdown, file names.

The demo review ("Child A") is exported and opened again; test_exports_as_printed.py lays it
out in LibreOffice and checks the printed pages.
"""

import re
from datetime import date
from io import BytesIO
from pathlib import Path

import docx
import pytest
from conftest import PASSWORD_HASH
from docx.oxml.ns import qn
from sqlalchemy import select

from review.demo import CHILDREN_BOARD, WORKED_TITLE, load_demo
from review.exports import export_review
from review.exports.files import export_filename, slug, write_export
from review.exports.markdown_docx import parse_inline, parse_markdown
from review.extensions import db
from review.models import Review, ReviewStatus
from review.timeline import PRINT_WIDTH, build_layout

REPORT_CHAPTERS = [
    "Executive summary",
    "Introduction",
    "Appraisal of practice",
    "Overview of the findings",
    "The findings in full",
    "Appendix: the Learning Together method",
    "Appendix: glossary",
]
BRIEFING_CHAPTERS = [
    "1. Why the review happened",
    "2. The case in brief",
    "3. What the review found",
    "4. What this means for practice",
    "5. Questions for your team",
    "6. What the Board is doing",
    "7. Where to read more",
]
RESIDUE = ("**", "__", "#", "`", "<", ">")


# --------------------------------------------------------------------------- helpers


def load_cheap_demo(monkeypatch) -> int:
    """Load the demo data (with a cheap password hash) and return the worked review's id."""
    monkeypatch.setattr(
        "review.models.people.generate_password_hash", lambda *a, **k: PASSWORD_HASH
    )
    load_demo()
    db.session.commit()
    return db.session.scalar(select(Review.id).where(Review.title == WORKED_TITLE))


@pytest.fixture
def demo(app, monkeypatch) -> int:
    """The worked review (Child A), at the findings stage: its exports are drafts."""
    with app.app_context():
        return load_cheap_demo(monkeypatch)


@pytest.fixture
def signed(app, demo) -> int:
    """The worked review, signed off: only then has it a publication (before, only drafts)."""
    with app.app_context():
        review = db.session.get(Review, demo)
        review.status, review.signed_off_on = ReviewStatus.SIGNED_OFF, date(2025, 9, 1)
        db.session.commit()
        return demo


def export(app, review_id: int, kind: str = "report", draft: bool = False, **config):
    app.config.update(config)
    with app.app_context():
        return export_review(db.session.get(Review, review_id), kind, draft=draft)


def opened(data: bytes):
    return docx.Document(BytesIO(data))


def cell_texts(document) -> list[str]:
    return [c.text for t in document.tables for row in t.rows for c in row.cells]


def all_texts(document) -> list[str]:
    section = document.sections[0]
    return [
        *(p.text for p in document.paragraphs),
        *cell_texts(document),
        *(p.text for p in section.header.paragraphs),
        *(p.text for p in section.footer.paragraphs),
    ]


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def plain(markdown_text: str) -> str:
    """The words of a Markdown text, as they read in the document."""
    return "\n".join(b.plain for b in parse_markdown(markdown_text))


def table_with_header(document, *header: str):
    for table in document.tables:
        if tuple(c.text for c in table.rows[0].cells) == header:
            return table
    raise AssertionError(f"no table with the header {header}")


# --------------------------------------------------------------------------- the report


def test_report_structure_headings_and_every_kpe_finding_and_question(app, signed):
    result = export(app, signed)
    assert result.filename == f"review-{signed}-child-a-report.docx" and not result.hits
    document = opened(result.data)
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [WORKED_TITLE]
    assert headings(document, 1) == REPORT_CHAPTERS
    words = "\n".join(all_texts(document))
    with app.app_context():
        review = db.session.get(Review, signed)
        h2 = headings(document, 2)
        assert h2[:3] == ["Why this case was reviewed", "The case in brief", "Period under review"]
        for kpe in review.episodes:
            assert f"KPE {kpe.number}: {kpe.title}" in h2
            assert plain(kpe.what_happened) in words
            for factor in kpe.factors:
                assert plain(factor.description) in words
        for finding in review.findings:
            assert f"Finding {finding.number}: {finding.short_title}" in h2
            assert plain(finding.statement) in words
            assert plain(finding.significance) in words
            for question in finding.questions:
                assert plain(question.text) in words
        for question in review.research_questions:
            assert plain(question.text) in words
        h3 = headings(document, 3)
        for scie in (
            "How did the issue manifest in this case?",
            "How do we know it is an underlying issue, not something peculiar to this case?",
            "How widespread is the pattern?",
            "Why does it matter?",
            "Questions for the Board to consider",
        ):
            assert h3.count(scie) == len(review.findings)
        kpes = table_with_header(document, "No.", "Episode", "When", "Agencies")
        assert len(kpes.rows) == 1 + len(review.episodes)
        overview = table_with_header(document, "No.", "Finding", "Category", "Priority")
        assert [r.cells[3].text for r in overview.rows[1:]] == [f.priority for f in review.findings]
        assert [r.cells[1].text for r in overview.rows[1:]] == [
            f.short_title for f in review.findings
        ]
    # Contributory factors are grouped by level and marked supports / hinders.
    assert "Child and family" in headings(document, 4)
    assert any(p.text.startswith("Supports good practice") for p in document.paragraphs)
    assert any(p.text.startswith("Makes poor practice more likely") for p in document.paragraphs)


def test_case_group_table_has_role_and_agency_only(app, demo):
    with app.app_context():
        review = db.session.get(Review, demo)
        practitioners = [m for m in review.case_group if not m.is_family_member]
        expected = [(m.role_title, m.agency) for m in practitioners]
        practitioners[0].label = "Jane Realname"  # a label that could be a name, never shown
        labels = [m.label for m in review.case_group]
        db.session.commit()
    document = opened(export(app, demo).data)
    table = table_with_header(document, "Role", "Agency")
    assert all(len(row.cells) == 2 for row in table.rows)
    assert [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]] == expected
    words = "\n".join(all_texts(document))
    assert "Jane Realname" not in words
    cells = [c.text for row in table.rows for c in row.cells]
    for label in labels:
        assert label not in cells


def test_header_footer_fields_and_settings(app, signed):
    document = opened(export(app, signed).data)
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == [
        "OFFICIAL-SENSITIVE — not for publication"
    ]
    footer = section.footer.paragraphs[0]
    assert footer.text == "Page 1 of 1"  # the field results until Word or LibreOffice updates
    instructions = [i.text.strip() for i in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert len(list(footer._p.iter(qn("w:fldChar")))) == 6  # begin, separate, end twice
    body = [i.text.strip() for i in document.element.body.iter(qn("w:instrText"))]
    assert body == ['TOC \\o "1-2" \\h \\z \\u', "SEQ Figure \\* ARABIC"]
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    # The pre-filled contents list the chapters.
    toc = [p.text for p in document.paragraphs if p.style.name == "toc 1"]
    assert toc == REPORT_CHAPTERS


def test_core_properties(app, demo):
    document = opened(export(app, demo).data)
    props = document.core_properties
    assert props.title == WORKED_TITLE
    assert props.author == CHILDREN_BOARD
    assert props.subject == "Learning Together full review: Child A"
    assert props.comments == "" and "python-docx" not in (props.keywords + props.last_modified_by)


def test_built_in_styles_and_no_markdown_or_html_residue(app, demo):
    document = opened(export(app, demo).data)
    used = {p.style.name for p in document.paragraphs}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4"} <= used
    assert {"List Number", "List Bullet", "TOC Heading", "toc 1", "toc 2"} <= used
    assert {t.style.name for t in document.tables} == {"Light List Accent 1"}
    for text in all_texts(document):
        for residue in RESIDUE:
            assert residue not in text, f"{residue!r} in {text!r}"
    # The reference document's house style: Arial 11 pt.
    normal = document.styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size.pt == 11


def test_markdown_becomes_word_formatting_and_lists_restart(app, demo):
    with app.app_context():
        review = db.session.get(Review, demo)
        review.limitations = (
            "A **bold claim** and an *aside*, with a [link](https://example.org/guidance).\n\n"
            "- first bullet\n- second bullet\n\n"
            "Then:\n\n1. one\n2. two\n\nAnd again:\n\n1. uno\n2. dos\n\n"
            "> a quotation\n\n<script>alert(1)</script>\n\nWith <b>tag</b> &amp; __under__"
        )
        db.session.commit()
    document = opened(export(app, demo).data)
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("A bold claim"))
    first = paragraphs[start]
    assert first.text == "A bold claim and an aside, with a link (https://example.org/guidance)."
    assert [r.text for r in first.runs if r.bold] == ["bold claim"]
    assert [r.text for r in first.runs if r.italic] == ["aside"]
    following = [(p.text, p.style.name) for p in paragraphs[start + 1 : start + 10]]
    assert following == [
        ("first bullet", "List Bullet"),
        ("second bullet", "List Bullet"),
        ("Then:", "Normal"),
        ("one", "List Number"),
        ("two", "List Number"),
        ("And again:", "Normal"),
        ("uno", "List Number"),
        ("dos", "List Number"),
        ("a quotation", "Quote"),
    ]
    last = paragraphs[start + 10]
    assert last.text == "With tag & under"
    assert [r.text for r in last.runs if r.bold] == ["tag", "under"]
    # Each numbered list has its own w:num, which restarts at 1.
    numbers = [paragraphs[start + i]._p.pPr.numPr.numId.val for i in (4, 5, 7, 8)]
    assert numbers[0] == numbers[1] and numbers[2] == numbers[3] and numbers[0] != numbers[2]
    numbering = document.part.numbering_part.element
    for num_id in (numbers[0], numbers[2]):
        num = next(n for n in numbering.iterfind(qn("w:num")) if n.numId == num_id)
        start_at = num.find(qn("w:lvlOverride")).find(qn("w:startOverride"))
        assert start_at.get(qn("w:val")) == "1"


def test_research_and_board_questions_are_numbered_lists_that_restart(app, demo):
    document = opened(export(app, demo).data)
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    lists = {p._p.pPr.numPr.numId.val for p in numbered}
    with app.app_context():
        review = db.session.get(Review, demo)
        # research questions, each finding's questions, the categories in the method appendix
        assert len(lists) == 1 + len(review.findings) + 1


def test_draft_is_marked_in_header_and_on_the_cover(app, demo):
    result = export(app, demo, draft=True)
    assert result.filename == f"review-{demo}-child-a-report-draft.docx"
    document = opened(result.data)
    header = document.sections[0].header.paragraphs[0].text
    assert header == "DRAFT — OFFICIAL-SENSITIVE — not for publication"
    assert any(p.text.startswith("DRAFT for the review team") for p in document.paragraphs)


def test_marking_after_publication_and_configurable(app, demo):
    with app.app_context():
        review = db.session.get(Review, demo)
        review.status, review.published_on = ReviewStatus.PUBLISHED, date(2025, 3, 3)
        db.session.commit()
    document = opened(export(app, demo).data)
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL"
    assert "Status: Published on 3 March 2025" in [p.text for p in document.paragraphs]
    document = opened(export(app, demo, PUBLISHED_PROTECTIVE_MARKING="OFFICIAL (published)").data)
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL (published)"
    with app.app_context():
        db.session.get(Review, demo).status = ReviewStatus.SIGNED_OFF
        db.session.commit()
    document = opened(export(app, demo, PROTECTIVE_MARKING="RESTRICTED: board only").data)
    assert document.sections[0].header.paragraphs[0].text == "RESTRICTED: board only"
    with app.app_context():
        db.session.get(Review, demo).status = ReviewStatus.FINDINGS
        db.session.commit()
    # Before sign-off there is no publication: whatever is asked for, a draft is exported.
    unsigned = export(app, demo, PROTECTIVE_MARKING="RESTRICTED: board only")
    assert unsigned.draft and unsigned.filename.endswith("-draft.docx")
    document = opened(unsigned.data)
    assert document.sections[0].header.paragraphs[0].text == "DRAFT — RESTRICTED: board only"
    assert "Protective marking: RESTRICTED: board only" in [p.text for p in document.paragraphs]


def test_board_response_and_actions_when_recorded(app, demo):
    from review.models import BoardAction, BoardResponse

    with app.app_context():
        finding = db.session.get(Review, demo).findings[0]
        finding.response = BoardResponse(
            response="The Board **accepts** the finding.", responded_on=date(2025, 4, 1)
        )
        finding.actions.append(
            BoardAction(what="Review the MASH screening tool.", owner_role="Head of Service",
                        owner_agency="Children's Services", due_on=date(2025, 9, 30))
        )  # fmt: skip
        db.session.commit()
    document = opened(export(app, demo).data)
    chapters = headings(document, 1)
    assert chapters == [*REPORT_CHAPTERS[:5], "The Board's response", *REPORT_CHAPTERS[5:]]
    assert any(h.startswith("Response to Finding 1: ") for h in headings(document, 2))
    words = all_texts(document)
    assert "The Board accepts the finding." in words
    assert "Responded on 1 April 2025." in words
    actions = table_with_header(
        document, "Action", "Owner", "Agency", "Due", "Status", "Reason or evidence of impact"
    )
    assert [c.text for c in actions.rows[1].cells] == [
        "Review the MASH screening tool.", "Head of Service", "Children's Services",
        "30 September 2025", "Planned", "—",
    ]  # fmt: skip


def test_glossary_holds_only_the_acronyms_used(app, demo):
    document = opened(export(app, demo).data)
    glossary = table_with_header(document, "Term", "Meaning")
    terms = [row.cells[0].text for row in glossary.rows[1:]]
    assert {"DV", "HV", "MASH", "CP", "CIN", "GP", "MARAC", "IDVA", "DASH"} <= set(terms)
    assert "CAMHS" not in terms and "LADO" not in terms
    assert terms == sorted(terms, key=str.lower)


def test_a_board_can_swap_the_reference_document(app, demo, tmp_path):
    plain_reference = tmp_path / "board-style.docx"
    docx.Document().save(plain_reference)  # python-docx's own template: Calibri, no toc styles
    document = opened(export(app, demo, REPORT_REFERENCE_DOCX=str(plain_reference)).data)
    assert document.styles["Normal"].font.name != "Arial"
    assert headings(document, 1) == REPORT_CHAPTERS


# --------------------------------------------------------------------------- the briefing


def test_briefing_structure(app, signed):
    result = export(app, signed, "briefing")
    assert result.filename == f"review-{signed}-child-a-briefing.docx"
    document = opened(result.data)
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == ["7-minute briefing"]
    assert headings(document, 1) == BRIEFING_CHAPTERS
    words = "\n".join(all_texts(document))
    with app.app_context():
        review = db.session.get(Review, signed)
        for finding in review.findings:
            assert f"Finding {finding.number}. {finding.short_title}." in words
        assert plain(review.reason_for_review).split("\n")[0] in words
    sections = _sections(document)
    assert len(sections["4. What this means for practice"]) >= 3
    questions = sections["5. Questions for your team"]
    assert all(p.style.name == "List Number" for p in questions) and len(questions) >= 3
    assert any("The full report:" in p.text for p in sections["7. Where to read more"])
    for text in all_texts(document):
        assert not any(residue in text for residue in RESIDUE), text


def _sections(document) -> dict[str, list]:
    found, current = {}, None
    for p in document.paragraphs:
        if p.style.name == "Heading 1":
            current = found.setdefault(p.text, [])
        elif current is not None and p.text:
            current.append(p)
    return found


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize(
    "pseudonym, expected",
    [
        ("Child A", "review-12-child-a-report.docx"),
        ("../../etc/passwd", "review-12-etc-passwd-report.docx"),
        ("Child A/..\\x", "review-12-child-a-x-report.docx"),
        ("Zoë O’Neill", "review-12-zoe-oneill-report.docx"),
        ("../..", "review-12-review-report.docx"),
        ("", "review-12-review-report.docx"),
    ],
)
def test_file_names_cannot_be_steered(pseudonym, expected):
    assert export_filename(12, pseudonym, "report") == expected
    assert re.fullmatch(r"[a-z0-9-]+\.docx", expected)


def test_slug_is_bounded():
    assert len(slug("x" * 500)) <= 40


def test_write_export_stays_in_its_folder(tmp_path):
    for bad in ("../x.docx", "/etc/x.docx", "a/b.docx", "..", ""):
        with pytest.raises(ValueError):
            write_export(tmp_path, bad, b"data")
    path = write_export(tmp_path / "new", "ok.docx", b"data")
    assert path == (tmp_path / "new" / "ok.docx").resolve() and path.read_bytes() == b"data"
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["ok.docx"]  # no temporary left


def test_cli_writes_to_exports_dir_with_a_safe_name(app, runner, signed, tmp_path):
    with app.app_context():
        db.session.get(Review, signed).subject_pseudonym = "../../etc/passwd"
        db.session.commit()
    result = runner.invoke(args=["export", str(signed)])
    assert result.exit_code == 0, result.output
    written = Path(result.stdout.strip())
    assert written == Path(app.config["EXPORTS_DIR"]).resolve() / (
        f"review-{signed}-etc-passwd-report.docx"
    )
    assert opened(written.read_bytes()).core_properties.title == WORKED_TITLE
    result = runner.invoke(
        args=["export", str(signed), "--kind", "briefing", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()).parent == (tmp_path / "o").resolve()
    assert runner.invoke(args=["export", "999999"]).exit_code != 0
    assert runner.invoke(args=["export", str(signed), "--kind", "minutes"]).exit_code != 0


# --------------------------------------------------------------------------- Markdown


def test_inline_fields_keep_their_words():
    assert [r.text for r in parse_inline("1. Introduction")] == ["1. Introduction"]
    assert [r.text for r in parse_inline("# not a heading")] == ["# not a heading"]
    runs = parse_inline("*Child A*: a review")
    assert runs[0].italic and "".join(r.text for r in runs) == "Child A: a review"


def test_nested_lists_and_loose_items():
    blocks = parse_markdown("1. one\n\n    more about one\n\n    - inner\n\n2. two")
    assert [(b.kind, b.level, b.plain) for b in blocks] == [
        ("number", 0, "one"),
        ("continue", 0, "more about one"),
        ("bullet", 1, "inner"),
        ("number", 0, "two"),
    ]


def test_indented_text_is_read_as_text_not_code():
    """Text pasted with an indent is Markdown's code block; the report reads it as Markdown."""
    [block] = parse_markdown("    An **indented** paragraph, pasted from elsewhere.")
    assert block.kind == "body" and block.plain == "An indented paragraph, pasted from elsewhere."
    assert [r.text for r in block.runs if r.bold] == ["indented"]


def test_characters_xml_cannot_hold_are_dropped_before_the_guard_sees_the_text():
    [block] = parse_markdown("Jay\x00den\x0b was\x1f seen")
    assert block.plain == "Jayden was seen"


def test_the_childs_journey_is_a_figure_in_the_appraisal(app, demo):
    document = opened(export(app, demo).data)
    assert len(document.inline_shapes) == 1
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions and captions[0].startswith("Figure 1: The child's journey")
    [picture] = document.element.body.iter(qn("wp:docPr"))
    with app.app_context():
        review = db.session.get(Review, demo)
        description = build_layout(review, width=PRINT_WIDTH).description
    assert picture.get("name") == "Figure 1" and picture.get("descr") == description
    assert description.startswith("Period under review: 1 March 2022 to 29 February 2024.")
    names = [p.text for p in document.paragraphs]
    assert names.index("Synopsis of the case") < names.index(captions[0])
