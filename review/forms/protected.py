"""The forms that add a protected term to a review and change its variants."""

import re

from wtforms import HiddenField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from ..guard import term_key
from ..guard.folding import look_alike_key
from ..models.protected import tidy_variants
from .base import BoundedForm

MAX_VARIANTS = 30


def _variants_field() -> TextAreaField:
    return TextAreaField(
        "Variants (optional)",
        [Optional(), Length(max=4000)],
        description="Nicknames and other spellings, one a line (e.g. “Jay”, “Jaydon”): each is "
        "protected like the term. Look-alike letters, plurals and possessives need no variant.",
        render_kw={"rows": 3},
    )


class VariantsMixin:
    """Nicknames and other spellings of a term, one a line: each protected like the term."""

    def variant_list(self) -> list[str]:
        return tidy_variants(self.variants.data or "")

    def validate_variants(self, field) -> None:
        variants = self.variant_list()
        if len(variants) > MAX_VARIANTS:
            raise ValidationError(f"At most {MAX_VARIANTS} variants, one a line.")
        pseudonym = term_key(self.review.subject_pseudonym or "")
        for variant in variants:
            if len(variant) > 200:
                raise ValidationError(f"“{variant[:40]}…” is longer than 200 characters.")
            if len(re.findall(r"[^\W_]", term_key(variant))) < 2:
                raise ValidationError(f"“{variant}” needs at least two letters or digits.")
            if term_key(variant) == pseudonym:
                raise ValidationError(
                    f"“{variant}” is the pseudonym the report uses: it cannot be a variant."
                )


class ProtectedTermForm(VariantsMixin, BoundedForm):
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
    variants = _variants_field()

    def __init__(self, review, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    def validate_term(self, field) -> None:
        key = term_key(field.data or "")
        if len(re.findall(r"[^\W_]", key)) < 2:
            raise ValidationError("A protected term needs at least two letters or digits.")
        if any(t.term_key == key for t in self.review.protected_terms):
            raise ValidationError("This term is already protected.")
        pseudonym = self.review.subject_pseudonym or ""
        if key == term_key(pseudonym) or look_alike_key(field.data) == look_alike_key(pseudonym):
            raise ValidationError(
                "This is the pseudonym the report uses. Protect the real name instead."
            )
        looks = look_alike_key(field.data)
        twin = next((t.term for t in self.review.protected_terms
                     if look_alike_key(t.term) == looks), None)  # fmt: skip
        if twin is not None:
            raise ValidationError(
                f"This looks the same as “{twin}”, which is already protected: one of them has "
                "a letter from another alphabet that looks alike (such as a Cyrillic “а”). The "
                "check already finds both spellings, so there is nothing to add."
            )


class VariantsForm(VariantsMixin, BoundedForm):
    """What an existing protected term is, and its variants (the term itself is not changed:
    delete it and add the right one)."""

    note = StringField("What it is (optional)", [Optional(), Length(max=120)])
    variants = _variants_field()
    #: the version of the term the form was loaded from (see review/conflicts.py)
    version = HiddenField()

    def __init__(self, review, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
