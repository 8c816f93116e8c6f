"""Download the current releases from their publishers and import them.

A source is one of:

- ``ees:<publication-slug>`` — the latest release of a publication on Explore education
  statistics: its content API gives the release id, then ``/releases/<id>/files`` is the
  release's "download all data" ZIP; every CSV in it that is a known table is imported.
- ``page:<url>`` — an HTML page (Cafcass's "our data"): every XLSX/CSV it links to is
  downloaded and imported if it holds figures by local authority; others are listed as skipped.
- a plain ``http(s)://`` URL of a CSV, XLSX or ZIP.

Everything is downloaded and parsed before anything is stored, so a failed download or a bad
file leaves the catalogue as it was.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import urllib.error
import urllib.parse
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..errors import InspectionIndexError

EES_CONTENT_API = "https://content.explore-education-statistics.service.gov.uk/api"
DEFAULT_SOURCES = (
    "ees:children-s-social-work-workforce",
    "page:https://www.cafcass.gov.uk/about-us/our-data",
)
SPREADSHEET_LINK = re.compile(r"\.(xlsx|csv)$", re.IGNORECASE)


def _get(url: str, timeout: float) -> bytes:
    import urllib.request  # here: it is slow to import, and most commands never download

    from .. import __version__  # late: the package imports this module while starting

    request = urllib.request.Request(url, headers={"User-Agent": f"inspection-index/{__version__} (figures fetch)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise InspectionIndexError(f"could not download {url}: HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise InspectionIndexError(
            f"could not download {url} ({reason}); figures fetch needs internet access — "
            f"use `inspection-index figures import FILE…` for files on disk") from error


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def _spreadsheet_links(page_url: str, html: bytes) -> list[str]:
    parser = _Links()
    parser.feed(html.decode("utf-8", errors="replace"))
    found = []
    for href in parser.links:
        url = urllib.parse.urljoin(page_url, href)
        if SPREADSHEET_LINK.search(urllib.parse.urlsplit(url).path) and url not in found:
            found.append(url)
    return found


def _save(folder: Path, url: str, body: bytes, index: int) -> list[tuple[str, Path]]:
    """Write a download (or each CSV/XLSX member of a ZIP that is not itself an XLSX), with
    where each came from (``url#member`` for a ZIP's members)."""
    name = Path(urllib.parse.urlsplit(url).path).name or "download"
    if body.startswith(b"PK\x03\x04"):
        archive = zipfile.ZipFile(io.BytesIO(body))
        members = archive.namelist()
        if "[Content_Types].xml" not in members:  # a ZIP of files, not an XLSX workbook
            paths = []
            for number, member in enumerate(members):
                if SPREADSHEET_LINK.search(member):
                    path = folder / f"{index}-{number}-{Path(member).name}"
                    path.write_bytes(archive.read(member))
                    paths.append((f"{url}#{member}", path))
            return paths
        name = name if name.lower().endswith(".xlsx") else name + ".xlsx"
    path = folder / f"{index}-{name}"
    path.write_bytes(body)
    return [(url, path)]


def download(sources: list[str], folder: Path, timeout: float, ees_api: str) -> list[tuple[str, Path, bool]]:
    """(source URL, saved path, required) for every file the sources give.

    A file is *required* when it was asked for directly (it must import); files found by
    following a page's links or inside a release ZIP are optional (skipped if not figures).
    """
    saved: list[tuple[str, Path, bool]] = []
    for source in sources:
        if source.startswith("ees:"):
            slug = source[4:]
            latest = f"{ees_api.rstrip('/')}/publications/{slug}/releases/latest"
            try:
                release_id = json.loads(_get(latest, timeout))["id"]
            except (ValueError, KeyError, TypeError) as error:
                raise InspectionIndexError(f"{latest} did not answer with a release id") from error
            url = f"{ees_api.rstrip('/')}/releases/{release_id}/files"
            saved += [(where, path, False) for where, path in _save(folder, url, _get(url, timeout), len(saved))]
        elif source.startswith("page:"):
            page = source[5:]
            for url in _spreadsheet_links(page, _get(page, timeout)):
                saved += [(where, path, False) for where, path in _save(folder, url, _get(url, timeout), len(saved))]
        elif source.startswith(("http://", "https://")):
            saved += [(where, path, True) for where, path in _save(folder, source, _get(source, timeout), len(saved))]
        else:
            raise InspectionIndexError(f"not a figures source: {source!r} (use ees:SLUG, page:URL or a URL)")
    return saved


def fetch(catalogue, urls: list[str] | None = None, timeout: float = 60.0,
          ees_api: str = EES_CONTENT_API) -> dict[str, Any]:
    """Download ``urls`` (default: DfE's and Cafcass's current releases) and import them."""
    from . import parse_file, store_all  # the package's own import path, shared with `import`

    sources = list(urls or DEFAULT_SOURCES)
    with tempfile.TemporaryDirectory(prefix="inspection-index-figures-") as folder:
        tables, skipped = [], []
        for url, path, required in download(sources, Path(folder), timeout, ees_api):
            try:
                table = parse_file(path)
            except InspectionIndexError as error:
                if required:
                    raise InspectionIndexError(f"{url}: {error}") from error
                skipped.append({"url": url, "reason": str(error).replace(str(path), path.name)})
                continue
            table.path = url
            tables.append(table)
        if not tables:
            raise InspectionIndexError("none of the downloaded files holds figures by local authority: "
                                       + "; ".join(s["reason"] for s in skipped[:3]))
        summary = store_all(catalogue, tables)
    summary["skipped_downloads"] = skipped
    return summary
