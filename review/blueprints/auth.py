"""Signing in and out."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from ..crud import local_url
from ..extensions import db
from ..models import User

bp = Blueprint("auth", __name__, url_prefix="/auth")


class LoginForm(FlaskForm):
    email = EmailField("Email address", [DataRequired()], render_kw={"autocomplete": "username"})
    password = PasswordField(
        "Password", [DataRequired()], render_kw={"autocomplete": "current-password"}
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(
            select(User).where(func.lower(User.email) == form.email.data.strip().lower())
        )
        if user is not None and user.active and user.check_password(form.password.data):
            login_user(user)
            return redirect(local_url(request.args.get("next")) or url_for("reviews.index"))
        form.password.errors.append("The email address or password is not right.")
    return render_template("auth/login.html", form=form)


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


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))
