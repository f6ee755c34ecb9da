"""Cross-review insight: charts of the findings of every review the user may read, each number
linking to the search that lists what it counts, with tables and CSV downloads of the same
numbers."""

import csv
import io

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_login import current_user

from .. import insight
from ..charts import Bar, Segment, Stack, bar_chart, stacked_bar_chart

bp = Blueprint("insight", __name__)

#: stacked charts are wider (their tables go below them, not beside), yet still drawn at
#: their natural size on a tablet
WIDE = 720
#: characters a spreadsheet may read as the start of a formula (OWASP's CSV injection list)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def search_url(cell: insight.Cell) -> str:
    """The /search URL that lists exactly the findings a cell counts."""
    return url_for("search.index", **cell.search_args())


def _link(cell: insight.Cell) -> str | None:
    return search_url(cell) if cell.count else None


def svg(chart: insight.Chart):
    """The chart drawn as SVG, every bar linking to its search."""
    if chart.split:
        stacks = [
            Stack(
                row.value,
                [Segment(cell.count, _link(cell)) for cell in row.parts],
                row.total.count,
                _link(row.total),
            )
            for row in chart.rows
        ]
        return stacked_bar_chart(
            stacks, chart.columns, title=chart.title, chart_id=f"chart-{chart.name}",
            rest_label=f"No {chart.split}", width=WIDE,
        )  # fmt: skip
    bars = [Bar(row.value, row.total.count, _link(row.total)) for row in chart.rows]
    return bar_chart(bars, title=chart.title, chart_id=f"chart-{chart.name}")


def _page_url(**changes) -> str:
    return url_for("insight.index", **changes)


@bp.route("/insight")
def index():
    filters = insight.Filters.from_args(request.args)
    found = insight.compute(current_user, filters)
    return render_template(
        "insight/index.html",
        found=found,
        filters=filters,
        charts={name: (chart, svg(chart)) for name, chart in found.charts.items()},
        missing=insight.MISSING,
        search_url=search_url,
        csv_url=lambda name: url_for("insight.download", kind=name, **filters.args()),
    )


@bp.route("/insight/<kind>.csv")
def download(kind: str):
    """One chart's numbers as CSV, with the page's filters. (`kind` names the chart; the
    argument name is one tests/test_access.py already knows how to fill.)"""
    if kind not in insight.CHARTS:
        abort(404)
    filters = insight.Filters.from_args(request.args)
    chart = insight.compute(current_user, filters).charts[kind]
    return Response(
        csv_text(insight.table_rows(chart)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="insight-{kind}.csv"'},
    )


def safe_cell(value) -> str | int:
    """A cell a spreadsheet will not run: text that could start a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows) -> str:
    """CSV with a byte-order mark, so that spreadsheets read the labels as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
