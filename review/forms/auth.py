"""Forms for signing in, the second factor, and changing one's own password."""

from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from .. import passwords
from .base import BoundedForm

POLICY = (
    f"At least {passwords.MIN_LENGTH} characters, not a commonly used password. "
    "A few unrelated words make a good one."
)


class NewPassword:
    """Validator: the password policy, with the policy's own words as the message."""

    def __init__(self, email_field: str | None = None):
        self.email_field = email_field

    def __call__(self, form, field) -> None:
        email = form[self.email_field].data or "" if self.email_field else ""
        found = passwords.problems(field.data or "", email)
        if found:
            raise ValidationError(found[0])


class LoginForm(BoundedForm):
    email = EmailField(
        "Email address", [DataRequired(), Length(max=254)], render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        "Password",
        [DataRequired(), Length(max=passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


class CodeForm(BoundedForm):
    code = StringField(
        "Code from your authenticator app",
        [DataRequired(message="Enter the 6-digit code."), Length(max=12)],
        description="6 digits; a new one every 30 seconds.",
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class PasswordChangeForm(BoundedForm):
    current = PasswordField(
        "Current password",
        [DataRequired(), Length(max=passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        "New password",
        [DataRequired(), Length(max=passwords.MAX_LENGTH)],
        description=POLICY,
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "New password again",
        [
            DataRequired(),
            Length(max=passwords.MAX_LENGTH),
            EqualTo("new", message="The two new passwords are not the same."),
        ],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_new(self, field) -> None:
        found = passwords.problems(field.data or "", self._email)
        if found:
            raise ValidationError(found[0])


class TwoFactorSetupForm(CodeForm):
    password = PasswordField(
        "Your password",
        [DataRequired(), Length(max=passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


class TwoFactorOffForm(BoundedForm):
    password = PasswordField(
        "Your password",
        [DataRequired(), Length(max=passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
