"""Is this body really a readable PDF? One answer for the crawler and the importer alike."""

from __future__ import annotations

# The PDF spec lets the header start anywhere in the first 1024 bytes.
_HEADER_WINDOW = 1024
_TRAILER_WINDOW = 2048


def pdf_problem(body: bytes) -> str | None:
    """Return why ``body`` is not a usable PDF, or None when it is one.

    Checks, cheapest first: empty, not a PDF at all (an HTML "Report not found" page is named
    as such), truncated (no ``%%EOF`` near the end), then opens it with PDFium to catch
    damaged or password-protected files.
    """
    if not body:
        return "empty file"
    head = body[:_HEADER_WINDOW]
    if b"%PDF-" not in head:
        lowered = head.lower()
        if b"<html" in lowered or b"<!doctype html" in lowered:
            if b"report not found" in body[:65536].lower():
                return 'not a PDF: an HTML "Report not found" page (the report was withdrawn)'
            return "not a PDF: an HTML page"
        return "not a PDF (no %PDF- header)"
    if b"%%EOF" not in body[-_TRAILER_WINDOW:]:
        return "truncated PDF (no end-of-file marker)"
    import pypdfium2  # here: PDFium's bindings are slow to load, and --help needs none

    try:
        document = pypdfium2.PdfDocument(body)
    except pypdfium2.PdfiumError as error:
        message = str(error).lower()
        if "password" in message:
            return "encrypted PDF (needs a password)"
        return f"damaged PDF ({error})"
    try:
        if len(document) == 0:
            return "PDF with no pages"
    finally:
        document.close()
    return None
