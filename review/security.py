"""Sign-in, CSRF and the HTTP headers that keep review content in the browser it was sent to."""

from flask import Flask, jsonify, request
from flask_login import current_user
from sqlalchemy import select

from .extensions import csrf, db, login_manager
from .models import User
from .models.people import token_digest

PUBLIC_ENDPOINTS = {"auth.login", "static"}

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


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
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see this page."
    login_manager.login_message_category = "info"

    @app.before_request
    def require_login():
        """Every page but sign-in needs a signed-in user: the content is confidential."""
        if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
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
