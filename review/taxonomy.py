"""Loading and listing taxonomy terms; the shipped lists live in data/taxonomies.json."""

import json
from importlib import resources

from sqlalchemy import select

from .extensions import db
from .models import TaxonomyKind, TaxonomyTerm


def shipped_taxonomies() -> dict[str, list[dict]]:
    """The taxonomies that ship with the package, keyed by kind."""
    text = resources.files("review").joinpath("data/taxonomies.json").read_text("utf-8")
    return json.loads(text)


def load_taxonomies() -> int:
    """Add any shipped term that is missing; never overwrite a board's edits. Returns the count."""
    existing = {(t.kind, t.key): t for t in db.session.scalars(select(TaxonomyTerm))}
    added = 0
    for kind, items in shipped_taxonomies().items():
        TaxonomyKind(kind)  # refuse a data file that names an unknown kind
        for position, item in enumerate(items):
            if (kind, item["key"]) in existing:
                continue
            term = TaxonomyTerm(
                kind=kind,
                key=item["key"],
                label=item["label"],
                description=item.get("description", ""),
                position=position,
            )
            if "parent" in item:
                term.parent = existing[(TaxonomyKind.FACTOR_LEVEL, item["parent"])]
            db.session.add(term)
            existing[(kind, item["key"])] = term
            added += 1
    db.session.flush()
    return added


def terms(kind: TaxonomyKind, *, include: TaxonomyTerm | None = None) -> list[TaxonomyTerm]:
    """Active terms of a kind in order, plus `include` if it is a retired term still in use."""
    loaded = db.session.info.get("taxonomy_terms")  # all terms, when the page loaded them
    if loaded is not None:
        found = sorted(
            (t for t in loaded if t.kind == kind and t.active), key=lambda t: (t.position, t.label)
        )
    else:
        found = list(
            db.session.scalars(
                select(TaxonomyTerm)
                .where(TaxonomyTerm.kind == kind, TaxonomyTerm.active.is_(True))
                .order_by(TaxonomyTerm.position, TaxonomyTerm.label)
            )
        )
    if include is not None and include not in found:
        found.append(include)
    return found


def term(kind: TaxonomyKind, key: str) -> TaxonomyTerm:
    """One term by its stable key (used by the demo data and imports)."""
    return db.session.execute(
        select(TaxonomyTerm).where(TaxonomyTerm.kind == kind, TaxonomyTerm.key == key)
    ).scalar_one()
