"""Moving reviews in and out of the app as JSON (format: docs/import-format.md).

`import_reviews(data)` and `export_reviews(reviews)` are plain functions on the session; the
`import-reviews` and `export-reviews` commands (commands.py) read and write the files, show
progress and commit once.
"""

from .exporter import export_review, export_reviews, reviews_for_export
from .importer import ImportFailed, ImportResult, import_reviews
from .schema import FORMAT_VERSION, schema, schema_errors

__all__ = [
    "FORMAT_VERSION",
    "ImportFailed",
    "ImportResult",
    "export_review",
    "export_reviews",
    "import_reviews",
    "reviews_for_export",
    "schema",
    "schema_errors",
]
