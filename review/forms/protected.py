"""The form that adds a protected term to a review."""

import re

from wtforms import StringField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from ..guard import term_key
from .base import BoundedForm


class ProtectedTermForm(BoundedForm):
    """A real name, address or school name the report must never contain."""

    term = StringField(
        "Protected term",
        [DataRequired(message="Enter the name, address or school to protect."), Length(max=200)],
        description="A real name (first name and surname together: each part is protected "
        "too), an address or a school name, as it might be written.",
    )
    note = StringField(
        "What it is (optional)",
        [Optional(), Length(max=120)],
        description="e.g. child's name, mother's partner, school, home address.",
    )

    def __init__(self, review, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    def validate_term(self, field) -> None:
        key = term_key(field.data or "")
        if len(re.findall(r"[^\W_]", key)) < 2:
            raise ValidationError("A protected term needs at least two letters or digits.")
        if any(t.term_key == key for t in self.review.protected_terms):
            raise ValidationError("This term is already protected.")
        if key == term_key(self.review.subject_pseudonym or ""):
            raise ValidationError(
                "This is the pseudonym the report uses. Protect the real name instead."
            )
