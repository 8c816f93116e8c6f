"""The one pipeline: check that a downloaded body really is the document it claims to be, then
store it through the catalogue (content-addressed, deduplicated by sha256) or record why not."""

from __future__ import annotations

import io
import zipfile

from inspection_index import InspectionIndexError, figures
from inspection_index.pdfcheck import pdf_problem


def spreadsheet_problem(body: bytes, suffix: str) -> str | None:
    """Why ``body`` is not a usable XLSX (a zip holding ``xl/``) or CSV (text), or None."""
    if not body:
        return "empty file"
    name = {".xlsx": "an XLSX", ".csv": "a CSV"}[suffix]
    head = body[:1024].lower()
    if b"<html" in head or b"<!doctype html" in head:
        return f"not {name} file: an HTML page"
    if suffix == ".xlsx":
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                if not any(name.startswith("xl/") for name in archive.namelist()):
                    return "not an XLSX workbook (a zip without xl/)"
        except zipfile.BadZipFile:
            return "not an XLSX workbook (not a zip file, or truncated)"
        return None
    if b"\x00" in body[:4096]:
        return "not a CSV file (binary content)"
    try:
        first_line = body[:4096].decode("utf-8-sig").splitlines()[0]
    except UnicodeDecodeError:
        first_line = body[:4096].decode("cp1252", "replace").splitlines()[0]
    except IndexError:
        return "empty file"
    if "," not in first_line and "\t" not in first_line:
        return "not a CSV file (no delimiter in its first line)"
    return None


def document_problem(body: bytes, suffix: str, content_type: str | None) -> str | None:
    """The one check every collected body passes before it is stored."""
    problem = pdf_problem(body) if suffix == ".pdf" else spreadsheet_problem(body, suffix)
    if problem and content_type and "html" in content_type.lower() and "HTML" not in problem:
        problem += f" (served as {content_type})"
    return problem


class CataloguePipeline:
    """Stores each :class:`~crawler.items.CollectedFile` in the spider's catalogue.

    A body that fails its check is recorded as a failure (never stored); a stored body clears
    any earlier failure of its URL. The spider keeps the counts (``spider.file_outcome``).
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        spider = self.crawler.spider
        body = item.pop("body")
        problem = document_problem(body, item["suffix"], item.get("content_type"))
        if problem:
            spider.file_failed_because(item["url"], problem, item.get("file_id"))
            return item
        result = spider.catalogue.add_document(
            body, source=item["source"], location=item["url"], source_url=item["url"],
            file_id=item.get("file_id"), provider_urn=item.get("provider_urn"),
            local_authority=item.get("local_authority"), title=item.get("title"),
            kind=item.get("kind"), published=item.get("published"), suffix=item["suffix"],
        )
        item["doc_id"], item["new"] = result.document.doc_id, result.new
        spider.file_stored(item, result.document)
        if result.new and item["suffix"] != ".pdf":
            self.load_figures(spider, item, result.document.stored_path)
        return item

    @staticmethod
    def load_figures(spider, item, path) -> None:
        """Care applications by local authority in a new spreadsheet go into the figures layer;
        a spreadsheet without them (national totals, private law) is kept as a document only."""
        try:
            loaded = figures.load_care_applications_sheet(spider.catalogue, path)
        except InspectionIndexError as error:
            spider.summary.notes.append(f"{item['url']}: no figures by local authority ({error})")
            return
        spider.summary.figures_loaded += loaded.get("rows", 0)
