"""Theme mentions: find the lexicon's terms in sentences and judge each mention's stance.

The rules are in ``lexicon.py`` (data) and described there and in the README; this module only
applies them. One mention per theme per sentence (the first matching term names it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon

_ABBREVIATIONS = r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bNo)(?<!\bSt)"
_SENTENCE_END = re.compile(_ABBREVIATIONS + r"(?<=[.!?])[”’\"')]*\s+(?=[A-Z‘“\"'(0-9•])")


def sentences(text: str) -> list[str]:
    """Split a passage into sentences (bullets and semicolon lists stay whole)."""
    parts = [part.strip() for part in _SENTENCE_END.split(text)]
    return [part for part in parts if part]


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    description: str


@dataclass(frozen=True)
class _Compiled:
    theme: Theme
    terms: re.Pattern
    exclude: re.Pattern | None
    concern: re.Pattern
    reassurance: re.Pattern


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=1)
def compiled() -> tuple[_Compiled, ...]:
    out = []
    for rule in lexicon.THEME_RULES:
        out.append(_Compiled(
            theme=Theme(rule["name"], rule["label"], rule["description"]),
            terms=re.compile(r"\b(?:" + _alternation(rule["terms"]) + r")\b", re.I),
            exclude=re.compile(r"\b(?:" + _alternation(rule["exclude"]) + r")\b", re.I) if rule["exclude"] else None,
            concern=re.compile(r"\b(?:" + _alternation(rule["concern"]) + r")\b", re.I),
            reassurance=re.compile(r"\b(?:" + _alternation(rule["reassurance"]) + r")\b", re.I),
        ))
    return tuple(out)


THEMES: tuple[Theme, ...] = tuple(c.theme for c in compiled())


@lru_cache(maxsize=1)
def _any_term() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(_alternation(rule["terms"]) for rule in lexicon.THEME_RULES) + r")\b", re.I)

_GENERAL_CONCERN = re.compile(r"\b(?:" + _alternation(lexicon.GENERAL_CONCERN) + r")\b", re.I)
_GENERAL_REASSURANCE = re.compile(r"\b(?:" + _alternation(lexicon.GENERAL_REASSURANCE) + r")\b", re.I)
_NEGATED = re.compile(r"\b" + lexicon.NEGATIONS + r"\b(?:\s+\S+){0,2}\s*$", re.I)
_RECOMMENDATION = re.compile(lexicon.RECOMMENDATION)
_REDUCTION = re.compile(r"\b" + lexicon.REDUCTION + r"\b", re.I)
_NEGATED_REDUCTION = re.compile(r"\b" + lexicon.NEGATIONS + r"\s+(?:\w+\s+)?" + lexicon.REDUCTION + r"\b", re.I)
_CONTRAST = re.compile(r";|\s[–—-]\s|,?\s+\b(?:but|however|although|though|whereas|while|whilst|despite|yet|except)\b,?", re.I)
_REFERS_BACK = re.compile(r"^\s*(?:,\s*)?(?:\w+\s+){0,3}?(?:it|they|this|these|those|their|its)\b", re.I)


def _clause(sentence: str, start: int, end: int) -> tuple[str, int, str]:
    """The clause holding [start, end), the term's offset in it, and a following contrast
    clause that refers back to the term ("…, but it is…", "…, although its quality…"), or ""."""
    cuts = [0] + [m.start() for m in _CONTRAST.finditer(sentence)] + [len(sentence)]
    for left, right in zip(cuts, cuts[1:]):
        if left <= start < right or (start == right and right == len(sentence)):
            index = cuts.index(right)
            following = ""
            if index + 1 < len(cuts):
                candidate = sentence[right:cuts[index + 1]]
                stripped = _CONTRAST.sub("", candidate[:12], count=1) + candidate[12:]
                if _REFERS_BACK.match(stripped):
                    following = candidate
            return sentence[left:right], start - left, following
    return sentence, start, ""


def _near_window(clause: str, start: int, end: int) -> tuple[str, str, str]:
    before = clause[:start]
    after = clause[end:]
    before_words = before.split()
    after_words = after.split()
    return " ".join(before_words[-lexicon.NEAR:]), clause[start:end], " ".join(after_words[:lexicon.NEAR])


def _hits(pattern: re.Pattern, text: str) -> tuple[bool, bool]:
    """(a plain hit, a negated hit) of ``pattern`` in ``text``."""
    plain = negated = False
    for match in pattern.finditer(text):
        preceding = text[max(0, match.start() - 40):match.start()]
        if _NEGATED.search(preceding) and not re.match(r"no\b|not\b", match.group(0), re.I):
            negated = True
        else:
            plain = True
    return plain, negated


def stance(sentence: str, start: int, end: int, rule: _Compiled) -> str:
    """concern | reassurance | neutral for the term at [start, end) of ``sentence``
    (the order of the rules is documented in ``lexicon.py``)."""
    if _RECOMMENDATION.match(sentence):
        return "concern"
    clause, at, following = _clause(sentence, start, end)
    if following:
        concern_after, _ = _hits(_GENERAL_CONCERN, following)
        theme_after, _ = _hits(rule.concern, following)
        if concern_after or theme_after:
            return "concern"
    term_end = at + (end - start)
    before, term, after = _near_window(clause, at, term_end)
    window = before + " " + after
    near_concern, near_concern_negated = _hits(rule.concern, window)
    near_reassure, near_reassure_negated = _hits(rule.reassurance, window)
    term_concern = bool(rule.concern.search(term))
    term_reassure = bool(rule.reassurance.search(term))
    reduced = bool(_REDUCTION.search(window)) and not _NEGATED_REDUCTION.search(window)
    if near_concern or near_reassure_negated:
        return "reassurance" if reduced and near_concern else "concern"
    if near_reassure or near_concern_negated:
        return "reassurance"
    if term_concern:
        return "reassurance" if reduced else "concern"
    rest = clause[:at] + " " + clause[term_end:]
    general_concern, general_concern_negated = _hits(_GENERAL_CONCERN, rest)
    general_reassure, general_reassure_negated = _hits(_GENERAL_REASSURANCE, rest)
    if general_concern or general_reassure_negated:
        return "concern"
    if term_reassure:
        return "reassurance"
    if general_reassure or general_concern_negated:
        return "reassurance"
    return "neutral"


_IMPROVEMENT_SECTION = re.compile(lexicon.IMPROVEMENT_SECTIONS, re.I)


def detect_theme_mentions(text: str, page: int | None = None, paragraph: int | None = None,
                          heading: str | None = None) -> list[dict]:
    """Every theme mention in ``text``: theme, term, stance, sentence (and page/paragraph if given).

    ``heading``: the section the text sits in; under "What needs to improve?" and the like every
    mention is a concern."""
    improvement_section = bool(heading and _IMPROVEMENT_SECTION.match(heading))
    mentions: list[dict] = []
    if not _any_term().search(text):  # most passages mention no theme: skip them quickly
        return mentions
    for sentence in sentences(text):
        for rule in compiled():
            for match in rule.terms.finditer(sentence):
                if rule.exclude is not None and _excluded(rule.exclude, sentence, match.start(), match.end()):
                    continue
                mention = {"theme": rule.theme.name, "term": match.group(0),
                           "stance": "concern" if improvement_section else stance(sentence, match.start(), match.end(), rule),
                           "sentence": sentence}
                if page is not None:
                    mention["page"] = page
                if paragraph is not None:
                    mention["paragraph"] = paragraph
                mentions.append(mention)
                break  # one mention per theme per sentence
    return mentions


def _excluded(pattern: re.Pattern, sentence: str, start: int, end: int) -> bool:
    for match in pattern.finditer(sentence):
        if match.start() <= start < match.end() or match.start() < end <= match.end():
            return True
    return False


def summarise(mentions: list[dict], word_count: int) -> dict[str, dict]:
    """Per theme (all themes, in display order): mentions, concerns, reassurances, per 10,000 words."""
    summary = {}
    for theme in THEMES:
        own = [m for m in mentions if m["theme"] == theme.name]
        summary[theme.name] = {
            "mentions": len(own),
            "concerns": sum(1 for m in own if m["stance"] == "concern"),
            "reassurances": sum(1 for m in own if m["stance"] == "reassurance"),
            "per_10k_words": round(len(own) * 10000 / word_count, 2) if word_count else 0.0,
        }
    return summary


def term_counts(text: str) -> dict[str, int]:
    """Occurrences of every theme's terms in raw text (for the engine-equivalence test)."""
    flat = re.sub(r"\s+", " ", text)
    return {rule.theme.name: len(rule.terms.findall(flat)) for rule in compiled()}
