"""Command-line tools: `flask --app review init-db | create-user | create-token | demo | …`."""

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, inspect, select

from . import passwords
from .extensions import db
from .models import Board, Role, User
from .taxonomy import load_taxonomies


def init_database() -> int:
    """Bring the schema to the latest migration and add any missing shipped taxonomy terms."""
    if inspect(db.engine).has_table("review") and not inspect(db.engine).has_table(
        "alembic_version"
    ):
        raise click.ClickException(
            "This database has tables but no migration history; it was not made by init-db."
        )
    upgrade()
    added = load_taxonomies()
    db.session.commit()
    return added


def register(app: Flask) -> None:
    @app.cli.command("init-db")
    def init_db_command():
        """Create or upgrade the database and load the shipped taxonomies."""
        added = init_database()
        click.echo(f"Database ready at {db.engine.url.render_as_string(hide_password=True)}.")
        click.echo(f"{added} taxonomy terms added.")

    @app.cli.command("create-user")
    @click.option("--email", prompt=True)
    @click.option("--name", "display_name", prompt="Display name")
    @click.option("--role", type=click.Choice([r.value for r in Role]), prompt=True)
    @click.option("--board", "board_name", default="", help="Name of the user's board.")
    @click.password_option()
    def create_user_command(email, display_name, role, board_name, password):
        """Create a user account (the first admin, for instance)."""
        email = email.strip().lower()
        if db.session.scalar(select(User).where(func.lower(User.email) == email)):
            raise click.ClickException(f"A user with the email {email} already exists.")
        refused = passwords.problems(password, email)
        if refused:
            raise click.ClickException(refused[0])
        board = None
        if board_name:
            board = db.session.scalar(select(Board).where(Board.name == board_name))
            if board is None:
                raise click.ClickException(f"No board is called {board_name!r}.")
        if role == Role.BOARD_MEMBER and board is None:
            raise click.ClickException("A board member needs --board.")
        user = User(email=email, display_name=display_name, role=role, board=board)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        click.echo(f"Created {role} {email}.")

    @app.cli.command("reindex")
    @click.option(
        "--processes",
        default=2,
        show_default=True,
        help="Processes building documents (PostgreSQL search); 1: this one only.",
    )
    def reindex_command(processes):
        """Rebuild the search index from the database (safe while the app runs)."""
        from . import search

        total = search.total_documents()
        with click.progressbar(length=total, label="Indexing findings and KPEs") as bar:
            written = search.reindex(progress=bar.update, processes=processes)
        click.echo(f"Indexed {written} documents.")

    @app.cli.command("search-check")
    @click.option("--repair", is_flag=True, help="Rebuild exactly the wrong documents.")
    def search_check_command(repair):
        """Compare every document in the index with the database; exit 1 if they disagree."""
        from . import search

        missing, extra, stale = search.check(stale=True)
        for doc_id in sorted(missing):
            click.echo(f"missing from the index: {doc_id}")
        for doc_id in sorted(extra):
            click.echo(f"in the index but not the database: {doc_id}")
        for doc_id in sorted(stale):
            click.echo(f"out of date in the index: {doc_id}")
        if not (missing or extra or stale):
            click.echo("The search index matches the database.")
            return
        summary = f"{len(missing)} missing, {len(extra)} extra, {len(stale)} out of date"
        if not repair:
            raise click.ClickException(f"{summary}: run `flask search-check --repair`.")
        if not search.repair(missing, extra, stale):
            raise click.ClickException(f"{summary}; the index is busy, so try again.")
        click.echo(f"Repaired: {summary}.")

    @app.cli.command("create-token")
    @click.argument("email")
    def create_token_command(email):
        """Print a new API token for the account (replacing its old one) on the last line."""
        wanted = email.strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == wanted))
        if user is None:
            raise click.ClickException(f"No account has the email {email}.")
        if not user.active:
            raise click.ClickException(f"The account {email} is deactivated.")
        token = user.new_api_token()
        db.session.commit()
        click.echo(f"New API token for {user.email} (any older one no longer works):")
        click.echo(token)

    @app.cli.command("demo")
    def demo_command():
        """Load invented demo data (idempotent) and print the demo logins."""
        from .demo import load_demo

        init_database()
        logins = load_demo()
        db.session.commit()
        click.echo("Demo data is loaded. Every name and event in it is invented.")
        click.echo("Sign in with one of these accounts:")
        for role, email, password in logins:
            click.echo(f"  {role:<16} {email:<34} {password}")

    from .admin_commands import audit_command, backup_command, restore_command
    from .transfer.commands import export_reviews_command, import_reviews_command

    for command in (audit_command, backup_command, restore_command):
        app.cli.add_command(command)

    app.cli.add_command(import_reviews_command)  # JSON in and out: docs/import-format.md
    app.cli.add_command(export_reviews_command)

    from .exports.commands import export_command

    app.cli.add_command(export_command)  # Word report / 7-minute briefing, behind the guard
