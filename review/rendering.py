"""Markdown rendered once, sanitised, through one Jinja filter; plus small display filters."""

from datetime import date

import markdown as md
import nh3
from flask import Flask
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str | None) -> Markup:
    """Markdown to HTML that is safe to show: no scripts, no event handlers, no images."""
    if not text:
        return Markup("")
    html = md.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    # Headings inside a field are demoted so that the page's own heading order stays intact.
    for level in (2, 1):
        html = html.replace(f"<h{level}", f"<h{level + 2}").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)


def format_date(value: date | None, empty: str = "—") -> str:
    """Dates as people write them in reports: 3 March 2024."""
    return f"{value.day} {value:%B %Y}" if value else empty


def format_period(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{format_date(start)} to {format_date(end)}"
    return format_date(start or end, empty="Not set")


def init_app(app: Flask) -> None:
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(format_date, "date")
    app.add_template_global(format_period, "period")
