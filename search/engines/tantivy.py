"""The tantivy engine (the default): tantivy's official Python bindings, native matching.

Terms come ready-made from ``search.analysis`` (the same stems and exact words Whoosh indexes,
sentence breaks included), indexed with tantivy's whitespace tokenizer, so both engines match
exactly the same passages. Records as in the Whoosh engine: passages (``rtype`` "p"), one per
report ("d", its facts as stored JSON) and one meta record, all in one commit. Passages carry
``report`` (the doc_id as a number) and ``position`` as fast fields: grouping by report is one
native aggregation, and a searcher is shared by every thread with no lock (tantivy releases the
GIL while it searches). Its work cannot be interrupted once started, so a query's cost is
bounded before it runs (``search.query.Budget``).
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import tantivy

from inspection_index import vocabulary

from .. import engines
from ..analysis import exact_text, stems, stems_of
from ..fields import HEADING_BOOST, META_ID, TITLE_BOOST, figure_field, judgement_field
from ..query import FIGURE_MEASURES, TEXT_FILTERS, Budget, Filter, Node
from . import check_deadline

name = "tantivy"
WRITER_HEAP = 256_000_000
RAW = ("pid", "rtype", "doc_id", "la", "region", "kind", "framework", "source", "theme", "concern",
       *(judgement_field(key) for key in vocabulary.ALL_JUDGEMENT_KEYS))
STEMMED_FIELDS = ("text", "heading", "title", "concern_text")
EXACT_FIELDS = {"exact": "text", "concern_exact": "concern_text"}   # field: the row value it holds
BOOSTS = {"heading": HEADING_BOOST, "title": TITLE_BOOST}   # Whoosh has these in its schema
DOC_ID = re.compile(r"[0-9a-f]{1,16}")
Occur = tantivy.Occur


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for field in RAW:
        builder.add_text_field(field, tokenizer_name="raw", index_option="basic")
    for field in STEMMED_FIELDS:
        builder.add_text_field(field, tokenizer_name="whitespace", index_option="freq")
    for field in EXACT_FIELDS:
        builder.add_text_field(field, tokenizer_name="whitespace", index_option="position")
    builder.add_unsigned_field("report", indexed=False, fast=True)
    builder.add_integer_field("position", indexed=False, fast=True)
    builder.add_integer_field("year", indexed=True, fast=True)
    for measure in FIGURE_MEASURES:
        builder.add_float_field(figure_field(measure), indexed=True, fast=True)
    builder.add_bytes_field("stored", stored=True)
    return builder.build()


def _stored(document: tantivy.Document) -> dict[str, Any]:
    return json.loads(document.get_first("stored"))


# -- writing ------------------------------------------------------------------------------------

class Writer:
    def __init__(self, index: tantivy.Index):
        self.index = index
        self.writer = index.writer(heap_size=WRITER_HEAP)

    def delete(self, doc_id: str) -> None:
        self.writer.delete_documents_by_term("doc_id", doc_id)

    def _record(self, rtype: str, pid: str, stored: dict[str, Any], doc_id: str | None = None) -> None:
        document = tantivy.Document(pid=pid, rtype=rtype)
        if doc_id:
            document.add_text("doc_id", doc_id)
        document.add_bytes("stored", json.dumps(stored).encode())
        self.writer.add_document(document)

    def add(self, facts: dict[str, Any], rows: list[dict[str, Any]]) -> None:
        doc_id = facts["doc_id"]
        self._record("d", f"{doc_id}:doc", {**facts, "passages": len(rows)}, doc_id)
        report = int(doc_id, 16)
        analysed: dict[str, str] = {}   # a report's title is on every passage, headings repeat

        def stemmed(value: str) -> str:
            if value not in analysed:
                analysed[value] = " ".join(stems(value))
            return analysed[value]

        for position, row in enumerate(rows):
            document = tantivy.Document()
            for field in RAW:
                value = row.get(field)
                for one in (value if isinstance(value, list) else [value] if value else []):
                    document.add_text(field, one)
            for field in ("title", "heading"):
                document.add_text(field, stemmed(row.get(field) or ""))
            for exact_field, source in EXACT_FIELDS.items():   # one pass gives both forms
                exact = exact_text(row.get(source) or "")
                document.add_text(exact_field, exact)
                document.add_text(source, " ".join(stems_of(exact.split())))
            document.add_unsigned("report", report)
            document.add_integer("position", position)
            if row.get("year") is not None:
                document.add_integer("year", row["year"])
            for measure in FIGURE_MEASURES:
                if row.get(figure_field(measure)) is not None:
                    document.add_float(figure_field(measure), row[figure_field(measure)])
            document.add_bytes("stored", json.dumps({key: row[key] for key in
                                                     ("text", "heading", "page", "paragraph", "anchor")}).encode())
            self.writer.add_document(document)

    def commit(self, meta: dict[str, Any]) -> None:
        self.writer.delete_documents_by_term("pid", META_ID)
        self._record("m", META_ID, meta)
        self.writer.commit()
        self.writer.wait_merging_threads()

    def cancel(self) -> None:
        self.writer.rollback()


def create(path: Path) -> Writer:
    return Writer(tantivy.Index(schema(), path=str(path), reuse=False))


def writer(path: Path) -> Writer:
    return Writer(tantivy.Index.open(str(path)))


def _first(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, Any] | None:
    hits = searcher.search(query, limit=1).hits
    return _stored(searcher.doc(hits[0][1])) if hits else None


def _term(schema_: tantivy.Schema, field: str, value) -> tantivy.Query:
    return tantivy.Query.term_query(schema_, field, value)


def read_meta(path: Path) -> dict[str, Any] | None:
    if not tantivy.Index.exists(str(path)):
        return None
    index = tantivy.Index.open(str(path))
    return _first(index.searcher(), _term(index.schema, "pid", META_ID))


def _stamp(path: Path):
    """Changes with every commit (tantivy replaces meta.json atomically)."""
    try:
        stat = (path / "meta.json").stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


# -- compiling the query tree -------------------------------------------------------------------

class Compiler(engines.Compiler):
    """The query tree as a tantivy query (see search.engines.Compiler)."""

    def __init__(self, searcher: tantivy.Searcher, schema_: tantivy.Schema, within: str, budget: Budget):
        super().__init__(within, budget)
        self.searcher, self.schema = searcher, schema_

    def term(self, field: str, value) -> tantivy.Query:
        return _term(self.schema, field, value)

    def words(self, stem: str) -> tantivy.Query:
        return self.any_of([tantivy.Query.boost_query(self.term(field, stem), BOOSTS[field]) if field in BOOSTS
                            else self.term(field, stem) for field in self.text_fields()])

    def phrase(self, field: str, words: list[str], slop: int) -> tantivy.Query:
        if not slop:
            return tantivy.Query.phrase_query(self.schema, field, words, 0)
        # tantivy's own slop also lets the words swap places; "~N" means in this order, each
        # word at most N words after the last: one exact phrase per arrangement (few, by
        # search.query.MAX_ARRANGEMENTS).
        arrangements = []
        for gaps in itertools.product(range(1, slop + 2), repeat=len(words) - 1):
            offsets = itertools.accumulate(gaps, initial=0)
            arrangements.append(tantivy.Query.phrase_query(self.schema, field, list(zip(offsets, words)), 0))
        return self.any_of(arrangements)

    def expand(self, field: str, prefix: str, limit: int) -> list[str]:
        return [term for term, _ in self.searcher.terms_with_prefix(field, prefix, limit=limit)]

    def doc_frequency(self, field: str, word: str) -> int:
        return self.searcher.doc_freq(field, word)

    def all_of(self, children: list) -> tantivy.Query:
        return tantivy.Query.boolean_query([(Occur.Must, child) for child in children])

    def any_of(self, children: list) -> tantivy.Query:
        return tantivy.Query.boolean_query([(Occur.Should, child) for child in children])

    def negate(self, child) -> tantivy.Query:
        return tantivy.Query.boolean_query([(Occur.Must, tantivy.Query.all_query()),
                                            (Occur.MustNot, child if child is not None else self.nothing())])

    def nothing(self) -> tantivy.Query:
        return tantivy.Query.empty_query()

    def filter(self, node: Filter) -> tantivy.Query:
        field, value = node.field, node.value
        if field in TEXT_FILTERS:
            return tantivy.Query.boolean_query([(Occur.Must, self.term(field, stem)) for stem in stems(value)])
        if field == "year" or field in FIGURE_MEASURES:
            low, high, low_inclusive, high_inclusive = value
            kind = tantivy.FieldType.Integer if field == "year" else tantivy.FieldType.Float
            cast = int if field == "year" else float
            return tantivy.Query.range_query(self.schema, "year" if field == "year" else figure_field(field), kind,
                                             None if low is None else cast(low), None if high is None else cast(high),
                                             low_inclusive, high_inclusive)
        if field in vocabulary.ALL_JUDGEMENT_KEYS:
            return self.term(judgement_field(field), value)
        if field == "doc":
            if not DOC_ID.fullmatch(value):
                return tantivy.Query.empty_query()
            return tantivy.Query.regex_query(self.schema, "doc_id", f"{value}.*")
        return self.term(field, value)


# -- reading ------------------------------------------------------------------------------------

class View:
    """One open commit of a tantivy generation (see search.engines)."""

    def __init__(self, path: Path):
        self.path, self.stamp = path, _stamp(path)
        self.index = tantivy.Index.open(str(path))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self.passages = self.term("rtype", "p")
        self.meta = _first(self.searcher, self.term("pid", META_ID))
        self.documents = {}
        count = self.meta["documents"] if self.meta else 0
        for _, address in self.searcher.search(self.term("rtype", "d"), limit=count + 1, count=False).hits:
            facts = _stored(self.searcher.doc(address))
            self.documents[facts["doc_id"]] = facts
        self.doc_of = {int(doc_id, 16): doc_id for doc_id in self.documents}   # report number → doc_id

    def term(self, field: str, value) -> tantivy.Query:
        return _term(self.schema, field, value)

    def fresh(self) -> bool:
        return _stamp(self.path) == self.stamp

    def reopen(self) -> "View":
        return View(self.path)

    def compile(self, node: Node, within: str, budget: Budget):
        compiler = Compiler(self.searcher, self.schema, within, budget)
        query = compiler.compile(node)
        if query is None:
            return None, compiler.highlights
        return tantivy.Query.boolean_query([(Occur.Must, self.passages), (Occur.Must, query)]), compiler.highlights

    def reports(self, compiled: tantivy.Query, deadline: float | None = None, scored: bool = False) -> dict[str, list]:
        """Passages per report from one aggregation. Each report's first matching passage is
        found only when it is shown (``passage``): a per-report minimum in the aggregation
        cost 4× the counting at 1M passages, and a page shows 20 reports."""
        check_deadline(deadline)
        grouped = self.searcher.aggregate(compiled, {"reports": {
            "terms": {"field": "report", "size": len(self.documents) + 1}}})
        check_deadline(deadline)
        doc_of = self.doc_of
        return {doc_of[bucket["key"]]: [bucket["doc_count"], (bucket["key"], None, compiled)]
                for bucket in grouped["reports"]["buckets"]}

    def ranked(self, compiled: tantivy.Query, limit: int | None,
               deadline: float | None = None) -> list[tuple[str, str, float]]:
        check_deadline(deadline)
        hits = self.searcher.search(compiled, limit=limit or max(self.searcher.num_docs, 1), count=False).hits
        addresses = [address for _, address in hits]
        reports = self.searcher.fast_field_values("report", addresses)
        positions = self.searcher.fast_field_values("position", addresses)
        doc_of = self.doc_of
        return [(doc_of[report], (report, position), score)
                for (score, _), report, position in zip(hits, reports, positions)]

    def passage(self, key: tuple) -> dict[str, Any]:
        """The passage at (report number, position), or (report number, None, query): the
        report's first passage matching the query."""
        report, position = key[:2]
        if position is None:
            within = tantivy.Query.boolean_query([(Occur.Must, key[2]),
                                                  (Occur.Must, self.term("doc_id", self.doc_of[report]))])
            hits = self.searcher.search(within, limit=1, order_by_field="position", order=tantivy.Order.Asc).hits
            position = self.searcher.fast_field_values("position", [hits[0][1]])[0]
        return _first(self.searcher, self.term("pid", f"{self.doc_of[report]}:{int(position)}"))

    def close(self) -> None:
        self.searcher = None


def open(path: Path) -> View:   # noqa: A001 - the interface's name
    return View(path)
