"""The file's own properties: what a Board sees under File > Properties, and nothing left over.

python-docx starts every file from the reference document's package, which carries another
program's leftovers: "Microsoft Macintosh Word", 1 page and 0 words, a last-printed date, a
blank thumbnail, a bibliography part and the same Word document id in every export. Here
each export gets its own title, subject, keywords and author (all from the `Document`, which
the guard scanned), a fresh id, and no user names or e-mail addresses.
"""

import secrets
from datetime import UTC, datetime

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from . import ooxml
from .document import Document

# No application name, template or statistics: every string in the file comes from the
# `Document` (which the guard scanned); Word recounts pages and words itself.
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><Company></Company><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def set_properties(docx, doc: Document) -> None:
    """Core and extended properties from `doc`; the reference document's leftovers removed."""
    props = docx.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    props.title = doc.title.plain
    props.subject = doc.subject
    props.author = props.last_modified_by = doc.author
    props.keywords = doc.keywords
    props.category = doc.header_text
    props.comments = ""
    props.content_status = ""
    props.identifier = doc.identifier
    props.language = "en-GB"
    props.created = props.modified = now
    props.revision = 1
    printed = props._element.find(qn("cp:lastPrinted"))
    if printed is not None:
        props._element.remove(printed)
    _replace_app_xml(docx)
    _drop_leftovers(docx)
    _fresh_document_id(docx)


def _replace_app_xml(docx) -> None:
    """Extended properties with no stale statistics (Word counts pages and words itself)."""
    for rel in docx.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = _APP_XML.encode("utf-8")


def _drop_leftovers(docx) -> None:
    """No thumbnail of an empty page, no bibliography part from the template."""
    package_rels = docx.part.package.rels
    for r_id in [k for k, r in package_rels.items() if r.reltype == RT.THUMBNAIL]:
        package_rels.pop(r_id)
    document_rels = docx.part.rels
    for r_id in [k for k, r in document_rels.items() if r.reltype == RT.CUSTOM_XML]:
        document_rels.pop(r_id)
    settings = docx.settings.element
    for name in ("w:savePreviewPicture", "w:attachedTemplate"):
        found = settings.find(qn(name))
        if found is not None:
            settings.remove(found)


def _fresh_document_id(docx) -> None:
    """Word's own document id (w14:docId) differs in every export."""
    settings = docx.settings.element
    doc_id = settings.find(f"{{{W14}}}docId")
    value = f"{secrets.randbits(31):08X}"
    if doc_id is not None:
        doc_id.set(f"{{{W14}}}val", value)


def update_fields(docx, *, on_open: bool) -> None:
    """Ask Word to refresh the fields on opening only when the contents lack page numbers."""
    if on_open:
        ooxml.update_fields_on_open(docx.settings)
        return
    flag = docx.settings.element.find(qn("w:updateFields"))
    if flag is not None:
        docx.settings.element.remove(flag)
