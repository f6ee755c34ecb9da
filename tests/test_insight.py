"""Cross-review insight: counts against known data, every number against the search it links
to, visibility per role, filters, CSV downloads and the SVG charts."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from itertools import product
from urllib.parse import parse_qs, urlsplit

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from review import insight, search
from review.blueprints.insight import csv_text, safe_cell
from review.charts import (
    INK,
    PALETTE,
    Bar,
    Segment,
    Stack,
    bar_chart,
    contrast,
    stacked_bar_chart,
    text_on,
)
from review.extensions import db
from review.index.fields import FACETS
from review.models import (
    Board,
    CaseGroupMember,
    ContributoryFactor,
    Finding,
    KeyPracticeEpisode,
    Review,
    ReviewStatus,
    TaxonomyKind,
    TaxonomyTerm,
    User,
)
from review.taxonomy import term

SVG = "{http://www.w3.org/2000/svg}"
EAST = "Eastmere Safeguarding Adults Board"
NORTH = "Northbridge Safeguarding Children Partnership"
DA = "Domestic abuse and hidden men"
#: a theme an administrator named badly: a formula, markup, quotes and a comma (which the
#: search index's KEYWORD field splits into two values)
ODD_THEME = '=Risk, <b>"harm"</b> & co'
ODD = ("=Risk", '<b>"harm"</b> & co')
CRISIS = "Multi-agency working in response to incidents and crises"
REASONING = "Human reasoning: cognitive and emotional biases"


def _factor(level: str) -> ContributoryFactor:
    return ContributoryFactor(level=term(TaxonomyKind.FACTOR_LEVEL, level))


def _finding(review: Review, statement: str, category=None, themes=(), episodes=()) -> Finding:
    category_term = term(TaxonomyKind.FINDING_CATEGORY, category) if category else None
    finding = Finding(statement=statement, category=category_term, themes=list(themes))
    review.findings.append(finding)
    finding.episodes.extend(episodes)
    return finding


@pytest.fixture
def corpus(app, world):
    """Seven findings: three in board 2's published review (2024), two in board 1's published
    review (2023, a shorter review, with the police in its case group), one in board 1's
    draft and one in board 2's draft (neither has a year yet)."""
    with app.app_context():
        odd = TaxonomyTerm(kind=TaxonomyKind.THEME, key="odd", label=ODD_THEME, position=99)
        db.session.add(odd)
        da = term(TaxonomyKind.THEME, "domestic_abuse_and_hidden_men")
        sharing = term(TaxonomyKind.THEME, "information_sharing_and_handovers")
        optimism = term(TaxonomyKind.THEME, "rule_of_optimism")

        east = db.session.get(Review, world.published)
        kpe1 = KeyPracticeEpisode(title="Referral screened out")
        kpe1.factors.extend([_factor("work_environment"), _factor("team")])
        kpe2 = KeyPracticeEpisode(title="Strategy discussion not held")
        kpe2.factors.extend([_factor("work_environment"), _factor("work_environment")])
        east.episodes.extend([kpe1, kpe2])
        _finding(east, "Police notifications are read one at a time.", "mawi_crisis", [da],
                 [kpe1, kpe2])  # fmt: skip
        _finding(east, "Assessment forms hide the father.", "tools", [da, odd], [kpe2])
        _finding(east, "A finding not yet categorised.")

        north = Review(
            board_id=world.board, title="Child B: a published review",
            status=ReviewStatus.PUBLISHED, published_on=date(2023, 6, 1),
            review_type=term(TaxonomyKind.REVIEW_TYPE, "lt_short"),
        )  # fmt: skip
        north.case_group.append(
            CaseGroupMember(label="Officer 1", agency_type=term(TaxonomyKind.AGENCY_TYPE, "police"))
        )
        db.session.add(north)
        _finding(north, "The health visitor is not told of a move.", "tools", [sharing])
        _finding(north, "Optimism about a father's change.", "human_reasoning", [odd])

        draft = db.session.get(Review, world.draft)
        _finding(draft, "Supervision rarely tests optimism.", "human_reasoning", [optimism])
        other_draft = db.session.get(Review, world.other_draft)
        _finding(other_draft, "A secret pattern elsewhere.", "management_systems")
        db.session.commit()
        return north.id


def compute(app, world, who: str, **args) -> insight.Insight:
    with app.app_context():
        user = db.session.get(User, world.users[who])
        return insight.compute(user, insight.Filters.from_args(MultiDict(args)))


def counts(chart: insight.Chart) -> dict[str, int]:
    return {row.value: row.total.count for row in chart.rows}


def test_counts_for_a_practitioner(app, world, corpus):
    found = compute(app, world, "practitioner")
    assert (found.total.count, found.reviews, found.drafts) == (5, 2, 0)
    charts = found.charts
    assert counts(charts["category"]) == {
        CRISIS: 1,
        "Multi-agency working in assessment and longer-term work": 0,
        REASONING: 1,
        "Family–professional interaction": 0,
        "Tools": 2,
        "Management systems": 0,
    }
    assert charts["category"].missing == 1  # the uncategorised finding
    assert counts(charts["theme"]) == {
        DA: 2, ODD[0]: 2, ODD[1]: 2, "Information sharing and handovers": 1
    }  # fmt: skip
    assert list(counts(charts["theme"]))[-1] == "Information sharing and handovers"  # by count
    assert charts["theme"].overlapping and charts["theme"].missing == 1
    levels = counts(charts["level"])
    assert levels["Work environment"] == 2  # two findings, counted once each
    assert levels["Team"] == 1
    assert levels["Child and family"] == 0
    assert list(levels)[:2] == ["Child and family", "Individual practitioner"]  # taxonomy order
    assert charts["level"].missing == 3  # findings with no linked KPE with factors
    assert counts(charts["year"]) == {"2023": 2, "2024": 3}
    assert counts(charts["board"]) == {EAST: 3, NORTH: 2}

    # Years and boards are split by category.
    chart = charts["year"]
    assert chart.columns == [CRISIS, REASONING, "Tools"]  # present ones, in taxonomy order
    by_year = {row.value: [c.count for c in row.parts] for row in chart.rows}
    assert by_year == {"2023": [0, 1, 1], "2024": [1, 0, 1]}
    assert chart.unsplit == [0, 1]  # 2024 has a finding with no category
    cell = chart.rows[1].parts[0]
    assert cell.selected == {"year": ("2024",), "category": (CRISIS,)}
    assert cell.search_args() == {"type": ["finding"], "year": ["2024"], "category": [CRISIS]}
    rows = insight.table_rows(chart)
    assert rows[0] == ["Year", CRISIS, REASONING, "Tools", "No category", "Findings"]
    assert rows[1:] == [["2023", 0, 1, 1, 0, 2], ["2024", 1, 0, 1, 1, 3]]


VISIBILITY = [
    # who, findings, drafts among their reviews, human reasoning, management systems
    ("practitioner", 5, 0, 1, 0),
    ("admin", 5, 0, 1, 0),
    ("board_member", 6, 1, 2, 0),  # their board's draft
    ("lead", 6, 1, 2, 0),  # the draft they lead
    ("lead2", 5, 0, 1, 0),  # same board, not on that review
    ("other_board_member", 6, 1, 1, 1),
]


def test_counts_follow_who_may_read_what(app, world, corpus):
    for who, total, drafts, reasoning, management in VISIBILITY:
        found = compute(app, world, who)
        assert (found.total.count, found.drafts) == (total, drafts), who
        category = counts(found.charts["category"])
        assert (category[REASONING], category["Management systems"]) == (reasoning, management)
        # A draft has no year yet: it counts in the totals, and is said to be missing by year.
        assert found.charts["year"].missing == drafts

    # Once the draft has a year, the year rows run from the first to the last, gaps included.
    with app.app_context():
        db.session.get(Review, world.draft).commissioned_on = date(2026, 1, 5)
        db.session.commit()
    chart = compute(app, world, "board_member").charts["year"]
    assert counts(chart) == {"2023": 2, "2024": 3, "2025": 0, "2026": 1}
    assert chart.rows[2].total.count == 0


def test_filters_narrow_every_chart(app, world, corpus):
    by_board = compute(app, world, "board_member", board=NORTH)
    assert by_board.total.count == 3
    assert counts(by_board.charts["board"]) == {NORTH: 3}
    assert by_board.total.selected == {"board": (NORTH,)}

    years = compute(app, world, "board_member", year_from="2024", year_to="2030")
    assert years.total.count == 3  # the draft, which has no year, is left out
    assert years.total.selected == {"year": ("2024",)}  # the years that exist in the range
    reversed_range = compute(app, world, "board_member", year_from="2024", year_to="2023")
    assert (reversed_range.filters.year_from, reversed_range.filters.year_to) == (2023, 2024)
    assert reversed_range.total.count == 5
    assert reversed_range.total.selected == {"year": ("2023", "2024")}

    tools = compute(app, world, "practitioner", category="Tools", review_type=["lt_full"])
    assert tools.total.count == 0  # review types are matched by label, as the index has them
    tools = compute(
        app, world, "practitioner", category="Tools",
        review_type="Learning Together full review",
    )  # fmt: skip
    assert tools.total.count == 1
    assert counts(tools.charts["category"]) == {"Tools": 1}
    assert counts(tools.charts["theme"]) == {DA: 1, ODD[0]: 1, ODD[1]: 1}

    police = compute(app, world, "practitioner", agency="Police", level="Team")
    assert police.total.count == 0  # the police are in board 1's review; Team in board 2's
    assert compute(app, world, "practitioner", agency="Police").total.count == 2
    multi = compute(app, world, "practitioner", theme=[DA, "Information sharing and handovers"])
    assert multi.total.count == 3  # any of the values of one facet
    nonsense = compute(app, world, "practitioner", year_from="soon", board="")
    assert not nonsense.filters.active and nonsense.total.count == 5
    options = compute(app, world, "practitioner").options
    assert options["board"] == [EAST, NORTH]
    assert options["level"] == ["Team", "Work environment"]  # taxonomy order
    assert "Management systems" not in options["category"]  # only in a draft they cannot read
    with app.app_context():
        db.session.add(Board(name="Westfield Safeguarding Partnership"))
        db.session.commit()
    assert compute(app, world, "practitioner").options["board"] == [EAST, NORTH]


def _search_total(app, world, who: str, args: dict[str, list[str]]) -> int:
    """What /search answers for these URL arguments, read as the search page reads them."""
    with app.app_context():
        user = db.session.get(User, world.users[who])
        selected = {name: args[name] for name in FACETS if args.get(name, [""])[0]}
        doc_type = args.get("type", [""])[0] or None
        return search.search(args.get("q", [""])[0], user, selected=selected,
                             doc_type=doc_type).total  # fmt: skip


def _cells(found: insight.Insight):
    yield "total", found.total
    for name, chart in found.charts.items():
        for row in chart.rows:
            yield f"{name}: {row.value}", row.total
            for column, cell in zip(chart.columns, row.parts, strict=True):
                yield f"{name}: {row.value}, {column}", cell


@pytest.mark.search
def test_every_count_equals_the_search_it_links_to(app, world, corpus):
    """Chart data against search counts: each number, followed through its facet filters."""
    searched: dict[tuple, int] = {}
    for who, args in product(
        ("practitioner", "board_member", "other_board_member"),
        (
            {},
            {"board": NORTH},
            {"year_from": "2023", "year_to": "2024"},
            {"category": "Tools", "theme": DA},
            {"level": "Work environment", "year_from": "2024"},
            {"theme": ODD[0]},
        ),
    ):
        found = compute(app, world, who, **args)
        checked = 0
        for what, cell in _cells(found):
            if cell.count:
                key = (who, tuple(sorted(cell.selected.items())))
                if key not in searched:  # the same search from another chart or filter
                    searched[key] = _search_total(app, world, who, cell.search_args())
                got = searched[key]
                assert got == cell.count, f"{who} {args} {what}: search finds {got}"
                checked += 1
        assert checked > 0 or found.total.count == 0


class _Links(HTMLParser):
    """Every link to /search on a page, with its visible text."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._hidden = 0
        self._title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and (attrs.get("href") or "").startswith("/search?"):
            self._href, self._text = attrs["href"], []
        if self._href and tag == "span" and "visually-hidden" in (attrs.get("class") or ""):
            self._hidden += 1
        self._title = self._title or tag == "title"  # an SVG bar's tooltip

    def handle_endtag(self, tag):
        if tag == "span" and self._hidden:
            self._hidden -= 1
        if tag == "title":
            self._title = False
        if tag == "a" and self._href:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None

    def handle_data(self, data):
        if self._href and not self._hidden and not self._title:
            self._text.append(data)


@pytest.mark.search
def test_every_number_on_the_page_opens_a_search_with_that_many_results(app, world, corpus,
                                                                       client, auth):  # fmt: skip
    auth.login("board_member")
    page = client.get("/insight?year_from=2023&year_to=2024")
    assert page.status_code == 200
    parser = _Links()
    parser.feed(page.get_data(as_text=True))
    numbers = [(href, text) for href, text in parser.links if text]
    bars = {href for href, text in parser.links if not text}  # the SVG bars
    assert len(numbers) > 15
    assert bars and bars <= {href for href, _text in numbers}
    for href, text in numbers:
        expected = int(text.split()[0])
        args = parse_qs(urlsplit(href).query)
        assert args["type"] == ["finding"]
        assert _search_total(app, world, "board_member", args) == expected, href


def test_the_page_for_a_practitioner_and_a_board_member(app, world, corpus, client, auth):
    assert client.get("/insight").status_code == 302  # sign in first
    auth.login("practitioner")
    html = client.get("/insight").get_data(as_text=True)
    # Charts whose bars are links are groups (an image's children cannot be links).
    assert len(re.findall(r'<svg[^>]* role="(?:img|group)"', html)) == 5
    assert "5 findings" in html and "in 2 reviews" in html
    assert "Supervision rarely tests optimism" not in html and "not yet published" not in html
    assert "&lt;b&gt;&#34;harm&#34;&lt;/b&gt; &amp; co" in html  # escaped, in chart and table
    assert "<b>" not in html
    assert '<th scope="row">Tools</th>' in html
    assert 'href="/insight/category.csv"' in html
    assert 'aria-current="page">Insight</a>' in html
    filtered = client.get(f"/insight?board={NORTH}&year_from=2023").get_data(as_text=True)
    assert "year_from=2023" in filtered and "Clear filters" in filtered
    assert "/insight/theme.csv?board=Northbridge" in filtered
    empty = client.get("/insight?year_from=1990&year_to=1991").get_data(as_text=True)
    assert "There are no findings to count with these filters." in empty

    auth.logout()
    auth.login("board_member")
    html = client.get("/insight").get_data(as_text=True)
    assert "6 findings" in html and "1 of them not yet published" in html


def test_csv_download(app, world, corpus, client, auth):
    auth.login("board_member")
    response = client.get(f"/insight/theme.csv?board={NORTH}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="insight-theme.csv"'
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["Theme", "Findings"]
    assert sorted(rows[1:]) == sorted(
        [["'=Risk", "1"], [ODD[1], "1"], ["Information sharing and handovers", "1"],
         ["Rule of optimism", "1"]]
    )  # fmt: skip
    year = client.get("/insight/year.csv").data.decode("utf-8-sig")
    assert year.splitlines()[0] == f"Year,{CRISIS},{REASONING},Tools,No category,Findings"
    assert client.get("/insight/secrets.csv").status_code == 404
    auth.logout()
    assert client.get("/insight/theme.csv").status_code == 302


def test_csv_cells_cannot_start_a_formula():
    for dangerous in ("=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_cell("Tools") == "Tools" and safe_cell(3) == 3
    text = csv_text([["Board", "Findings"], ['=HYPERLINK("http://x")', 1]])
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]))) == [
        ["Board", "Findings"], ['\'=HYPERLINK("http://x")', "1"]
    ]  # fmt: skip


def _parse(svg: Markup) -> ET.Element:
    assert isinstance(svg, Markup)
    return ET.fromstring(str(svg))  # well-formed XML, or this raises


def _texts(root: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_bar_chart_is_well_formed_accessible_and_escaped():
    nasty = '<script>alert("x")</script> & Co'
    svg = bar_chart(
        [Bar("Tools", 3, "/search?type=finding&category=Tools"), Bar(nasty, 1), Bar("None", 0)],
        title="Findings by <category>", chart_id="c",
    )  # fmt: skip
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    # Its bars are links, so it is a group of links, not an image (axe: nested-interactive).
    assert root.get("role") == "group" and root.get("aria-label") == "Findings by <category>"
    assert root.find(f"{SVG}title").text == "Findings by <category>"
    desc = root.find(f"{SVG}desc").text
    assert desc == f"Tools: 3 findings; {nasty}: 1 finding; None: 0 findings."
    assert root.get("aria-describedby") == "c-desc"
    texts = _texts(root)
    assert "Tools" in texts and nasty in texts and "3" in texts and "0" in texts
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == ["/search?type=finding&category=Tools"]
    assert links[0].get("tabindex") == "-1"  # the table carries the links for the keyboard
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert len(widths) == 2 and widths[0] == pytest.approx(3 * widths[1], abs=0.5)


def test_long_labels_wrap_and_keep_their_full_text():
    label = "Multi-agency working in response to incidents and crises, and much more besides"
    root = _parse(bar_chart([Bar(label, 2), Bar("Tools", 1)], title="t"))
    first = next(root.iter(f"{SVG}text"))
    lines = [span.text for span in first.iter(f"{SVG}tspan")]
    assert len(lines) == 2
    assert first.find(f"{SVG}title").text == label  # the cut label's tooltip
    assert lines[1].endswith("…")


def test_stacked_bar_chart_is_well_formed_with_a_legend_and_a_remainder():
    svg = stacked_bar_chart(
        [
            Stack("2023", [Segment(2, "/search?year=2023&a=1"), Segment(0)], 3, "/search?y"),
            Stack("2024", [Segment(0), Segment(4, "/search?year=2024&b=<>")], 4),
        ],
        ["A & <b>", "B"],
        title="By year",
        rest_label="No category",
    )
    root = _parse(svg)
    legend = [t.text for t in root.find(f"{SVG}g").iter(f"{SVG}text")]
    assert legend == ["A & <b>", "B", "No category"]
    tips = [t.text for t in root.iter(f"{SVG}title")]
    assert "2023, A & <b>: 2 findings" in tips and "2023, No category: 1 finding" in tips
    assert "2024, B: 4 findings" in tips
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == [
        "/search?year=2023&a=1", "/search?year=2024&b=<>"
    ]  # fmt: skip
    assert "2023: 3 findings (A & <b> 2, No category 1)" in root.find(f"{SVG}desc").text


def test_empty_charts_are_still_valid():
    assert _parse(bar_chart([], title="Nothing")).find(f"{SVG}desc").text == "No data."
    assert _parse(stacked_bar_chart([], [], title="Nothing")) is not None


def test_colours_have_enough_contrast():
    for colour in PALETTE:
        assert contrast(colour, "#ffffff") >= 4.5  # bars against the page, white text on bars
        assert contrast(colour, text_on(colour)) >= 4.5
    assert text_on("#f0e442") == INK
    assert len(set(PALETTE)) == len(PALETTE)


def test_keyword_values_split_as_the_index_does():
    assert insight.keyword_values(["A, B", " C ", ",", "A"]) == {"A", "B", "C"}
