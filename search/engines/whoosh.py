"""The Whoosh engine: pure Python, the engine the project was designed with.

One Whoosh document per passage (``rtype`` "p"), one per report (``rtype`` "d", holding the
report's facts as stored JSON) and one ``meta`` record, all changed in the same commit. Whoosh
readers keep file positions, so a view holds a few searchers of one commit and each query
borrows one (a slow query holds only its own); matching walks
the passages in Python and looks at the clock as it goes, so a query stops at its deadline.
"""

from __future__ import annotations

import itertools
import queue
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from inspection_index import vocabulary

from .. import engines
from ..analysis import EXACT, STEMMED, stems
from ..fields import HEADING_BOOST, META_ID, TITLE_BOOST, figure_field, judgement_field
from ..query import FIGURE_MEASURES, TEXT_FILTERS, Budget, Filter, Node
from . import CHECK_EVERY, check_deadline

name = "whoosh"
WRITER_MEMORY_MB = 256
SEARCHERS = 8        # queries one view runs at once (as many as the web app's query pool)
PASSAGES = wq.Term("rtype", "p")


def schema() -> Schema:
    fields: dict[str, Any] = dict(
        pid=ID(stored=True, unique=True),
        rtype=ID,
        doc_id=ID(stored=True, sortable=True),
        text=TEXT(analyzer=STEMMED, stored=True, phrase=False),
        exact=TEXT(analyzer=EXACT, phrase=True),
        heading=TEXT(analyzer=STEMMED, stored=True, phrase=False, field_boost=HEADING_BOOST),
        title=TEXT(analyzer=STEMMED, phrase=False, field_boost=TITLE_BOOST),
        concern_text=TEXT(analyzer=STEMMED, phrase=False),
        concern_exact=TEXT(analyzer=EXACT, phrase=True),
        page=STORED, paragraph=STORED, anchor=STORED,
        la=ID, region=ID, kind=ID, framework=ID, source=ID,
        year=NUMERIC(int, bits=32),
        theme=KEYWORD(lowercase=True, commas=True),
        concern=KEYWORD(lowercase=True, commas=True),
        meta=STORED,
    )
    for key in vocabulary.ALL_JUDGEMENT_KEYS:
        fields[judgement_field(key)] = ID
    built = Schema(**fields)
    built.add(figure_field("*"), NUMERIC(float), glob=True)
    return built


# -- writing ------------------------------------------------------------------------------------

class Writer:
    def __init__(self, ix):
        self.writer = ix.writer(limitmb=WRITER_MEMORY_MB)

    def delete(self, doc_id: str) -> None:
        self.writer.delete_by_term("doc_id", doc_id)

    def add(self, facts: dict[str, Any], rows: list[dict[str, Any]]) -> None:
        self.writer.add_document(pid=f"{facts['doc_id']}:doc", rtype="d", doc_id=facts["doc_id"],
                                 meta={**facts, "passages": len(rows)})
        for row in rows:
            self.writer.add_document(**{**row, "exact": row["text"], "concern_exact": row["concern_text"],
                                        "theme": ",".join(row["theme"]), "concern": ",".join(row["concern"])})

    def commit(self, meta: dict[str, Any]) -> None:
        self.writer.update_document(pid=META_ID, rtype="m", meta=meta)
        self.writer.commit()

    def cancel(self) -> None:
        self.writer.cancel()


def create(path: Path) -> Writer:
    return Writer(whoosh_index.create_in(str(path), schema()))


def writer(path: Path) -> Writer:
    return Writer(whoosh_index.open_dir(str(path)))


def read_meta(path: Path) -> dict[str, Any] | None:
    if not whoosh_index.exists_in(str(path)):
        return None
    with whoosh_index.open_dir(str(path)).searcher() as searcher:
        stored = searcher.document(pid=META_ID)
    return stored["meta"] if stored else None


# -- compiling the query tree -------------------------------------------------------------------

class Compiler(engines.Compiler):
    """The query tree as a Whoosh query over one open reader (see search.engines.Compiler)."""

    def __init__(self, reader, within: str, budget: Budget):
        super().__init__(within, budget)
        self.reader = reader

    def term(self, field: str, value):
        return wq.Term(field, value)

    def words(self, stem: str):
        return wq.Or([wq.Term(field, stem) for field in self.text_fields()])   # boosts: in the schema

    def phrase(self, field: str, words: list[str], slop: int):
        return wq.Phrase(field, words, slop=slop + 1)

    def expand(self, field: str, prefix: str, limit: int) -> list[str]:
        return [term.decode("utf-8") if isinstance(term, bytes) else term
                for term in itertools.islice(self.reader.expand_prefix(field, prefix), limit)]

    def doc_frequency(self, field: str, word: str) -> int:
        return self.reader.doc_frequency(field, word)

    def all_of(self, children: list):
        return wq.And(children)

    def any_of(self, children: list):
        return wq.Or(children)

    def negate(self, child):
        return wq.Not(child if child is not None else wq.NullQuery)

    def nothing(self):
        return wq.NullQuery

    def filter(self, node: Filter):
        field, value = node.field, node.value
        if field in TEXT_FILTERS:
            return wq.And([wq.Term(field, stem) for stem in stems(value)])
        if field == "year" or field in FIGURE_MEASURES:
            low, high, low_inclusive, high_inclusive = value
            return wq.NumericRange("year" if field == "year" else figure_field(field), low, high,
                                   startexcl=not low_inclusive, endexcl=not high_inclusive)
        if field in vocabulary.ALL_JUDGEMENT_KEYS:
            return wq.Term(judgement_field(field), value)
        if field == "doc":
            return wq.Prefix("doc_id", value)
        return wq.Term(field, value)


# -- reading ------------------------------------------------------------------------------------

@dataclass
class Compiled:
    query: Any
    walked: list | None = None   # the scored pass, kept so ranking reuses it


class View:
    """One open commit of a Whoosh generation (see search.engines)."""

    def __init__(self, path: Path, ix=None):
        self.path, self.index = path, ix or whoosh_index.open_dir(str(path))
        self._pool: queue.Queue = queue.Queue()
        self._all = self._open_searchers()
        for searcher in self._all:
            self._pool.put(searcher)
        searcher = self._all[0]
        stored = searcher.document(pid=META_ID)
        self.meta = stored["meta"] if stored else None
        # Per segment: Whoosh's multi-segment column reader skips segments without the column
        # (one holding only the meta record), which would shift every docnum after it.
        doc_of: list[str | None] = []
        for leaf, _ in searcher.reader().leaf_readers():
            doc_of += (list(leaf.column_reader("doc_id")) if leaf.has_column("doc_id")
                       else [None] * leaf.doc_count_all())
        for docnum in searcher.docs_for_query(wq.Not(PASSAGES)):   # report and meta records
            doc_of[docnum] = None
        self.doc_of = doc_of
        self.documents = {stored["doc_id"]: stored["meta"] for stored in searcher.documents(rtype="d")}

    def _open_searchers(self) -> list:
        """SEARCHERS searchers of one and the same commit (again if a commit lands meanwhile)."""
        while True:
            generation = self.index.latest_generation()
            searchers = [self.index.searcher() for _ in range(SEARCHERS)]
            if self.index.latest_generation() == generation:
                return searchers
            for searcher in searchers:
                searcher.close()

    @contextmanager
    def _searcher(self):
        searcher = self._pool.get()
        try:
            yield searcher
        finally:
            self._pool.put(searcher)

    def fresh(self) -> bool:
        return self._all[0].up_to_date()

    def reopen(self) -> "View":
        # Fresh searchers, not searcher.refresh(): refresh reuses unchanged segments' readers,
        # which then miss deletions made by the newer commit.
        return View(self.path, self.index)

    def compile(self, node: Node, within: str, budget: Budget):
        with self._searcher() as searcher:
            compiler = Compiler(searcher.reader(), within, budget)
            query = compiler.compile(node)
        return (Compiled(query) if query is not None else None), compiler.highlights

    def _walk(self, compiled: Compiled, scored: bool, deadline: float | None) -> list[tuple[int, float]]:
        """(docnum, BM25F score or 0) of every matching record, in index order, read segment by
        segment as Whoosh's own collector does; stops at the deadline."""
        out = []
        with self._searcher() as searcher:
            context = searcher.context()
            for leaf, offset in searcher.leaf_searchers():
                check_deadline(deadline)
                matcher = compiled.query.matcher(leaf, context)
                steps = 0
                while matcher.is_active():
                    out.append((offset + matcher.id(), float(matcher.score()) if scored else 0.0))
                    matcher.next()
                    steps += 1
                    if steps % CHECK_EVERY == 0:
                        check_deadline(deadline)
        return out

    def reports(self, compiled: Compiled, deadline: float | None = None, scored: bool = False) -> dict[str, list]:
        walked = self._walk(compiled, scored, deadline)
        if scored:   # ranked() reuses the same pass: phrases' positions are read once
            compiled.walked = walked
        found: dict[str, list] = {}
        for docnum, _ in walked:   # in index order: first passage first
            doc_id = self.doc_of[docnum]
            if doc_id is None:
                continue
            entry = found.get(doc_id)
            if entry is None:
                found[doc_id] = [1, docnum]
            else:
                entry[0] += 1
        return found

    def ranked(self, compiled: Compiled, limit: int | None,
               deadline: float | None = None) -> list[tuple[str, int, float]]:
        if compiled.walked is None:
            compiled.walked = self._walk(compiled, True, deadline)
        walked = compiled.walked
        best = sorted(((docnum, score) for docnum, score in walked if self.doc_of[docnum] is not None),
                      key=lambda passage: (-passage[1], passage[0]))
        return [(self.doc_of[docnum], docnum, score) for docnum, score in best[:limit]]

    def passage(self, key: int) -> dict[str, Any]:
        with self._searcher() as searcher:
            return searcher.stored_fields(key)

    def close(self) -> None:
        for searcher in self._all:
            searcher.close()


def open(path: Path) -> View:   # noqa: A001 - the interface's name
    try:
        return View(path)
    except EmptyIndexError as error:   # removed by a newer build while opening
        raise FileNotFoundError(str(path)) from error
