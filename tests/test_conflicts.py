"""No lost edit: two people edit the same record; the second save shows both versions."""

import re

import pytest
from conftest import AuthActions
from sqlalchemy import text
from sqlalchemy.orm.exc import StaleDataError

from review import conflicts
from review.extensions import db
from review.models import Finding, KeyPracticeEpisode, Review
from review.models.reviews import ReviewStatus


def _version(page: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def _two_editors(app):
    lead, team = app.test_client(), app.test_client()
    AuthActions(lead).login("lead")
    AuthActions(team).login("team")
    return lead, team


@pytest.fixture
def episode(app, world) -> int:
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.episodes.append(
            KeyPracticeEpisode(title="Home visit", what_happened="The HV visited.")
        )
        db.session.commit()
        return review.episodes[0].id


def test_second_save_over_a_newer_version_is_409_with_both_and_nothing_lost(app, world, episode):
    lead, team = _two_editors(app)
    url = f"/reviews/{world.draft}/episodes/{episode}/edit"
    lead_version = _version(lead.get(url).get_data(as_text=True))
    team_version = _version(team.get(url).get_data(as_text=True))
    assert lead_version == team_version == "1"
    saved = lead.post(
        url,
        data={"title": "Home visit", "what_happened": "Lead's account of the visit.",
              "version": lead_version},
    )  # fmt: skip
    assert saved.status_code == 302
    mine = "Team member's account: the baby was asleep."
    refused = team.post(
        url,
        data={"title": "Home visit (HV)", "what_happened": mine, "appraisal": "Good practice.",
              "version": team_version},
    )  # fmt: skip
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Someone else saved this while you were editing" in page
    assert "Their version was saved by Lead, " in page  # from the audit trail
    assert "Lead&#39;s account of the visit." in page  # theirs, shown
    assert mine.replace("'", "&#39;") in page  # yours, shown and kept in the form
    assert 'value="Home visit (HV)"' in page and "Good practice." in page
    assert _version(page) == "2"  # saving the merged form again is accepted
    with app.app_context():
        kpe = db.session.get(KeyPracticeEpisode, episode)
        assert kpe.what_happened == "Lead's account of the visit."  # theirs untouched
    merged = "Lead's account of the visit. " + mine
    again = team.post(
        url,
        data={"title": "Home visit (HV)", "what_happened": merged, "appraisal": "Good practice.",
              "version": _version(page)},
    )  # fmt: skip
    assert again.status_code == 302
    with app.app_context():
        kpe = db.session.get(KeyPracticeEpisode, episode)
        assert kpe.what_happened == merged and kpe.version == 3


def test_only_the_fields_that_differ_are_listed(app, world, episode):
    lead, team = _two_editors(app)
    url = f"/reviews/{world.draft}/episodes/{episode}/edit"
    version = _version(team.get(url).get_data(as_text=True))
    lead.post(url, data={"title": "Renamed by the lead", "what_happened": "The HV visited.",
                         "version": version})  # fmt: skip
    page = team.post(
        url, data={"title": "Home visit", "what_happened": "The HV visited twice.",
                   "version": version},
    ).get_data(as_text=True)  # fmt: skip
    table = page[page.index("conflict-table") : page.index("</table>")]
    assert "Short title" in table and "What happened" in table
    assert "Appraisal" not in table


def test_a_newer_version_with_the_same_fields_saves(app, world, episode):
    """Reordering bumps a record's version but changes nothing the form shows."""
    lead, team = _two_editors(app)
    url = f"/reviews/{world.draft}/episodes/{episode}/edit"
    version = _version(team.get(url).get_data(as_text=True))
    with app.app_context():
        db.session.get(KeyPracticeEpisode, episode).position = 5
        db.session.commit()
    data = {"title": "Home visit", "what_happened": "The HV visited.", "version": version}
    assert team.post(url, data=data).status_code == 302


def test_finding_and_review_set_up_are_protected_too(app, world):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.findings.append(Finding(statement="Forms hide the child."))
        db.session.commit()
        finding = review.findings[0].id
    lead, team = _two_editors(app)
    url = f"/reviews/{world.draft}/findings/{finding}/edit"
    version = _version(team.get(url).get_data(as_text=True))
    lead.post(url, data={"statement": "Lead's statement.", "version": version})
    clash = team.post(url, data={"statement": "Team's statement.", "version": version})
    assert clash.status_code == 409 and "Lead&#39;s statement." in clash.get_data(as_text=True)

    url = f"/reviews/{world.draft}/edit"
    form = team.get(url).get_data(as_text=True)
    version = _version(form)
    title = "Child A: a draft review"
    lead.post(url, data={"title": title, "subject_pseudonym": "Child A",
                         "summary": "Lead's summary.", "version": version})  # fmt: skip
    clash = team.post(url, data={"title": title, "subject_pseudonym": "Child A",
                                 "summary": "Team's summary.", "version": version})  # fmt: skip
    assert clash.status_code == 409
    assert "Team&#39;s summary." in clash.get_data(as_text=True)


def test_two_first_board_responses_do_not_overwrite(app, world):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.status = ReviewStatus.SIGNED_OFF
        review.findings.append(Finding(statement="Forms hide the child."))
        db.session.commit()
        finding = review.findings[0].id
    first, second = app.test_client(), app.test_client()
    AuthActions(first).login("board_member")
    AuthActions(second).login("board_member")
    url = f"/reviews/{world.draft}/findings/{finding}/response"
    version = _version(first.get(url).get_data(as_text=True))
    assert version == "0" == _version(second.get(url).get_data(as_text=True))
    assert first.post(url, data={"response": "Accepted.", "version": version}).status_code == 302
    clash = second.post(url, data={"response": "Rejected.", "version": version})
    assert clash.status_code == 409 and "Accepted." in clash.get_data(as_text=True)


def test_the_database_refuses_a_stale_update(app, world, episode):
    """version_id_col: an UPDATE from an older version finds no row and raises."""
    with app.app_context():
        kpe = db.session.get(KeyPracticeEpisode, episode)
        with db.engine.begin() as other:
            other.execute(text("UPDATE key_practice_episode SET version = version + 1"))
        kpe.title = "Overwrite"
        with pytest.raises(StaleDataError):
            db.session.commit()
        db.session.rollback()


def test_a_save_racing_another_is_409_not_saved(app, world, episode, monkeypatch):
    lead, _ = _two_editors(app)
    url = f"/reviews/{world.draft}/episodes/{episode}/edit"
    version = _version(lead.get(url).get_data(as_text=True))
    real = conflicts.conflict

    def and_someone_saves_meanwhile(form, record, fresh):
        with db.engine.begin() as other:
            other.execute(text("UPDATE key_practice_episode SET title = 'Theirs', version = 9"))
        return real(form, record, fresh)

    monkeypatch.setattr(conflicts, "conflict", and_someone_saves_meanwhile)
    response = lead.post(url, data={"title": "Mine", "version": version})
    assert response.status_code == 409
    assert "at the same moment" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(KeyPracticeEpisode, episode).title == "Theirs"


def test_protected_term_variants_are_not_overwritten(app, world):
    """Two team members add nicknames to the same protected term: neither list is lost."""
    from review.models import ProtectedTerm

    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.protected_terms.append(ProtectedTerm(term="Zebediah Quuxley"))
        db.session.commit()
        term_id = review.protected_terms[0].id
    lead, team = _two_editors(app)
    url = f"/reviews/{world.draft}/protected-terms/{term_id}/edit"
    lead_version = _version(lead.get(url).get_data(as_text=True))
    team_version = _version(team.get(url).get_data(as_text=True))
    saved = lead.post(url, data={"note": "child", "variants": "Zeb", "version": lead_version})
    assert saved.status_code == 302
    refused = team.post(url, data={"note": "", "variants": "Zebby", "version": team_version})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Someone else saved this while you were editing" in page
    assert ">Zeb</td>" in page and "Zebby" in page  # theirs shown, yours kept in the form
    with app.app_context():
        assert db.session.get(ProtectedTerm, term_id).variants == "Zeb"
    merged = team.post(
        url, data={"note": "child", "variants": "Zeb\nZebby", "version": _version(page)}
    )
    assert merged.status_code == 302
    with app.app_context():
        assert db.session.get(ProtectedTerm, term_id).variant_list == ["Zeb", "Zebby"]
