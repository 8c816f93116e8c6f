"""Tiny, valid PDFs made at test time, so a fresh clone's tests need no real corpus.

Each page is a list of text lines set in Helvetica; the file has a correct cross-reference
table, so pdfplumber, pypdfium2 and the catalogue's checks all accept it.
"""

from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]] | list[str], font_size: int = 11, encrypted: bool = False) -> bytes:
    """A PDF with one page per entry of ``pages`` (a list of lines, or one string per page).

    ``encrypted`` adds a Standard security handler whose user password is not empty, so
    readers must ask for a password.
    """
    pages = [[page] if isinstance(page, str) else page for page in pages] or [[""]]
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for index, lines in enumerate(pages):
        content_id = page_ids[index] + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        stream = [f"BT /F1 {font_size} Tf {int(font_size * 1.4)} TL 56 790 Td"]
        for line in lines:
            stream.append(f"({_escape(line)}) Tj T*")
        stream.append("ET")
        body = "\n".join(stream).encode("cp1252", "replace")
        objects.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    extra = b""
    if encrypted:
        extra = (b" /Encrypt << /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"11" * 32 + b"> /U <"
                 + b"22" * 32 + b"> >> /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">]")
    return _assemble(objects, extra)


def _assemble(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file of ``objects`` (numbered from 1; the first is the catalog), with its xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def make_flate_bomb(inflated_mb: int) -> bytes:
    """A one-page PDF whose content stream is small compressed and ``inflated_mb`` MB inflated:
    the same text-drawing operation repeated, so a reader that trusts it builds millions of
    text objects (the hostile review's 2.9 MB file inflated to 1 GB and took 13.7 GB)."""
    import zlib

    operation = b"BT /F1 11 Tf 56 790 Td (caseload) Tj ET\n"
    chunk = operation * ((1 << 20) // len(operation) + 1)
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(chunk) for _ in range(inflated_mb)]
    stream = b"".join(parts) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _assemble(objects)
