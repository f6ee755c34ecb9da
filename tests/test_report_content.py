"""What the report says is true of the review, and the file is clean: read back with python-docx.

Front matter (cover, executive summary), the method written from the review's facts, numbers
and plurals, the Board's actions in full, tables that print, and the file's properties.
"""

import zipfile
from datetime import date
from io import BytesIO

from docx.oxml.ns import qn
from test_exports import (
    demo,  # noqa: F401  (fixture)
    export,
    opened,
    table_with_header,
)

from review.exports import wording
from review.exports.tables import column_widths, text_cm
from review.extensions import db
from review.models import ActionStatus, BoardAction, BoardResponse, Review

W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


def paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_cover_names_the_lead_reviewers_as_printed_with_version_status_and_independence(
    app,
    demo,  # noqa: F811
):
    document = opened(export(app, demo).data)
    lines = paragraphs(document)
    assert "Lead reviewers: Dr Ann Invented (independent lead reviewer) and Ben Madeup" in lines
    assert "Version: 0.9" in lines
    assert any(line.startswith("Status: Draft of ") and "not yet signed off" in line
               for line in lines)  # fmt: skip
    assert any(line.startswith("Independence of the lead reviewers. Dr Ann Invented")
               for line in lines)  # fmt: skip
    assert not any("Demo Lead Reviewer" in line for line in lines)  # accounts' names
    with app.app_context():
        review = db.session.get(Review, demo)
        review.lead_reviewer_names, review.report_version = "", ""
        review.status, review.signed_off_on = "signed_off", date(2025, 1, 20)
        db.session.commit()
    lines = paragraphs(opened(export(app, demo).data))
    assert "Lead reviewers: Demo Lead Reviewer 1 and Demo Lead Reviewer 2" in lines
    assert "Status: Signed off by the Board on 20 January 2025; not yet published" in lines
    assert not any(line.startswith("Version:") for line in lines)


def test_executive_summary_gives_each_finding_in_a_sentence_with_its_priority(app, demo):  # noqa: F811
    document = opened(export(app, demo).data)
    lines = [p.text for p in document.paragraphs if p.text and not p.style.name.startswith("toc")]
    start = lines.index("Executive summary")
    summary = lines[start : lines.index("Introduction", start)]
    assert summary[1].startswith("Why the review. In February 2024")
    assert summary[2] == (
        "The period. The review looked at the period from 1 March 2022 to 29 February 2024, and "
        "at seven key practice episodes in it."
    )
    assert summary[3].startswith("The findings. The review makes six findings")
    assert summary[4].startswith("Finding 1 (high priority): The multi-agency front door")
    assert summary[6].startswith("Finding 3 (medium priority): ")
    assert summary[-1] == (
        "For the Board. The findings raise fourteen questions for the Board to consider; each "
        "finding sets out its own."
    )


def test_method_is_written_once_from_the_reviews_facts(app, demo):  # noqa: F811
    document = opened(export(app, demo).data)
    text = "\n".join(paragraphs(document))
    assert text.count("The review used the Social Care Institute") == 1  # the appendix only
    assert "It was led by two lead reviewers, with a review team of two senior managers" in text
    assert "attended the first follow-on meeting and" in text
    assert "The Board has not yet signed the report off." in text
    assert "One family member also contributed" in text  # a number starting a sentence
    assert "met the case group twice" not in text and "signed it off" not in text
    with app.app_context():
        review = db.session.get(Review, demo)
        for membership in review.memberships[1:]:
            db.session.delete(membership)  # one lead reviewer left, no team
        review.printed_team.clear()
        for member in review.case_group:
            member.attended_meeting_2 = False
        review.case_group[0].is_family_member = False
        db.session.commit()
        first = sum(m.attended_meeting_1 for m in review.case_group if not m.is_family_member)
    text = "\n".join(paragraphs(opened(export(app, demo).data)))
    assert "It was led by one lead reviewer." in text
    assert (
        f"{wording.count(first, 'member', start=True)} of the case group attended the first "
        "follow-on meeting; no second meeting is recorded."
    ) in text
    assert "The case group met twice" not in text


def test_numbers_and_plurals():
    assert wording.count(1, "family member", start=True) == "One family member"
    assert wording.count(0, "meeting") == "no meetings"
    assert wording.count(3, "agency", "agencies") == "three agencies"
    assert wording.count(64, "finding", start=True) == "64 findings"
    assert wording.verb(1, "was", "were") == "was" and wording.verb(2, "was", "were") == "were"


def test_the_boards_actions_in_full(app, demo):  # noqa: F811
    with app.app_context():
        finding = db.session.get(Review, demo).findings[0]
        finding.response = BoardResponse(response="Accepted.", responded_on=date(2025, 4, 1))
        finding.actions.extend([
            BoardAction(what="Audit the screening.", owner_role="Head of Service",
                        owner_agency="Children's Services", due_on=date(2025, 6, 30),
                        status=ActionStatus.DONE, completed_on=date(2025, 6, 12),
                        evidence_of_impact="Repeat notifications now go to a **strategy** call."),
            BoardAction(what="Buy a new system.", owner_role="Director",
                        status=ActionStatus.NOT_DOING, reason="The regional system replaces it."),
        ])  # fmt: skip
        db.session.commit()
    document = opened(export(app, demo).data)
    table = table_with_header(
        document, "Action", "Owner", "Agency", "Due", "Status", "Reason or evidence of impact"
    )
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows == [
        ["Audit the screening.", "Head of Service", "Children's Services", "30 June 2025",
         "Done on 12 June 2025", "Repeat notifications now go to a strategy call."],
        ["Buy a new system.", "Director", "—", "—", "Not doing",
         "The regional system replaces it."],
    ]  # fmt: skip
    assert "The Board has responded to one of the six findings and set itself two actions" in (
        "\n".join(paragraphs(document))
    )


def test_tables_are_fixed_with_rows_that_never_split(app, demo):  # noqa: F811
    document = opened(export(app, demo).data)
    for table in document.tables:
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    kpes = table_with_header(document, "No.", "Episode", "When", "Agencies")
    widths = [c.width.cm for c in kpes.rows[0].cells]
    assert widths[0] >= text_cm("No.", bold=True) + 0.3  # "No." on one line
    assert widths[2] >= text_cm("September", bold=False) + 0.3
    assert abs(sum(widths) - 16) < 0.05


def test_column_widths_give_every_column_its_longest_word():
    widths = column_widths(
        ["No.", "Finding", "Priority"], [["12", "word " * 80, "Medium"]], total_cm=16
    )
    assert widths[0] >= text_cm("No.", bold=True) and widths[2] >= text_cm("Priority", bold=True)
    assert abs(sum(widths) - 16) < 1e-6 and widths[1] == max(widths)


def test_headings_and_their_first_lines_keep_with_what_follows(app, demo):  # noqa: F811
    document = opened(export(app, demo).data)
    for p in document.paragraphs:
        if p.text.startswith(("When: ", "Agencies: ")):
            assert p._p.pPr.find(qn("w:keepNext")) is not None, p.text
    # No page break between chapters: only after the cover, the contents and the summary.
    breaks = list(document.element.body.iter(qn("w:br")))
    assert len([b for b in breaks if b.get(qn("w:type")) == "page"]) == 3


def test_file_properties_are_the_reviews_and_fresh_each_time(app, demo):  # noqa: F811
    first, second = export(app, demo).data, export(app, demo).data
    props = opened(first).core_properties
    assert props.author == props.last_modified_by == "Northbridge Safeguarding Children Partnership"
    assert "Neglect" in props.keywords and props.keywords.startswith("case review; ")
    assert props.last_printed is None and props.identifier
    assert props.identifier != opened(second).core_properties.identifier
    with zipfile.ZipFile(BytesIO(first)) as package:
        names = package.namelist()
        app_xml = package.read("docProps/app.xml").decode()
        settings = package.read("word/settings.xml").decode()
    assert not any(n.startswith(("customXml/", "docProps/thumbnail")) for n in names)
    assert "Microsoft" not in app_xml and "<Pages>" not in app_xml and "<Words>" not in app_xml
    assert "savePreviewPicture" not in settings and "24062061" not in settings
    doc_ids = [opened(d).settings.element.find(f"{W14}docId").get(f"{W14}val")
               for d in (first, second)]  # fmt: skip
    assert doc_ids[0] != doc_ids[1]
    for data in (first, second):
        text = data.decode("latin-1")
        assert "@" not in "".join(c for c in opened(data).core_properties.author)
        assert "python-docx" not in text


def test_the_new_fields_are_edited_in_their_forms(client, auth, world, app):
    auth.login("lead")
    with app.app_context():
        review = db.session.get(Review, world.draft)
        data = {"title": review.title, "board_id": review.board_id, "subject_pseudonym": "Child B"}
    saved = client.post(f"/reviews/{world.draft}/edit", data={
        **data, "lead_reviewer_names": "Dr A. Printed and B. Printed",
        "independence_statement": "Neither has worked **here**.", "report_version": "2.1",
    })  # fmt: skip
    assert saved.status_code == 302, saved.get_data(as_text=True)
    page = client.get(f"/reviews/{world.draft}/edit").get_data(as_text=True)
    for label in ("Lead reviewers&#39; names, as printed in the report", "Report version",
                  "Independence of the lead reviewers"):  # fmt: skip
        assert label in page
    created = client.post(f"/reviews/{world.draft}/findings/new",
                          data={"statement": "S.", "short_title": "A short title"})  # fmt: skip
    assert created.status_code == 302
    with app.app_context():
        review = db.session.get(Review, world.draft)
        assert review.lead_reviewer_names == "Dr A. Printed and B. Printed"
        assert review.independence_statement == "Neither has worked **here**."
        assert review.report_version == "2.1"
        assert review.findings[0].short_title == "A short title"


def test_headings_are_found_after_the_contents_and_in_order():
    from review.exports.pagination import locate

    pages = [
        "Cover",
        "Contents\nIntroduction ..... 00\nThe case\nin brief ..... 00\nFindings ..... 00",
        "Introduction\nWe met. Findings are below, but the heading is not here.\nThe case in",
        "brief\nWords.",
        "Findings\nMore words.",
    ]
    assert locate(pages, ["Introduction", "The case in brief", "Findings"]) == [3, 3, 5]
    assert locate(pages, ["Introduction", "Missing heading"]) is None


def test_plain_fields_skip_markdown_but_read_exactly_as_it_would(monkeypatch):
    import re as regex

    from review.exports import markdown_docx

    samples = [
        "One paragraph on\nthree short\nlines.",
        "First paragraph.\n\n\nSecond,   with  spaces.\r\n\r\nThird \u00a0 one.",
        "Jay\x00den\x0b was\x1f seen on 3 March 2024 at 10.30 (by the GP).",
        "  Leading spaces, and a question? Yes: 'quoted' and \"double\".",
        "Ends with a colon:\n\n",
    ]
    fast = [markdown_docx.parse_markdown(s) for s in samples]
    monkeypatch.setattr(markdown_docx, "_SYNTAX", regex.compile(r"(?s).?"))  # always Markdown
    slow = [markdown_docx.parse_markdown(s) for s in samples]
    assert fast == slow
    assert [p.plain for p in fast[1]] == ["First paragraph.", "Second, with spaces.", "Third one."]
    for marked in ("a *b*", "- item", "1. one", "x  \ny", "    code", "a | b", "# h", "a &amp; b"):
        assert markdown_docx._SYNTAX.search(marked), marked


def test_figure_labels_stay_inside_the_picture():
    """A label the layout placed too near an edge (its width is only estimated) is drawn whole."""
    from PIL import Image

    from review.timeline import Label, Layout, render_png

    layout = Layout(width=400, height=60, title="t", description="d", empty=True)
    layout.notes = [
        Label(396, 30, "KPE 17 at the right edge", 14, bold=True),
        Label(4, 50, "…and the left edge", 14, anchor="end"),
    ]
    image = Image.open(BytesIO(render_png(layout, width_px=800))).convert("L")
    width, height = image.size
    edges = [image.getpixel((x, y)) for x in (0, 1, width - 2, width - 1) for y in range(height)]
    assert min(edges) > 240  # nothing but paper in the outermost columns
    assert min(image.getpixel((x, y)) for x in range(width) for y in range(height)) < 100


def test_a_finding_without_a_short_title_is_titled_by_its_statements_first_clause():
    from types import SimpleNamespace

    from review.exports.sources import finding_title

    def title(statement: str, short: str = "") -> str:
        f = SimpleNamespace(short_title=short, statement=statement, review_id=1, id=2, number=3)
        return finding_title(f).plain

    assert title("Agencies respond to each missing episode as a separate incident. More.") == (
        "Agencies respond to each missing episode as a separate incident."
    )
    assert (
        title(
            "Assessment forms in maternity and health visiting have no place for the father's "
            "history, so the tools themselves make him invisible to everyone who sees the family."
        )
        == "Assessment forms in maternity and health visiting have no place for the father's "
        "history"
    )
    assert title("Words " * 40).endswith("…")
    assert title("Anything at all.", short="Missing episodes seen one by one") == (
        "Missing episodes seen one by one"
    )


def test_an_adults_review_draws_the_adults_journey(app, demo):  # noqa: F811
    from sqlalchemy import select

    with app.app_context():
        adults = db.session.scalar(select(Review.id).where(Review.review_type.has(key="sar")))
    document = opened(export(app, adults, draft=True).data)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions and captions[0].startswith("Figure 1: The adult's journey")


def test_file_identifiers_never_look_like_identifying_details():
    """The guard scans the file's identifier too; a UUID's digits can read as a phone number."""
    from review.exports.document import file_identifier
    from review.guard import Located, scan_texts

    ids = [file_identifier() for _ in range(5000)]
    assert len(set(ids)) == 5000 and not any(c.isdigit() for i in ids for c in i)
    items = [Located("Document properties", "Identifier", i, "e", {}, "") for i in ids]
    assert scan_texts(items, [], allowed_parts=[]) == []
