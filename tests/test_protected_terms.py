"""Protected terms: the team's list of real names, its page, and publication refused while any
identifying detail remains in the report's texts."""

from datetime import date

import pytest
from builders import build_complete_review as build_complete
from conftest import PASSWORD
from markupsafe import escape
from sqlalchemy import func, select

from review.extensions import db
from review.models import (
    Board,
    ProtectedTerm,
    Review,
    ReviewStatus,
    User,
)
from review.workflow import WorkflowError, change_status, identifier_gaps

SECRET = "Zebedee Quartermain"  # a name that appears in no other text of the world


def signed_in(app, key: str):
    client = app.test_client()
    response = client.post(
        "/auth/login", data={"email": f"{key}@test.example.org", "password": PASSWORD}
    )
    assert response.status_code == 302, f"{key} could not sign in"
    return client


def add_terms(app, review_id: int, *terms: str) -> list[int]:
    with app.app_context():
        review = db.session.get(Review, review_id)
        for text in terms:
            review.protected_terms.append(ProtectedTerm(term=text, note="child's name"))
        db.session.commit()
        return [t.id for t in review.protected_terms]


def stored_terms(app, review_id: int) -> list[str]:
    with app.app_context():
        return sorted(t.term for t in db.session.get(Review, review_id).protected_terms)


# Who sees the page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected",
    [
        ("lead", 200),
        ("team", 200),
        ("lead2", 404),  # a lead reviewer not on this review
        ("board_member", 404),  # reads the review, never its protected terms
        ("other_board_member", 404),
        ("practitioner", 404),
        ("admin", 404),
        ("outsider_lead", 404),  # another board's lead reviewer
        ("outsider_team", 404),
    ],
)
def test_only_the_reviews_team_sees_the_page(app, world, role, expected):
    add_terms(app, world.draft, SECRET)
    client = signed_in(app, role)
    url = f"/reviews/{world.draft}/protected-terms"
    response = client.get(url)
    assert response.status_code == expected
    body = response.get_data(as_text=True)
    assert (SECRET in body) == (expected == 200)
    # Adding and deleting are refused the same way, and change nothing.
    (term_id,) = add_terms(app, world.draft)
    post = client.post(url, data={"term": "Added by someone"})
    confirm = client.get(f"{url}/{term_id}/delete")
    delete = client.post(f"{url}/{term_id}/delete")
    if expected == 404:
        assert (post.status_code, confirm.status_code, delete.status_code) == (404, 404, 404)
        for response in (post, confirm, delete):
            assert SECRET not in response.get_data(as_text=True)
        assert stored_terms(app, world.draft) == [SECRET]


def test_the_page_says_the_list_is_never_shared(app, world):
    client = signed_in(app, "team")
    body = client.get(f"/reviews/{world.draft}/protected-terms").get_data(as_text=True)
    assert "Only this review's lead reviewers and review team see this list." in body
    assert "never indexed or searchable" in body and "never exported unless" in body
    assert "No protected terms yet." in body
    assert 'name="term"' in body and 'name="note"' in body and 'name="variants"' in body


def test_a_published_review_shows_its_terms_to_its_team_read_only(app, world):
    add_terms(app, world.published, SECRET)
    url = f"/reviews/{world.published}/protected-terms"
    for role in ("board_member", "other_board_member", "practitioner", "admin", "lead"):
        client = signed_in(app, role)
        assert client.get(url).status_code == 404, role  # they may read the review: not this
        assert client.post(url, data={"term": "X Y"}).status_code == 404, role
    team = signed_in(app, "outsider_lead")
    page = team.get(url)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert SECRET in body
    assert 'name="term"' not in body and "/delete" not in body
    assert "can no longer be changed" in body
    assert team.post(url, data={"term": "Another Name"}).status_code == 403
    (term_id,) = add_terms(app, world.published)
    assert team.get(f"{url}/{term_id}/delete").status_code == 403
    assert team.post(f"{url}/{term_id}/delete").status_code == 403
    assert stored_terms(app, world.published) == [SECRET]


def test_a_term_of_another_review_is_not_reachable(app, world):
    (other_id,) = add_terms(app, world.other_draft, SECRET)
    client = signed_in(app, "lead")
    url = f"/reviews/{world.draft}/protected-terms/{other_id}/delete"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert stored_terms(app, world.other_draft) == [SECRET]


# Adding and deleting ----------------------------------------------------------------------


def test_add_a_term(app, world):
    client = signed_in(app, "team")
    url = f"/reviews/{world.draft}/protected-terms"
    response = client.post(url, data={"term": "  Jayden   Smith ", "note": "child's name"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(url)
    page = client.get(url).get_data(as_text=True)
    assert "Protected term added." in page
    assert "Jayden Smith" in page and str(escape("child's name")) in page
    assert stored_terms(app, world.draft) == ["Jayden Smith"]


@pytest.mark.parametrize(
    "typed, error",
    [
        ("JAYDEN  smith", "This term is already protected."),
        ("Jayden Smith", "This term is already protected."),
        ("", "Enter the name, address or school to protect."),
        ("A", "A protected term needs at least two letters or digits."),
        ("child a", "This is the pseudonym the report uses."),
        ("\u0421hild A", "This is the pseudonym the report uses."),  # a Cyrillic “С”
        ("J\u0430yden Smith", "This looks the same as “Jayden Smith”, which is already protected"),
        ("JAYDEN SMI\u0422H", "This looks the same as “Jayden Smith”"),  # a Cyrillic “Т”
        ("x" * 201, "Field cannot be longer than 200 characters."),
    ],
)
def test_duplicates_and_bad_terms_are_refused_keeping_what_was_typed(app, world, typed, error):
    add_terms(app, world.draft, "Jayden Smith")
    client = signed_in(app, "lead")
    response = client.post(
        f"/reviews/{world.draft}/protected-terms", data={"term": typed, "note": "a note"}
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "There is a problem" in body
    assert error in body
    assert 'value="a note"' in body
    assert stored_terms(app, world.draft) == ["Jayden Smith"]


def test_the_same_name_with_other_accents_or_apostrophes_is_a_duplicate(app, world):
    add_terms(app, world.draft, "Zoë O’Neill")
    client = signed_in(app, "lead")
    response = client.post(f"/reviews/{world.draft}/protected-terms", data={"term": "zoe o'neill"})
    assert "This term is already protected." in response.get_data(as_text=True)
    # Another review may protect the same name.
    add_terms(app, world.other_draft, "Zoë O’Neill")
    assert stored_terms(app, world.other_draft) == ["Zoë O’Neill"]


def test_delete_asks_first(app, world):
    keep_id, delete_id = add_terms(app, world.draft, "Aaron Keep", "Bella Remove")
    client = signed_in(app, "lead")
    url = f"/reviews/{world.draft}/protected-terms/{delete_id}/delete"
    confirm = client.get(url)
    assert confirm.status_code == 200
    body = confirm.get_data(as_text=True)
    assert "Bella Remove" in body and "Yes, delete it" in body and "No, keep it" in body
    assert stored_terms(app, world.draft) == ["Aaron Keep", "Bella Remove"]
    response = client.post(url)
    assert response.status_code == 302
    assert "Protected term deleted." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert stored_terms(app, world.draft) == ["Aaron Keep"]
    assert client.post(url).status_code == 404  # already gone


def stored_variants(app, review_id: int) -> dict[str, list[str]]:
    with app.app_context():
        review = db.session.get(Review, review_id)
        return {t.term: t.variant_list for t in review.protected_terms}


def test_add_a_term_with_its_variants(app, world):
    client = signed_in(app, "team")
    url = f"/reviews/{world.draft}/protected-terms"
    typed = "Jay\n\n  jay \nJaydon\r\nJ  J"
    response = client.post(url, data={"term": "Jayden Smith", "variants": typed})
    assert response.status_code == 302
    # One a line, spaces tidied, blank lines and repeats (as folded) dropped.
    assert stored_variants(app, world.draft) == {"Jayden Smith": ["Jay", "Jaydon", "J J"]}
    page = client.get(url).get_data(as_text=True)
    assert "Jay, Jaydon, J J" in page


@pytest.mark.parametrize(
    "typed, error",
    [
        ("Jay\nJ", "“J” needs at least two letters or digits."),
        ("Jay\nChild A", "“Child A” is the pseudonym the report uses"),
        ("\n".join(f"Name{n}" for n in range(31)), "At most 30 variants, one a line."),
    ],
)
def test_bad_variants_are_refused_keeping_what_was_typed(app, world, typed, error):
    client = signed_in(app, "lead")
    url = f"/reviews/{world.draft}/protected-terms"
    response = client.post(url, data={"term": "Jayden Smith", "variants": typed})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "There is a problem" in body and str(escape(error)) in body
    assert str(escape(typed.splitlines()[-1])) in body and 'value="Jayden Smith"' in body
    assert stored_terms(app, world.draft) == []


def test_change_a_terms_variants(app, world):
    (term_id,) = add_terms(app, world.draft, "Jayden Smith")
    client = signed_in(app, "team")
    url = f"/reviews/{world.draft}/protected-terms/{term_id}/edit"
    form = client.get(url)
    assert form.status_code == 200
    body = form.get_data(as_text=True)
    assert "Jayden Smith" in body and 'name="variants"' in body and "child&#39;s name" in body
    response = client.post(url, data={"note": "the child", "variants": "Jay\nJJ"})
    assert response.status_code == 302
    assert stored_variants(app, world.draft) == {"Jayden Smith": ["Jay", "JJ"]}
    assert "Protected term changed." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    refused = client.post(url, data={"variants": "Jay\nJ"})
    assert refused.status_code == 200 and "needs at least two letters" in refused.get_data(
        as_text=True
    )
    assert stored_variants(app, world.draft) == {"Jayden Smith": ["Jay", "JJ"]}
    # Another review's term is not reachable from this review.
    (other_id,) = add_terms(app, world.other_draft, SECRET)
    other = f"/reviews/{world.draft}/protected-terms/{other_id}/edit"
    assert client.post(other, data={"variants": "Zeb"}).status_code == 404


def test_stored_variants_are_scanned_like_the_term(app, world):
    """The rows themselves go to the scanner: each variant is reported as a variant."""
    from review.guard import Located, scan_texts

    (term_id,) = add_terms(app, world.draft, "Jayden Smith")
    with app.app_context():
        term = db.session.get(ProtectedTerm, term_id)
        term.variants = ["Jay", "JJ"]
        db.session.commit()
        item = Located("Finding 1", "Statement", "Jay and JJ were seen.", "e", {}, "")
        hits = scan_texts([item], db.session.get(Review, world.draft).protected_terms)
    assert [(h.match.found, h.match.reason) for h in hits] == [
        ("Jay", "variant “Jay” of protected term “Jayden Smith”"),
        ("JJ", "variant “JJ” of protected term “Jayden Smith”"),
    ]


def test_deleting_a_review_deletes_its_terms(app, world):
    add_terms(app, world.draft, SECRET, "Another Name")
    with app.app_context():
        db.session.delete(db.session.get(Review, world.draft))
        db.session.commit()
        assert db.session.scalar(select(func.count(ProtectedTerm.id))) == 0


# Never shown elsewhere --------------------------------------------------------------------


def test_terms_appear_on_no_other_page_even_for_the_team(app, world):
    add_terms(app, world.draft, SECRET)
    rid = world.draft
    pages = [
        "/reviews/",
        f"/reviews/{rid}",
        f"/reviews/{rid}/preparation",
        f"/reviews/{rid}/team",
        f"/reviews/{rid}/case-group/",
        f"/reviews/{rid}/chronology/",
        f"/reviews/{rid}/episodes/",
        f"/reviews/{rid}/findings/",
        f"/reviews/{rid}/edit",
    ]
    for role in ("lead", "team", "board_member"):
        client = signed_in(app, role)
        for url in pages:
            response = client.get(url)
            if response.status_code == 200:
                assert SECRET not in response.get_data(as_text=True), (role, url)
                assert "Quartermain" not in response.get_data(as_text=True), (role, url)
        show = client.get(f"/reviews/{rid}").get_data(as_text=True)
        link = f"/reviews/{rid}/protected-terms"
        assert (link in show) == (role != "board_member"), role
        assert link not in client.get(f"/reviews/{rid}/preparation").get_data(as_text=True)


# Publication ------------------------------------------------------------------------------


def build_complete_review(board: Board, leads: list[User]) -> Review:
    """A review that every stage of the workflow accepts, written without identifiers."""
    review = build_complete(board, leads, status=ReviewStatus.DRAFT)
    # Working notes are not published: a name here does not block publication.
    review.case_group[0].conversation.knew_then = "Jayden's mother was tired."
    review.chronology[0].event = "Visit to Jayden."
    review.episodes[0].what_happened = "The GP saw bruising on 4 March 2022 and did not refer."
    review.protected_terms.append(ProtectedTerm(term="Jayden Smith", note="child's name"))
    db.session.flush()
    return review


@pytest.fixture
def complete(app, world) -> dict[str, int]:
    with app.app_context():
        board = db.session.get(Board, world.board)
        leads = [db.session.get(User, world.users[k]) for k in ("lead", "lead2")]
        review = build_complete_review(board, leads)
        db.session.commit()
        return {
            "review": review.id,
            "finding": review.findings[0].id,
            "episode": review.episodes[0].id,
            "factor": review.episodes[0].factors[0].id,
            "question": review.findings[0].questions[0].id,
        }


APPROVAL = {
    "approved_by": "Independent Chair",
    "approved_on": "2024-05-01",
    "approval_minute": "SCP/2024/7",
}


def walk_to(client, review_id: int, *statuses: str) -> None:
    for status in statuses:
        data = {"status": status, "confirm": "yes", **APPROVAL}
        response = client.post(f"/reviews/{review_id}/status", data=data)
        assert response.status_code == 302, (status, response.get_data(as_text=True))


def test_publication_is_refused_listing_each_detail_with_a_link(app, complete):
    rid = complete["review"]
    client = signed_in(app, "lead")
    walk_to(client, rid, "analysis", "findings", "signed_off")
    # Details that reach a signed-off review some other way (an import, a direct edit):
    with app.app_context():
        review = db.session.get(Review, rid)
        review.summary = "Jayden’s family lived at NB1 2XY."
        review.findings[0].statement = "Professionals accepted **Jay**den's explanation."
        review.episodes[0].factors[0].description = "Mother (DOB 12/03/1990) was not asked."
        review.findings[0].questions[0].text = "Will the Board ask Mrs Smith?"
        db.session.commit()
    response = client.post(f"/reviews/{rid}/status", data={"status": "published"})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Publication is refused while identifying details remain." in body
    assert "To put right (5)" in body
    expected = [
        (
            "Appraisal of practice – The case in brief: part of protected term “Jayden Smith”"
            " “Jayden”",
            f"/reviews/{rid}/edit#summary",
        ),
        (
            "Appraisal of practice – The case in brief: UK postcode “NB1 2XY”",
            f"/reviews/{rid}/edit#summary",
        ),
        (
            "KPE 1 – Contributory factor (Team): date of birth “12/03/1990”",
            f"/reviews/{rid}/episodes/{complete['episode']}/factors/{complete['factor']}/edit"
            "#description",
        ),
        (
            "Finding 1 – Statement: part of protected term “Jayden Smith” “Jayden”",
            f"/reviews/{rid}/findings/{complete['finding']}/edit#statement",
        ),
        (
            "Finding 1 – Question for the Board 1: part of protected term “Jayden Smith” “Smith”",
            f"/reviews/{rid}/findings/{complete['finding']}/questions/{complete['question']}"
            "/edit#text",
        ),
    ]
    for message, href in expected:
        assert f'<a href="{href}">{escape(message)}</a>' in body, message
    with app.app_context():
        review = db.session.get(Review, rid)
        assert (review.status, review.published_on) == ("signed_off", None)


def test_sign_off_is_refused_while_identifying_details_remain(app, complete):
    rid = complete["review"]
    with app.app_context():
        db.session.get(Review, rid).summary = "The family lived at NB1 2XY."
        db.session.commit()
    client = signed_in(app, "lead")
    walk_to(client, rid, "analysis", "findings")
    response = client.post(f"/reviews/{rid}/status", data={"status": "signed_off"})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Sign-off is refused until these are put right." in body
    assert "UK postcode" in body and f"/reviews/{rid}/edit#summary" in body


def test_publication_succeeds_once_the_report_is_clean(app, complete):
    rid = complete["review"]
    client = signed_in(app, "lead")
    walk_to(client, rid, "analysis", "findings", "signed_off", "published")
    with app.app_context():
        review = db.session.get(Review, rid)
        assert (review.status, review.published_on) == ("published", date.today())
        # The terms stay, for the team only, and the internal notes still name the child.
        assert [t.term for t in review.protected_terms] == ["Jayden Smith"]


def test_change_status_refuses_publication_with_gaps(app, complete):
    with app.app_context():
        review = db.session.get(Review, complete["review"])
        for status in (ReviewStatus.ANALYSIS, ReviewStatus.FINDINGS, ReviewStatus.SIGNED_OFF):
            change_status(review, status)
        review.episodes[0].what_happened = "Call 07700 900123 or write to js@example.org."
        with pytest.raises(WorkflowError) as refused:
            change_status(review, ReviewStatus.PUBLISHED)
        assert str(refused.value) == "Publication is refused while identifying details remain."
        where = {"review_id": review.id, "episode_id": complete["episode"]}
        assert [(g.message, g.endpoint, g.params, g.anchor) for g in refused.value.gaps] == [
            (
                "KPE 1 – What happened: phone number “07700 900123”",
                "episodes.episode_edit",
                where,
                "what_happened",
            ),
            (
                "KPE 1 – What happened: e-mail address “js@example.org”",
                "episodes.episode_edit",
                where,
                "what_happened",
            ),
        ]
        assert all(g.required for g in refused.value.gaps)
        assert review.status == ReviewStatus.SIGNED_OFF and review.published_on is None
        review.episodes[0].what_happened = "The GP saw bruising and did not refer."
        change_status(review, ReviewStatus.PUBLISHED, today=date(2024, 9, 2))
        assert review.published_on == date(2024, 9, 2)


def test_a_whole_protected_term_is_named_once_and_a_part_with_its_term(app, complete):
    with app.app_context():
        review = db.session.get(Review, complete["review"])
        review.episodes[0].what_happened = "Jayden Smith was seen; later JAYDEN came home."
        messages = [g.message for g in identifier_gaps(review)]
    assert messages == [
        "KPE 1 – What happened: protected term “Jayden Smith”",
        "KPE 1 – What happened: part of protected term “Jayden Smith” “JAYDEN”",
    ]


def test_the_page_lists_what_still_blocks_publication(app, complete):
    rid = complete["review"]
    with app.app_context():
        db.session.get(Review, rid).limitations = "Mr Smith declined to take part."
        db.session.commit()
    client = signed_in(app, "lead")
    body = client.get(f"/reviews/{rid}/protected-terms").get_data(as_text=True)
    assert "1 found." in body
    assert "Introduction – Limitations" in body
    assert f'href="/reviews/{rid}/edit#limitations"' in body
    assert "Mr Smith declined to take part." in body  # the excerpt
