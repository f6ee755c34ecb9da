"""Creating, editing, deleting and reordering the records of a review through its pages."""

from datetime import date

import pytest
from markupsafe import escape
from sqlalchemy import select

from review.extensions import db
from review.models import (
    ContributoryFactor,
    Finding,
    KeyPracticeEpisode,
    Review,
    TaxonomyKind,
    TaxonomyTerm,
)
from review.taxonomy import term


@pytest.fixture
def lead(client, auth, world):
    auth.login("lead")
    return world


def add_episodes(app, review_id: int, *titles: str) -> list[int]:
    with app.app_context():
        review = db.session.get(Review, review_id)
        for title in titles:
            review.episodes.append(KeyPracticeEpisode(title=title))
        db.session.commit()
        return [k.id for k in review.episodes]


def episode_numbers(app, review_id: int) -> list[tuple[int, str]]:
    with app.app_context():
        return [(k.number, k.title) for k in db.session.get(Review, review_id).episodes]


def test_create_episode_numbers_it_and_redirects_to_its_page(client, app, lead):
    response = client.post(
        f"/reviews/{lead.draft}/episodes/new",
        data={"title": "Referral closed after one visit", "what_happened": "The *facts*."},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert b"Referral closed after one visit" in page.data
    assert b"<em>facts</em>" in page.data
    assert episode_numbers(app, lead.draft) == [(1, "Referral closed after one visit")]


def test_failed_form_keeps_everything_typed(client, lead):
    typed = "Health visitor saw the baby at home; mother said all was well."
    response = client.post(
        f"/reviews/{lead.draft}/episodes/new",
        data={"title": "", "what_happened": typed, "date_from": "2023-02-30"},
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "There is a problem" in body
    assert typed in body
    assert 'value="2023-02-30"' in body  # an impossible date comes back as typed, with an error
    assert 'aria-invalid="true"' in body


def test_end_before_start_is_refused(client, lead):
    response = client.post(
        f"/reviews/{lead.draft}/episodes/new",
        data={"title": "T", "date_from": "2023-05-01", "date_to": "2023-04-01"},
    )
    assert "must not be before its start" in response.get_data(as_text=True)


def test_delete_asks_first_then_renumbers(client, app, lead):
    first, second, third = add_episodes(app, lead.draft, "One", "Two", "Three")
    url = f"/reviews/{lead.draft}/episodes/{second}/delete"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert b"Yes, delete it" in confirm.data
    assert len(episode_numbers(app, lead.draft)) == 3  # a GET deletes nothing
    assert client.post(url).status_code == 302
    assert episode_numbers(app, lead.draft) == [(1, "One"), (2, "Three")]


def test_move_up_and_down(client, app, lead):
    first, second, third = add_episodes(app, lead.draft, "One", "Two", "Three")
    client.post(f"/reviews/{lead.draft}/episodes/{third}/move", data={"direction": "up"})
    assert [t for _, t in episode_numbers(app, lead.draft)] == ["One", "Three", "Two"]
    client.post(f"/reviews/{lead.draft}/episodes/{first}/move", data={"direction": "down"})
    assert episode_numbers(app, lead.draft) == [(1, "Three"), (2, "One"), (3, "Two")]
    # Moving the first one up is a no-op, not an error.
    client.post(f"/reviews/{lead.draft}/episodes/{third}/move", data={"direction": "up"})
    assert episode_numbers(app, lead.draft)[0] == (1, "Three")


def test_move_never_redirects_off_site(client, app, lead):
    (kpe,) = add_episodes(app, lead.draft, "One")
    response = client.post(
        f"/reviews/{lead.draft}/episodes/{kpe}/move",
        data={"direction": "up", "next": "//evil.example.com/"},
    )
    assert response.headers["Location"].startswith(f"/reviews/{lead.draft}/episodes/")


def test_a_record_of_another_review_is_404(client, app, world, auth):
    (other_kpe,) = add_episodes(app, world.other_draft, "Elsewhere")
    auth.login("lead")
    assert client.get(f"/reviews/{world.draft}/episodes/{other_kpe}/edit").status_code == 404
    assert client.get(f"/reviews/{world.draft}/episodes/{other_kpe}").status_code == 404


def test_factor_needs_a_subfactor_of_its_level(client, app, lead):
    (kpe,) = add_episodes(app, lead.draft, "One")
    with app.app_context():
        level = term(TaxonomyKind.FACTOR_LEVEL, "team").id
        right = term(TaxonomyKind.FACTOR_SUBFACTOR, "team.supervision").id
        wrong = term(TaxonomyKind.FACTOR_SUBFACTOR, "task_tools.thresholds").id
    url = f"/reviews/{lead.draft}/episodes/{kpe}/factors/new"
    data = {"level_id": level, "effect": "hinders", "description": "Supervision was cancelled."}
    refused = client.post(url, data={**data, "subfactor_id": wrong})
    assert str(escape("“Thresholds” is a sub-factor of “Task and tools”, not of “Team”")) in (
        refused.get_data(as_text=True)
    )
    assert client.post(url, data={**data, "subfactor_id": right}).status_code == 302
    page = client.get(f"/reviews/{lead.draft}/episodes/{kpe}").get_data(as_text=True)
    assert "Supervision was cancelled." in page
    assert "Makes poor practice more likely" in page
    with app.app_context():
        factor = db.session.scalar(select(ContributoryFactor))
        assert (factor.level_id, factor.subfactor_id) == (level, right)


def test_finding_links_episodes_and_themes_of_its_own_review_only(client, app, world, auth):
    mine = add_episodes(app, world.draft, "One", "Two")
    (theirs,) = add_episodes(app, world.other_draft, "Elsewhere")
    with app.app_context():
        theme = term(TaxonomyKind.THEME, "neglect").id
        category = term(TaxonomyKind.FINDING_CATEGORY, "tools").id
    auth.login("lead")
    url = f"/reviews/{world.draft}/findings/new"
    data = {"statement": "Forms hide the child.", "category_id": category, "theme_ids": [theme]}
    refused = client.post(url, data={**data, "episode_ids": [mine[0], theirs]})
    assert refused.status_code == 200
    assert "not a valid choice" in refused.get_data(as_text=True)
    created = client.post(url, data={**data, "episode_ids": mine})
    assert created.status_code == 302
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "KPE 1: One" in page and "KPE 2: Two" in page
    with app.app_context():
        finding = db.session.scalar(select(Finding))
        assert [k.title for k in finding.episodes] == ["One", "Two"]
        assert [t.key for t in finding.themes] == ["neglect"]
    # Unticking every box on edit removes the links.
    client.post(
        f"/reviews/{world.draft}/findings/{finding.id}/edit",
        data={"statement": "Forms hide the child.", "category_id": category},
    )
    with app.app_context():
        assert db.session.get(Finding, finding.id).episodes == []


def test_deleting_a_linked_episode_warns_and_unlinks(client, app, lead):
    (kpe,) = add_episodes(app, lead.draft, "One")
    client.post(
        f"/reviews/{lead.draft}/findings/new", data={"statement": "S", "episode_ids": [kpe]}
    )
    confirm = client.get(f"/reviews/{lead.draft}/episodes/{kpe}/delete")
    assert "Finding 1 link to this episode" in confirm.get_data(as_text=True)
    client.post(f"/reviews/{lead.draft}/episodes/{kpe}/delete")
    with app.app_context():
        assert db.session.scalar(select(Finding)).episodes == []


def test_conversation_is_recorded_per_member(client, app, lead):
    response = client.post(
        f"/reviews/{lead.draft}/case-group/new",
        data={"label": "Health Visitor", "agency": "Community health", "conversation_date": ""},
    )
    assert response.status_code == 302
    with app.app_context():
        member = db.session.get(Review, lead.draft).case_group[0]
    url = f"/reviews/{lead.draft}/case-group/{member.id}/conversation"
    client.post(url, data={"knew_then": "Only what the GP letter said.", "view_now": "**More**"})
    page = client.get(f"/reviews/{lead.draft}/case-group/{member.id}").get_data(as_text=True)
    assert "Only what the GP letter said." in page
    assert "<strong>More</strong>" in page


def test_chronology_is_kept_in_date_order(client, app, lead):
    for day, event in [(date(2023, 5, 2), "Second"), (date(2023, 1, 9), "First")]:
        client.post(
            f"/reviews/{lead.draft}/chronology/new",
            data={"occurred_on": day.isoformat(), "event": event, "agency": ""},
        )
    page = client.get(f"/reviews/{lead.draft}/chronology/").get_data(as_text=True)
    assert page.index("First") < page.index("Second")
    assert "9 January 2023" in page


def test_team_keeps_at_least_one_lead(client, app, lead):
    with app.app_context():
        membership = db.session.get(Review, lead.draft).memberships[0]
        assert membership.team_role == "lead"
    url = f"/reviews/{lead.draft}/team/{membership.id}/delete"
    assert "at least one lead reviewer" in client.get(url).get_data(as_text=True)
    client.post(url)
    with app.app_context():
        assert len(db.session.get(Review, lead.draft).memberships) == 2


def test_lead_adds_a_second_lead_reviewer(client, app, lead):
    response = client.post(
        f"/reviews/{lead.draft}/team/new",
        data={"user_id": lead.users["lead2"], "team_role": "lead", "role_title": "Independent"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert [u.email for u in db.session.get(Review, lead.draft).lead_reviewers] == [
            "lead@test.example.org",
            "lead2@test.example.org",
        ]


def test_only_lead_reviewer_users_can_lead(client, lead):
    response = client.post(
        f"/reviews/{lead.draft}/team/new",
        data={"user_id": lead.users["outsider_team"], "team_role": "lead"},
    )
    assert "Only a user with the lead reviewer role" in response.get_data(as_text=True)


def test_new_review_makes_its_creator_lead(client, app, world, auth):
    auth.login("lead2")
    response = client.post(
        "/reviews/new",
        data={"title": "Child F", "board_id": world.board, "subject_pseudonym": "Child F"},
    )
    assert response.status_code == 302
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.title == "Child F"))
        assert [u.email for u in review.lead_reviewers] == ["lead2@test.example.org"]
    assert b"Only one lead reviewer" in client.get(response.headers["Location"]).data


def test_retired_terms_disappear_from_choices_but_stay_on_records(client, app, lead):
    with app.app_context():
        tools = db.session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.key == "tools"))
        client.post(
            f"/reviews/{lead.draft}/findings/new",
            data={"statement": "S", "category_id": tools.id},
        )
        tools.active = False
        db.session.commit()
        finding_id = db.session.scalar(select(Finding.id))
    new_form = client.get(f"/reviews/{lead.draft}/findings/new").get_data(as_text=True)
    assert ">Tools<" not in new_form
    edit_form = client.get(f"/reviews/{lead.draft}/findings/{finding_id}/edit")
    assert ">Tools<" in edit_form.get_data(as_text=True)
