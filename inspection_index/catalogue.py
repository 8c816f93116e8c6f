"""The catalogue: one SQLite database (WAL mode) describing every collected document.

A document *counts as collected* only once its row exists, and its row is written only after
its file is safely in the content-addressed store — so nothing half-written is ever counted.

Several processes may use one data dir at once (a crawl while the server runs): WAL lets
readers proceed during a write, every write takes the write lock up front (``BEGIN IMMEDIATE``)
and waits up to ``busy_timeout`` for it instead of failing with "database is locked".
"""

from __future__ import annotations

import errno
import itertools
import json
import logging
import sqlite3
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from .config import Config
from .errors import CatalogueDamaged, DiskFull
from .schema import migrate
from .store import FileStore, disk_is_full, sha256_bytes
from .validation import RULES as DESCRIBED
from .validation import field_problem, printable

log = logging.getLogger(__name__)
_warned: set[tuple[str, str, str]] = set()   # (catalogue, sha256, field): say each once per process

BUSY_TIMEOUT_MS = 60_000
_CONNECTIONS = itertools.count(1)   # a number per connection opened, for change_marker
DOC_ID_LENGTH = 16
# Documents of the embedded sample (inspection_index.sample) are held only until real ones
# arrive: the same bytes collected from a real source take the document over.
SAMPLE_SOURCE = "sample"


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def doc_id_for(sha256: str) -> str:
    return sha256[:DOC_ID_LENGTH]


@dataclass(frozen=True)
class Document:
    """One catalogue row, with the absolute path of its stored file."""

    sha256: str
    doc_id: str
    source: str
    source_url: str | None
    file_id: str | None
    provider_urn: str | None
    local_authority: str | None
    title: str | None
    kind: str | None
    published: str | None
    size: int
    stored_path: Path
    fetched_at: str

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["stored_path"] = str(self.stored_path)
        return data


@dataclass(frozen=True)
class AddResult:
    document: Document
    new: bool


class Catalogue:
    """The catalogue and file store of one data directory.

    Safe to share between threads (each thread gets its own SQLite connection) and between
    processes (SQLite WAL).
    """

    def __init__(self, config: Config):
        self.config = config.ensure()
        self.store = FileStore(config.files_dir)
        self._local = threading.local()
        self.store.clean_stale_temporaries()
        with self._guard():
            migrate(self._connection())

    @classmethod
    def open(cls, data_dir: str | Path | None = None) -> "Catalogue":
        return cls(Config.from_env(data_dir))

    # -- connections ---------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.config.catalogue_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
            connection.row_factory = sqlite3.Row
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
            self._local.connection, self._local.serial = connection, next(_CONNECTIONS)
        return connection

    def change_marker(self) -> tuple[int, int, int]:
        """A value that differs whenever anything has been committed to the catalogue since it
        was last taken in this thread, by this process or any other: SQLite's ``data_version``
        (commits by other connections) and this connection's own changes. Microseconds to take,
        so answers derived from the whole catalogue can be kept until it changes."""
        with self._guard():
            connection = self._connection()
            return (self._local.serial, connection.execute("PRAGMA data_version").fetchone()[0],
                    connection.total_changes)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn a full disk or a damaged database into one sentence saying what to do."""
        try:
            yield
        except (sqlite3.DatabaseError, OSError) as error:
            name = getattr(error, "sqlite_errorname", None)
            if (name == "SQLITE_FULL" or (isinstance(error, OSError) and error.errno == errno.ENOSPC)
                    or (name or "").startswith("SQLITE_IOERR") and disk_is_full(self.config.data_dir)):
                raise DiskFull(
                    f"the disk holding {self.config.data_dir} is full: nothing partial was kept (every "
                    f"write is whole or not at all); free space and run the command again") from error
            if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
                raise CatalogueDamaged(
                    f"{self.config.catalogue_path} is damaged ({error}): restore it from a backup, or run "
                    f"`inspection-index check` to see what is damaged") from error
            raise

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._guard():
            connection = self._connection()
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:   # also when COMMIT itself failed (a full disk)
                    connection.execute("ROLLBACK")
                raise

    def _query(self, sql: str, parameters: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._guard():
            return self._connection().execute(sql, parameters).fetchall()

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # -- documents -----------------------------------------------------------------------

    def add_document(
        self,
        body: bytes,
        *,
        source: str,
        location: str,
        source_url: str | None = None,
        file_id: str | None = None,
        provider_urn: str | None = None,
        local_authority: str | None = None,
        title: str | None = None,
        kind: str | None = None,
        published: str | None = None,
        suffix: str = ".pdf",
    ) -> AddResult:
        """Store ``body`` (already checked: a PDF, or a spreadsheet with its ``suffix``) and
        catalogue it.

        Deduplicates by sha256: a body already held keeps its first metadata, and only
        ``location`` is recorded as another place it was seen. Clears any earlier collect
        failure for ``location``.
        """
        sha256 = sha256_bytes(body)
        with self._guard():
            _, relative = self.store.put(body, sha256, suffix)
        stamp = now_iso()
        with self._write() as db:
            inserted = db.execute(
                """INSERT OR IGNORE INTO documents (sha256, doc_id, source, source_url, file_id,
                       provider_urn, local_authority, title, kind, published, size, stored_path,
                       fetched_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (sha256, doc_id_for(sha256), source, source_url, file_id, provider_urn,
                 local_authority, title, kind, published, len(body), str(relative), stamp),
            ).rowcount
            if not inserted:
                # Fill gaps left by a bare import once a richer source (a manifest, a crawl)
                # describes the same bytes; never overwrite what is already known.
                db.execute(
                    """UPDATE documents SET
                         source_url = COALESCE(source_url, ?), file_id = COALESCE(file_id, ?),
                         provider_urn = COALESCE(provider_urn, ?),
                         local_authority = COALESCE(local_authority, ?),
                         title = COALESCE(title, ?), kind = COALESCE(kind, ?),
                         published = COALESCE(published, ?)
                       WHERE sha256 = ?""",
                    (source_url, file_id, provider_urn, local_authority, title, kind, published,
                     sha256),
                )
                if source != SAMPLE_SOURCE:
                    db.execute("UPDATE documents SET source = ? WHERE sha256 = ? AND source = ?",
                               (source, sha256, SAMPLE_SOURCE))
            db.execute(
                "INSERT OR REPLACE INTO locations (location, sha256, file_id, seen_at) VALUES (?,?,?,?)",
                (location, sha256, file_id, stamp),
            )
            db.execute("DELETE FROM failures WHERE stage = 'collect' AND location = ?", (location,))
        document = self.get_document(sha256)
        assert document is not None
        return AddResult(document, bool(inserted))

    def _document(self, row: sqlite3.Row | dict[str, Any]) -> Document:
        data = dict(row)
        # Never hand a later stage a value it cannot parse (rows stored before import checked
        # its manifests, or written by hand): such a value is unknown, said once per process.
        for name in DESCRIBED:
            problem = field_problem(name, data.get(name))
            if problem:
                said = (str(self.config.catalogue_path), data["sha256"], name)
                if said not in _warned:
                    _warned.add(said)
                    log.warning("%s: document %s has a stored %s %s that %s; it is treated as unknown",
                                self.config.catalogue_path, data["doc_id"], name,
                                printable(repr(data[name])), problem)
                data[name] = None
        data["stored_path"] = self.store.path(data["stored_path"])
        return Document(**data)

    def get_document(self, key: str) -> Document | None:
        """A document by sha256 or doc_id."""
        rows = self._query("SELECT * FROM documents WHERE sha256 = ? OR doc_id = ?", (key, key))
        return self._document(rows[0]) if rows else None

    def documents(self, source: str | None = None) -> list[Document]:
        if source:
            rows = self._query("SELECT * FROM documents WHERE source = ? ORDER BY published, sha256", (source,))
        else:
            rows = self._query("SELECT * FROM documents ORDER BY published, sha256")
        return [self._document(row) for row in rows]

    def count_documents(self, source: str | None = None) -> int:
        if source:
            return self._query("SELECT COUNT(*) FROM documents WHERE source = ?", (source,))[0][0]
        return self._query("SELECT COUNT(*) FROM documents")[0][0]

    def remove_documents(self, source: str) -> int:
        """Forget every document from ``source`` (rows, extractions, failures, stored files) in
        one transaction; return how many. Files go after the commit: a crash in between leaves
        only unreferenced files, never a row without its file."""
        with self._write() as db:
            rows = db.execute("SELECT sha256, stored_path FROM documents WHERE source = ?", (source,)).fetchall()
            for sha256, _ in rows:
                db.execute("DELETE FROM failures WHERE stage = 'extract' AND location = ?", (sha256,))
                for table in ("extractions", "locations", "documents"):
                    db.execute(f"DELETE FROM {table} WHERE sha256 = ?", (sha256,))
        for _, stored_path in rows:
            self.store.path(stored_path).unlink(missing_ok=True)
        return len(rows)

    def knows_location(self, location: str) -> bool:
        return bool(self._query("SELECT 1 FROM locations WHERE location = ?", (location,)))

    def knows_file_id(self, file_id: str) -> bool:
        """True when a publisher's file id was already collected (ids identify one file)."""
        return bool(self._query(
            "SELECT 1 FROM locations WHERE file_id = ? UNION SELECT 1 FROM documents WHERE file_id = ?",
            (file_id, file_id),
        ))

    def knows_sha256(self, sha256: str) -> bool:
        return bool(self._query("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)))

    # -- failures ------------------------------------------------------------------------

    def record_failure(self, *, stage: str, location: str, source: str, reason: str,
                       file_id: str | None = None) -> None:
        stamp = now_iso()
        with self._write() as db:
            db.execute(
                """INSERT INTO failures (stage, location, source, file_id, reason, attempts,
                                         first_failed_at, last_failed_at)
                   VALUES (?,?,?,?,?,1,?,?)
                   ON CONFLICT (stage, location) DO UPDATE SET
                       reason = excluded.reason, attempts = attempts + 1,
                       last_failed_at = excluded.last_failed_at""",
                (stage, location, source, file_id, reason, stamp, stamp),
            )

    def clear_failure(self, *, stage: str, location: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM failures WHERE stage = ? AND location = ?", (stage, location))

    def failures(self, stage: str | None = None) -> list[dict[str, Any]]:
        if stage:
            rows = self._query("SELECT * FROM failures WHERE stage = ? ORDER BY last_failed_at", (stage,))
        else:
            rows = self._query("SELECT * FROM failures ORDER BY stage, last_failed_at")
        return [dict(row) for row in rows]

    # -- extractions ---------------------------------------------------------------------

    def documents_needing_extraction(self, extractor_version: str) -> list[Document]:
        rows = self._query(
            """SELECT d.* FROM documents d LEFT JOIN extractions e ON e.sha256 = d.sha256
               WHERE e.sha256 IS NULL OR e.extractor_version != ?
               ORDER BY d.published, d.sha256""",
            (extractor_version,),
        )
        return [self._document(row) for row in rows]

    def save_extraction(self, sha256: str, extractor_version: str, record: dict[str, Any]) -> None:
        """Store one extraction record (replacing an older version's), and track its error."""
        blob = zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 6)
        error = record.get("error")
        with self._write() as db:
            db.execute(
                """INSERT OR REPLACE INTO extractions (sha256, extractor_version, error,
                       extracted_at, record) VALUES (?,?,?,?,?)""",
                (sha256, extractor_version, error, now_iso(), blob),
            )
            if error:
                db.execute(
                    """INSERT INTO failures (stage, location, source, reason, attempts,
                                             first_failed_at, last_failed_at)
                       SELECT 'extract', sha256, source, ?, 1, ?, ? FROM documents WHERE sha256 = ?
                       ON CONFLICT (stage, location) DO UPDATE SET reason = excluded.reason,
                           attempts = attempts + 1, last_failed_at = excluded.last_failed_at""",
                    (error, now_iso(), now_iso(), sha256),
                )
            else:
                db.execute("DELETE FROM failures WHERE stage = 'extract' AND location = ?", (sha256,))

    def get_extraction(self, sha256: str) -> dict[str, Any] | None:
        rows = self._query("SELECT record FROM extractions WHERE sha256 = ?", (sha256,))
        return json.loads(zlib.decompress(rows[0][0])) if rows else None

    def extractions(self, extractor_version: str | None = None) -> Iterator[tuple[Document, dict[str, Any]]]:
        """Every document with its extraction record (of ``extractor_version`` if given)."""
        sql = """SELECT d.*, e.record AS _record FROM documents d
                 JOIN extractions e ON e.sha256 = d.sha256"""
        parameters: tuple = ()
        if extractor_version:
            sql += " WHERE e.extractor_version = ?"
            parameters = (extractor_version,)
        with self._guard():
            rows = self._connection().execute(sql + " ORDER BY d.published, d.sha256", parameters)
        while True:
            with self._guard():
                row = rows.fetchone()
            if row is None:
                return
            data = dict(row)
            record = json.loads(zlib.decompress(data.pop("_record")))
            yield self._document(data), record

    def count_extracted(self) -> int:
        return self._query("SELECT COUNT(*) FROM extractions WHERE error IS NULL")[0][0]

    # -- generic access for the stages' own tables (citations, figures) -----------------

    def execute(self, sql: str, parameters: tuple | dict = ()) -> None:
        """Run one write statement in its own transaction."""
        with self._write() as db:
            db.execute(sql, parameters)

    def executemany(self, sql: str, rows: list[tuple] | list[dict]) -> None:
        """Run one write statement for many rows, all in a single transaction."""
        with self._write() as db:
            db.executemany(sql, rows)

    def query(self, sql: str, parameters: tuple | dict = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self._query(sql, parameters)]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction for several statements that must land together."""
        with self._write() as db:
            yield db
