"""What one query sees: an open view of the live generation, and the hits made from it.

Shared by the reader (``search.reader``) and tracking (``search.tracking``), which both build on
it and not on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .lru import LRU
from .query import Highlights
from .snippets import snippet


MAX_SNIPPETS_KEPT = 20_000   # about 300 characters each


@dataclass
class State:
    """One open view of a generation, with what every query needs from it held in memory."""

    generation: Path
    stamp: tuple | None
    engine: str
    view: Any      # a search.engines View
    facet_rows: dict | None = None   # doc_id → its facet values, made on first use
    # (passage key, highlights) → its snippet: a passage shown again for the same words (the
    # next page, another year range, another breakdown) is not marked again
    snippets: LRU = field(default_factory=lambda: LRU(MAX_SNIPPETS_KEPT))
    derived: dict = field(default_factory=dict)   # what queries derive from the reports' facts

    def derive(self, key, make: Callable[[], Any]) -> Any:
        """``make()``, made once per view (the reports' facts do not change under it)."""
        found = self.derived.get(key)
        if found is None:
            found = self.derived[key] = make()
        return found

    def snippet(self, key, text: str, highlights: Highlights) -> str:
        made_key = (key, highlights.key())
        made = self.snippets.get(made_key)
        if made is None:
            made = snippet(text, highlights)
            self.snippets.put(made_key, made)
        return made

    @property
    def meta(self) -> dict[str, Any]:
        return self.view.meta

    @property
    def documents(self) -> dict[str, dict[str, Any]]:
        """doc_id → the report's facts."""
        return self.view.documents

    @property
    def corpus_version(self) -> str:
        return self.view.meta["corpus_version"]


@dataclass
class Match:
    doc_id: str
    key: Any             # the engine's key of the passage to show
    score: float
    passages: int


def hit_of(state: State, match: Match, highlights: Highlights) -> dict[str, Any]:
    stored = state.view.passage(match.key)
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
        "snippet": state.snippet(match.key, stored.get("text") or "", highlights),
        "url": f"/documents/{match.doc_id}#{stored['anchor']}",
        "source_url": f"{facts['source_url']}#page={page}" if facts.get("source_url") else None,
        "source": facts.get("source"),
        "other_passages": match.passages - 1,
        "score": round(match.score, 4),
    }
