"""Markdown is rendered once, and nothing unsafe survives it."""

from review.rendering import format_date, format_period, render_markdown


def test_formatting_survives():
    html = render_markdown("**Bold** and *italic*\n\n- one\n- two\n\n1. first\n2. second")
    assert "<strong>Bold</strong>" in html and "<em>italic</em>" in html
    assert "<ul>" in html and "<ol>" in html


def test_scripts_handlers_and_bad_urls_are_removed():
    html = render_markdown(
        '<script>alert(1)</script><img src=x onerror="alert(2)">'
        "[click](javascript:alert(3)) [data](data:text/html,hi) <a href='https://ok.example'>ok</a>"
    )
    for bad in ("<script", "onerror", "javascript:", "data:text", "<img"):
        assert bad not in html
    assert 'href="https://ok.example"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_headings_are_demoted_below_the_page_headings():
    html = render_markdown("# Big\n\n## Smaller")
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html


def test_empty_text():
    assert render_markdown(None) == "" and render_markdown("") == ""


def test_dates_read_like_a_report():
    from datetime import date

    assert format_date(date(2024, 3, 3)) == "3 March 2024"
    assert format_date(None) == "—"
    assert (
        format_period(date(2022, 1, 1), date(2023, 12, 31)) == "1 January 2022 to 31 December 2023"
    )
    assert format_period(None, None) == "Not set"


def test_markdown_filter_escapes_nothing_twice(client, auth, world, app):
    from review.extensions import db
    from review.models import Review

    with app.app_context():
        db.session.get(Review, world.draft).summary = "Mother & baby <script>x()</script>"
        db.session.commit()
    auth.login("lead")
    body = client.get(f"/reviews/{world.draft}/preparation").get_data(as_text=True)
    assert "Mother &amp; baby" in body
    assert "<script>x()" not in body
