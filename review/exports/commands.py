"""`flask --app review export REVIEW_ID --kind report|briefing [--draft] [--out DIR]`."""

import click
from flask import current_app, url_for
from flask.cli import with_appcontext

from ..extensions import db
from ..models import Review
from . import KINDS, ExportRefused, describe, export_review, has_publication
from .files import write_export


def _hit_lines(hits) -> list[str]:
    """One line per hit: where it is, what it is (protected terms are not named: terminals and
    CI logs are not the review team's), and the page that fixes it."""
    with current_app.test_request_context():
        return [
            f"  {hit.section} – {hit.field}: {describe(hit, reveal=False)}"
            f" → {url_for(hit.endpoint, _anchor=hit.anchor or None, **hit.params)}"
            for hit in hits
        ]


@click.command("export")
@click.argument("review_id", type=int)
@click.option("--kind", type=click.Choice(KINDS), default="report", show_default=True)
@click.option(
    "--draft",
    is_flag=True,
    help="A draft for the review team: marked DRAFT; identifying details are listed, not refused.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder to write to (default: the EXPORTS_DIR setting).",
)
@with_appcontext
def export_command(review_id: int, kind: str, draft: bool, out_dir: str | None):
    """Write a review's report or 7-minute briefing as a Word file and print its path.

    A publication export exists only once the review is signed off: before that, only
    `--draft` exports (exit status 1 otherwise). It is refused (exit status 1, with the list of
    what to fix) while the publication check finds identifying details.
    """
    review = db.session.get(Review, review_id)
    if review is None:
        raise click.ClickException(f"There is no review with the id {review_id}.")
    if not draft and not has_publication(review):
        raise click.ClickException(
            f"Review {review_id} is {review.status_enum.label.lower()}, not signed off: it has no "
            f"publication yet. Export a draft for the review team with --draft."
        )
    try:
        export = export_review(review, kind, draft=draft)
    except ExportRefused as refused:
        click.echo(f"Identifying details in the {kind} ({len(refused.hits)}):", err=True)
        click.echo("\n".join(_hit_lines(refused.hits)), err=True)
        raise click.ClickException(
            f"The {kind} was not exported: put these right, or export a draft for the review "
            "team with --draft."
        ) from None
    path = write_export(out_dir or current_app.config["EXPORTS_DIR"], export.filename, export.data)
    if export.hits:
        click.echo(
            f"Draft written with {len(export.hits)} identifying details still in it:", err=True
        )
        click.echo("\n".join(_hit_lines(export.hits)), err=True)
    click.echo(str(path))
