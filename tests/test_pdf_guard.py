"""PDFs with active content are recognised by hub.core.pdf_guard (scripts, automatic actions,
launches, embedded files, rich media, XFA), also when hidden in compressed object streams or
behind #xx escapes; passive PDFs — the hub's own, fpdf2's and pypdf's — pass."""

from __future__ import annotations

import io
import zlib

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from hub.core.pdf_guard import ACTIVE_CONTENT, UNINSPECTABLE, problem, problem_in


def plain_pdf(text: str = "办事指南 /JS /AA /OpenAction") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(text=text.encode("ascii", "ignore").decode())
    return bytes(pdf.output())


def with_catalog_entry(key: str, value) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain_pdf())))
    writer._root_object[NameObject(key)] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def action(kind: str, **entries: str) -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject(kind), **{
        NameObject(f"/{k}"): TextStringObject(v) for k, v in entries.items()}})


def object_stream_pdf(objects: bytes, dictionary: bytes = b"/Filter /FlateDecode",
                      compress: bool = True) -> bytes:
    """A PDF 1.5 file whose catalog sits in a (compressed) object stream."""
    body = zlib.compress(objects) if compress else objects
    return (b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
            b"5 0 obj\n<< /Type /ObjStm /N 1 /First 4 " + dictionary
            + b" /Length %d >>\nstream\n" % len(body) + body + b"\nendstream\nendobj\n"
            b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def test_passive_pdfs_pass():
    assert problem_in(plain_pdf()) is None  # "/OpenAction [3 0 R /FitH null]": a destination
    assert problem_in(with_catalog_entry("/PageMode", NameObject("/UseOutlines"))) is None
    assert problem_in(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") is None
    # a name that merely starts like an active one, and a compressed page drawing its text
    assert problem_in(b"%PDF-1.4\n1 0 obj<< /JSON 1 /AAX 2 >>endobj\n%%EOF\n") is None
    # binary stream data (an image, a font) is skipped, whatever bytes it happens to hold
    image = (b"%PDF-1.4\n4 0 obj\n<< /Subtype /Image /Length 20 >>\nstream\n"
             b"\x00/JS /Launch\xff\xfe\x00\nendstream\nendobj\n%%EOF\n")
    assert problem_in(image) is None


def test_the_hubs_own_pdfs_pass():
    # a notice (Chinese fonts embedded, QR code, compressed pages) can be uploaded back
    from hub.core.pdf.notice import render_notice
    from tests.catalog.test_notice_pdf import sample_notice

    assert problem_in(render_notice(sample_notice())) is None


@pytest.mark.parametrize(("key", "value"), [
    ("/OpenAction", action("/JavaScript", JS="app.alert(1)")),
    ("/OpenAction", action("/Launch", F="calc.exe")),
    ("/AA", DictionaryObject({NameObject("/WC"): action("/JavaScript", JS="x")})),
    ("/Names", DictionaryObject({NameObject("/JavaScript"): DictionaryObject()})),
    ("/Names", DictionaryObject({NameObject("/EmbeddedFiles"): DictionaryObject()})),
    ("/AcroForm", DictionaryObject({NameObject("/XFA"): TextStringObject("<xdp/>")})),
    ("/Extra", DictionaryObject({NameObject("/Subtype"): NameObject("/RichMedia")})),
])
def test_active_content_is_refused(key, value):
    assert problem_in(with_catalog_entry(key, value)) == ACTIVE_CONTENT


def test_attachments_are_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain_pdf())))
    writer.add_attachment("payload.exe", b"MZ")
    out = io.BytesIO()
    writer.write(out)
    assert problem_in(out.getvalue()) == ACTIVE_CONTENT


def test_escaped_names_are_decoded():
    escaped = b"%PDF-1.4\n1 0 obj<< /OpenAction << /S /J#61vaScript /J#53 (x) >> >>endobj\n%%EOF\n"
    assert problem_in(escaped) == ACTIVE_CONTENT


def test_active_content_inside_a_compressed_object_stream_is_found():
    catalog = b"1 0 << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
    assert problem_in(object_stream_pdf(catalog)) == ACTIVE_CONTENT
    assert problem_in(object_stream_pdf(catalog, b"", compress=False)) == ACTIVE_CONTENT
    passive = b"1 0 << /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>"
    assert problem_in(object_stream_pdf(passive)) is None


def test_object_streams_that_cannot_be_inspected_are_refused():
    catalog = b"1 0 << /Type /Catalog >>"
    garbled = object_stream_pdf(b"not zlib at all", compress=False)
    garbled = garbled.replace(b"/First 4 /Length", b"/First 4 /Filter /FlateDecode /Length")
    assert problem_in(garbled) == UNINSPECTABLE
    assert problem_in(object_stream_pdf(catalog, b"/Filter /LZWDecode", compress=False)) \
        == UNINSPECTABLE
    with_predictor = b"/Filter /FlateDecode /DecodeParms << /Predictor 12 >>"
    assert problem_in(object_stream_pdf(catalog, with_predictor)) == UNINSPECTABLE


def test_a_file_on_disk_is_scanned_through_a_mapping(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(with_catalog_entry("/OpenAction", action("/JavaScript", JS="x")))
    assert problem(path) == ACTIVE_CONTENT
    path.write_bytes(plain_pdf())
    assert problem(path) is None
