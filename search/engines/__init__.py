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
    ``reports(compiled, deadline)`` → ``{doc_id: [passages, first passage key]}`` (the key may
    name the first passage by the query, found when ``passage`` is asked for it),
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

from ..analysis import exact_words, stems
from ..query import MAX_EXPANSIONS, And, Budget, Filter, Highlights, Node, Not, Phrase, QueryError, Word

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


# Where plain words are searched: a passage's text, heading and title; its text only (tracking);
# the sentences it raises as concerns (tracking).
WITHIN = {"passage": ("text", "heading", "title"), "text": ("text",), "concern": ("concern_text",)}


class Compiler:
    """Walks the query tree, deciding what each part means (stems, exact words, wildcards, the
    phrase budget, what to highlight); an engine's subclass makes its own query of each part:
    ``term``, ``words`` (a stem in the fields of ``within``), ``phrase``, ``expand`` (a
    wildcard's words), ``doc_frequency``, ``filter``, ``all_of``, ``any_of``, ``negate``,
    ``nothing``."""

    def __init__(self, within: str, budget: Budget):
        self.within, self.budget = within, budget
        self.highlights = Highlights(set(), set(), [])

    def text_fields(self) -> tuple[str, ...]:
        return WITHIN[self.within]

    def exact_field(self) -> str:
        return "concern_exact" if self.within == "concern" else "exact"

    def compile(self, node: Node, negated: bool = False):
        """The engine's query for ``node``, or None when nothing in it is indexed."""
        if isinstance(node, Word):
            return self._word(node, negated)
        if isinstance(node, Phrase):
            return self._phrase(node.text.split(), node.slop, negated)
        if isinstance(node, Filter):
            return self.filter(node)
        if isinstance(node, Not):
            return self.negate(self.compile(node.child, not negated))
        children = [child for child in (self.compile(child, negated) for child in node.children) if child is not None]
        if not children:
            return None
        if len(children) == 1:
            return children[0]
        return self.all_of(children) if isinstance(node, And) else self.any_of(children)

    def _word(self, node: Word, negated: bool):
        if node.text.endswith("*"):
            return self._wildcard(node.text[:-1], negated)
        words = exact_words(node.text)
        if len(words) > 1:  # "e-mail", "10%": the pieces as a phrase
            return self._phrase(words, 0, negated)
        word_stems = stems(node.text)
        if not word_stems:
            return None
        if not negated:
            self.highlights.stems.add(word_stems[0])
        return self.words(word_stems[0])

    def _wildcard(self, prefix: str, negated: bool):
        field = self.exact_field()
        expansions = self.expand(field, prefix, MAX_EXPANSIONS + 1)
        if len(expansions) > MAX_EXPANSIONS:
            raise QueryError(f"{prefix}* is too broad: it matches more than {MAX_EXPANSIONS} different "
                             f"words. Add more letters before the *.")
        if not negated:
            self.highlights.words.update(expansions)
        return self.any_of([self.term(field, word) for word in expansions]) if expansions else self.nothing()

    def _phrase(self, words: list[str], slop: int, negated: bool):
        if not negated:
            self.highlights.phrases.append((tuple(words), slop))
        field = self.exact_field()
        if len(words) == 1:
            return self.term(field, words[0])
        self.budget.phrase(words, [self.doc_frequency(field, word) for word in words])
        return self.phrase(field, words, slop)


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
