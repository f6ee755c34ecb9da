"""`flask --app review import-reviews FILE.json` and `export-reviews [IDS...] --out FILE.json`."""

import json
import os
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from . import reading
from .exporter import export_reviews, reviews_for_export
from .importer import ImportFailed, import_reviews

SHOWN = 20  # notes of each kind listed without --verbose


def _read(path: Path):
    """The file's document; size, nesting, duplicate keys and unstorable text are refused."""
    limit = current_app.config.get("IMPORT_MAX_BYTES", reading.DEFAULT_MAX_BYTES)
    try:
        return reading.read(path, limit)
    except reading.UnreadableFile as error:
        lines = "\n".join(f"  - {line}" for line in error.errors)
        raise click.ClickException(f"Nothing was imported from {path}:\n{lines}") from None


@click.command("import-reviews")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--replace", is_flag=True, help="Replace a review whose board has one of the same title."
)
@click.option("--dry-run", is_flag=True, help="Check the file and report; save nothing.")
@click.option("--verbose", is_flag=True, help=f"List every note, not only the first {SHOWN}.")
@with_appcontext
def import_reviews_command(file: Path, replace: bool, dry_run: bool, verbose: bool):
    """Import reviews from a JSON file (format: docs/import-format.md), all or nothing."""
    data = _read(file)
    reviews = data.get("reviews") if isinstance(data, dict) else None
    total = len(reviews) if isinstance(reviews, list) else 0
    try:
        with click.progressbar(length=total, label="Importing reviews") as bar:
            result = import_reviews(data, replace=replace, progress=bar.update)
        if dry_run:
            db.session.rollback()
        else:
            click.echo("Saving…")  # one commit, which also updates the search index
            db.session.commit()
    except ImportFailed as error:
        db.session.rollback()
        raise click.ClickException(f"Nothing was imported from {file}: {error}") from None
    except Exception as error:  # never a traceback: say what happened, in one line
        db.session.rollback()
        first = str(error).splitlines()[0] if str(error) else ""
        raise click.ClickException(
            f"Nothing was imported from {file}: {type(error).__name__}: {first}"
        ) from None
    for lines in (result.skipped, result.replaced, result.notes):
        shown = lines if verbose else lines[:SHOWN]
        for line in shown:
            click.echo(line)
        if len(lines) > len(shown):
            click.echo(f"… and {len(lines) - len(shown)} more like these (--verbose lists all)")
    verb = "Would import" if dry_run else "Imported"
    click.echo(
        f"{verb} {len(result.imported)} reviews; skipped {len(result.skipped)}, "
        f"replaced {len(result.replaced)}; new boards: {len(result.boards_created)}"
        + (f" ({', '.join(result.boards_created)})" if result.boards_created else "")
        + "."
    )


@click.command("export-reviews")
@click.argument("ids", nargs=-1, type=int)
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="The JSON file to write ('-' for standard output).",
)  # fmt: skip
@click.option(
    "--with-protected-terms", is_flag=True,
    help="Also write each review's protected terms (real names, addresses, schools) and their "
    "variants, to move a review to another installation. WARNING: the file is then as "
    "sensitive as the terms themselves; keep it as you would the case file, and delete it "
    "once imported. Without this flag they are never written.",
)  # fmt: skip
@with_appcontext
def export_reviews_command(ids: tuple[int, ...], out: Path, with_protected_terms: bool):
    """Export reviews (all when no ids are given) to a JSON file that import-reviews reads."""
    try:
        reviews = reviews_for_export(list(ids) or None)
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    data = export_reviews(reviews, with_protected_terms=with_protected_terms)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if with_protected_terms:
        count = sum(len(r["protected_terms"]) for r in data["reviews"])
        click.echo(
            f"WARNING: {count} protected terms (real names) are written to {out}: the file is "
            "as sensitive as the terms. Keep it as you would the case file; delete it once "
            "imported.",
            err=True,
        )
    if str(out) == "-":
        click.echo(text, nl=False)
        return
    # Write beside the target and rename, so a failed export never leaves half a file.
    fd, tmp = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    click.echo(f"Exported {len(reviews)} reviews to {out}.", err=True)
