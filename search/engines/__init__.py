"""The engines that hold and search the passage index, behind one small interface.

The query language (``search.query``) gives a tree; the analyser (``search.analysis``) gives the
terms; what each passage and report carries is in ``search.fields``. An engine only stores
those and answers the tree:

``Engine``
    ``name``; ``create(path) -> Writer`` (a new empty index in ``path``); ``writer(path) ->
    Writer`` (more commits to an existing one); ``open(path) -> View``; ``read_meta(path)``.
``Writer``
    ``delete(doc_id)``, ``add(facts, rows)``, ``commit(meta)`` (one atomic commit of all of it),
    ``cancel()``.
``View``
    One open, consistent state of a generation, safe to use from many threads at once with no
    lock: ``meta``, ``documents`` (doc_id → the report's facts), ``fresh()`` (no newer commit
    since it opened), ``compile(node, within, budget) -> (compiled or None, Highlights)`` (``within``:
    "passage", "text" or "concern"),
    ``reports(compiled, deadline)`` → ``{doc_id: [passages, first passage key]}``,
    ``ranked(compiled, limit, deadline)`` → ``[(doc_id, passage key, score)]`` best first,
    ``passage(key)`` → the stored passage, ``close()``.

Each generation directory names its engine in a file ``ENGINE``, so a reader opens whatever
was built, and changing engine is a rebuild.
"""

from __future__ import annotations

import time
from pathlib import Path

from inspection_index.config import SEARCH_ENGINES
from inspection_index.errors import InspectionIndexError

NAMES = SEARCH_ENGINES
DEFAULT = NAMES[0]
MARKER = "ENGINE"
CHECK_EVERY = 2048   # passages walked in Python between two looks at the clock


class QueryTimeout(InspectionIndexError):
    """A query's work passed its deadline and was stopped (the server answers 503: try again)."""

    def __init__(self, seconds: float | None = None):
        super().__init__("The query took too long and was stopped. Try a narrower query (fewer OR terms, "
                         "phrases of rarer words, or add a filter such as year:2019).")
        self.seconds = seconds


def check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout()


def get(name: str | None):
    """The engine module called ``name`` (None: the default)."""
    name = name or DEFAULT
    if name == "tantivy":
        from . import tantivy as engine
    elif name == "whoosh":
        from . import whoosh as engine
    else:
        raise ValueError(f"unknown search engine {name!r}: use one of {', '.join(NAMES)}")
    return engine


def engine_of(generation: Path) -> str:
    """The engine a generation was built with (generations from before engines were named: Whoosh)."""
    try:
        return (generation / MARKER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return "whoosh"


def mark(generation: Path, name: str) -> None:
    (generation / MARKER).write_text(name, encoding="utf-8")
