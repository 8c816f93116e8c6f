"""Snippets: the best window of a passage, HTML-escaped, with the matched words in <mark>."""

from __future__ import annotations

from html import escape

from .analysis import stem_of, word_spans
from .query import Highlights

SNIPPET_CHARS = 300
LEAD_CHARS = 60   # how much text to show before the first match in the window


def _matched_spans(text: str, highlights: Highlights) -> list[tuple[int, int]]:
    tokens = word_spans(text, positions=bool(highlights.phrases))
    exact, stems = highlights.words, highlights.stems
    spans = [(start, end) for word, _, start, end in tokens
             if word in exact or (stems and stem_of(word) in stems)]
    for phrase, slop in highlights.phrases:
        spans += _phrase_spans(tokens, phrase, slop)
    return sorted(set(spans))


def _phrase_spans(tokens, words, slop) -> list[tuple[int, int]]:
    """The tokens of each occurrence of ``words`` in order, each within ``slop`` words of the last."""
    spans = []
    for index, (word, position, start, end) in enumerate(tokens):
        if word != words[0]:
            continue
        chain, last_position, cursor = [(start, end)], position, index + 1
        for wanted in words[1:]:
            while cursor < len(tokens) and tokens[cursor][1] <= last_position + slop + 1:
                if tokens[cursor][0] == wanted:
                    break
                cursor += 1
            else:
                chain = None
                break
            if cursor >= len(tokens):
                chain = None
                break
            chain.append((tokens[cursor][2], tokens[cursor][3]))
            last_position, cursor = tokens[cursor][1], cursor + 1
        if chain:
            spans += chain
    return spans


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join matches separated only by spaces ("high caseloads" is marked as one)."""
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and (start <= merged[-1][1] or not text[merged[-1][1]:start].strip()):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    if len(text) <= SNIPPET_CHARS:
        return 0, len(text)
    if not spans:
        start = 0
    else:
        # The window (starting a little before some match) that holds the most matches.
        best = max(spans, key=lambda span: (sum(1 for s, e in spans if span[0] <= s and e <= span[0] + SNIPPET_CHARS - LEAD_CHARS), -span[0]))
        start = max(0, best[0] - LEAD_CHARS)
    end = min(len(text), start + SNIPPET_CHARS)
    # Whole words only.
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + SNIPPET_CHARS // 2 else end
    return start, end


def snippet(text: str, highlights: Highlights) -> str:
    """Escaped HTML of the part of ``text`` with the most matches; "…" where text is cut."""
    text = " ".join(text.split())
    spans = _merge(text, _matched_spans(text, highlights))
    start, end = _window(text, spans)
    out, cursor = ["…" if start > 0 else ""], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[cursor:span_start], quote=False))
        out.append(f"<mark>{escape(text[span_start:span_end], quote=False)}</mark>")
        cursor = span_end
    out.append(escape(text[cursor:end], quote=False))
    out.append("…" if end < len(text) else "")
    return "".join(out)
