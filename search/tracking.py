"""Tracking: how often reports in each grade (or year, framework, kind, region, figure band)
mention a term, or raise it as a concern, with a test of association.

- A **term** is a lexicon theme (``caseload``: the extractor's mentions and their stance), a
  word (``vacancies``: every form of it in the passages' text) or a "quoted phrase" (exactly).
- **Counts are documents**: each report once. A report *mentions* a theme when the extractor
  found a mention of it, a word or phrase when its passage text contains it; it *raises it as a
  concern* when a mention of the theme has stance "concern", or when the word or phrase occurs
  in a sentence the extractor marked as a concern. ``mentions_per_10k`` is all mentions in the
  group's reports per 10,000 of their words: for a theme, the extractor's mentions; for a word
  or phrase, the passages containing it (each passage once).
- **One match per term and measure**: the reports counted, how many of their passages match and
  the supporting passages all come from the same match (mentions, and concerns), never from
  the full match run again.
- **The reports compared** are those with a value for ``by`` (for a judgement: the reports that
  make it), optionally only those matching the query ``where``. ``by_year`` splits the same
  reports by year of publication.
- **Test**: chi-squared across all values of ``by``; when a 2×2 table of the focus group
  (inadequate; for figures the top quartile) against the rest has an expected count below 5,
  Fisher's exact test on that table instead. The odds ratio compares the focus group with the
  rest, with a 95% interval by Woolf's log method (adding 0.5 to every cell when one is zero).
- **Figures**: ``by=<measure>`` splits the reports into quartiles of that figure (reports
  without it are left out); for a judgement, each value's figures are summarised as n, median
  and quartiles (linear interpolation).
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from statistics import median
from typing import Any

import numpy
from scipy import stats
from inspection_index import vocabulary

from . import models, table
from .analysis import exact_words, stems
from .lru import LRU
from .query import FIGURE_MEASURES, THEME_LABELS, THEME_NAMES, And, Filter, Phrase, QueryError, Word, normalise, parse
from .state import State, hit_of

PASSAGES_PER_TERM = 10
MAX_TERMS = 10
OTHER_BY = ("year", "framework", "kind", "region")
MIN_EXPECTED = 5


@dataclass(frozen=True)
class TrackTerm:
    text: str            # how it is shown: caseload, vacancies, "high caseloads"
    kind: str            # theme | word | phrase
    node: Any            # the parsed query for words and phrases, a Filter pair for themes

    @property
    def label(self) -> str:
        """How sentences name it: a theme by its lexicon label ("agency staff"), else as written."""
        if self.kind == "theme":
            return THEME_LABELS.get(self.text, self.text.replace("_", " ")).lower()
        return self.text


def parse_term(raw: str, themes: set[str]) -> TrackTerm:
    text = raw.strip()
    if not text:
        raise QueryError('A tracking term is empty: give a theme, a word or a "quoted phrase".')
    name = re.sub(r"[\s-]+", "_", text.lower())
    if name in themes:
        return TrackTerm(name, "theme", (Filter("theme", name), Filter("concern", name)))
    node = parse(text)
    if isinstance(node, And) and not re.search(r"\b(AND|OR|NOT)\b|[-():*]", text):
        node = parse(f'"{text}"')   # several plain words: the phrase they make
    if not isinstance(node, (Word, Phrase)) or (isinstance(node, Word) and node.text.endswith("*")):
        raise QueryError(f"{raw!r} cannot be tracked: a tracking term is a theme "
                         f"({', '.join(sorted(themes)) or 'none indexed'}), one word or one "
                         f'"quoted phrase" — no operators, filters or wildcards.')
    if isinstance(node, Word) and len(exact_words(node.text)) > 1:   # "e-mail": a phrase
        node = Phrase(" ".join(exact_words(node.text)))
    if isinstance(node, Word) and not stems(node.text):
        raise QueryError(f"{raw!r} is too common a word to track: put it in a \"quoted phrase\".")
    return TrackTerm(normalise(node), "word" if isinstance(node, Word) else "phrase", node)


def _by_values(by: str, population: dict[str, Any]) -> tuple[list, dict[str, Any], Any]:
    """Ordered values, doc_id → value, and the focus value (compared with the rest) or None."""
    if by in FIGURE_MEASURES:
        figures = {doc_id: facts["figures"].get(by) for doc_id, facts in population.items()}
        figures = {doc_id: value for doc_id, value in figures.items() if value is not None}
        if not figures:
            return [], {}, None
        cuts = numpy.percentile(list(figures.values()), [25, 50, 75])
        edges = [min(figures.values()), *cuts, max(figures.values())]
        labels = [f"Q{n + 1} ({edges[n]:.1f}–{edges[n + 1]:.1f})" for n in range(4)]
        value_of = {doc_id: labels[min(3, int(numpy.searchsorted(cuts, value, side="right")))]
                    for doc_id, value in figures.items()}
        present = [label for label in labels if label in value_of.values()]
        return present, value_of, present[-1]
    if by in vocabulary.ALL_JUDGEMENT_KEYS:
        value_of = {doc_id: facts["judgements"].get(by) for doc_id, facts in population.items()}
        value_of = {doc_id: value for doc_id, value in value_of.items() if value}
        values = [grade for grade in vocabulary.GRADES if grade in value_of.values()]
        return values, value_of, "inadequate" if "inadequate" in values else None
    value_of = {doc_id: facts[by] for doc_id, facts in population.items() if facts[by] is not None}
    return sorted(set(value_of.values())), value_of, None


def compared(index, state: State, by: str, where_node=None,
             deadline: float | None = None) -> tuple[list, dict[str, Any], Any]:
    """The reports a tracking answer counts: (ordered values, doc_id → value, focus value).
    ``index`` is the SearchIndex asking."""
    population = state.documents
    if where_node is not None:
        chosen = {match.doc_id for match in index.matches(state, where_node, sort="date", deadline=deadline)[0]}
        population = {doc_id: facts for doc_id, facts in population.items() if doc_id in chosen}
    return _by_values(by, population)


def check_by(by: str) -> str:
    by = "overall_effectiveness" if by == "judgement" else by
    allowed = [*vocabulary.ALL_JUDGEMENT_KEYS, *OTHER_BY, *FIGURE_MEASURES]
    if by not in allowed:
        raise QueryError(f"Cannot break down by {by!r}: use a judgement ({', '.join(vocabulary.JUDGEMENT_KEYS)}), "
                         f"{', '.join(OTHER_BY)}" + (f" or a figure ({', '.join(FIGURE_MEASURES)})" if FIGURE_MEASURES else "") + ".")
    return by


def _occurrences(index, state: State, term: TrackTerm, deadline: float | None) -> tuple[Counter, set[str], list]:
    """(doc_id → mentions, doc_ids raising it as a concern, supporting passages) for one term,
    from one match of its mentions and one of its concerns."""
    if term.kind == "theme":
        concern_matches, _ = index.matches(state, term.node[1], need=PASSAGES_PER_TERM, deadline=deadline)
        mention_matches, highlights = index.matches(state, term.node[0], need=PASSAGES_PER_TERM, deadline=deadline)
        mentions, concerns = state.derive(("theme", term.text), lambda: _theme_counts(state, term.text))
        return mentions, concerns, [concern_matches, mention_matches, highlights]
    concern_matches, _ = index.matches(state, term.node, within="concern", need=PASSAGES_PER_TERM, deadline=deadline)
    mention_matches, highlights = index.matches(state, term.node, within="text", need=PASSAGES_PER_TERM,
                                                deadline=deadline)
    mentions = Counter({match.doc_id: match.passages for match in mention_matches})
    return mentions, {match.doc_id for match in concern_matches}, [concern_matches, mention_matches, highlights]


def _theme_counts(state: State, theme: str) -> tuple[Counter, set[str]]:
    """(doc_id → the extractor's mentions of ``theme``, doc_ids raising it as a concern)."""
    counts = {doc_id: facts["themes"].get(theme) or {} for doc_id, facts in state.documents.items()}
    return (+Counter({doc_id: found.get("mentions", 0) for doc_id, found in counts.items()}),
            {doc_id for doc_id, found in counts.items() if found.get("concerns", 0) > 0})


def _odds_ratio(focus: tuple[int, int], rest: tuple[int, int]) -> tuple[float, float, float]:
    """Odds ratio of focus vs rest with Woolf's 95% interval (Haldane's +0.5 when a cell is 0)."""
    a, b = focus[0], focus[1] - focus[0]
    c, d = rest[0], rest[1] - rest[0]
    if 0 in (a, b, c, d):
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    ratio = (a * d) / (b * c)
    spread = 1.96 * math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return ratio, math.exp(math.log(ratio) - spread), math.exp(math.log(ratio) + spread)


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _by_label(by: str) -> str:
    if by in FIGURE_MEASURES:
        return FIGURE_MEASURES[by]["label"].lower()
    return by.replace("_", " ")


def _focus_label(by: str, focus: str) -> str:
    if by in FIGURE_MEASURES:
        return f"reports in the top quarter of {_by_label(by)} ({focus})"
    return f"reports judged {vocabulary.GRADE_LABELS.get(focus, focus).lower()}"


def association(term: str, measure: str, by: str, values: list, counts: dict, focus,
                label: str | None = None) -> dict[str, Any]:
    """The test for one term and measure; ``counts``: value → (with, documents); ``label``: how
    the sentence names the term (default: the term)."""
    label = label or term
    doing = f"mentioning {label}" if measure == "mentioning" else f"raising {label} as a concern"
    table = [[counts[v][0], counts[v][1] - counts[v][0]] for v in values if counts[v][1]]
    result = {"term": term, "measure": measure, "test": None, "statistic": None, "dof": None,
              "p_value": None, "odds_ratio": None, "ci_low": None, "ci_high": None,
              "inadequate": None, "rest": None, "focus": focus, "sentence": None}
    total_with = sum(row[0] for row in table)
    total = sum(sum(row) for row in table)
    if len(table) < 2 or total_with in (0, total):
        result["sentence"] = (f"No test: {'every' if total_with and total_with == total else 'no'} report compared "
                              f"is {doing}." if len(table) >= 2 else
                              f"No test: the reports compared have only one value of {_by_label(by)}.")
        return result
    pair = None
    if focus is not None:
        focus_counts = counts[focus]
        rest = (sum(counts[v][0] for v in values if v != focus), sum(counts[v][1] for v in values if v != focus))
        pair = [[focus_counts[0], focus_counts[1] - focus_counts[0]], [rest[0], rest[1] - rest[0]]]
        ratio, low, high = _odds_ratio(focus_counts, rest)
        result.update(odds_ratio=round(ratio, 3), ci_low=round(low, 3), ci_high=round(high, 3),
                      inadequate=list(focus_counts), rest=list(rest))
    expected_small = pair is not None and min(stats.contingency.expected_freq(pair).flatten()) < MIN_EXPECTED
    if expected_small and rest[1]:
        _, p = stats.fisher_exact(pair)
        result.update(test="fisher", p_value=float(p))
        test_text = "Fisher's exact test"
    else:
        chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
        result.update(test="chi-squared", statistic=round(float(chi2), 3), dof=int(dof), p_value=float(p))
        test_text = f"chi-squared {chi2:.1f}, {dof} df, across {len(table)} values of {_by_label(by)}"
    p = result["p_value"]
    if focus is not None and rest[1]:
        f_with, f_n = counts[focus]
        result["sentence"] = (
            f"The odds of {doing} were {result['odds_ratio']:.1f} times as high for {_focus_label(by, focus)} "
            f"as for the other reports ({f_with} of {f_n}, {f_with / f_n:.0%}, against {rest[0]} of {rest[1]}, "
            f"{rest[0] / rest[1]:.0%}; odds ratio 95% CI {result['ci_low']:.1f} to {result['ci_high']:.1f}; "
            f"{_p_text(p)}, {test_text}).")
    else:
        verdict = "varied" if p < 0.05 else "did not vary significantly"
        result["sentence"] = f"The share of reports {doing} {verdict} with {_by_label(by)} ({_p_text(p)}, {test_text})."
    return result


def _quartiles(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0, "median": None, "q1": None, "q3": None}
    q1, q3 = numpy.percentile(values, [25, 75])
    return {"n": len(values), "median": round(float(median(values)), 2), "q1": round(float(q1), 2),
            "q3": round(float(q3), 2)}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def track(index, terms: list[str], by: str = "overall_effectiveness", where: str | None = None,
          deadline: float | None = None, cached_only: bool = False) -> dict[str, Any] | None:
    """The tracking table for ``terms`` by ``by`` over ``index`` (a SearchIndex; see the module
    docstring); work stops at ``deadline`` (``time.monotonic()``); ``cached_only``: answer only
    from the cache (None when not there)."""
    started = time.perf_counter()
    by = check_by(by)
    if not terms:
        raise QueryError('Give at least one term to track: a theme, a word or a "quoted phrase".')
    if len(terms) > MAX_TERMS:
        raise QueryError(f"Track at most {MAX_TERMS} terms at once (got {len(terms)}).")
    where_node = parse(where) if where else None
    state = index.state()
    themes = set(THEME_NAMES) | (state.derive("themes", lambda: {name for facts in state.documents.values()
                                                                 for name in facts["themes"]}) if state else set())
    parsed = [parse_term(term, themes) for term in terms]
    version = state.corpus_version if state else None
    key = ("track", version, tuple(t.text for t in parsed), by, normalise(where_node) if where_node else None)
    answer = index.cache.get(key)
    if answer is None and cached_only:
        return None
    if answer is None:
        answer = _track(index, state, parsed, by, where_node, deadline)
        index.cache.put(key, answer)
    # The concern counts are only as good as the stance reader: its measured accuracy goes with them.
    from extract import stance_accuracy

    return {**answer, "stance_accuracy": stance_accuracy()["summary"], "corpus_version": version,
            "elapsed_ms": round((time.perf_counter() - started) * 1000, 2)}


def _track(index, state: State | None, parsed: list[TrackTerm], by: str, where_node,
           deadline: float | None) -> dict[str, Any]:
    answer = {"terms": [t.text for t in parsed], "term_kinds": {t.text: t.kind for t in parsed},
              "term_labels": {t.text: t.label for t in parsed}, "by": by,
              "where": normalise(where_node) if where_node else None, "values": [], "rows": [], "tests": [],
              "figures": [], "by_year": [], "passages": {t.text: [] for t in parsed}, "documents": 0}
    if state is None:
        return answer
    population = state.documents
    values, value_of, focus = compared(index, state, by, where_node, deadline)
    group_size = Counter(value_of.values())
    words_of = defaultdict(int)
    for doc_id, value in value_of.items():
        words_of[value] += population[doc_id]["word_count"]
    years = sorted({population[d]["year"] for d in value_of if population[d]["year"] is not None})
    answer.update(values=values, documents=len(value_of))
    occurrences = [_occurrences(index, state, term, deadline) for term in parsed]
    for term, (mentions, concerns, supporting) in zip(parsed, occurrences):
        counted = {"mentioning": defaultdict(int), "concern": defaultdict(int)}
        by_year = {year: [0, 0, 0] for year in years}
        mention_total = defaultdict(int)
        for doc_id, value in value_of.items():
            mentioned, concern = mentions.get(doc_id, 0) > 0, doc_id in concerns
            counted["mentioning"][value] += mentioned
            counted["concern"][value] += concern
            mention_total[value] += mentions.get(doc_id, 0)
            year = population[doc_id]["year"]
            if year is not None:
                by_year[year][0] += 1
                by_year[year][1] += mentioned
                by_year[year][2] += concern
        for value in values:
            n = group_size[value]
            answer["rows"].append({
                "term": term.text, "value": value, "documents": n,
                "mentioning": counted["mentioning"][value], "concern": counted["concern"][value],
                "share_mentioning": _share(counted["mentioning"][value], n),
                "share_concern": _share(counted["concern"][value], n),
                "mentions_per_10k": round(mention_total[value] * 10000 / words_of[value], 2) if words_of[value] else None,
            })
        for measure in ("mentioning", "concern"):
            counts = {value: (counted[measure][value], group_size[value]) for value in values}
            answer["tests"].append(association(term.text, measure, by, values, counts, focus, term.label))
        answer["by_year"] += [{"term": term.text, "year": year, "documents": n, "mentioning": m, "concern": c,
                               "share_mentioning": _share(m, n), "share_concern": _share(c, n)}
                              for year, (n, m, c) in by_year.items()]
        answer["passages"][term.text] = _supporting(state, *supporting, set(value_of))
    rows = table.for_config(index.config)
    by_id = rows.by_id()
    answer["figure_tests"] = _figure_tests(rows.version, by_id, by, value_of)
    answer["adjusted_tests"] = models.adjusted_tests(
        by_id, value_of, focus, {t.text: (t.label, occ[1]) for t, occ in zip(parsed, occurrences)})
    loaded = state.derive("measures", lambda: [m for m in FIGURE_MEASURES if any(
        facts["figures"].get(m) is not None for facts in population.values())])
    measures = [m for m in loaded if any(population[d]["figures"].get(m) is not None for d in value_of)]
    for value in values:
        for measure in measures:
            numbers = [population[d]["figures"][measure] for d, v in value_of.items()
                       if v == value and population[d]["figures"].get(measure) is not None]
            answer["figures"].append({"measure": measure, "value": value, **_quartiles(numbers)})
    return answer


_figure_tests_made = LRU(64)   # (table version, by, reports compared) → the tests


def _figure_tests(version: str, rows_by_id: dict[str, dict[str, Any]], by: str,
                  value_of: dict[str, Any]) -> list[dict[str, Any]]:
    """The figure tests (by a judgement only) of the reports compared. They depend on those
    reports, not on the terms, and each is a model fit: made once per table version."""
    if by not in vocabulary.ALL_JUDGEMENT_KEYS:
        return []
    key = (version, by, frozenset(value_of))
    tests = _figure_tests_made.get(key)
    if tests is None:
        tests = models.figure_tests([rows_by_id[doc_id] for doc_id in value_of if doc_id in rows_by_id], by)
        _figure_tests_made.put(key, tests)
    return tests


def _supporting(state: State, concern_matches: list, mention_matches: list, highlights,
                counted: set[str]) -> list[dict[str, Any]]:
    """Up to ten passages, one per report, those raising the term as a concern first."""
    concern_docs = {match.doc_id for match in concern_matches}
    hits, seen = [], set()
    for match in [*concern_matches, *mention_matches]:
        if match.doc_id in seen or match.doc_id not in counted:
            continue
        seen.add(match.doc_id)
        hits.append({**hit_of(state, match, highlights), "concern": match.doc_id in concern_docs})
        if len(hits) == PASSAGES_PER_TERM:
            break
    return hits
