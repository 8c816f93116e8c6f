"""The query language: parse what a person typed into a query tree, and explain what is wrong.

Syntax (also in docs/search.md):

- ``caseload`` — a word, and its other forms (caseloads); common words (the, of) are ignored.
- ``"high caseloads"`` — these exact words in this order, within one sentence; ``"agency staff"~5``
  — these words in this order, at most 5 words apart.
- ``AND`` (also just a space), ``OR``, ``NOT`` or ``-word``, and ``( )`` to group.
- ``care*`` — words starting "care" (at least 3 letters before the ``*``).
- Filters: ``judgement:inadequate`` (overall effectiveness), any judgement key
  (``help_and_protection:good``), ``la:"Birmingham"``, ``region:"North West"``, ``year:2016``,
  ``year:2014..2017``, ``year:>=2019``, ``kind:focused-visit``, ``framework:sif``,
  ``source:cafcass``, ``concern:caseload`` (a passage raising the theme as a concern),
  ``theme:caseload`` (a passage mentioning it), ``title:word``, ``heading:word``, and each
  official figure (``vacancy_rate:>20``, ``caseload:15..20``).

Matching is per passage: every part of a query must hold in the same passage (filters on the
report hold on all of its passages). Each engine (``search.engines``) compiles the tree; what a
query may cost is bounded here, before any engine runs it: its length, clauses, words, bracket
depth, years and numbers, and (``Budget``) the word positions its phrases would check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from inspection_index import vocabulary
from inspection_index.errors import InspectionIndexError

from .analysis import exact_words, stems
from .fields import key_of

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 40
MAX_EXPANSIONS = 200
MIN_PREFIX = 3
MAX_SLOP = 50
MAX_TERMS = 60          # words counted one by one, inside phrases too
MAX_DEPTH = 8           # brackets inside brackets
MAX_PHRASE_POSTINGS = 3_000_000
MAX_ARRANGEMENTS = 64   # ways a "phrase"~N may place its words: (N + 1) ** (words - 1)
YEARS = (1900, 2200)    # what a year filter may name
MAX_FIGURE = 1e9
EXAMPLE = 'for example: caseload, "high caseloads", caseload AND agency judgement:inadequate'


class QueryError(InspectionIndexError):
    """A query that cannot be run; ``str(error)`` says what was wrong and how to write it."""


def _theme_labels() -> dict[str, str]:
    try:
        from extract import THEMES
    except ImportError:
        return {}
    return {theme.name: theme.label for theme in THEMES}


# name → label ("agency_staff" → "Agency staff") of the lexicon themes a query may name.
THEME_LABELS = _theme_labels()
THEME_NAMES = tuple(sorted(THEME_LABELS))

try:
    from inspection_index.figures import MEASURES as FIGURE_MEASURES
except ImportError:  # pragma: no cover - depends on what is installed
    FIGURE_MEASURES = {}

GRADE_ALIASES = {"ri": "requires_improvement", "requires_improvement_to_be_good": "requires_improvement"}
TEXT_FILTERS = {"title": "title", "heading": "heading"}
NAME_FILTERS = {"la": "la", "region": "region"}
CHOICE_FILTERS = {"kind": tuple(vocabulary.KINDS), "framework": vocabulary.FRAMEWORKS,
                  "source": vocabulary.SOURCES}
THEME_FILTERS = ("concern", "theme")


def filter_names() -> list[str]:
    return (["judgement", *vocabulary.ALL_JUDGEMENT_KEYS, *NAME_FILTERS, "year", *CHOICE_FILTERS,
             *THEME_FILTERS, *TEXT_FILTERS, "doc", *FIGURE_MEASURES])


# -- the parsed form --------------------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str
    slop: int = 0


@dataclass(frozen=True)
class Filter:
    field: str          # the canonical filter name (judgement → overall_effectiveness)
    value: object       # str, or (low, high, low_inclusive, high_inclusive) for numbers


@dataclass(frozen=True)
class Not:
    child: "Node"


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


Node = Union[Word, Phrase, Filter, Not, And, Or]


# -- tokens -----------------------------------------------------------------------------------

TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<phrase>"[^"]*"(?:~(?P<slop>\S*))?)
  | (?P<unclosed>"[^"]*$)
  | (?P<field>[A-Za-z_]+):(?P<value>"[^"]*"|"[^"]*$|[^\s()]*)
  | (?P<minus>-(?=[^\s-]))
  | (?P<word>[^\s()"]+)
""", re.VERBOSE)

QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


def _tokens(text: str) -> list[tuple[str, re.Match]]:
    out = []
    for match in TOKEN.finditer(text):
        kind = next(name for name in ("space", "open", "close", "phrase", "unclosed", "field", "minus", "word")
                    if match.group(name) is not None)
        if kind == "unclosed":
            raise QueryError(f"The quotation mark before {match.group().strip()[:40]!s} is never closed: "
                             f'end the phrase with another ", as in "high caseloads".')
        if kind != "space":
            out.append((kind, match))
    return out


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.position = 0
        self.depth = 0

    def peek(self) -> tuple[str, re.Match] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def operator(self) -> str | None:
        token = self.peek()
        if token and token[0] == "word" and token[1].group() in ("AND", "OR", "NOT"):
            return token[1].group()
        return None

    def parse(self) -> Node:
        if not self.tokens:
            raise QueryError(f"The query is empty: type a word, a phrase in quotes or a filter ({EXAMPLE}).")
        node = self.parse_or()
        token = self.peek()
        if token is not None:  # only a stray ")" stops parse_or early
            raise QueryError('There is a ")" without a matching "(": remove it or add the "(" where the group starts.')
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.operator() == "OR":
            self.position += 1
            children.append(self.parse_and(after="OR"))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self, after: str | None = None) -> Node:
        children = [self.parse_unary(after)]
        while True:
            token, operator = self.peek(), self.operator()
            if token is None or token[0] == "close" or operator == "OR":
                break
            if operator == "AND":
                self.position += 1
                children.append(self.parse_unary(after="AND"))
            else:
                children.append(self.parse_unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self, after: str | None = None) -> Node:
        token, operator = self.peek(), self.operator()
        if token is None or token[0] == "close" or operator in ("AND", "OR"):
            if after:
                raise QueryError(f"{after} needs a word, phrase or filter on both sides, "
                                 f"as in caseload {after} agency.")
            if operator:
                raise QueryError(f"{operator} needs a word, phrase or filter on both sides, "
                                 f"as in caseload {operator} agency (to search for the word "
                                 f'itself, write it in lower case or in quotes: "{operator.lower()}").')
            if token is not None and token[0] == "close":
                raise QueryError('There is a ")" without a matching "(", or an empty "()": '
                                 "put something to search for inside the brackets.")
            raise QueryError(f"Something is missing at the end of the query ({EXAMPLE}).")
        if operator == "NOT" or token[0] == "minus":
            self.position += 1
            if self.peek() is None or self.operator() in ("AND", "OR", "NOT"):
                raise QueryError("NOT needs a word, phrase or filter after it, as in caseload NOT agency.")
            return Not(self.parse_unary(after="NOT"))
        self.position += 1
        kind, match = token
        if kind == "open":
            self.depth += 1
            if self.depth > MAX_DEPTH:   # before recursing: a deep nest must not exhaust the stack
                raise QueryError(f"The query has brackets inside brackets more than {MAX_DEPTH} deep: "
                                 f"write it with fewer levels, as in (caseload OR workload) AND agency.")
            node = self.parse_or()
            self.depth -= 1
            closing = self.peek()
            if closing is None or closing[0] != "close":
                raise QueryError('A "(" is never closed: add the ")" where the group ends, '
                                 "as in (caseload OR workload) AND agency.")
            self.position += 1
            return node
        if kind == "phrase":
            return _phrase(match)
        if kind == "field":
            return _filter(match.group("field"), match.group("value"))
        return _word(match.group())


def _phrase(match: re.Match) -> Phrase:
    text = match.group("phrase")
    slop_text = match.group("slop")
    body = text[1:text.index('"', 1)]
    words = exact_words(body)
    if not words:
        raise QueryError(f"The phrase {text} has no words in it: put words between the quotation marks.")
    slop = 0
    if slop_text is not None:
        if not slop_text.isdigit() or not 0 <= int(slop_text) <= MAX_SLOP:
            raise QueryError(f'After ~ put how many words apart the phrase\'s words may be, from 0 to '
                             f'{MAX_SLOP}, as in "agency staff"~5 (got ~{slop_text}).')
        slop = int(slop_text)
    if (slop + 1) ** (len(words) - 1) > MAX_ARRANGEMENTS:
        raise QueryError(f"{text} lets its {len(words)} words be placed in more than {MAX_ARRANGEMENTS} ways: "
                         f"use a smaller number after ~ or fewer words, as in \"agency staff\"~5.")
    return Phrase(" ".join(words), slop)


def _word(text: str) -> Word:
    if "*" in text or "?" in text:
        if "?" in text or text.count("*") > 1 or not text.endswith("*"):
            raise QueryError(f"{text}: a wildcard can only end a word, as in safeguard* "
                             f"(? and * inside words are not supported).")
        prefix = text[:-1]
        if len(exact_words(prefix)) != 1 or len(prefix) < MIN_PREFIX:
            raise QueryError(f"{text} is too broad: put at least {MIN_PREFIX} letters before the *, "
                             f"as in safeguard*.")
        return Word(prefix.lower() + "*")
    return Word(text.lower())


def _grade(field: str, value: str) -> str:
    grade = re.sub(r"[\s-]+", "_", value.strip().lower())
    grade = GRADE_ALIASES.get(grade, grade)
    if grade not in vocabulary.GRADES:
        raise QueryError(f"{field}:{value} — {value!r} is not a grade: use one of "
                         f"{', '.join(vocabulary.GRADES)}, as in {field}:inadequate.")
    return grade


def _number(field: str, text: str, kind: type) -> float | int:
    try:
        number = kind(text)
    except ValueError:
        raise QueryError(_number_help(field, text)) from None
    if field == "year" and not YEARS[0] <= number <= YEARS[1]:
        raise QueryError(f"year:{text} is not a year the reports could have: give a year from "
                         f"{YEARS[0]} to {YEARS[1]}, as in year:>=2019.")
    if field != "year" and not abs(number) <= MAX_FIGURE:   # also refuses nan and inf
        raise QueryError(f"{field}:{text} — give a number between {-MAX_FIGURE:,.0f} and {MAX_FIGURE:,.0f}, "
                         f"as in {field}:>20.")
    return number


def _number_help(field: str, value: str) -> str:
    if field == "year":
        return (f"year:{value} — year: needs a year such as 2016, a range such as 2014..2017, "
                f"or a comparison such as year:>=2019.")
    return (f"{field}:{value} — {field}: needs a number such as {field}:>20, {field}:<=10 "
            f"or a range such as {field}:10..20.")


def _numeric(field: str, value: str) -> tuple:
    kind = int if field == "year" else float
    comparison = re.fullmatch(r"(>=|<=|>|<)(.+)", value)
    if comparison:
        operator, number = comparison.group(1), _number(field, comparison.group(2), kind)
        return {">": (number, None, False, True), ">=": (number, None, True, True),
                "<": (None, number, True, False), "<=": (None, number, True, True)}[operator]
    if ".." in value:
        low_text, high_text = value.split("..", 1)
        if not low_text and not high_text:
            raise QueryError(_number_help(field, value))
        low = _number(field, low_text, kind) if low_text else None
        high = _number(field, high_text, kind) if high_text else None
        if low is not None and high is not None and low > high:
            raise QueryError(f"{field}:{value} — the range is backwards: write the smaller number "
                             f"first, as in {field}:{high_text}..{low_text}.")
        return low, high, True, True
    number = _number(field, value, kind)
    return number, number, True, True


def _filter(name: str, raw: str) -> Filter:
    field = name.lower()
    if raw.startswith('"'):
        if len(raw) < 2 or not raw.endswith('"'):
            raise QueryError(f'The quotation mark after {field}: is never closed: write {field}:"…" '
                             f'with a closing ", as in la:"Milton Keynes".')
        value = raw[1:-1].strip()
    else:
        value = raw.strip()
    if field not in filter_names():
        listed = [f for f in filter_names() if f not in vocabulary.ALL_JUDGEMENT_KEYS and f not in FIGURE_MEASURES]
        raise QueryError(f"{name}: is not a filter. The filters are {', '.join(f + ':' for f in listed)}, "
                         f"any judgement (such as help_and_protection:good)"
                         + (f" and the official figures ({', '.join(FIGURE_MEASURES)}, as in vacancy_rate:>20)"
                            if FIGURE_MEASURES else "") + ". "
                         f'To search for text containing a colon, put it in quotes: "{name}:{value}".')
    if not value:
        raise QueryError(f"{field}: needs a value right after the colon, with no space, "
                         f"as in {_example(field)}.")
    if field == "judgement":
        return Filter("overall_effectiveness", _grade(field, value))
    if field in vocabulary.ALL_JUDGEMENT_KEYS and field not in FIGURE_MEASURES:
        return Filter(field, _grade(field, value))
    if field == "year" or field in FIGURE_MEASURES:
        return Filter(field, _numeric(field, value))
    if field in CHOICE_FILTERS:
        choice = value.lower()
        if choice not in CHOICE_FILTERS[field]:
            raise QueryError(f"{field}:{value} — use one of {', '.join(CHOICE_FILTERS[field])}.")
        return Filter(field, choice)
    if field in THEME_FILTERS:
        theme = re.sub(r"[\s-]+", "_", value.lower())
        if THEME_NAMES and theme not in THEME_NAMES:
            raise QueryError(f"{field}:{value} — {value!r} is not a theme: use one of {', '.join(THEME_NAMES)}.")
        return Filter(field, theme)
    if field in TEXT_FILTERS:
        if not stems(value):
            raise QueryError(f"{field}:{value} — give a word that is not too common to search for.")
        return Filter(field, value.lower())
    if field == "doc":
        return Filter(field, value.lower())
    return Filter(field, key_of(value))


def _example(field: str) -> str:
    return {"year": "year:2014..2017", "la": 'la:"Birmingham"', "region": 'region:"North West"',
            "kind": "kind:focused-visit", "framework": "framework:ilacs", "source": "source:ofsted",
            "concern": "concern:caseload", "theme": "theme:caseload", "doc": "doc:0123abcd4567ef89",
            }.get(field, f"{field}:>20" if field in FIGURE_MEASURES else f"{field}:inadequate")


# -- whole queries ----------------------------------------------------------------------------

def _count(node: Node, words: bool = False) -> int:
    """Words, phrases and filters in ``node``; with ``words``, a phrase counts each of its words."""
    if isinstance(node, (And, Or)):
        return sum(_count(child, words) for child in node.children)
    if isinstance(node, Not):
        return _count(node.child, words)
    if words and isinstance(node, Phrase):
        return len(node.text.split())
    return 1


def _only_negative(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, And):
        return all(_only_negative(child) for child in node.children)
    if isinstance(node, Or):
        return any(_only_negative(child) for child in node.children)
    return False


def parse(text: str) -> Node:
    """The parsed query, or QueryError saying what is wrong with it."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}. "
                         f"Search for the few words or phrases that matter most.")
    node = _Parser(text.translate(QUOTES)).parse()
    if _count(node) > MAX_CLAUSES:
        raise QueryError(f"The query has {_count(node)} words, phrases and filters; the limit is "
                         f"{MAX_CLAUSES}. Search for fewer at once.")
    if _count(node, words=True) > MAX_TERMS:
        raise QueryError(f"The query has {_count(node, words=True)} words in all, counting each word of "
                         f"every phrase; the limit is {MAX_TERMS}. Search for fewer or shorter phrases.")
    if _only_negative(node):
        raise QueryError("A query cannot only say what to leave out: add what to search for, "
                         "as in caseload NOT agency.")
    return node


def _quote(value: str) -> str:
    return f'"{value}"' if re.search(r'[\s"():]', value) or not value else value


def _format_value(field: str, value) -> str:
    if not isinstance(value, tuple):
        return _quote(str(value))
    low, high, low_inclusive, high_inclusive = value
    number = (lambda n: f"{n:g}")
    if low is not None and low == high:
        return number(low)
    if low is None:
        return f"{'<=' if high_inclusive else '<'}{number(high)}"
    if high is None:
        return f"{'>=' if low_inclusive else '>'}{number(low)}"
    return f"{number(low)}..{number(high)}"


def normalise(node: Node) -> str:
    """A canonical text of the query: the key for caches and citations."""
    def wrap(child: Node) -> str:
        text = normalise(child)
        return f"({text})" if isinstance(child, (And, Or)) else text

    if isinstance(node, Word):
        return node.text
    if isinstance(node, Phrase):
        return f'"{node.text}"' + (f"~{node.slop}" if node.slop else "")
    if isinstance(node, Filter):
        field = "judgement" if node.field == "overall_effectiveness" else node.field
        return f"{field}:{_format_value(field, node.value)}"
    if isinstance(node, Not):
        return f"NOT {wrap(node.child)}"
    joiner = " AND " if isinstance(node, And) else " OR "
    return joiner.join(wrap(child) for child in node.children)


def has_text(node: Node) -> bool:
    """Whether any positive part searches words (else the query only filters reports)."""
    if isinstance(node, (Word, Phrase)):
        return True
    if isinstance(node, Filter):
        return node.field in TEXT_FILTERS
    if isinstance(node, Not):
        return False
    return any(has_text(child) for child in node.children)


@dataclass
class Highlights:
    """What a snippet marks: stems of plain words, exact words, exact phrases (words, slop)."""
    stems: set
    words: set
    phrases: list

    def key(self) -> tuple:
        """The same for any two Highlights that mark the same words (for keeping snippets)."""
        return frozenset(self.stems), frozenset(self.words), tuple(self.phrases)


class Budget:
    """The positions a query's phrases would make an engine check, counted before it runs.

    An exact phrase is checked at every passage holding all of its words: the cost grows with
    how common the words are (``the of and to a`` is in nearly every passage). Each engine
    calls ``phrase`` with its document frequencies while compiling.
    """

    def __init__(self, limit: int | None = None):
        self.limit, self.spent = MAX_PHRASE_POSTINGS if limit is None else limit, 0

    def phrase(self, words: list[str], frequencies: list[int]) -> None:
        self.spent += sum(frequencies)
        if self.spent > self.limit:
            shown = " ".join(words)
            raise QueryError(f'The exact phrases in this query (such as "{shown}") are made of words '
                             f"so common that matching them means checking {self.spent:,} word positions; "
                             f"the limit is {self.limit:,}. Use rarer words in the phrases, or fewer phrases.")
