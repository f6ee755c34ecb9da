"""The child's journey: the timeline's layout, its two renderers (SVG, PNG) and its routes.

The layout is a pure function of a review's dates and texts, so most tests pass plain objects
(no app, no database); the route tests use the `world` fixture's users and reviews.
"""

import xml.etree.ElementTree as ET
from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from PIL import Image

from review import timeline
from review.extensions import db
from review.models import ChronologyEntry, KeyPracticeEpisode, Review
from review.timeline import (
    NOT_RECORDED,
    PNG_WIDTH_PX,
    PRINT_WIDTH,
    build_layout,
    render_png,
    render_svg,
    split_agencies,
    summarise,
    timeline_png,
)

SVG = "{http://www.w3.org/2000/svg}"
PERIOD = (date(2022, 3, 1), date(2024, 2, 29))


def entry(day, agency, event="Something happened", id=None):
    return SimpleNamespace(id=id, occurred_on=day, agency=agency, event=event, source="")


def kpe(number, date_from, date_to=None, agencies="", title=None, id=None):
    return SimpleNamespace(
        id=id if id is not None else 100 + number,
        number=number,
        title=title or f"Episode {number}",
        date_from=date_from,
        date_to=date_to,
        agencies=agencies,
    )


def review_of(chronology=(), episodes=(), period=PERIOD):
    return SimpleNamespace(
        period_start=period[0], period_end=period[1],
        chronology=list(chronology), episodes=list(episodes),
    )  # fmt: skip


def demo_like():
    """A small case in the demo's shape: MASH screening, a strategy meeting, a step-down."""
    return review_of(
        [
            entry(date(2022, 3, 8), "Police", "Officers attend an **argument**.", 1),
            entry(date(2022, 3, 10), "Children's social care (MASH)", "Screened out.", 2),
            entry(date(2022, 4, 21), "Health visiting", "Developmental review.", 3),
            entry(date(2022, 11, 30), "Children's Social Care", "Strategy discussion.", 4),
            entry(date(2023, 9, 5), "School", "Child A starts in Reception.", 5),
        ],
        [
            kpe(1, date(2022, 3, 8), date(2022, 3, 10),
                "Police; Children's social care (MASH); Health visiting; GP"),
            kpe(2, date(2022, 11, 28), date(2022, 12, 20), "Police, Children’s social care"),
            kpe(3, date(2023, 9, 5), None, "School"),
        ],
    )  # fmt: skip


# --------------------------------------------------------------------------- layout


def test_lanes_come_from_entries_and_kpes_in_order_of_first_appearance():
    layout = build_layout(demo_like())
    names = [lane.name for lane in layout.lanes]
    # "(MASH)" names a team: its entries sit in the agency's lane; case and apostrophes do
    # not split a lane; GP appears only in a KPE and still has a lane.
    assert names == ["Police", "Children's social care", "Health visiting", "GP", "School"]
    csc = [d for d in layout.dots if d.lane == "children's social care"]
    assert [d.agency for d in csc] == ["Children's social care (MASH)", "Children's Social Care"]
    assert len({d.y for d in layout.dots if d.lane == "police"}) == 1


def test_lanes_are_stacked_top_to_bottom_and_grow_with_many_agencies():
    few = build_layout(review_of([entry(date(2023, 1, 1), "Police")]))
    many = build_layout(
        review_of(entry(date(2023, 1, 1 + i), f"Agency {i}") for i in range(25))
    )  # fmt: skip
    assert len(many.lanes) == 25
    assert many.height > few.height + 24 * 20
    tops = [lane.y for lane in many.lanes]
    assert tops == sorted(tops)
    for above, below in zip(many.lanes, many.lanes[1:], strict=False):
        assert above.y + above.height == pytest.approx(below.y)


def test_entries_without_an_agency_go_to_a_last_lane():
    layout = build_layout(
        review_of([entry(date(2022, 5, 1), ""), entry(date(2022, 6, 1), "Police")])
    )
    assert [lane.name for lane in layout.lanes] == ["Police", NOT_RECORDED]


def test_positions_follow_the_dates():
    layout = build_layout(demo_like())
    dots = sorted(layout.dots, key=lambda d: d.when)
    xs = [d.x for d in dots]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert all(layout.plot_x0 <= x <= layout.plot_x1 for x in xs)
    assert layout.x(date(2022, 3, 1)) < layout.x(date(2022, 3, 2)) < layout.x(date(2024, 2, 29))
    # Equal days are equal distances apart.
    step = layout.x(date(2022, 5, 2)) - layout.x(date(2022, 5, 1))
    assert layout.x(date(2023, 5, 2)) - layout.x(date(2023, 5, 1)) == pytest.approx(step)
    bars = {b.number: b for b in layout.bars}
    assert bars[1].x0 < bars[2].x0 < bars[3].x0
    assert bars[2].x1 - bars[2].x0 == pytest.approx(23 * step)  # 28 Nov to 20 Dec inclusive
    assert bars[3].single_day and not bars[1].single_day


def test_the_axis_spans_the_period_in_whole_months_with_year_and_month_ticks():
    layout = build_layout(demo_like())
    assert (layout.start, layout.end) == (date(2022, 3, 1), date(2024, 3, 1))
    assert layout.period == pytest.approx((layout.plot_x0, layout.plot_x1))
    years = [t.label.text for t in layout.ticks if t.kind == "year" and t.label]
    assert years == ["2023", "2024"]
    assert [t.label.text for t in layout.ticks if t.label][0] == "2022"  # at the start
    months = [t.label.text for t in layout.ticks if t.kind == "month-label"]
    assert months[:3] == ["Mar", "Apr", "May"] and len(months) == 24


def test_entries_outside_the_period_stay_visible_and_are_marked():
    layout = build_layout(
        review_of(
            [entry(date(2021, 12, 24), "Police", "Before"), entry(date(2022, 5, 1), "GP"),
             entry(date(2024, 4, 2), "GP", "After")],
        )
    )  # fmt: skip
    assert layout.start == date(2021, 12, 1) and layout.end == date(2024, 5, 1)
    outside = [d for d in layout.dots if not d.in_period]
    assert [d.when for d in outside] == [date(2021, 12, 24), date(2024, 4, 2)]
    x0, x1 = layout.period
    assert outside[0].x < x0 and outside[1].x > x1
    assert "outside the period under review" in outside[0].tooltip
    assert layout.outside == 2 and "2 entries outside the period" in layout.description
    assert any(item.kind == "outside" for item in layout.legend)


def test_decades_of_dates_and_a_back_to_front_period():
    review = review_of(
        [entry(date(1987, 6, 1), "GP", "A typo for 2021?"), entry(date(2021, 6, 1), "GP")],
        period=(date(2022, 1, 31), date(2021, 1, 1)),
    )
    layout = build_layout(review)
    assert layout.period[0] < layout.period[1]
    assert [d.in_period for d in layout.dots] == [False, True]
    labels = sorted((t.label for t in layout.ticks if t.kind != "month-label" and t.label),
                    key=lambda label: label.x)  # fmt: skip
    assert len(labels) >= 3
    for left, right in zip(labels, labels[1:], strict=False):
        assert left.x + timeline.text_width(left.text, left.size, bold=True) < right.x
    assert len(layout.ticks) < 60  # years, not four hundred months
    ET.fromstring(render_svg(layout))


def test_no_period_set():
    layout = build_layout(review_of([entry(date(2022, 5, 1), "GP")], period=(None, None)))
    assert layout.period is None
    assert all(d.in_period for d in layout.dots)
    assert any("not set" in n.text for n in layout.notes)


def test_undated_and_back_to_front_kpes():
    layout = build_layout(
        review_of(
            [entry(date(2022, 5, 1), "GP")],
            [kpe(1, None, None, "GP", "No dates yet"), kpe(2, date(2022, 9, 1), date(2022, 8, 1)),
             kpe(3, None, date(2022, 10, 1))],
        )
    )  # fmt: skip
    assert [u.name for u in layout.undated] == ["KPE 1: No dates yet"]
    bars = {b.number: b for b in layout.bars}
    assert set(bars) == {2, 3}
    assert (bars[2].date_from, bars[2].date_to) == (date(2022, 8, 1), date(2022, 9, 1))
    assert bars[3].single_day and bars[3].date_from == date(2022, 10, 1)
    assert any("KPE 1: No dates yet" in n.text for n in layout.notes)


def test_overlapping_kpes_take_separate_rows():
    layout = build_layout(
        review_of(
            episodes=[kpe(1, date(2022, 4, 1), date(2022, 9, 30)),
                      kpe(2, date(2022, 6, 1), date(2022, 7, 1)),
                      kpe(3, date(2023, 6, 1), date(2023, 9, 1))],
        )
    )  # fmt: skip
    rows = {b.number: b.row for b in layout.bars}
    assert rows == {1: 0, 2: 1, 3: 0}
    assert layout.band is not None and layout.band[1] >= 2 * timeline.BAND_ROW


def test_dots_on_nearby_days_in_a_lane_do_not_overlap():
    layout = build_layout(
        review_of(entry(date(2022, 6, d), "Police") for d in (1, 2, 3, 20))
    )  # fmt: skip
    dots = layout.dots
    assert len({(d.x, d.y) for d in dots}) == 4
    for a in dots:
        for b in dots:
            if a is not b:
                apart = ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5
                assert apart >= 2 * timeline.DOT_R
    assert layout.lanes[0].height > timeline.LANE_ROW + 2 * timeline.LANE_PAD


def test_long_agency_names_are_shortened_with_the_full_name_kept():
    name = "Northbridge and Eastmere Integrated Child and Adolescent Mental Health Service"
    layout = build_layout(review_of([entry(date(2022, 5, 1), name)]))
    label = layout.lanes[0].label
    assert label.text.endswith("…") and len(label.text) < len(name)
    assert label.full == name
    assert timeline.text_width(label.text, label.size) <= timeline.LABEL_COLUMN


def test_nothing_dated_is_a_friendly_empty_layout():
    for review in (review_of(), review_of(episodes=[kpe(1, None)], period=(None, None))):
        layout = build_layout(review)
        assert layout.empty and not layout.lanes and not layout.dots
        assert "Nothing to show yet" in layout.notes[0].text


def test_agency_splitting():
    assert split_agencies("Police; Children's social care (MASH); Health visiting; GP") == [
        "Police", "Children's social care (MASH)", "Health visiting", "GP",
    ]  # fmt: skip
    assert split_agencies("Early years, School") == ["Early years", "School"]
    # With semicolons, a comma belongs to a name; never split inside brackets.
    assert split_agencies("Health visiting, 0-19 service; GP") == [
        "Health visiting, 0-19 service", "GP",
    ]  # fmt: skip
    assert split_agencies("Police (two forces, Met), Youth justice\nCSC") == [
        "Police (two forces, Met)", "Youth justice", "CSC",
    ]  # fmt: skip
    assert split_agencies(" ;, ") == [] and split_agencies(None) == []


def test_summaries_are_plain_short_text():
    text = "**Mother** said _no_.\n\n- one\n- two <script>alert(1)</script> &amp; [link](http://x)"
    assert summarise(text) == "Mother said no. one two & link"
    long = summarise("word " * 100)
    assert long.endswith("…") and len(long) <= 160


# --------------------------------------------------------------------------- SVG


NASTY = '<script>alert("x")</script> & "Mum\'s" <b>'


def nasty_review():
    return review_of(
        [entry(date(2022, 5, 1), f"Police {NASTY}", f"Said {NASTY}\x01"),
         entry(date(2022, 7, 1), "GP")],
        [kpe(1, date(2022, 5, 1), date(2022, 6, 1), f"GP; {NASTY}", f"Title {NASTY}", id=11),
         kpe(2, date(2022, 8, 1), None, "GP", "One day", id=12),
         kpe(3, None, None, "GP", "Undated", id=13)],
    )  # fmt: skip


def test_svg_is_well_formed_with_kpe_links_and_escaped_text():
    layout = build_layout(nasty_review())
    svg = render_svg(layout, lambda bar: f"/reviews/1/episodes/{bar.episode_id}?a=1&b=2")
    root = ET.fromstring(svg)  # well-formed, control characters and all
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "group" and root.get("aria-labelledby") == "timeline-title"
    assert root.find(f"{SVG}title").text == layout.title
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}b"))
    links = list(root.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == [
        "/reviews/1/episodes/11?a=1&b=2", "/reviews/1/episodes/12?a=1&b=2",
    ]  # fmt: skip
    assert links[0].get("aria-label") == f"KPE 1: Title {NASTY}"
    assert links[1].get("aria-label") == "KPE 2: One day"
    assert links[1].find(f"{SVG}polygon") is not None  # a one-day KPE is a diamond
    assert links[0].find(f"{SVG}rect") is not None
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "KPE 1" in texts and "Undated, not shown: KPE 3: Undated" in texts
    tooltips = [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle") if len(c)]
    assert tooltips[0].startswith(f"1 May 2022 · Police {NASTY}: Said")
    assert "<script" not in svg.replace("&lt;script", "")


def test_svg_without_links_draws_groups():
    svg = render_svg(build_layout(demo_like()))
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}a"))
    assert len(list(root.iter(f"{SVG}circle"))) == 5 + 1  # five entries and the legend's dot


def test_empty_svg_says_so():
    root = ET.fromstring(render_svg(build_layout(review_of())))
    assert "Nothing to show yet" in "".join(root.itertext())


# --------------------------------------------------------------------------- PNG


def test_png_decodes_at_print_size():
    layout = build_layout(nasty_review(), width=PRINT_WIDTH)
    data = render_png(layout)
    image = Image.open(BytesIO(data))
    image.load()
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.size == (PNG_WIDTH_PX, round(layout.height * PNG_WIDTH_PX / PRINT_WIDTH))
    assert image.getpixel((5, 5)) == (255, 255, 255)
    # Something was drawn in the KPE colour.
    kpe = tuple(int(timeline.COLOURS["kpe"][i : i + 2], 16) for i in (1, 3, 5))
    assert kpe in {colour for _, colour in image.getcolors(maxcolors=1 << 20)}


def test_png_of_an_empty_timeline_and_other_widths():
    image = Image.open(BytesIO(timeline_png(review_of(), width_px=900)))
    assert image.size[0] == 900 and image.size[1] > 20


# --------------------------------------------------------------------------- routes


@pytest.fixture
def dated_draft(app, world):
    with app.app_context():
        review = db.session.get(Review, world.draft)
        review.period_start, review.period_end = date(2023, 1, 1), date(2023, 12, 31)
        review.chronology.append(
            ChronologyEntry(occurred_on=date(2023, 2, 1), agency="Police", event="A visit <b>")
        )
        review.chronology.append(
            ChronologyEntry(occurred_on=date(2022, 11, 5), agency="GP", event="Before the period")
        )
        review.episodes.append(
            KeyPracticeEpisode(
                title="Referral <closed> & forgotten", agencies="Police; GP",
                date_from=date(2023, 2, 1), date_to=date(2023, 3, 1),
            )
        )  # fmt: skip
        review.episodes.append(KeyPracticeEpisode(title="Not yet dated"))
        db.session.commit()
        return world, [k.id for k in review.episodes]


def test_timeline_page_per_role(app, dated_draft, client, auth):
    world, (dated, undated) = dated_draft
    url = f"/reviews/{world.draft}/timeline"
    assert client.get(url).status_code == 302  # sign in first
    for role in ("lead", "team", "board_member", "practitioner", "other_board_member",
                 "outsider_lead", "admin"):  # fmt: skip
        auth.login(role)
        page, png = client.get(url), client.get(url + ".png")
        expected = 200 if role in ("lead", "team", "board_member") else 404
        assert (page.status_code, png.status_code) == (expected, expected), role
        auth.logout()

    auth.login("board_member")
    body = client.get(url).get_data(as_text=True)
    assert 'aria-current="page">Timeline</a>' in body
    assert f'href="/reviews/{world.draft}/episodes/{dated}"' in body
    assert 'aria-label="KPE 1: Referral &lt;closed&gt; &amp; forgotten"' in body
    assert "Referral <closed>" not in body
    assert "<figcaption" in body and "Timeline as a table" in body
    assert "Outside the period" in body  # the table marks the entry of November 2022
    assert f'href="/reviews/{world.draft}/episodes/{undated}">KPE 2: Not yet dated' in body
    response = client.get(url + ".png")
    assert response.mimetype == "image/png"
    assert response.headers["Cache-Control"] == "no-store"
    assert Image.open(BytesIO(response.data)).size[0] == PNG_WIDTH_PX


def test_the_timeline_page_is_working_material_and_an_empty_one_says_so(app, world, client, auth):
    """The timeline page draws the chronology (never published): the review's team and Board
    use it; a practitioner meets the report's figure in the reading view instead."""
    auth.login("other_board_member")  # the published review's Board
    response = client.get(f"/reviews/{world.published}/timeline")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Nothing to show yet" in body and "<svg" not in body
    assert client.get(f"/reviews/{world.published}/timeline.png").status_code == 200
    auth.logout()
    auth.login("practitioner")
    assert client.get(f"/reviews/{world.published}/timeline").status_code == 404
    assert client.get(f"/reviews/{world.published}/timeline.png").status_code == 404
    assert client.get(f"/reviews/{world.other_draft}/timeline").status_code == 404
    assert client.get("/reviews/999999/timeline").status_code == 404
