"""Safe file names for exports, and writing them into a folder: no field can steer a path."""

import os
import re
import tempfile
import unicodedata
from pathlib import Path

MAX_SLUG = 40


def slug(text: str, fallback: str = "review") -> str:
    """ASCII letters and digits in lower case, joined by hyphens: "Child A/..\\x" -> "child-a-x"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    joined = "-".join(words)[:MAX_SLUG].strip("-")
    return joined or fallback


def export_filename(review_id: int, pseudonym: str, kind: str, draft: bool = False) -> str:
    """e.g. review-12-child-a-report.docx; the id makes it unique, the pseudonym readable."""
    suffix = "-draft" if draft else ""
    return f"review-{int(review_id)}-{slug(pseudonym)}-{slug(kind)}{suffix}.docx"


def write_export(directory: str | os.PathLike, filename: str, data: bytes) -> Path:
    """Write `data` as `filename` inside `directory` (created if needed), atomically.

    Refuses a name that is not a plain file name, so that nothing can land outside the folder.
    """
    folder = Path(directory).resolve()
    if Path(filename).name != filename or filename in ("", ".", ".."):
        raise ValueError(f"not a plain file name: {filename!r}")
    target = folder / filename
    if target.parent != folder:
        raise ValueError(f"{filename!r} would be written outside {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o640)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
