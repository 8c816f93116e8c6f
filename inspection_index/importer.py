"""Add PDFs already on disk to the collection, as if crawled.

Folders are walked recursively. A ``manifest.csv`` in a file's folder or any folder above it that
lists the file's path relative to itself describes it: columns as in the shared corpus manifest — ``path``
(relative to the manifest), ``provider_urn``, ``local_authority``, ``title``, ``published``,
``kind``, ``source_url``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .catalogue import Catalogue
from .errors import DiskFull, InspectionIndexError
from .pdfcheck import pdf_problem
from .validation import RULES as DESCRIBED
from .validation import field_problem, printable

MANIFEST = "manifest.csv"
# Sidecar files in a folder are metadata, not documents; a file named explicitly is always tried.
SIDECAR_SUFFIXES = {".csv", ".md", ".txt", ".json", ".jsonl", ".xml", ".yml", ".yaml"}
_FILE_ID = re.compile(r"/file/(\d+)\b")


def file_id_from_url(url: str | None) -> str | None:
    """The publisher's file id in a files.ofsted.gov.uk URL, if any."""
    match = _FILE_ID.search(url or "")
    return match.group(1) if match else None


@dataclass
class ImportSummary:
    new: int = 0
    known: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"new": self.new, "known": self.known,
                "failed": [{"source": path, "reason": reason} for path, reason in self.failed]}


def _candidates(paths: Iterable[str | Path]) -> Iterable[Path]:
    """Each document to try, in a stable order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if (found.is_file() and not any(part.startswith(".") for part in found.relative_to(path).parts)
                        and found.suffix.lower() not in SIDECAR_SUFFIXES):
                    yield found
        else:
            yield path


@dataclass
class _Description:
    """What the manifests say about one file: its row's fields, or why they cannot be used."""

    fields: dict[str, str] = field(default_factory=dict)
    problem: str | None = None


class _Manifests:
    def __init__(self) -> None:
        self._loaded: dict[Path, dict[str, _Description] | str] = {}

    def _load(self, folder: Path) -> dict[str, _Description] | str:
        """path → description for each row of ``folder``'s manifest, or why it cannot be read."""
        if folder not in self._loaded:
            manifest = folder / MANIFEST
            rows: dict[str, _Description] | str = {}
            if manifest.is_file():
                try:
                    rows = _read_manifest(manifest)
                except (OSError, UnicodeDecodeError, csv.Error) as error:
                    rows = f"{manifest}: cannot be read ({error}); fix it and run import again"
            self._loaded[folder] = rows
        return self._loaded[folder]

    def describe(self, file: Path) -> _Description:
        file = file.resolve()
        for folder in file.parents:
            rows = self._load(folder)
            if isinstance(rows, str):
                return _Description(problem=rows)
            entry = rows.get(file.relative_to(folder).as_posix())
            if entry:
                return entry
        return _Description()


def _read_manifest(manifest: Path) -> dict[str, _Description]:
    rows: dict[str, _Description] = {}
    with manifest.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            if not row.get("path"):
                continue
            # A short row leaves None values, a long one a list under None: keep the named text.
            fields = {key: value for key, value in row.items() if isinstance(key, str) and isinstance(value, str)}
            description = _Description(fields=fields)
            for name in DESCRIBED:
                problem = field_problem(name, description.fields.get(name))
                if problem:
                    description.problem = (f"{manifest}, line {reader.line_num}, {name}: "
                                           f"{description.fields[name]!r} {problem}; fix the row and "
                                           f"run import again")
                    break
            rows[Path(row["path"]).as_posix()] = description
    return rows


def import_paths(
    catalogue: Catalogue,
    paths: Iterable[str | Path],
    on_file: Callable[[Path, str, str | None], None] | None = None,
) -> ImportSummary:
    """Import every document under ``paths``; return what was new, known and failed.

    ``on_file(path, outcome, reason)`` is called after each file with outcome ``new``,
    ``known`` or ``failed``. A failure is recorded in the catalogue (and cleared by a later
    success) and never stops the run; nothing already collected is changed by a bad file.
    """
    paths = list(paths)
    missing = [str(path) for path in paths if not Path(path).exists()]
    if missing:
        raise InspectionIndexError(f"{missing[0]}: no such file or folder")
    summary = ImportSummary()
    manifests = _Manifests()
    for file in _candidates(paths):
        # Escaped: a file name need not be valid UTF-8, and SQLite stores only text that is.
        location = printable(str(file.resolve()))
        description = manifests.describe(file)
        try:
            body = file.read_bytes()
        except OSError as error:
            reason = f"unreadable ({error.strerror or error})"
        else:
            reason = pdf_problem(body) or description.problem
        if reason:
            catalogue.record_failure(stage="collect", location=location, source="import", reason=reason)
            summary.failed.append((str(file), reason))
            if on_file:
                on_file(file, "failed", reason)
            continue
        entry = description.fields
        source_url = entry.get("source_url") or None
        try:
            result = catalogue.add_document(
                body,
                source="import",
                location=location,
                source_url=source_url,
                file_id=file_id_from_url(source_url),
                provider_urn=entry.get("provider_urn") or None,
                local_authority=entry.get("local_authority") or None,
                title=entry.get("title") or None,
                kind=entry.get("kind") or None,
                published=entry.get("published") or None,
            )
        except DiskFull as error:
            # Every later file would fail the same way: stop, saying what is safe.
            raise DiskFull(
                f"the disk holding {catalogue.config.data_dir} is full: {summary.new} new files were "
                f"stored before it filled ({printable(str(file))} and later files were not), nothing "
                f"partial was kept; free space and run import again") from error
        if result.new:
            summary.new += 1
        else:
            summary.known += 1
        if on_file:
            on_file(file, "new" if result.new else "known", None)
    return summary
