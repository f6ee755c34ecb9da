"""`flask --app review audit [REVIEW_ID] [--json]`, `backup --out FILE` and `restore FILE`."""

import json
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from .extensions import db
from .models import AuditEvent


def _as_dict(event: AuditEvent) -> dict:
    return {
        "at": event.at.isoformat(),
        "user": event.user_name,
        "user_id": event.user_id,
        "action": event.action,
        "record": {
            "type": event.record_type,
            "id": event.record_id,
            "label": event.label,
            "review": event.review_id,
        },
        "changes": event.changes,
    }


def _as_line(event: AuditEvent) -> str:
    record = f"{event.record_type} {event.record_id}" if event.record_type else ""
    head = f"{event.at:%Y-%m-%d %H:%M:%S} {event.user_name}: {event.action} {record}".rstrip()
    lines = [f'{head} "{event.label}"' if event.label else head]
    if event.action != "delete":
        for field, value in (event.changes or {}).items():
            if isinstance(value, list) and len(value) == 2:
                before, after = (json.dumps(v, ensure_ascii=False)[:200] for v in value)
                lines.append(f"    {field}: {before} -> {after}")
    return "\n".join(lines)


@click.command("audit")
@click.argument("review_id", required=False, type=int)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@with_appcontext
def audit_command(review_id: int | None, as_json: bool):
    """Print the audit trail, oldest first: everything, or one review's."""
    query = select(AuditEvent).order_by(AuditEvent.id)
    if review_id is not None:
        query = query.where(AuditEvent.review_id == review_id)
    for event in db.session.scalars(query.execution_options(yield_per=500)):
        if as_json:
            click.echo(json.dumps(_as_dict(event), ensure_ascii=False))
        else:
            click.echo(_as_line(event))


@click.command("backup")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="The backup file to write.",
)  # fmt: skip
@with_appcontext
def backup_command(out: Path):
    """Write a consistent copy of the whole database to FILE (safe while the app runs)."""
    from . import backup

    try:
        kind = backup.backup(out)
    except backup.BackupFailed as failed:
        raise click.ClickException(str(failed)) from None
    click.echo(f"Backed up the database ({kind}) to {out}.")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@with_appcontext
def restore_command(file: Path, force: bool):
    """Restore the database from a backup, then rebuild the search index."""
    from . import backup, search

    try:
        backup.restore(file, force=force)
    except backup.BackupFailed as failed:
        raise click.ClickException(str(failed)) from None
    written = search.reindex()
    click.echo(f"Restored the database from {file}; search index rebuilt ({written} documents).")
