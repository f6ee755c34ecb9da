"""Page numbers for the contents, found by laying the report out once in LibreOffice.

python-docx cannot know where pages break, and Word fills a table of contents only when the
reader agrees to "update fields"; LibreOffice does not fill it at all. So when LibreOffice is
installed, the export renders the report with placeholder numbers, converts it to PDF headless
(`soffice --convert-to pdf`), finds each contents entry's heading in the PDF's text, page by
page and in order, and renders the report again with those numbers in the TOC field's result
(each a PAGEREF field, so Word can still update them). The field stays a real TOC field.

Why not let LibreOffice update the index itself (a Basic or UNO macro, then save as .docx)?
That rewrites the whole file in LibreOffice's own dialect of OOXML (styles, numbering, the
field codes), so the file a Board opens would no longer be the one the guard checked and our
writer made. Here LibreOffice only measures.

The layout depends only on the document's parts, so the numbers are cached under the instance
folder by a hash of those parts (not of the file properties, which differ in every export).
"""

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
import uuid
import zipfile
from io import BytesIO
from pathlib import Path

TIMEOUT = 120  # seconds for one conversion
#: parts of the .docx that change in every export without changing the layout
_VOLATILE = ("docProps/", "word/settings.xml", "[Content_Types].xml", "_rels/")


def available() -> bool:
    return bool(shutil.which("soffice") and shutil.which("pdftotext"))


def layout_key(data: bytes) -> str:
    """A hash of the parts that decide the layout (text, styles, numbering, pictures)."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(BytesIO(data)) as package:
        for name in sorted(package.namelist()):
            if not name.startswith(_VOLATILE):
                digest.update(name.encode())
                digest.update(package.read(name))
    return digest.hexdigest()


def page_numbers(data: bytes, entries: list[str], cache_dir: Path | None) -> list[int] | None:
    """The page of each entry's heading in the laid-out `data`, or None if LibreOffice is
    missing, fails, or a heading cannot be found (the caller then leaves it to Word)."""
    if not entries or not available():
        return None
    key = layout_key(data)
    cached = cache_dir / f"{key}.json" if cache_dir else None
    if cached and cached.exists():
        found = json.loads(cached.read_text("utf-8"))
        return found if len(found) == len(entries) else None
    pages = pdf_pages(data)
    found = locate(pages, entries) if pages else None
    if found and cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{uuid.uuid4().hex}.tmp")
        temporary.write_text(json.dumps(found), "utf-8")
        temporary.replace(cached)
    return found


def pdf_pages(data: bytes) -> list[str] | None:
    """The text of each page of `data` laid out by LibreOffice (its own profile per call, so
    several exports can run at once)."""
    with tempfile.TemporaryDirectory(prefix="review-pages-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        try:
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(work), str(source)],
                check=True, capture_output=True, timeout=TIMEOUT,
            )  # fmt: skip
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(work / "report.pdf"), "-"],
                check=True, capture_output=True, timeout=TIMEOUT,
            ).stdout.decode("utf-8", "replace")  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return None
    return text.split("\f")


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u00ad", "").split())


def locate(pages: list[str], entries: list[str]) -> list[int] | None:
    """Each entry's page (1-based), searching the text after the contents, in order.

    The contents list every heading, so the search starts on the page after the one where the
    contents' last entry first appears; each heading is then looked for after the previous
    one, so a phrase that also occurs in the text before its heading is not taken for it.
    """
    joined, starts = "", []
    for page in pages:
        starts.append(len(joined))
        joined += _normal(page) + " "
    wanted = [_normal(e) for e in entries]
    in_contents = joined.find(wanted[-1])
    if in_contents < 0:
        return None
    cursor = next((s for s in starts if s > in_contents), len(joined))
    found = []
    for words in wanted:
        at = _find(joined, words, cursor)
        if at < 0:
            return None
        found.append(sum(1 for s in starts if s <= at))
        cursor = at + len(words)
    return found


def _find(text: str, words: str, start: int) -> int:
    """`words` in `text` from `start`, also when a line break fell inside a hyphenated word."""
    at = text.find(words, start)
    if at >= 0:
        return at
    loose = re.compile(r"\s?".join(re.escape(c) for c in words.replace(" ", "")))
    match = loose.search(text, start)
    return match.start() if match else -1


def render_numbered(doc, reference=None, cache_dir: Path | None = None) -> bytes:
    """The .docx of `doc` with page numbers in its contents when LibreOffice can find them;
    otherwise as `render` makes it (Word fills the contents in when the file opens)."""
    from .contents import contents_entries
    from .docx_writer import render

    entries = contents_entries(doc)
    if not entries or not available():
        return render(doc, reference)
    measured = render(doc, reference, pages=[PLACEHOLDER] * len(entries))
    pages = page_numbers(measured, entries, cache_dir)
    filled = fill_page_numbers(measured, pages) if pages else None
    return filled or render(doc, reference)


#: the page number written while measuring: as wide as most, so the layout does not change
PLACEHOLDER = "00"
_PAGEREF = re.compile(
    r'(PAGEREF (_Toc\d+) \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
    r"</w:r><w:r><w:t>)" + PLACEHOLDER + "(</w:t>)"
)


def fill_page_numbers(data: bytes, pages: list[int]) -> bytes | None:
    """The measured file with its placeholder page numbers replaced, in the XML itself (much
    quicker than writing the document again); None if the placeholders are not all there."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
        numbers = iter(pages)
        filled, count = _PAGEREF.subn(lambda m: f"{m[1]}{next(numbers)}{m[3]}", xml)
        if count != len(pages):
            return None
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for item in package.infolist():
                body = filled.encode("utf-8") if item.filename == "word/document.xml" else (
                    package.read(item.filename)
                )  # fmt: skip
                copy.writestr(item, body)
    return out.getvalue()
