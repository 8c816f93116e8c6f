"""The catalogue's schema: one ordered list of forward migrations.

``PRAGMA user_version`` holds how many migrations a database has had. Opening a database runs
the missing ones in order, each in its own transaction, so an old data dir is upgraded in place
and a crash mid-upgrade leaves it at the last complete version. Never edit a released migration;
append a new one.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: documents, where each was seen, failures, extraction results.
    """
    CREATE TABLE documents (
        sha256          TEXT PRIMARY KEY,
        doc_id          TEXT NOT NULL UNIQUE,     -- first 16 hex digits of sha256
        source          TEXT NOT NULL,            -- ofsted | cafcass | import
        source_url      TEXT,                     -- where the publisher serves it
        file_id         TEXT,                     -- the publisher's file id, when it has one
        provider_urn    TEXT,
        local_authority TEXT,
        title           TEXT,                     -- as the publisher lists it
        kind            TEXT,
        published       TEXT,                     -- ISO date
        size            INTEGER NOT NULL,
        stored_path     TEXT NOT NULL,            -- relative to the file store
        fetched_at      TEXT NOT NULL
    );
    CREATE INDEX documents_provider ON documents(provider_urn);
    CREATE INDEX documents_file_id ON documents(file_id);

    -- Every URL or path a stored document was collected from (one document, many places).
    CREATE TABLE locations (
        location   TEXT PRIMARY KEY,
        sha256     TEXT NOT NULL REFERENCES documents(sha256),
        file_id    TEXT,
        seen_at    TEXT NOT NULL
    );
    CREATE INDEX locations_file_id ON locations(file_id);

    -- What could not be collected or processed, and why. A later success removes the row.
    CREATE TABLE failures (
        stage          TEXT NOT NULL,             -- collect | extract | index
        location       TEXT NOT NULL,             -- URL, path, or sha256 for later stages
        source         TEXT NOT NULL,
        file_id        TEXT,
        reason         TEXT NOT NULL,
        attempts       INTEGER NOT NULL DEFAULT 1,
        first_failed_at TEXT NOT NULL,
        last_failed_at TEXT NOT NULL,
        PRIMARY KEY (stage, location)
    );

    CREATE TABLE extractions (
        sha256            TEXT PRIMARY KEY REFERENCES documents(sha256),
        extractor_version TEXT NOT NULL,
        error             TEXT,
        extracted_at      TEXT NOT NULL,
        record            BLOB NOT NULL           -- zlib-compressed JSON record
    );
    """,
    # 2: frozen queries for citations, and official figures by local authority and year.
    """
    CREATE TABLE citations (
        id               TEXT PRIMARY KEY,
        view             TEXT NOT NULL,           -- search | track
        query            TEXT NOT NULL,           -- as the user wrote it
        normalised_query TEXT NOT NULL,
        parameters       TEXT NOT NULL,           -- JSON: sort, terms, by, …
        corpus_version   TEXT NOT NULL,
        result_ids       TEXT NOT NULL,           -- JSON list, in result order
        result_hash      TEXT NOT NULL,
        total            INTEGER NOT NULL,
        created_at       TEXT NOT NULL
    );

    CREATE TABLE figure_measures (
        measure      TEXT NOT NULL,               -- vacancy_rate, caseload, …
        source_table TEXT NOT NULL,               -- the publisher's table or file
        label        TEXT NOT NULL,
        unit         TEXT NOT NULL,
        definition   TEXT NOT NULL,
        publisher    TEXT NOT NULL,
        release      TEXT NOT NULL,
        PRIMARY KEY (measure, source_table)
    );

    CREATE TABLE figures (
        la_code      TEXT NOT NULL,               -- DfE 3-digit code
        new_la_code  TEXT,
        la_name      TEXT NOT NULL,
        year         INTEGER NOT NULL,            -- census year (30 September) or year ending
        measure      TEXT NOT NULL,
        value        REAL,                        -- NULL: published as not available
        source_table TEXT NOT NULL,
        PRIMARY KEY (la_code, year, measure, source_table)
    );
    CREATE INDEX figures_measure ON figures(measure, year);
    """,
    # 3: the publisher's symbol for a figure it did not publish ('x', 'z', 'c', '..', blank…),
    # so a missing figure can say why it is missing.
    """
    ALTER TABLE figures ADD COLUMN marker TEXT;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(connection: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring ``connection``'s database forward to ``target``; return the version it had."""
    start = connection.execute("PRAGMA user_version").fetchone()[0]
    if start > SCHEMA_VERSION:
        from .errors import InspectionIndexError

        raise InspectionIndexError(
            f"the catalogue has schema version {start}, newer than this program knows "
            f"({SCHEMA_VERSION}); upgrade inspection-index"
        )
    for number in range(start, target):
        # executescript would COMMIT first; run statements one by one inside one transaction.
        connection.execute("BEGIN IMMEDIATE")
        try:
            current = connection.execute("PRAGMA user_version").fetchone()[0]
            if current > number:  # another process migrated while we waited for the lock
                connection.execute("COMMIT")
                continue
            for statement in _statements(MIGRATIONS[number]):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {number + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return start


def _statements(script: str) -> list[str]:
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return [s for s in statements if s.strip(" ;\n")]
