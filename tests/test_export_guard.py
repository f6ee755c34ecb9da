"""The guard before every export, and who may download what.

A publication export is refused while an identifying detail remains in exactly the texts the
export contains; a draft goes through, marked DRAFT, with the hits listed. Protected terms are
named only to the review's team.
"""

from io import BytesIO
from pathlib import Path

import docx
import pytest
from conftest import PASSWORD, make_user
from sqlalchemy import select
from test_exports import load_cheap_demo

from review.exports import ExportRefused, export_review
from review.extensions import db
from review.models import Board, ChronologyEntry, ProtectedTerm, Review, ReviewStatus, Role

NAME = "Jayden Smith"


@pytest.fixture
def demo(app, monkeypatch) -> dict[str, int]:
    """The demo data; ids of the worked review (Child A, in progress) and a published one."""
    with app.app_context():
        worked = load_cheap_demo(monkeypatch)
        published = db.session.scalar(
            select(Review.id).where(
                Review.status == "published",
                Review.board_id == db.session.get(Review, worked).board_id,
            )
        )
        adults = db.session.scalar(select(Board).where(Board.name.contains("Adults")))
        make_user("adults_board", Role.BOARD_MEMBER, adults)
        db.session.commit()
        return {"worked": worked, "published": published}


def protect(app, review_id: int, *terms: str) -> None:
    with app.app_context():
        review = db.session.get(Review, review_id)
        review.protected_terms.extend(ProtectedTerm(term=t) for t in terms)
        db.session.commit()


def sign_off(app, review_id: int) -> None:
    """Mark the review signed off (as if its leads had done so): only then has it a
    publication; before, every export is a draft."""
    with app.app_context():
        review = db.session.get(Review, review_id)
        review.status, review.signed_off_on = ReviewStatus.SIGNED_OFF, review.commissioned_on
        db.session.commit()


def leak_into_kpe(app, review_id: int, words: str) -> int:
    """Put `words` into KPE 1's "what happened"; returns the KPE's id."""
    with app.app_context():
        kpe = db.session.get(Review, review_id).episodes[0]
        kpe.what_happened += f"\n\n{words}"
        db.session.commit()
        return kpe.id


def signed_in(app, who: str):
    email = f"{who}@demo.example.org" if "@" not in who else who
    client = app.test_client()
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"{who} could not sign in"
    return client


def texts(data: bytes) -> str:
    document = docx.Document(BytesIO(data))
    return "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )


# --------------------------------------------------------------------------- the guard


def test_publication_export_is_refused_with_every_hit_located(app, demo):
    sign_off(app, demo["worked"])
    protect(app, demo["worked"], NAME)
    kpe_id = leak_into_kpe(app, demo["worked"], "Jayden was seen by his GP.")
    with app.app_context():
        review = db.session.get(Review, demo["worked"])
        review.findings[1].significance += " Mr Smith disagreed."
        db.session.commit()
        with pytest.raises(ExportRefused) as refused:
            export_review(review, "report")
        hits = refused.value.hits
        assert [(h.section, h.field, h.match.found) for h in hits] == [
            ("KPE 1", "What happened", "Jayden"),
            ("Finding 2", "Why does it matter?", "Smith"),
        ]
        assert hits[0].endpoint == "episodes.episode_edit"
        assert hits[0].params == {"review_id": demo["worked"], "episode_id": kpe_id}
        assert hits[0].anchor == "what_happened"
        # One publication, one check: the briefing holds neither text and is refused all the
        # same, with the same list, as sign-off would be.
        with pytest.raises(ExportRefused) as briefing:
            export_review(review, "briefing")
        assert briefing.value.hits == hits


def test_briefing_is_refused_for_what_it_contains(app, demo):
    sign_off(app, demo["worked"])
    protect(app, demo["worked"], NAME)
    with app.app_context():
        review = db.session.get(Review, demo["worked"])
        review.findings[0].short_title = "Jayden's needs were not seen"
        db.session.commit()
        with pytest.raises(ExportRefused) as refused:
            export_review(review, "briefing")
        # Where the statement's words appear (the finding's title is made from it).
        where = {(h.section, h.field) for h in refused.value.hits}
        assert where and where <= {("Finding 1", "Statement"), ("Finding 1", "Short title")}
        assert all(h.match.found == "Jayden" for h in refused.value.hits)


def test_a_draft_goes_through_marked_with_its_hits(app, demo):
    protect(app, demo["worked"], NAME)
    leak_into_kpe(app, demo["worked"], "Jayden was seen by his GP.")
    with app.app_context():
        export = export_review(db.session.get(Review, demo["worked"]), "report", draft=True)
    assert [(h.section, h.field) for h in export.hits] == [("KPE 1", "What happened")]
    document = docx.Document(BytesIO(export.data))
    assert document.sections[0].header.paragraphs[0].text.startswith("DRAFT — ")
    assert "Jayden was seen by his GP." in texts(export.data)


def test_a_name_split_by_emphasis_is_caught_in_the_export(app, demo):
    sign_off(app, demo["worked"])
    protect(app, demo["worked"], NAME)
    with app.app_context():
        review = db.session.get(Review, demo["worked"])
        review.findings[0].prevalence = "As Jay**den** Sm*ith* told us, it is common."
        db.session.commit()
        with pytest.raises(ExportRefused) as refused:
            export_review(review, "report")
        assert [h.match.found for h in refused.value.hits] == ["Jayden Smith"]
        draft = export_review(review, "report", draft=True)
    assert "As Jayden Smith told us, it is common." in texts(draft.data)  # split across runs


def test_a_pseudonym_that_is_a_name_stays_out_of_the_file_name(app, demo):
    sign_off(app, demo["worked"])
    protect(app, demo["worked"], NAME)
    with app.app_context():
        review = db.session.get(Review, demo["worked"])
        review.subject_pseudonym = "Jayden"
        db.session.commit()
        with pytest.raises(ExportRefused):  # the report names the subject, so does the file
            export_review(review, "briefing")
        briefing = export_review(review, "briefing", draft=True)
        report = export_review(review, "report", draft=True)
    assert {(h.section, h.field) for h in briefing.hits} >= {("Cover", "Pseudonym")}
    assert briefing.filename == f"review-{demo['worked']}-review-briefing-draft.docx"
    assert report.hits == briefing.hits
    assert report.filename == f"review-{demo['worked']}-review-report-draft.docx"


def test_the_boards_response_is_scanned_too(app, demo):
    sign_off(app, demo["worked"])
    from review.models import BoardResponse

    protect(app, demo["worked"], NAME)
    with app.app_context():
        finding = db.session.get(Review, demo["worked"]).findings[2]
        finding.response = BoardResponse(response="Agreed; Mrs Smith will lead.")
        db.session.commit()
        with pytest.raises(ExportRefused) as refused:
            export_review(db.session.get(Review, demo["worked"]), "report")
    [hit] = refused.value.hits
    assert (hit.section, hit.field) == ("The Board's response: Finding 3", "Response")
    assert (hit.endpoint, hit.anchor) == ("board.respond", "response")


def test_only_exported_texts_are_scanned(app, demo):
    """The chronology is a working note that no export contains: a name there blocks nothing.
    The words of the Board's name are not parts of a protected address."""
    sign_off(app, demo["worked"])
    protect(app, demo["worked"], NAME, "12 Acacia Road, Northbridge")
    with app.app_context():
        review = db.session.get(Review, demo["worked"])
        review.chronology.append(
            ChronologyEntry(occurred_on=review.period_start, agency="GP", event="Jayden seen.")
        )
        db.session.commit()
        assert export_review(review, "report").hits == []


# --------------------------------------------------------------------------- web downloads


@pytest.mark.parametrize(
    "who, report, draft, checks",
    [
        ("board", 200, 200, 200),  # a member of the review's Board
        ("lead", 200, 200, 200),
        ("team", 200, 200, 200),
        ("practitioner", 404, 404, 404),  # cannot see a review in progress at all
        ("admin", 404, 404, 404),
        ("adults_board@test.example.org", 404, 404, 404),  # another board's member
    ],
)
def test_who_downloads_a_review_in_progress(app, demo, who, report, draft, checks):
    client = signed_in(app, who)
    base = f"/reviews/{demo['worked']}/exports"
    assert client.get(f"{base}/report.docx").status_code == report
    assert client.get(f"{base}/briefing.docx?draft=1").status_code == draft
    assert client.get(f"{base}/").status_code == checks


@pytest.mark.parametrize(
    "who, report, draft",
    [
        ("board", 200, 200),
        # The published learning travels; drafts and the checks page are working material,
        # which outside the team and the Board is not there at all.
        ("practitioner", 200, 404),
        ("admin", 200, 404),
        ("adults_board@test.example.org", 200, 404),
    ],
)
def test_who_downloads_a_published_review(app, demo, who, report, draft):
    client = signed_in(app, who)
    base = f"/reviews/{demo['published']}/exports"
    response = client.get(f"{base}/report.docx")
    assert response.status_code == report
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in response.headers["Content-Disposition"]
    assert ".docx" in response.headers["Content-Disposition"]
    assert client.get(f"{base}/briefing.docx").status_code == report
    assert client.get(f"{base}/report.docx?draft=1").status_code == draft
    checks = client.get(f"{base}/")
    assert checks.status_code == draft
    assert ("draft=1" in checks.get_data(as_text=True)) == (draft == 200)


def test_unknown_kind_is_404(app, demo):
    assert (
        signed_in(app, "board").get(f"/reviews/{demo['worked']}/exports/minutes.docx").status_code
        == 404
    )


def test_refusal_page_lists_hits_and_names_terms_to_the_team_only(app, demo):
    sign_off(app, demo["worked"])
    protect(app, demo["worked"], NAME)
    kpe_id = leak_into_kpe(app, demo["worked"], "Jayden was seen by his GP.")
    url = f"/reviews/{demo['worked']}/exports/report.docx"

    board = signed_in(app, "board").get(url)
    assert board.status_code == 409
    page = board.get_data(as_text=True)
    assert "cannot be exported for publication" in page
    assert "KPE 1 – What happened" in page and "a protected term" in page
    assert "Jayden" not in page and "Smith" not in page
    assert "/edit#what_happened" not in page  # the Board cannot edit

    lead = signed_in(app, "lead").get(url)
    assert lead.status_code == 409
    page = lead.get_data(as_text=True)
    assert "Jayden" in page
    # Signed off, so read-only: the lead is told how to get back to editing, not given a link.
    assert f"/reviews/{demo['worked']}/episodes/{kpe_id}/edit#what_happened" not in page
    assert "must move it back to findings" in page
    assert f"{url}?draft=1" in page


def test_draft_download_lists_its_hits_on_the_next_page(app, demo):
    protect(app, demo["worked"], NAME)
    leak_into_kpe(app, demo["worked"], "Jayden was seen by his GP.")
    client = signed_in(app, "board")
    response = client.get(f"/reviews/{demo['worked']}/exports/report.docx?draft=1")
    assert response.status_code == 200 and response.headers["X-Export-Hits"] == "1"
    assert "-draft.docx" in response.headers["Content-Disposition"]
    assert "Jayden was seen" in texts(response.data)
    checks = client.get(f"/reviews/{demo['worked']}/exports/").get_data(as_text=True)
    assert "downloaded with 1 identifying detail" in checks
    assert "KPE 1 – What happened" in checks and "Jayden" not in checks


def test_review_page_offers_downloads(app, demo):
    page = signed_in(app, "board").get(f"/reviews/{demo['worked']}").get_data(as_text=True)
    assert f"/reviews/{demo['worked']}/exports/report.docx" in page
    assert f"/reviews/{demo['worked']}/exports/report.docx?draft=1" in page
    page = (
        signed_in(app, "practitioner").get(f"/reviews/{demo['published']}").get_data(as_text=True)
    )
    assert f"/reviews/{demo['published']}/exports/briefing.docx" in page
    assert "draft=1" not in page


# --------------------------------------------------------------------------- the command line


def test_cli_refuses_with_the_list_and_exits_non_zero(app, runner, demo):
    sign_off(app, demo["worked"])
    protect(app, demo["worked"], NAME)
    kpe_id = leak_into_kpe(app, demo["worked"], "Jayden was seen by his GP.")
    result = runner.invoke(args=["export", str(demo["worked"])])
    assert result.exit_code == 1
    assert "KPE 1 – What happened: a protected term" in result.output
    assert f"/reviews/{demo['worked']}/episodes/{kpe_id}/edit#what_happened" in result.output
    assert "--draft" in result.output
    assert "Jayden" not in result.output
    exports = Path(app.config["EXPORTS_DIR"])
    assert not exports.exists() or not list(exports.iterdir())


def test_cli_draft_prints_hits_and_the_path(app, runner, demo):
    protect(app, demo["worked"], NAME)
    leak_into_kpe(app, demo["worked"], "Jayden was seen by his GP.")
    result = runner.invoke(args=["export", str(demo["worked"]), "--draft"])
    assert result.exit_code == 0, result.output
    assert "Draft written with 1 identifying details" in result.stderr
    path = Path(result.stdout.strip())
    assert path.name == f"review-{demo['worked']}-child-a-report-draft.docx" and path.exists()
