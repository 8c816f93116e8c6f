"""Reading a PDF: checks for bad input, bulk text with PDFium, page-1 tables with pdfplumber.

Two engines, each where it is best:

* **pypdfium2** (PDFium, C++) gives the text of every page, about 80 times faster than
  pdfplumber and with flat memory (each page and text page is closed as soon as it is read).
  ``tests/extract/test_engines.py`` shows its text and lexicon term counts match pdfplumber's.
* **pdfplumber** (pdfminer.six, pure Python) is used only where layout matters: the judgement
  table on page 1 of inspection reports. The page is closed and its cache flushed at once.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass, field

import pypdfium2

# Limits for "huge" input: beyond these a record says so instead of tying up a worker.
MAX_BYTES = 150 * 1024 * 1024
MAX_PAGES = 2000
# Below this many text characters per page on average there is no usable text layer.
MIN_CHARS_PER_PAGE = 20

_HEADER_WINDOW = 1024
_TRAILER_WINDOW = 4096


class ExtractionError(Exception):
    """A file that cannot be extracted; the message is the record's ``error`` (one sentence)."""


@dataclass
class PdfText:
    sha256: str
    pages: int
    page_lines: list[list[str]] = field(default_factory=list)  # normalised lines per page


# Characters PDFium or the reports use that would get in the way of matching.
_TRANSLATE = str.maketrans({
    "\ufffe": "-",   # PDFium's marker for a hyphen it saw at a line break (compound words)
    "\u00ad": "-",   # soft hyphen
    "\u00a0": " ",   # no-break space
    "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "\u200b": None,  # zero-width space
    "\ufeff": None,
    "\x00": None,
    "\uf0b7": "•",   # Symbol-font bullets
    "\uf0a7": "•",
    "\uf0d8": "•",
    "\u25aa": "•", "\u25fc": "•", "\u25a0": "•", "\u2022": "•",
    "\u2019": "’",
})


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # Symbol/Wingdings glyphs: bullets, dashes


def normalise_line(line: str) -> str:
    """One line of page text with odd spaces, soft hyphens and bullets made plain."""
    line = _PRIVATE_USE.sub("•", line.translate(_TRANSLATE))
    return re.sub(r"[ \t]+", " ", line).strip()


def split_lines(text: str) -> list[str]:
    lines = [normalise_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return [line for line in lines if line]


def sha256_of(source) -> str:
    """sha256 of bytes, or of a file read in 1 MB chunks (never all in memory)."""
    if isinstance(source, (bytes, bytearray)):
        return hashlib.sha256(source).hexdigest()
    digest = hashlib.sha256()
    with open(source, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _head_tail_size(source) -> tuple[bytes, bytes, int]:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source[:65536]), bytes(source[-_TRAILER_WINDOW:]), len(source)
    size = os.path.getsize(source)
    with open(source, "rb") as handle:
        head = handle.read(65536)
        handle.seek(max(0, size - _TRAILER_WINDOW))
        tail = handle.read()
    return head, tail, size


def check_body(source) -> None:
    """Raise ExtractionError with a one-sentence reason when ``source`` (bytes or a path) is
    not a usable PDF. Reads only its first 64 KB and last 4 KB."""
    head, tail, size = _head_tail_size(source)
    if not size:
        raise ExtractionError("empty file")
    if size > MAX_BYTES:
        raise ExtractionError(
            f"file too large to extract ({size // (1024 * 1024)} MB; the limit is "
            f"{MAX_BYTES // (1024 * 1024)} MB)")
    if b"%PDF-" not in head[:_HEADER_WINDOW]:
        lowered = head.lower()
        if b"<html" in lowered or b"<!doctype html" in lowered:
            if b"report not found" in lowered:
                raise ExtractionError('not a PDF: an HTML "Report not found" page (the report was withdrawn)')
            raise ExtractionError("not a PDF: an HTML page")
        raise ExtractionError("not a PDF (no %PDF- header)")
    if b"%%EOF" not in tail:
        raise ExtractionError("truncated PDF (no end-of-file marker)")


def open_document(source) -> pypdfium2.PdfDocument:
    """PDFium reads a path from disk as it needs it (memory does not grow with file size)."""
    try:
        return pypdfium2.PdfDocument(source if isinstance(source, (bytes, bytearray)) else str(source))
    except pypdfium2.PdfiumError as error:
        message = str(error).lower()
        if "password" in message or "security" in message:
            raise ExtractionError("encrypted PDF (needs a password)") from None
        raise ExtractionError(f"damaged PDF ({error})") from None
    except Exception as error:  # noqa: BLE001 - anything PDFium's binding throws is "damaged"
        raise ExtractionError(f"damaged PDF ({type(error).__name__}: {error})") from None


def read_text(source) -> PdfText:
    """The normalised text lines of every page (PDFium), or ExtractionError.
    ``source`` is the PDF's bytes or its path."""
    check_body(source)
    sha = sha256_of(source)
    document = open_document(source)
    try:
        count = len(document)
        if count == 0:
            raise ExtractionError("PDF with no pages")
        if count > MAX_PAGES:
            raise ExtractionError(f"PDF too long to extract ({count} pages; the limit is {MAX_PAGES})")
        page_lines: list[list[str]] = []
        characters = 0
        for index in range(count):
            try:
                page = document[index]
            except Exception as error:  # noqa: BLE001
                raise ExtractionError(f"damaged PDF (page {index + 1} cannot be read: {error})") from None
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                finally:
                    textpage.close()
            except ExtractionError:
                raise
            except Exception as error:  # noqa: BLE001
                raise ExtractionError(f"damaged PDF (page {index + 1} text cannot be read: {error})") from None
            finally:
                page.close()
            lines = split_lines(text)
            characters += sum(len(line) for line in lines)
            page_lines.append(lines)
    finally:
        document.close()
    if characters < MIN_CHARS_PER_PAGE * count:
        raise ExtractionError(
            f"no text layer, OCR needed ({count} page{'s' if count != 1 else ''} of images or blank pages)")
    return PdfText(sha256=sha, pages=count, page_lines=page_lines)


def _plumber_source(source):
    return io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else str(source)


def first_page_tables(source, page_index: int = 0) -> list[list[list[str | None]]]:
    """pdfplumber's tables on one page (default page 1); [] when it cannot read them."""
    import pdfplumber  # imported here: only inspection reports need it

    try:
        # pages=[n] builds only that page's object, not every page of a long report.
        with pdfplumber.open(_plumber_source(source), pages=[page_index + 1]) as pdf:
            if not pdf.pages:
                return []
            page = pdf.pages[0]
            try:
                return page.extract_tables()
            finally:
                page.close()
                try:
                    pdf.flush_cache()
                except Exception:  # noqa: BLE001
                    pass
    except MemoryError:
        raise  # over the worker's memory cap: the document fails, it does not lose its table quietly
    except Exception:  # noqa: BLE001 - a table we cannot read falls back to the text parse
        return []


def pdfplumber_page_text(source, page_index: int) -> str:
    """pdfplumber's text of one page (for the engine-equivalence test)."""
    import pdfplumber

    with pdfplumber.open(_plumber_source(source), pages=[page_index + 1]) as pdf:
        page = pdf.pages[0]
        try:
            return page.extract_text() or ""
        finally:
            page.close()
