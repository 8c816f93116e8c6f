"""How text becomes index terms: one tokenizer for every field, and two analysers built on it.

- ``STEMMED`` (words typed without quotes, headings, titles): lower-cased, common words dropped,
  Porter-stemmed, so ``caseload`` also finds "caseloads".
- ``EXACT`` (anything in quotes, wildcards): lower-cased words exactly as written, stop words
  kept, with positions for phrases and proximity.

The tokenizer leaves a one-position gap at sentence punctuation (``. ! ? ; :``) so that an
exact phrase never matches across two sentences ("…turnover is high. Caseloads are…" does not
contain "high caseloads"). Changing anything here changes what is indexed: bump
``ANALYSER_VERSION`` so the next ``index`` rebuilds.
"""

from __future__ import annotations

import re

from whoosh.analysis import STOP_WORDS, LowercaseFilter, StemFilter, StopFilter, Token, Tokenizer
from whoosh.lang.porter import stem

ANALYSER_VERSION = "1"

WORD = re.compile(r"\w+(?:\.\w+)*")
SENTENCE_BREAK = re.compile(r"[.!?;:]")


class SentenceTokenizer(Tokenizer):
    """Words (``\\w+``, keeping "10.5" whole), with a position gap between sentences."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost, token.stopped = 1.0, False
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        position, previous_end = start_pos, None
        for match in WORD.finditer(value):
            if previous_end is not None and SENTENCE_BREAK.search(value, previous_end, match.start()):
                position += 1
            token.text = match.group()
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = position
            if chars:
                token.startchar, token.endchar = start_char + match.start(), start_char + match.end()
            yield token
            position += 1
            previous_end = match.end()


EXACT = SentenceTokenizer() | LowercaseFilter()
# renumber=False keeps the sentence gaps; minsize=2 drops stray letters left by PDF text.
STEMMED = SentenceTokenizer() | LowercaseFilter() | StopFilter(minsize=2, renumber=False) | StemFilter(cachesize=100_000)


# The same analysis as EXACT and STEMMED, for engines that take their terms ready-made (tantivy),
# in a few regex passes and dict lookups: several times faster than Whoosh's token pipeline.
# A "." between two word characters is inside a word (10.5), so it does not end a sentence.
GAP = "\u00a7"   # stands where a sentence break is, taking the position Whoosh leaves empty
BREAKS = re.compile(r"[!?;:]|\.(?!\w)|(?<!\w)\.")
MIN_WORD = 2
MAX_CACHED_STEMS = 500_000   # words typed into queries reach this cache too: keep it bounded


class _Stems(dict):
    """word → its stem, or "" for a word STEMMED drops (too short, or a stop word)."""

    def __missing__(self, word: str) -> str:
        if len(self) > MAX_CACHED_STEMS:
            self.clear()
        found = self[word] = "" if len(word) < MIN_WORD or word in STOP_WORDS else stem(word)
        return found


_STEMS = _Stems()


def exact_text(text: str) -> str:
    """The exact words, lower-cased, separated by spaces, with GAP wherever a sentence breaks."""
    sentences = (" ".join(WORD.findall(sentence)) for sentence in BREAKS.split(text))
    return f" {GAP} ".join(filter(None, sentences)).lower()   # lower-cased after, as Whoosh does


def exact_words(text: str) -> list[str]:
    return [term for term in exact_text(text).split() if term != GAP]


def stems_of(words: list[str]) -> list[str]:
    """Stems of lower-cased ``words`` (GAP and stop words dropped), in order."""
    return [found for found in map(_STEMS.__getitem__, words) if found and found != GAP]


def stems(text: str) -> list[str]:
    """Stems of the words that are not stop words (what STEMMED gives, in order)."""
    return stems_of(" ".join(WORD.findall(text)).lower().split())


def stem_of(word: str) -> str:
    """The stem of one lower-cased word, "" if STEMMED drops it."""
    return _STEMS[word]


def word_spans(text: str, positions: bool = True) -> list[tuple[str, int, int, int]]:
    """(lower-cased word, position, start, end) of every word: EXACT's tokens with characters,
    without its per-token pipeline (snippets mark the matches of every hit with it). Without
    ``positions`` (only phrases need them) every position is 0, and it is twice as quick."""
    if not positions:
        return [(match.group().lower(), 0, *match.span()) for match in WORD.finditer(text)]
    spans, position, previous_end = [], 0, None
    for match in WORD.finditer(text):
        start, end = match.span()
        if previous_end is not None and SENTENCE_BREAK.search(text, previous_end, start):
            position += 1
        spans.append((match.group().lower(), position, start, end))
        position += 1
        previous_end = end
    return spans
