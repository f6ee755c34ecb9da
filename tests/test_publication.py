"""The publication boundary: outside a review's team and its Board, people see its publication
(the reading view and the publication downloads) and nothing else, and everything in it has
passed the one identifier scan that sign-off, publication and the exports share."""

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest
from sqlalchemy import select
from test_access import docx_words
from test_export_guard import signed_in
from test_exports import load_cheap_demo

from review.exports import ExportRefused, export_review, publication_hits
from review.exports.publication import documents, located
from review.extensions import db
from review.models import (
    ChronologyEntry,
    Conversation,
    ProtectedTerm,
    Review,
    ReviewStatus,
)
from review.workflow import WorkflowError, change_status

SECRET_EVENT = "Quillon told the duty worker about the bruise"
SECRET_NOTE = "Vexmoor said the referral form was too long"
PROTECTED = "Ottilie Brackenbury"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def links(body: str) -> list[str]:
    parser = _Links()
    parser.feed(body)
    return parser.links


@pytest.fixture
def published(app, monkeypatch) -> int:
    """A demo published review with working material that must never reach a reader."""
    with app.app_context():
        load_cheap_demo(monkeypatch)
        review_id = db.session.scalars(
            select(Review.id).where(Review.status == ReviewStatus.PUBLISHED).order_by(Review.id)
        ).first()
        review = db.session.get(Review, review_id)
        review.chronology.append(
            ChronologyEntry(
                occurred_on=review.period_start, agency="Health visiting", event=SECRET_EVENT
            )
        )
        member = review.case_group[0]
        if member.conversation is None:
            member.conversation = Conversation()
        member.conversation.knew_then = f"{SECRET_NOTE}; {PROTECTED} was there."
        review.protected_terms.append(ProtectedTerm(term=PROTECTED))
        db.session.commit()
        return review.id


def test_a_practitioner_following_every_link_meets_only_the_publication(app, published):
    client = signed_in(app, "practitioner")
    start = f"/reviews/{published}"
    seen, queue, pages = set(), [start], 0
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow_redirects=True)
        assert response.status_code == 200, url
        pages += 1
        if response.mimetype.endswith("wordprocessingml.document"):
            body = docx_words(response.data)
        else:
            body = response.get_data(as_text=True)
            for href in links(body):
                target = urldefrag(href)[0]
                if target and urlparse(target).path.startswith(start) and target not in seen:
                    queue.append(target)
        for secret in (SECRET_EVENT, SECRET_NOTE, PROTECTED, *PROTECTED.split()):
            assert secret not in body, f"{url} shows {secret!r}"
    assert {f"{start}/exports/report.docx", f"{start}/exports/briefing.docx"} <= seen
    assert pages >= 3
    # The working pages are not there at all for a practitioner.
    for path in ("chronology/", "case-group/", "exports/", "timeline", "protected-terms"):
        assert client.get(f"{start}/{path}").status_code == 404, path


def test_the_reading_view_renders_the_reports_blocks(app, published):
    client = signed_in(app, "practitioner")
    page = client.get(f"/reviews/{published}").get_data(as_text=True)
    with app.app_context():
        review = db.session.get(Review, published)
        first = review.findings[0]
        statement_words = first.statement.split()[:4]
        kpe_title = review.episodes[0].title
    assert 'id="finding-1"' in page and 'id="kpe-1"' in page
    assert " ".join(statement_words) in page
    assert kpe_title in page.replace("&#39;", "'")
    assert "Stages of the review" not in page  # not the working home page
    # A search result's link into a finding lands on its place in the reading view.
    response = client.get(f"/reviews/{published}/findings/{first.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/reviews/{published}/publication#finding-1")


def test_a_published_review_with_a_new_hit_is_withheld_from_readers(app, published):
    with app.app_context():
        review = db.session.get(Review, published)
        term = review.findings[0].statement.split()[0].strip(".,")
        review.protected_terms.append(ProtectedTerm(term=f"{term}ington"))  # harmless
        review.protected_terms.append(ProtectedTerm(term=review.episodes[0].title))
        db.session.commit()
    client = signed_in(app, "practitioner")
    page = client.get(f"/reviews/{published}").get_data(as_text=True)
    assert "This publication is being checked" in page
    assert client.get(f"/reviews/{published}/exports/report.docx").status_code == 404


def test_every_string_in_the_word_files_is_scanned(app, published):
    """Whatever reaches a .docx (body, tables, header, footer, properties, picture's
    description) is among the strings the publication scan reads."""
    with app.app_context():
        review = db.session.get(Review, published)
        scanned = " ".join(i.text for i in located(review, documents(review)))
        words = set(re.findall(r"[^\W\d_]{2,}", scanned))
        for kind in ("report", "briefing"):
            data = export_review(review, kind).data
            text = docx_words_only(data)
            missing = set(re.findall(r"[^\W\d_]{2,}", text)) - words
            assert not missing, f"{kind}: not scanned: {sorted(missing)[:20]}"


def docx_words_only(data: bytes) -> str:
    """The words a reader of the file meets: text runs, properties and picture descriptions
    (not the XML's own names)."""
    import io
    import zipfile

    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.endswith(".xml") or "theme" in name or "styles" in name:
                continue
            xml = z.read(name).decode("utf-8")
            out += re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
            out += re.findall(r' (?:descr|title)="([^"]*)"', xml)
            if name.startswith("docProps/core"):
                # Not the language code, nor the fresh random id each file gets.
                out += re.findall(r"<(?:dc|cp):(?!language|identifier)\w+>([^<]*)<", xml)
    return "\n".join(out)


def test_a_protected_name_drawn_into_the_figure_is_caught(app, monkeypatch):
    """A chronology agency is drawn as a lane of the report's figure: it is scanned as text."""
    with app.app_context():
        review_id = load_cheap_demo(monkeypatch)
        review = db.session.get(Review, review_id)
        review.protected_terms.append(ProtectedTerm(term="St Aidan's CE Primary School"))
        review.chronology.append(
            ChronologyEntry(
                occurred_on=review.period_start, agency="St Aidan's School", event="Seen."
            )
        )
        db.session.commit()
        hits = publication_hits(review)
        assert any(h.field == "Timeline figure" for h in hits), hits
        with pytest.raises(WorkflowError) as refused:
            change_status(review, ReviewStatus.SIGNED_OFF, date(2025, 9, 1))
        assert any("Timeline figure" in g.message for g in refused.value.gaps)


def test_sign_off_and_the_publication_export_agree(app, monkeypatch):
    """The lead reviewer's printed name is in the publication: a protected term equal to it
    stops sign-off exactly as it stops the export."""
    with app.app_context():
        review_id = load_cheap_demo(monkeypatch)
        review = db.session.get(Review, review_id)
        lead = next(m.user for m in review.memberships if m.user)
        review.protected_terms.append(ProtectedTerm(term=lead.display_name))
        db.session.commit()
        hits = publication_hits(review)
        assert hits
        with pytest.raises(WorkflowError):
            change_status(review, ReviewStatus.SIGNED_OFF, date(2025, 9, 1))
        review.status = ReviewStatus.SIGNED_OFF  # as if signed off before the term was added
        with pytest.raises(ExportRefused) as refused:
            export_review(review, "report")
        assert refused.value.hits == hits


def test_cli_refuses_a_publication_export_of_an_unsigned_review(app, runner, monkeypatch):
    with app.app_context():
        review_id = load_cheap_demo(monkeypatch)
    result = runner.invoke(args=["export", str(review_id), "--kind", "report"])
    assert result.exit_code == 1
    assert "not signed off" in result.output and "--draft" in result.output
    result = runner.invoke(args=["export", str(review_id), "--kind", "report", "--draft"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("-draft.docx")


def test_a_web_download_before_sign_off_is_a_draft(app, monkeypatch):
    with app.app_context():
        review_id = load_cheap_demo(monkeypatch)
    client = signed_in(app, "board")
    response = client.get(f"/reviews/{review_id}/exports/report.docx")
    assert response.status_code == 200
    assert "-draft.docx" in response.headers["Content-Disposition"]
    assert "DRAFT" in docx_words(response.data)


def test_the_search_index_holds_only_the_publication_of_a_published_review(app, published):
    """What search shows of a published review (titles, bodies, highlights, labels, facets)
    is drawn from its index documents: every word of them is in its publication."""
    from review.index.documents import documents_for

    with app.app_context():
        review = db.session.get(Review, published)
        scanned = " ".join(i.text for i in located(review, documents(review)))
        words = {w.lower() for w in re.findall(r"[^\W\d_]{2,}", scanned)}
        docs = documents_for({f.id for f in review.findings}, {k.id for k in review.episodes})
        assert len(docs) == len(review.findings) + len(review.episodes)
        for doc in docs:
            shown = " ".join(
                str(doc[k]) for k in ("title", "body", "questions", "labels", "agency_type")
            )
            missing = {w.lower() for w in re.findall(r"[^\W\d_]{2,}", shown)} - words
            assert not missing, f"{doc['id']}: not in the publication: {sorted(missing)[:10]}"
            assert SECRET_EVENT not in shown and SECRET_NOTE not in shown


def test_a_variant_of_a_protected_term_is_caught_in_the_publication(app, monkeypatch):
    with app.app_context():
        review_id = load_cheap_demo(monkeypatch)
        review = db.session.get(Review, review_id)
        review.protected_terms.append(ProtectedTerm(term="Ottilie Brackenbury", variants="Tilly"))
        review.episodes[0].what_happened += "\n\nTilly was seen at home."
        db.session.commit()
        [hit] = publication_hits(review)
        assert hit.match.found == "Tilly"
        assert hit.match.reason == "variant “Tilly” of protected term “Ottilie Brackenbury”"
        with pytest.raises(WorkflowError):
            change_status(review, ReviewStatus.SIGNED_OFF, date(2025, 9, 1))
