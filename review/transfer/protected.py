"""Protected terms in the transfer format: written only on purpose, read whenever present.

`export-reviews --with-protected-terms` writes each review's terms with their variants, for
moving a review to another installation (the file is then as sensitive as the terms); without
the flag they are never written. An import reads them if the file has them, as a string or as
`{"term": …, "variants": […], "note": …}`, checked as the protected-terms page checks them.
"""

import re
from typing import Any

from ..guard import term_key
from ..models import ProtectedTerm, Review
from ..models.protected import tidy_variants


def export_terms(review: Review) -> list[dict]:
    """The review's protected terms as the format writes them."""
    return [
        {"term": t.term, "variants": t.variant_list, "note": t.note}
        for t in sorted(review.protected_terms, key=lambda t: t.id or 0)
    ]


def _enough(text: str) -> bool:
    return len(re.findall(r"[^\W_]", term_key(text))) >= 2


def import_terms(items: list[Any], pseudonym: str, problem, note) -> list[ProtectedTerm]:
    """The terms of one review from the file; `problem(path, message)` refuses the file,
    `note(message)` tells what was tidied. The same term twice is kept once, its variants
    merged."""
    pseudonym_key = term_key(pseudonym)
    kept: dict[str, ProtectedTerm] = {}
    for i, item in enumerate(items):
        path = f"protected_terms[{i}]"
        spec = {"term": item} if isinstance(item, str) else item
        term = " ".join(spec["term"].split())
        variants = tidy_variants(spec.get("variants", []))
        key = term_key(term)
        if not _enough(term):
            problem(f"{path} → term", "a protected term needs at least two letters or digits")
        elif key == pseudonym_key:
            problem(f"{path} → term", "this is the pseudonym the report uses")
        for n, variant in enumerate(variants):
            if not _enough(variant) or term_key(variant) == pseudonym_key:
                problem(f"{path} → variants[{n}]", f"“{variant}” cannot be a variant")
        if key in kept:
            merged = tidy_variants([*kept[key].variant_list, *variants])
            kept[key].variants = merged
            note(f"{path}: the same term as an earlier one; kept once, variants merged")
            continue
        kept[key] = ProtectedTerm(
            term=term, variants=variants, note=" ".join(spec.get("note", "").split())
        )
    return list(kept.values())
