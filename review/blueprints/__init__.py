"""One blueprint per area of the workflow, registered by the factory."""

from flask import Flask, redirect, render_template, send_from_directory, url_for
from werkzeug.exceptions import HTTPException

from ..extensions import db


def register(app: Flask) -> None:
    from . import (
        admin,
        auth,
        board,
        casegroup,
        chronology,
        episodes,
        exports,
        findings,
        history,
        insight,
        protected,
        publication,
        reviews,
        search,
        timeline,
    )

    modules = (
        auth, reviews, casegroup, chronology, episodes, findings, protected, search, admin, exports,
        board, insight, timeline, publication, history,
    )  # fmt: skip
    for module in modules:
        app.register_blueprint(module.bp)

    app.add_url_rule("/", "home", lambda: redirect(url_for("reviews.index")))
    app.add_url_rule(
        "/favicon.ico",
        "favicon",
        lambda: send_from_directory(app.static_folder, "favicon.ico", mimetype="image/x-icon"),
    )
    auth.register_shortcuts(app)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_template("error.html", error=error), error.code

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("error.html", error=error), 500
