"""A KPE's factors and a finding's Board questions are added, changed, reordered and removed
on the KPE and finding forms themselves, without JavaScript."""

import pytest
from markupsafe import escape
from sqlalchemy import select

from review import workflow
from review.extensions import db
from review.models import Finding, KeyPracticeEpisode, Review, TaxonomyKind
from review.taxonomy import term


@pytest.fixture
def lead(client, auth, world):
    auth.login("lead")
    return world


@pytest.fixture
def ids(app):
    with app.app_context():
        return {
            "team": term(TaxonomyKind.FACTOR_LEVEL, "team").id,
            "tools": term(TaxonomyKind.FACTOR_LEVEL, "task_tools").id,
            "supervision": term(TaxonomyKind.FACTOR_SUBFACTOR, "team.supervision").id,
            "thresholds": term(TaxonomyKind.FACTOR_SUBFACTOR, "task_tools.thresholds").id,
        }


def factor(n, level="", effect="", description="", subfactor="", record_id=""):
    p = f"factors-{n}-"
    return {p + "level_id": level, p + "effect": effect, p + "description": description,
            p + "subfactor_id": subfactor, p + "record_id": record_id}  # fmt: skip


def test_a_new_kpe_is_saved_with_its_factors_in_one_go(client, app, lead, ids):
    url = f"/reviews/{lead.draft}/episodes/new"
    form = client.get(url).get_data(as_text=True)
    assert 'id="factors-0-level_id"' in form  # one empty factor row to fill in
    assert "<legend>Factor 1</legend>" in form
    data = {
        "title": "The visit",
        "factors-present": "1",
        **factor(0, ids["team"], "hinders", "No supervision that month.", ids["supervision"]),
        **factor(1, ids["tools"], "supports", "The checklist prompted a referral."),
        **factor(2),  # the empty row is left out
    }
    response = client.post(url, data=data)
    assert response.status_code == 302
    with app.app_context():
        kpe = db.session.scalar(select(KeyPracticeEpisode))
        assert [(f.level_id, f.effect, f.position) for f in kpe.factors] == [
            (ids["team"], "hinders", 0),
            (ids["tools"], "supports", 1),
        ]
        assert kpe.factors[0].subfactor_id == ids["supervision"]


def test_row_buttons_rearrange_without_saving_or_losing_anything(client, app, lead, ids):
    url = f"/reviews/{lead.draft}/episodes/new"
    data = {
        "title": "The visit",
        "factors-present": "1",
        **factor(0, ids["team"], "hinders", "First typed."),
        **factor(1, ids["tools"], "supports", "Second typed."),
    }
    added = client.post(url, data={**data, "row_action": "factors:add"})
    body = added.get_data(as_text=True)
    assert added.status_code == 200
    assert 'id="factors-2-level_id"' in body and "First typed." in body
    moved = client.post(url, data={**data, "row_action": "factors:up:1"}).get_data(as_text=True)
    assert moved.index("Second typed.") < moved.index("First typed.")
    removed = client.post(url, data={**data, "row_action": "factors:remove:0"})
    assert "First typed." not in removed.get_data(as_text=True)
    assert "Second typed." in removed.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(KeyPracticeEpisode)) is None  # nothing saved yet


def test_editing_a_kpe_changes_reorders_and_removes_its_factors(client, app, lead, ids):
    url = f"/reviews/{lead.draft}/episodes/new"
    client.post(url, data={"title": "The visit", "factors-present": "1",
                           **factor(0, ids["team"], "hinders", "A"),
                           **factor(1, ids["tools"], "supports", "B")})  # fmt: skip
    with app.app_context():
        kpe = db.session.scalar(select(KeyPracticeEpisode))
        kpe_id, (a, b) = kpe.id, [f.id for f in kpe.factors]
    edit = f"/reviews/{lead.draft}/episodes/{kpe_id}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert f'name="factors-0-record_id" type="hidden" value="{a}"' in page
    # B first and changed, A removed (left empty), a new C added.
    response = client.post(edit, data={
        "title": "The visit", "factors-present": "1",
        **factor(0, ids["tools"], "supports", "B changed", record_id=b),
        **factor(1, record_id=a),
        **factor(2, ids["team"], "supports", "C"),
    })  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        kpe = db.session.get(KeyPracticeEpisode, kpe_id)
        assert [(f.id, f.description, f.position) for f in kpe.factors][0] == (b, "B changed", 0)
        assert [f.description for f in kpe.factors] == ["B changed", "C"]


def test_each_factor_needs_an_effect_and_a_subfactor_of_its_own_level(client, lead, ids):
    url = f"/reviews/{lead.draft}/episodes/new"
    response = client.post(url, data={
        "title": "The visit", "factors-present": "1",
        **factor(0, ids["team"], "", "No effect chosen.", ids["thresholds"]),
    })  # fmt: skip
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Factor 1: choose whether it supported good practice" in body
    assert str(escape("“Thresholds” is a sub-factor of “Task and tools”, not of “Team”")) in body
    assert "No effect chosen." in body  # nothing typed is lost
    assert 'href="#factors-0-effect"' in body  # the summary links to the field


def test_subfactors_are_grouped_by_level_for_the_filter(client, lead):
    body = client.get(f"/reviews/{lead.draft}/episodes/new").get_data(as_text=True)
    assert '<optgroup label="Child and family">' in body
    assert body.count(">Communication</option>") == 2  # one per level, each in its group
    assert "data-level=" in body


def test_a_finding_is_saved_with_its_questions(client, app, lead):
    url = f"/reviews/{lead.draft}/findings/new"
    response = client.post(url, data={
        "statement": "A pattern.", "questions-present": "1",
        "questions-0-text": "How will the Board know?",
        "questions-1-text": "Who checks supervision?",
        "questions-2-text": "",
    })  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        finding = db.session.scalar(select(Finding))
        assert [q.text for q in finding.questions] == [
            "How will the Board know?",
            "Who checks supervision?",
        ]
        fid, first = finding.id, finding.questions[0].id
    edit = f"/reviews/{lead.draft}/findings/{fid}/edit"
    data = {
        "statement": "A pattern.",
        "questions-present": "1",
        "questions-0-text": "How will the Board know?",
        "questions-0-record_id": first,
        "questions-1-text": "Who checks supervision?",
        "row_action": "questions:down:0",
    }
    moved = client.post(edit, data=data).get_data(as_text=True)
    assert moved.index("Who checks supervision?") < moved.index("How will the Board know?")


def test_the_stepper_sends_missing_factors_and_questions_to_the_forms(app, world):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.episodes.append(KeyPracticeEpisode(title="One"))
        review.findings.append(Finding(statement="S"))
        db.session.flush()
        gaps = workflow.analysis(review).gaps + workflow.findings(review).gaps
        factors = next(g for g in gaps if "no contributory factors" in g.message)
        questions = next(g for g in gaps if "no Board questions" in g.message)
        assert (factors.endpoint, factors.anchor) == ("episodes.episode_edit", "factors")
        assert (questions.endpoint, questions.anchor) == ("findings.finding_edit", "questions")
        db.session.rollback()
