"""Signing in (with an optional second factor) and out, the profile, one's own password."""

import time

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from .. import audit, signin, twofactor
from ..crud import local_url
from ..extensions import db
from ..forms.auth import (
    CodeForm,
    LoginForm,
    PasswordChangeForm,
    TwoFactorOffForm,
    TwoFactorSetupForm,
)
from ..models import User

bp = Blueprint("auth", __name__, url_prefix="/auth")

PENDING_SECONDS = 300  # how long a correct password waits for its second factor


def _address() -> str:
    return (request.remote_addr or "")[:64]


def _start_session(user: User, target: str | None) -> object:
    """A fresh session (and so a fresh CSRF token) for the user who just signed in."""
    session.clear()
    login_user(user)
    audit.note(db.session, "sign-in", record=user, label=user.display_name)
    db.session.commit()
    return redirect(local_url(target) or url_for("reviews.index"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        outcome = signin.authenticate(form.email.data, form.password.data, _address())
        if outcome.user is None:
            audit.note(
                db.session, "sign-in failed", label=form.email.data.strip().lower()[:254],
                changes={"address": _address()},
            )  # fmt: skip
            db.session.commit()
            form.password.errors.append(outcome.error)
        elif outcome.user.totp_secret:
            user = outcome.user
            db.session.commit()
            session.clear()
            session["pending"] = {
                "user": user.id,
                "version": user.session_version,
                "until": time.time() + PENDING_SECONDS,
                "next": request.args.get("next"),
            }
            return redirect(url_for("auth.second_factor"))
        else:
            user = outcome.user
            db.session.commit()
            return _start_session(user, request.args.get("next"))
    return render_template("auth/login.html", form=form)


@bp.route("/code", methods=["GET", "POST"])
def second_factor():
    """The second step of signing in, for accounts with two-factor sign-in set up."""
    pending = session.get("pending") or {}
    user = db.session.get(User, pending.get("user", 0))
    if (
        user is None
        or not user.active
        or user.session_version != pending.get("version")
        or time.time() > pending.get("until", 0)
    ):
        session.pop("pending", None)
        flash("Please sign in again.", "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if twofactor.verify(user, form.code.data):
            signin.second_factor_passed(user, _address())
            db.session.commit()
            return _start_session(user, pending.get("next"))
        message, locked = signin.second_factor_failed(user, _address())
        db.session.commit()
        if locked:
            session.pop("pending", None)
            flash(message, "error")
            return redirect(url_for("auth.login"))
        form.code.errors.append(message)
    return render_template("auth/code.html", form=form)


@bp.route("/profile")
def profile():
    return render_template("auth/profile.html", token=None)


@bp.route("/profile/token", methods=["POST"])
def token():
    """Create a new API token (replacing any old one) and show it, once."""
    if request.form.get("action") == "revoke":
        current_user.api_token_hash = None
        db.session.commit()
        flash("Your API token is revoked.", "success")
        return redirect(url_for("auth.profile"))
    token = current_user.new_api_token()
    db.session.commit()
    return render_template("auth/profile.html", token=token)


@bp.route("/password", methods=["GET", "POST"])
def password():
    """Change one's own password: every other session of the account ends."""
    form = PasswordChangeForm(email=current_user.email)
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("This is not your current password.")
        else:
            user = current_user._get_current_object()
            user.set_password(form.new.data)
            db.session.commit()
            _start_session(user, None)
            flash("Your password is changed. You are signed out everywhere else.", "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/password.html", form=form)


@bp.route("/two-factor", methods=["GET", "POST"])
def two_factor_setup():
    """Set up two-factor sign-in: the secret waits in the session until a code proves it."""
    if current_user.totp_secret:
        return render_template("auth/two_factor.html", form=TwoFactorOffForm(), secret=None)
    secret = session.get("totp_setup") or twofactor.new_secret()
    session["totp_setup"] = secret
    form = TwoFactorSetupForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append("This is not your password.")
        elif not twofactor.check_new(secret, form.code.data):
            form.code.errors.append("That code does not match. Check the key and the clock.")
        else:
            current_user.totp_secret = secret
            current_user.totp_last_step = None
            session.pop("totp_setup")
            db.session.commit()
            flash("Two-factor sign-in is on: you will be asked for a code.", "success")
            return redirect(url_for("auth.profile"))
    return render_template(
        "auth/two_factor.html",
        form=form,
        secret=secret,
        uri=twofactor.provisioning_uri(secret, current_user.email),
    )


@bp.route("/two-factor/off", methods=["POST"])
def two_factor_off():
    if twofactor.required_for(current_user):
        abort(403, description="This installation requires two-factor sign-in for your role.")
    form = TwoFactorOffForm()
    if form.validate_on_submit() and current_user.check_password(form.password.data):
        current_user.totp_secret = None
        db.session.commit()
        flash("Two-factor sign-in is off.", "success")
        return redirect(url_for("auth.profile"))
    form.password.errors.append("This is not your password.")
    return render_template("auth/two_factor.html", form=form, secret=None), 400


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out, on the server too: a copy of the session cookie stops working."""
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))


def register_shortcuts(app) -> None:
    """`/login` is where people type; it is the sign-in page."""
    app.add_url_rule(
        "/login",
        "login",
        lambda: redirect(url_for("auth.login", **request.args)),
    )
