"""Sign-in, CSRF and the HTTP headers that keep review content in the browser it was sent to."""

from flask import Flask, flash, jsonify, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.middleware.proxy_fix import ProxyFix

from .extensions import csrf, db, login_manager
from .models import User
from .models.people import token_digest
from .twofactor import required_for

PUBLIC_ENDPOINTS = {"auth.login", "auth.second_factor", "login", "static", "favicon"}
#: where a user who must set up two-factor sign-in may go before doing so
ENROLMENT_ENDPOINTS = {"auth.two_factor_setup", "auth.logout", "static", "favicon"}

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session's user, unless the session has been ended on the server since it was made.

    Sessions carry "<user id>:<session version>"; signing out, changing the password and
    deactivation raise the version, so copies of older cookies stop working.
    """
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


@login_manager.request_loader
def load_user_from_token(req) -> User | None:
    """The JSON API also takes `Authorization: Bearer <token>` (made on the profile page)."""
    header = req.headers.get("Authorization", "")
    if not (req.path.startswith("/api/") and header.startswith("Bearer ")):
        return None
    digest = token_digest(header.removeprefix("Bearer ").strip())
    user = db.session.scalar(select(User).where(User.api_token_hash == digest))
    return user if user is not None and user.active else None


def init_app(app: Flask) -> None:
    hops = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    if hops:  # behind a proxy: the client's address (for throttling) and scheme come from it
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see this page."
    login_manager.login_message_category = "info"

    @app.before_request
    def require_login():
        """Every page but sign-in needs a signed-in user: the content is confidential."""
        if current_user.is_authenticated:
            return _require_two_factor()
        if request.endpoint in PUBLIC_ENDPOINTS:
            return None
        if request.path.startswith("/api/"):
            return jsonify(error="Sign in, or send an API token as `Authorization: Bearer …`."), 401
        return login_manager.unauthorized()

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if current_user.is_authenticated and request.endpoint != "static":
            # Set, not defaulted: send_file's own `no-cache` would let a shared browser keep
            # a confidential Word draft on disk.
            response.headers["Cache-Control"] = "no-store"
        return response


def _require_two_factor():
    """Where the installation requires it, a user without two-factor sign-in sets it up first."""
    if (
        request.endpoint in ENROLMENT_ENDPOINTS
        or current_user.totp_secret
        or not required_for(current_user)
    ):
        return None
    if request.path.startswith("/api/"):
        return jsonify(error="Set up two-factor sign-in on your profile page first."), 403
    flash("This installation requires two-factor sign-in for your role: set it up now.", "info")
    return redirect(url_for("auth.two_factor_setup"))
