"""The read side: SearchIndex answers queries against the live generation, whatever its engine.

Cheap to keep open and safe to share between threads, with no lock held while a query runs:
each engine's view answers many threads at once, so a slow query delays only its own answer.
Answers are cached in process (an LRU keyed by corpus version, normalised query and
parameters, so a repeated or permalinked query is answered from memory, and a new corpus
version simply misses). Between queries it notices a swapped generation or a newer
incremental commit and switches to it; only that switch takes a lock.

A query's cost is bounded before it runs (``search.query``: length, clauses, words, depth,
phrase positions), and its Python-side work stops at ``deadline`` (a ``time.monotonic()``
value) with :class:`search.engines.QueryTimeout`.
"""

from __future__ import annotations

import gc
import threading
import time
from collections import Counter
from typing import Any

from inspection_index import Config, InspectionIndexError, vocabulary

from . import engines, generations
from .lru import LRU
from .query import Budget, Highlights, Node, QueryError, has_text, normalise, parse
from .state import Match, State, hit_of
from .tracking import track

CACHE_SIZE = 512
OPEN_ATTEMPTS = 5
RANK_WINDOW = 200     # top passages scored first when ranking reports
RETIRE_SECONDS = 60   # a query in flight on a replaced view finishes long before this
MAX_PER_PAGE = 100
SORTS = ("relevance", "date")


def _load(generation, stamp, view=None) -> State | None:
    """A State over ``view`` (default: a new one of ``generation``), or None if it holds no build."""
    name = engines.engine_of(generation)
    view = view or engines.get(name).open(generation)
    if view.meta is None:
        view.close()
        return None
    # The reports' facts are many long-lived objects: keep the cyclic garbage collector from
    # walking all of them again and again during queries (they are still freed by reference
    # counting when the view goes).
    gc.freeze()
    return State(generation, stamp, name, view)


def _newest_first(documents: dict[str, dict[str, Any]]) -> dict[str, int]:
    """doc_id → its place with the newest report first (ties by doc_id)."""
    ids = sorted(documents)
    ids.sort(key=lambda doc_id: documents[doc_id]["published"] or "", reverse=True)
    return {doc_id: place for place, doc_id in enumerate(ids)}


def _ordered_facet(counter: Counter, order: str) -> dict:
    if order == "grade":
        return {grade: counter[grade] for grade in vocabulary.GRADES if counter[grade]}
    if order == "newest":
        return dict(sorted(counter.items(), key=lambda item: -item[0]))
    return dict(sorted(counter.items(), key=lambda item: (-item[1], str(item[0]))))


FACETS = {"judgement": "grade", "year": "newest", "kind": "count", "framework": "count",
          "region": "count", "la": "count"}


def facet_values(facts: dict[str, Any]) -> tuple:
    """A report's value of each facet, in the order of FACETS."""
    return (facts["judgements"].get("overall_effectiveness"), facts["year"], facts["kind"], facts["framework"],
            facts["region"], facts["local_authority"])


def _facets(state: State, matches: list[Match]) -> dict[str, dict]:
    """Reports per value of each facet, counted column by column over values computed once per view."""
    if state.facet_rows is None:
        state.facet_rows = {doc_id: facet_values(facts) for doc_id, facts in state.documents.items()}
    rows = state.facet_rows
    columns = zip(*(rows[match.doc_id] for match in matches)) if matches else [() for _ in FACETS]
    out = {}
    for (facet, order), column in zip(FACETS.items(), columns):
        counter = Counter(column)
        counter.pop(None, None)
        out[facet] = _ordered_facet(counter, order)
    return out


def _rank(view, compiled, need: int | None, deadline: float | None) -> tuple[list[tuple[str, Any, float]], int | None]:
    """Reports by their best passage's score, taken from the top-scoring passages only,
    widening the window until ``need`` reports are ranked. Returns the ranking and how many it
    covers (None: every matching report)."""
    limit = max(RANK_WINDOW, 4 * need) if need is not None else None
    while True:
        window = view.ranked(compiled, limit, deadline)
        ranked, seen = [], set()
        for doc_id, key, score in window:
            if doc_id not in seen:
                seen.add(doc_id)
                ranked.append((doc_id, key, score))
        if limit is None or len(window) < limit:
            return ranked, None
        if len(ranked) >= need:
            return ranked, len(ranked)
        limit *= 4


class SearchIndex:
    """Searches the live index of one data directory (see the module docstring)."""

    def __init__(self, config: Config):
        self.config = config
        self.lock = threading.Lock()   # only around switching views, never around a query
        self.cache = LRU(CACHE_SIZE)
        self._state: State | None = None
        self._retired: list[tuple[float, Any]] = []

    # -- keeping up with the builder --------------------------------------------------------

    def _current(self, state: State | None, stamp) -> bool:
        return state is not None and state.stamp == stamp and state.view.fresh()

    def state(self) -> State | None:
        """The freshest view of the index (reopened if a build happened since the last call)."""
        index_dir = self.config.index_dir
        stamp = generations.pointer_stamp(index_dir)
        state = self._state
        if self._current(state, stamp):
            return state
        with self.lock:
            state = self._state
            if self._current(state, stamp):   # another thread switched meanwhile
                return state
            if state is not None and state.stamp == stamp:   # a newer commit of the same generation
                self._switch(_load(state.generation, stamp, state.view.reopen()))
                return self._state
            for _ in range(OPEN_ATTEMPTS):
                generation = generations.current(index_dir)
                if generation is None:
                    return None
                try:
                    self._switch(_load(generation, stamp))
                    return self._state
                except (OSError, ValueError, LookupError):
                    # Two swaps while we were opening: the generation we read was removed.
                    stamp = generations.pointer_stamp(index_dir)
            raise InspectionIndexError("the search index kept changing while opening it; try again")

    def _switch(self, state: State | None) -> None:
        """Make ``state`` current; close views retired long enough ago that no query still uses them."""
        now = time.monotonic()
        if self._state is not None:
            self._retired.append((now, self._state.view))
        while self._retired and now - self._retired[0][0] > RETIRE_SECONDS:
            self._retired.pop(0)[1].close()
        self._state = state

    @property
    def corpus_version(self) -> str | None:
        state = self.state()
        return state.corpus_version if state else None

    @property
    def engine(self) -> str | None:
        """The engine of the live index (None before the first build)."""
        state = self.state()
        return state.engine if state else None

    def forget_answers(self) -> None:
        """Drop every kept answer and snippet (what a benchmark of uncached queries needs)."""
        self.cache.items.clear()
        state = self._state
        if state is not None:
            state.snippets.items.clear()

    def close(self) -> None:
        with self.lock:
            for _, view in self._retired:
                view.close()
            if self._state is not None:
                self._state.view.close()
            self._state, self._retired = None, []

    # -- matching ---------------------------------------------------------------------------

    def matches(self, state: State, node: Node, sort: str = "relevance", within: str = "passage",
                need: int | None = None, deadline: float | None = None) -> tuple[list[Match], Highlights]:
        """Every matching report in result order, with its passage to show (cached).

        Relevance: the best-scoring passage first; reports are ranked by it. Only the first
        ``need`` reports are guaranteed in rank order (None: all); the rest follow newest
        first. Date order, or a query of filters only: newest first, each with its first
        matching passage. ``within``: words match a passage's text, heading or title
        ("passage"), its text only ("text"), or only sentences raised as concerns ("concern").
        ``Match.passages`` is how many of the report's passages match: one pass over the
        matching passages gives it, for searching and tracking alike.
        """
        key = ("matches", state.corpus_version, normalise(node), sort, within)
        cached = self.cache.get(key)
        if cached is not None and (cached[2] is None or (need is not None and cached[2] >= need)):
            return cached[0], cached[1]
        documents = state.documents
        ranks = sort == "relevance" and has_text(node)
        compiled, highlights = state.view.compile(node, within, Budget())
        if compiled is None:
            raise QueryError("The query has only very common words (such as the, of, and), which are "
                             'not indexed: add another word, or use an exact "phrase".')
        found = {doc_id: Match(doc_id, first, 0.0, passages)
                 for doc_id, (passages, first) in state.view.reports(compiled, deadline, scored=ranks).items()
                 if doc_id in documents}
        newest = state.derive("newest", lambda: _newest_first(documents))
        ordered = sorted(found.values(), key=lambda m: newest[m.doc_id])
        ranked_upto = None
        if ranks and ordered:
            ranked, ranked_upto = _rank(state.view, compiled, need, deadline)
            ranked = [entry for entry in ranked if entry[0] in found]
            for doc_id, passage, score in ranked:
                found[doc_id].key, found[doc_id].score = passage, score
            ranked_ids = {doc_id for doc_id, _, _ in ranked}
            ordered = [found[doc_id] for doc_id, _, _ in ranked] + [m for m in ordered if m.doc_id not in ranked_ids]
        self.cache.put(key, (ordered, highlights, ranked_upto))
        return ordered, highlights

    # -- the public queries -----------------------------------------------------------------

    def search(self, q: str, page: int = 1, per_page: int = 20, sort: str = "relevance",
               deadline: float | None = None, cached_only: bool = False) -> dict[str, Any] | None:
        """Reports matching ``q``, best passage each, paginated; see the package docstring.
        ``deadline``: when to stop working (``time.monotonic()``); ``cached_only``: answer only
        from the cache (None when not there)."""
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
        if answer is None and cached_only:
            return None
        if answer is None:
            answer = self._search(state, node, page, per_page, sort, deadline)
            self.cache.put(key, answer)
        return {"query": q, "normalised_query": normalised, **answer, "corpus_version": version,
                "elapsed_ms": round((time.perf_counter() - started) * 1000, 2)}

    def _search(self, state: State | None, node: Node, page: int, per_page: int, sort: str,
                deadline: float | None) -> dict[str, Any]:
        empty = {"total": 0, "passages_total": 0, "page": page, "per_page": per_page, "pages": 0,
                 "hits": [], "facets": {facet: {} for facet in FACETS}}
        if state is None:
            return empty
        matches, highlights = self.matches(state, node, sort, need=page * per_page, deadline=deadline)
        chosen = matches[(page - 1) * per_page: page * per_page]
        hits = [hit_of(state, match, highlights) for match in chosen]
        return {**empty, "total": len(matches), "passages_total": sum(m.passages for m in matches),
                "pages": -(-len(matches) // per_page), "hits": hits,
                "facets": _facets(state, matches)}

    def track(self, terms: list[str], by: str = "overall_effectiveness", where: str | None = None,
              deadline: float | None = None, cached_only: bool = False) -> dict[str, Any] | None:
        """The tracking analysis (see search.tracking)."""
        return track(self, terms, by, where, deadline=deadline, cached_only=cached_only)

    def result_ids(self, q: str, sort: str = "relevance") -> tuple[str, list[str]]:
        """(normalised query, every matching doc_id in result order) — what a citation freezes."""
        node = parse(q)
        state = self.state()
        if state is None:
            return normalise(node), []
        return normalise(node), [match.doc_id for match in self.matches(state, node, sort)[0]]
