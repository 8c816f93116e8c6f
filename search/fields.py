"""What the index holds, whatever the engine: the per-report facts and the passages' fields.

Every engine stores one record per passage (``rtype`` "p", the fields ``passage_fields``
gives), one per report (``rtype`` "d", the report's facts for facets, hits and tracking) and
one ``meta`` record (corpus version, build time, what each report was indexed from). All three
change in the same commit, so a reader always sees a consistent set.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from inspection_index import lookup, vocabulary

from .analysis import ANALYSER_VERSION

# Bump when the schema or what a passage carries changes: the next build is a full rebuild.
SCHEMA_VERSION = "2"
INDEX_FORMAT = f"schema{SCHEMA_VERSION}-analyser{ANALYSER_VERSION}"

TITLE_BOOST = 3.0
HEADING_BOOST = 2.0
META_ID = "__meta__"


def judgement_field(key: str) -> str:
    return f"j_{key}"


def figure_field(measure: str) -> str:
    return f"f_{measure}"


def key_of(name: str) -> str:
    """The form in which names (LAs, regions) are matched: case, '&' and spacing ignored."""
    return " ".join(name.lower().replace("&", "and").replace(",", " ").split())


def region_of(document) -> str | None:
    found = lookup.by_urn(document.provider_urn) or lookup.by_name(document.local_authority)
    return found.region if found and found.region else None


def document_facts(document, record: dict[str, Any], figures: dict[str, Any]) -> dict[str, Any]:
    """The report-level facts stored once per report and copied onto each of its passages.

    Catalogue metadata (from the publisher's listing) wins over what extraction read from the
    PDF, except kind and framework, which extraction decides from the document itself.
    """
    published = document.published or record.get("published")
    themes = {name: {"mentions": int(theme.get("mentions", 0)), "concerns": int(theme.get("concerns", 0))}
              for name, theme in (record.get("themes") or {}).items()}
    return {
        "doc_id": document.doc_id,
        "sha256": document.sha256,
        "title": document.title or record.get("title"),
        "local_authority": document.local_authority or record.get("local_authority"),
        "region": region_of(document),
        "published": published,
        "year": int(published[:4]) if published else None,
        "inspection_start": record.get("inspection_start"),
        "inspection_end": record.get("inspection_end"),
        "kind": record.get("kind") or document.kind,
        "framework": record.get("framework"),
        "source": document.source,
        "source_url": document.source_url,
        "provider_urn": document.provider_urn,
        "judgements": dict(record.get("judgements") or {}),
        "themes": themes,
        "word_count": int(record.get("word_count") or 0),
        "figures": {measure: figure.get("value") for measure, figure in figures.items()},
        "figure_years": {measure: figure.get("year") for measure, figure in figures.items()},
    }


def passage_anchor(passage: dict[str, Any]) -> str:
    """The passage's anchor in the document view: the extractor's own, unique per document."""
    return passage.get("anchor") or f"p{passage.get('page') or 0}-para{passage.get('paragraph') or 0}"


def passage_fields(facts: dict[str, Any], record: dict[str, Any]) -> list[dict[str, Any]]:
    """The records for one report's passages, with its mentions attached to them: ``text``,
    ``heading``, ``title`` and ``concern_text`` (the sentences raised as concerns) are searched
    as words and as exact phrases; ``theme`` and ``concern`` list theme names.

    A mention belongs to the passage with its anchor; failing that (a sentence from a table,
    say), to the first passage on its page that contains its sentence, else the first passage
    on that page.
    """
    passages = record.get("passages") or []
    by_anchor: dict[str, int] = {}
    by_page: dict[int, list[int]] = {}
    for position, passage in enumerate(passages):
        by_anchor.setdefault(passage_anchor(passage), position)
        by_page.setdefault(int(passage.get("page") or 0), []).append(position)
    themes: list[set[str]] = [set() for _ in passages]
    concerns: list[set[str]] = [set() for _ in passages]
    concern_sentences: list[list[str]] = [[] for _ in passages]
    for mention in record.get("mentions") or []:
        position = by_anchor.get(passage_anchor(mention))
        if position is None:
            on_page = by_page.get(int(mention.get("page") or 0), [])
            sentence = (mention.get("sentence") or "")[:60]
            position = next((p for p in on_page if sentence and sentence in (passages[p].get("text") or "")),
                            on_page[0] if on_page else None)
        if position is None:
            continue
        themes[position].add(mention["theme"])
        if mention.get("stance") == "concern":
            concerns[position].add(mention["theme"])
            concern_sentences[position].append(mention.get("sentence") or "")
    common = {
        "rtype": "p",
        "doc_id": facts["doc_id"],
        "title": facts["title"] or "",
        "la": key_of(facts["local_authority"]) if facts["local_authority"] else None,
        "region": key_of(facts["region"]) if facts["region"] else None,
        "kind": facts["kind"],
        "framework": facts["framework"],
        "source": facts["source"],
        "year": facts["year"],
    }
    for key, grade in facts["judgements"].items():
        if key in vocabulary.ALL_JUDGEMENT_KEYS and grade:
            common[judgement_field(key)] = grade
    for measure, value in facts["figures"].items():
        if value is not None:
            common[figure_field(measure)] = float(value)
    common = {name: value for name, value in common.items() if value is not None}
    rows = []
    for position, passage in enumerate(passages):
        text = passage.get("text") or ""
        concern_text = "\n".join(concern_sentences[position])
        rows.append({
            **common,
            "pid": f"{facts['doc_id']}:{position}",
            "text": text,
            "heading": passage.get("heading") or "",
            "concern_text": concern_text,
            "page": int(passage.get("page") or 0),
            "paragraph": int(passage.get("paragraph") or 0),
            "anchor": passage_anchor(passage),
            "theme": sorted(themes[position]),
            "concern": sorted(concerns[position]),
        })
    return rows


def fingerprint(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]
