"""The baseline for bench/search.py: SQLite FTS5 (Datasette's engine) over the same passages,
doing the same work per query — match, BM25 with the title and heading boosted, group passages
by report, facets, and snippets for the first page."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Any

from search.fields import document_facts, passage_fields


class FTS5:
    def __init__(self, path: str):
        self.db = sqlite3.connect(path)
        self.db.executescript("""
            CREATE VIRTUAL TABLE IF NOT EXISTS passages USING fts5(text, heading, title, tokenize='porter unicode61');
            CREATE TABLE IF NOT EXISTS meta (rowid INTEGER PRIMARY KEY, doc_id TEXT, page INT, paragraph INT,
                               grade TEXT, help_and_protection TEXT, year INT, la TEXT, region TEXT,
                               kind TEXT, framework TEXT, concern TEXT);
            CREATE INDEX IF NOT EXISTS meta_doc ON meta(doc_id);
            CREATE TABLE IF NOT EXISTS facts (doc_id TEXT PRIMARY KEY, facts TEXT);""")
        # Opened again to query (in another process): the reports' facts come back from the file.
        self.documents: dict[str, dict[str, Any]] = {doc_id: json.loads(facts) for doc_id, facts
                                                     in self.db.execute("SELECT doc_id, facts FROM facts")}

    def add(self, catalogue, doc_ids: set[str] | None = None) -> int:
        """Index the passages of every extracted report (or of ``doc_ids``), exactly as search/
        derives them from the records; returns how many passages were added."""
        rows = 0
        for document, record in catalogue.extractions():
            if record.get("error") or (doc_ids is not None and document.doc_id not in doc_ids):
                continue
            facts = document_facts(document, record, {})
            self.documents[document.doc_id] = facts
            self.db.execute("INSERT OR REPLACE INTO facts VALUES (?, ?)", (document.doc_id, json.dumps(facts)))
            for passage in passage_fields(facts, record):
                cursor = self.db.execute("INSERT INTO passages (text, heading, title) VALUES (?,?,?)",
                                         (passage["text"], passage["heading"], passage["title"]))
                judgements = facts["judgements"]
                self.db.execute("INSERT INTO meta VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                                (cursor.lastrowid, facts["doc_id"], passage["page"], passage["paragraph"],
                                 judgements.get("overall_effectiveness"), judgements.get("help_and_protection"),
                                 facts["year"], passage.get("la"), passage.get("region"), facts["kind"],
                                 facts["framework"], "," + ",".join(passage["concern"]) + ","))
                rows += 1
        self.db.commit()
        return rows

    def search(self, match: str | None, where: str = "", parameters: tuple = (), per_page: int = 20) -> dict[str, Any]:
        if match:
            sql = (f"SELECT m.doc_id, bm25(passages, 1.0, 2.0, 3.0) AS score, m.rowid FROM passages "
                   f"JOIN meta m ON m.rowid = passages.rowid WHERE passages MATCH ? {('AND ' + where) if where else ''} "
                   f"ORDER BY score")
            rows = self.db.execute(sql, (match, *parameters)).fetchall()
        else:
            rows = self.db.execute(f"SELECT doc_id, 0.0, rowid FROM meta m WHERE {where} ORDER BY rowid", parameters).fetchall()
        best: dict[str, list] = {}
        for doc_id, score, rowid in rows:
            if doc_id in best:
                best[doc_id][2] += 1
            else:
                best[doc_id] = [rowid, score, 1]
        facets = {name: Counter() for name in ("judgement", "year", "kind", "framework", "region", "la")}
        for doc_id in best:
            facts = self.documents[doc_id]
            for name, value in (("judgement", facts["judgements"].get("overall_effectiveness")), ("year", facts["year"]),
                                ("kind", facts["kind"]), ("framework", facts["framework"]),
                                ("region", facts["region"]), ("la", facts["local_authority"])):
                if value is not None:
                    facets[name][value] += 1
        page = list(best.items())[:per_page]
        snippets = []
        if match and page:
            rowids = [entry[0] for _, entry in page]
            snippets = self.db.execute(
                f"SELECT rowid, snippet(passages, 0, '<mark>', '</mark>', '…', 40) FROM passages "
                f"WHERE passages MATCH ? AND rowid IN ({','.join('?' * len(rowids))})", (match, *rowids)).fetchall()
        return {"total": len(best), "passages_total": len(rows), "facets": facets, "snippets": snippets}

    def track(self, matches: list[str]) -> dict[str, Counter]:
        """Reports mentioning each term per overall grade (the counting part of tracking)."""
        return {match: Counter(dict(self.db.execute(
            "SELECT m.grade, COUNT(DISTINCT m.doc_id) FROM passages JOIN meta m ON m.rowid = passages.rowid "
            "WHERE passages MATCH ? AND m.grade IS NOT NULL GROUP BY m.grade", (match,)).fetchall()))
            for match in matches}
