"""The read side: SearchIndex answers queries against the live generation.

Cheap to keep open and safe to share between threads: Whoosh work runs under one lock (a
query takes milliseconds), answers are cached in process (an LRU keyed by corpus version,
normalised query and parameters, so a repeated or permalinked query is answered from memory,
and a new corpus version simply misses). Between queries it notices a swapped generation or a
newer incremental commit and switches to it.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError
from whoosh.query import Not, Term

from inspection_index import Config, InspectionIndexError, vocabulary

from . import generations
from .indexing import load_documents, read_meta
from .query import Compiler, Highlights, Node, QueryError, has_text, normalise, parse
from .snippets import snippet

CACHE_SIZE = 512
OPEN_ATTEMPTS = 5
RANK_WINDOW = 200     # top passages scored first when ranking reports
RETIRE_SECONDS = 60   # a query in flight on a replaced view finishes long before this
MAX_PER_PAGE = 100
SORTS = ("relevance", "date")
PASSAGES = Term("rtype", "p")


class LRU:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


@dataclass
class State:
    """One open view of a generation, with what every query needs from it held in memory."""

    generation: Path
    stamp: tuple | None
    index: Any
    searcher: Any
    meta: dict[str, Any]
    documents: dict[str, dict[str, Any]]      # doc_id -> the report's facts
    doc_of: list[str | None]                  # Whoosh docnum -> doc_id of a passage, else None

    @property
    def corpus_version(self) -> str:
        return self.meta["corpus_version"]


@dataclass
class Match:
    doc_id: str
    docnum: int          # the best passage
    score: float
    passages: int


def _load(generation: Path, stamp, index=None) -> State | None:
    index = index or whoosh_index.open_dir(str(generation))
    searcher = index.searcher()
    meta = read_meta(searcher)
    if meta is None:
        searcher.close()
        return None
    # Per segment: Whoosh's multi-segment column reader skips segments without the column
    # (one holding only the meta record), which would shift every docnum after it.
    doc_of: list[str | None] = []
    for leaf, _ in searcher.reader().leaf_readers():
        doc_of += (list(leaf.column_reader("doc_id")) if leaf.has_column("doc_id")
                   else [None] * leaf.doc_count_all())
    for docnum in searcher.docs_for_query(Not(PASSAGES)):   # report and meta records
        doc_of[docnum] = None
    return State(generation, stamp, index, searcher, meta, load_documents(searcher), doc_of)


def _ordered_facet(counter: Counter, order: str) -> dict:
    if order == "grade":
        return {grade: counter[grade] for grade in vocabulary.GRADES if counter[grade]}
    if order == "newest":
        return dict(sorted(counter.items(), key=lambda item: -item[0]))
    return dict(sorted(counter.items(), key=lambda item: (-item[1], str(item[0]))))


FACETS = {"judgement": "grade", "year": "newest", "kind": "count", "framework": "count",
          "region": "count", "la": "count"}


def facet_value(facts: dict[str, Any], facet: str):
    return {"judgement": lambda: facts["judgements"].get("overall_effectiveness"),
            "year": lambda: facts["year"], "kind": lambda: facts["kind"],
            "framework": lambda: facts["framework"], "region": lambda: facts["region"],
            "la": lambda: facts["local_authority"]}[facet]()


def hit_of(state: State, match: Match, highlights: Highlights) -> dict[str, Any]:
    stored = state.searcher.stored_fields(match.docnum)
    facts = state.documents[match.doc_id]
    page, paragraph = stored.get("page", 0), stored.get("paragraph", 0)
    return {
        "doc_id": match.doc_id,
        "title": facts["title"],
        "local_authority": facts["local_authority"],
        "region": facts["region"],
        "published": facts["published"],
        "kind": facts["kind"],
        "framework": facts["framework"],
        "judgements": facts["judgements"],
        "page": page,
        "paragraph": paragraph,
        "heading": stored.get("heading") or None,
        "snippet": snippet(stored.get("text") or "", highlights),
        "url": f"/documents/{match.doc_id}#{stored['anchor']}",
        "source_url": f"{facts['source_url']}#page={page}" if facts.get("source_url") else None,
        "source": facts.get("source"),
        "other_passages": match.passages - 1,
        "score": round(match.score, 4),
    }


def _scored(searcher, compiled) -> list[tuple[int, float]]:
    """(docnum, BM25F score) of every matching record, in index order — the scores Whoosh's own
    collector gives, read segment by segment as it does."""
    context, scored = searcher.context(), []
    for leaf, offset in searcher.leaf_searchers():
        matcher = compiled.matcher(leaf, context)
        while matcher.is_active():
            scored.append((offset + matcher.id(), float(matcher.score())))
            matcher.next()
    return scored


def _rank(state: State, scored: list[tuple[int, float]], need: int | None) -> tuple[list[tuple[str, int, float]], int | None]:
    """Reports by their best passage's score, taken from the top-scoring passages only (highest
    score first, then index order, as Whoosh ranks them), widening the window until ``need``
    reports are ranked. Returns the ranking and how many it covers (None: every matching report)."""
    by_score = sorted(scored, key=lambda passage: (-passage[1], passage[0]))
    limit = max(RANK_WINDOW, 4 * need) if need is not None else None
    while True:
        window = by_score if limit is None else by_score[:limit]
        ranked, seen = [], set()
        for docnum, score in window:
            doc_id = state.doc_of[docnum]
            if doc_id is not None and doc_id not in seen:
                seen.add(doc_id)
                ranked.append((doc_id, docnum, score))
        if limit is None or len(window) < limit:
            return ranked, None
        if len(ranked) >= need:
            return ranked, len(ranked)
        limit *= 4


class SearchIndex:
    """Searches the live index of one data directory (see the module docstring)."""

    def __init__(self, config: Config):
        self.config = config
        self.lock = threading.RLock()
        self.cache = LRU(CACHE_SIZE)
        self._state: State | None = None
        self._retired: list[tuple[float, Any]] = []

    # -- keeping up with the builder --------------------------------------------------------

    def state(self) -> State | None:
        """The freshest view of the index (reopened if a build happened since the last call)."""
        with self.lock:
            index_dir = self.config.index_dir
            stamp = generations.pointer_stamp(index_dir)
            state = self._state
            if state is not None and state.stamp == stamp:
                if state.searcher.up_to_date():
                    return state
                # A fresh searcher, not searcher.refresh(): refresh reuses unchanged segments'
                # readers, which then miss deletions made by the newer commit.
                self._switch(_load(state.generation, stamp, state.index))
                return self._state
            for _ in range(OPEN_ATTEMPTS):
                generation = generations.current(index_dir)
                if generation is None or not whoosh_index.exists_in(str(generation)):
                    return None
                try:
                    self._switch(_load(generation, stamp))
                    return self._state
                except (OSError, EmptyIndexError):
                    # Two swaps while we were opening: the generation we read was removed.
                    stamp = generations.pointer_stamp(index_dir)
            raise InspectionIndexError("the search index kept changing while opening it; try again")

    def _switch(self, state: State | None) -> None:
        """Make ``state`` current; close views retired long enough ago that no query still uses them."""
        now = time.monotonic()
        if self._state is not None:
            self._retired.append((now, self._state.searcher))
        while self._retired and now - self._retired[0][0] > RETIRE_SECONDS:
            self._retired.pop(0)[1].close()
        self._state = state

    @property
    def corpus_version(self) -> str | None:
        state = self.state()
        return state.corpus_version if state else None

    def close(self) -> None:
        with self.lock:
            for _, searcher in self._retired:
                searcher.close()
            if self._state is not None:
                self._state.searcher.close()
            self._state, self._retired = None, []

    # -- matching ---------------------------------------------------------------------------

    def matches(self, state: State, node: Node, sort: str = "relevance", concern: bool = False,
                need: int | None = None) -> tuple[list[Match], Highlights]:
        """Every matching report in result order, with its passage to show (cached).

        Relevance: the best-scoring passage first; reports are ranked by it. Only the first
        ``need`` reports are guaranteed in rank order (None: all); the rest follow newest
        first. Date order, or a query of filters only: newest first, each with its first
        matching passage. ``concern`` matches words and phrases only in sentences raised as
        concerns.
        """
        key = ("matches", state.corpus_version, normalise(node), sort, concern)
        cached = self.cache.get(key)
        if cached is not None and (cached[2] is None or (need is not None and cached[2] >= need)):
            return cached[0], cached[1]
        documents = state.documents
        ranks = sort == "relevance" and has_text(node)
        with self.lock:
            compiler = Compiler(state.searcher.reader(), concern=concern)
            compiled = compiler.compile_root(node)
            # One pass over the matches (phrases are the expensive part: their positions are
            # read once), scored only when the order needs it.
            passages = (_scored(state.searcher, compiled) if ranks
                        else [(docnum, 0.0) for docnum in compiled.docs(state.searcher)])
        found: dict[str, Match] = {}
        for docnum, _ in passages:   # in index order: first passage first
            doc_id = state.doc_of[docnum]
            if doc_id is None:
                continue
            match = found.get(doc_id)
            if match is None:
                found[doc_id] = Match(doc_id, docnum, 0.0, 1)
            else:
                match.passages += 1
        ordered = sorted(found.values(), key=lambda m: m.doc_id)
        ordered.sort(key=lambda m: documents[m.doc_id]["published"] or "", reverse=True)
        ranked_upto = None
        if ranks and ordered:
            ranked, ranked_upto = _rank(state, passages, need)
            for doc_id, docnum, score in ranked:
                found[doc_id].docnum, found[doc_id].score = docnum, score
            ranked_ids = {doc_id for doc_id, _, _ in ranked}
            ordered = [found[doc_id] for doc_id, _, _ in ranked] + [m for m in ordered if m.doc_id not in ranked_ids]
        self.cache.put(key, (ordered, compiler.highlights, ranked_upto))
        return ordered, compiler.highlights

    # -- the public queries -----------------------------------------------------------------

    def search(self, q: str, page: int = 1, per_page: int = 20, sort: str = "relevance") -> dict[str, Any]:
        """Reports matching ``q``, best passage each, paginated; see the package docstring."""
        started = time.perf_counter()
        if sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)} (got {sort!r}).")
        if not isinstance(page, int) or page < 1:
            raise QueryError(f"page must be a whole number from 1 (got {page!r}).")
        if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
            raise QueryError(f"per_page must be a whole number from 1 to {MAX_PER_PAGE} (got {per_page!r}).")
        node = parse(q)
        normalised = normalise(node)
        state = self.state()
        version = state.corpus_version if state else None
        key = ("search", version, normalised, page, per_page, sort)
        answer = self.cache.get(key)
        if answer is None:
            answer = self._search(state, node, page, per_page, sort)
            self.cache.put(key, answer)
        return {"query": q, "normalised_query": normalised, **answer, "corpus_version": version,
                "elapsed_ms": round((time.perf_counter() - started) * 1000, 2)}

    def _search(self, state: State | None, node: Node, page: int, per_page: int, sort: str) -> dict[str, Any]:
        empty = {"total": 0, "passages_total": 0, "page": page, "per_page": per_page, "pages": 0,
                 "hits": [], "facets": {facet: {} for facet in FACETS}}
        if state is None:
            return empty
        matches, highlights = self.matches(state, node, sort, need=page * per_page)
        facets = {facet: Counter() for facet in FACETS}
        for match in matches:
            facts = state.documents[match.doc_id]
            for facet, counter in facets.items():
                value = facet_value(facts, facet)
                if value is not None:
                    counter[value] += 1
        chosen = matches[(page - 1) * per_page: page * per_page]
        with self.lock:
            hits = [hit_of(state, match, highlights) for match in chosen]
        return {**empty, "total": len(matches), "passages_total": sum(m.passages for m in matches),
                "pages": -(-len(matches) // per_page), "hits": hits,
                "facets": {facet: _ordered_facet(counter, FACETS[facet]) for facet, counter in facets.items()}}

    def track(self, terms: list[str], by: str = "overall_effectiveness", where: str | None = None) -> dict[str, Any]:
        """The tracking analysis (see search.tracking)."""
        from .tracking import track   # tracking builds on this module

        return track(self, terms, by, where)

    def result_ids(self, q: str, sort: str = "relevance") -> tuple[str, list[str]]:
        """(normalised query, every matching doc_id in result order) — what a citation freezes."""
        node = parse(q)
        state = self.state()
        if state is None:
            return normalise(node), []
        return normalise(node), [match.doc_id for match in self.matches(state, node, sort)[0]]
