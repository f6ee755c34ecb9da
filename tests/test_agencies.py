"""Agencies are chosen from the case group's, so the timeline has one lane per real agency."""

import re
from datetime import date

import pytest
from markupsafe import escape
from sqlalchemy import select

from review.agencies import case_group_agencies, outside_period
from review.extensions import db
from review.models import CaseGroupMember, ChronologyEntry, KeyPracticeEpisode, Review
from review.timeline import build_layout


@pytest.fixture
def lead(client, auth, world, app):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.period_start, review.period_end = date(2023, 1, 1), date(2023, 12, 31)
        for label, agency in (("HV 1", "Health visiting"), ("SW 1", "Children's social care"),
                              ("HV 2", "health visiting ")):  # fmt: skip
            review.case_group.append(CaseGroupMember(label=label, agency=agency))
        db.session.commit()
    auth.login("lead")
    return world


def test_the_case_groups_agencies_once_each_in_order(app, lead):
    with app.app_context():
        review = db.session.get(Review, lead.draft)
        assert case_group_agencies(review) == ["Health visiting", "Children's social care"]
        assert case_group_agencies(review, ["Police"])[-1] == "Police"


def test_a_chronology_entry_picks_its_agency(client, app, lead):
    url = f"/reviews/{lead.draft}/chronology/new"
    form = client.get(url).get_data(as_text=True)
    assert re.search(r'<select[^>]* id="agency"', form)
    assert ">Health visiting</option>" in form
    assert str(escape("Add a case group member from that agency first")) in form
    typed = client.post(url, data={"occurred_on": "2023-03-01", "event": "A visit.",
                                   "agency": "HV"})  # fmt: skip
    assert typed.status_code == 200  # not one of the case group's agencies
    response = client.post(url, data={"occurred_on": "2023-03-01", "event": "A visit.",
                                      "agency": "Health visiting"})  # fmt: skip
    assert response.status_code == 302


def test_a_date_outside_the_period_is_kept_with_a_visible_warning(client, app, lead):
    url = f"/reviews/{lead.draft}/chronology/new"
    response = client.post(
        url,
        data={"occurred_on": "2022-11-05", "event": "Before it all.", "agency": ""},
        follow_redirects=True,
    )
    body = response.get_data(as_text=True)
    assert "5 November 2022 is outside the period under review" in body
    assert "Outside the period" in body  # the entry is marked in the list
    with app.app_context():
        assert db.session.scalar(select(ChronologyEntry)).occurred_on == date(2022, 11, 5)
        review = db.session.get(Review, lead.draft)
        assert outside_period(review, date(2023, 6, 1)) is None


def test_kpe_agencies_are_ticked_and_the_timeline_has_one_lane_each(client, app, lead):
    client.post(f"/reviews/{lead.draft}/chronology/new",
                data={"occurred_on": "2023-03-01", "event": "A visit.",
                      "agency": "Health visiting"})  # fmt: skip
    response = client.post(
        f"/reviews/{lead.draft}/episodes/new",
        data={
            "title": "The visit",
            "date_from": "2023-04-01",
            "agencies": ["Health visiting", "Children's social care"],
        },  # fmt: skip
    )
    assert response.status_code == 302
    with app.app_context():
        kpe = db.session.scalar(select(KeyPracticeEpisode))
        assert kpe.agencies == "Health visiting; Children's social care"
        edit = client.get(f"/reviews/{lead.draft}/episodes/{kpe.id}/edit").get_data(as_text=True)
        assert edit.count('checked id="agencies-') == 2
        layout = build_layout(db.session.get(Review, lead.draft))
        names = [lane.name for lane in layout.lanes]
        assert sorted(names) == ["Children's social care", "Health visiting"]
