"""Theme mentions: find the lexicon's terms in sentences and judge each mention's stance.

The rules are in ``lexicon.py`` (data) and described there and in docs/stance.md; this module
applies them, and hands each candidate to the stance model (``stance_model.py``). One mention per
theme per sentence, judged on every term of the theme in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon, stance_model

_ABBREVIATIONS = r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bNo)(?<!\bSt)"
# the cheap test first: most positions follow no full stop, so the abbreviations are rarely tried
_SENTENCE_END = re.compile(r"(?<=[.!?])" + _ABBREVIATIONS + r"[”’\"')]*\s+(?=[A-Z‘“\"'(0-9•])")


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
    falling_is_good: bool
    stems: tuple[str, ...]
    terms: re.Pattern
    exclude: re.Pattern | None
    other_sense: re.Pattern | None
    keep: re.Pattern | None
    concern: re.Pattern
    reassurance: re.Pattern
    stem_filter: re.Pattern
    candidate_stem_filter: re.Pattern
    candidates: re.Pattern


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _optional(patterns: list[str] | None) -> re.Pattern | None:
    return re.compile(r"\b(?:" + _alternation(patterns) + r")\b", re.I) if patterns else None


def _pattern(patterns: list[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + _alternation(patterns) + r")\b", re.I)


def _stem_filter(stems: tuple[str, ...]) -> re.Pattern:
    # one search for any of the stems: quicker than testing each ("in" per stem) on every sentence
    return re.compile("|".join(re.escape(stem) for stem in sorted(set(stems), key=len, reverse=True)))


@lru_cache(maxsize=1)
def compiled() -> tuple[_Compiled, ...]:
    out = []
    for rule in lexicon.THEME_RULES:
        out.append(_Compiled(
            theme=Theme(rule["name"], rule["label"], rule["description"]),
            falling_is_good=rule["falling_is_good"],
            stems=rule["stems"],
            terms=re.compile(r"\b(?:" + _alternation(rule["terms"]) + r")\b", re.I),
            exclude=re.compile(r"\b(?:" + _alternation(rule["exclude"]) + r")\b", re.I) if rule["exclude"] else None,
            other_sense=_optional(rule.get("other_sense")),
            keep=_optional(rule.get("keep")),
            concern=re.compile(r"\b(?:" + _alternation(rule["concern"]) + r")\b", re.I),
            reassurance=re.compile(r"\b(?:" + _alternation(rule["reassurance"]) + r")\b", re.I),
            stem_filter=_stem_filter(rule["stems"]),
            candidate_stem_filter=_stem_filter(rule["stems"] + lexicon.CANDIDATES[rule["name"]][0]),
            candidates=_pattern(lexicon.CANDIDATES[rule["name"]][1]),
        ))
    return tuple(out)


THEMES: tuple[Theme, ...] = tuple(c.theme for c in compiled())


_TERM_STEMS = tuple(stem for rule in lexicon.THEME_RULES for stem in rule["stems"])
_ALL_STEMS = _stem_filter(_TERM_STEMS)
_ALL_CANDIDATE_STEMS = _stem_filter(_TERM_STEMS + tuple(stem for stems, _ in lexicon.CANDIDATES.values() for stem in stems))


_GENERAL_CONCERN = _pattern(lexicon.GENERAL_CONCERN)
_GENERAL_REASSURANCE = _pattern(lexicon.GENERAL_REASSURANCE)
_REQUIREMENT = _pattern(lexicon.REQUIREMENT)
_SHORTFALL = _pattern(lexicon.SHORTFALL)
_AIMS = _pattern(lexicon.AIMS)
_AIM_ACHIEVED = _pattern(lexicon.AIM_ACHIEVED)
_PAST = re.compile(r"\b" + lexicon.PAST + r"\b", re.I)
_ONGOING = re.compile(r"\b" + lexicon.ONGOING + r"\b", re.I)
# "not, however, risen": a parenthetical comma does not end the negation's reach.
_NEGATED = re.compile(r"\b" + lexicon.NEGATIONS + r"\b,?(?:\s+\S+){0,2}\s*$", re.I)
_TERM_NEGATION = re.compile(r"\b" + lexicon.NEGATIONS + r"\b", re.I)
_RECOMMENDATION = re.compile(lexicon.RECOMMENDATION)
_REDUCTION = re.compile(r"\b" + lexicon.REDUCTION + r"\b", re.I)
_INCREASE = re.compile(r"\b" + lexicon.INCREASE + r"\b", re.I)
_NEGATED_INCREASE = re.compile(r"\b" + lexicon.NEGATIONS + r"\s+(?:\w+\s+)?" + lexicon.INCREASE + r"\b", re.I)
_NEGATED_REDUCTION = re.compile(r"\b" + lexicon.NEGATIONS + r"\s+(?:\w+\s+)?" + lexicon.REDUCTION + r"\b", re.I)
# A reduction with an object of its own ("high turnover has reduced the impact of training") is
# something the term did, not something that happened to it.
_REDUCES_SOMETHING = re.compile(r"^\s+(?:the|its|their|a|an|some|many|this|that|these|children|staff|workers|levels?|"
                                r"capacity|impact|time|ability|opportunit\w+|quality|effectiveness)\b", re.I)
# Clause cuts. "however" between commas is parenthetical ("sickness has not, however, risen") and
# "not yet" / "has yet to" are no contrast, so neither cuts the clause.
_CONTRAST = re.compile(r";|\s[–—-]\s|,?\s+\b(?:but|although|though|whereas|while|whilst|despite|in spite of|except)\b,?|"
                       r"(?<!\bnot)(?<!\bas)(?<!\bhas)(?<!\bhave)(?<!\bis)(?<!\bare),?\s+\byet\b,?", re.I)
# A concession runs to its comma, across ", and …" ("While recruitment is improving, and reliance on
# agency staff is low, caseloads remain too high": the agency staff clause is conceded, not the
# caseloads one), wherever it starts ("However, despite some recent investment …, their caseloads …").
_PLAN_NOUN = re.compile(r"\s+(?:and (?:retention|recruitment) )?" + lexicon.PLAN_NOUNS + r"\b", re.I)
_CONDITION = re.compile(r"^\W*(When|Whenever|Where|If|Whether)\b[^,;]*,", re.I)
_PAST_TENSE = re.compile(r"\b(?:was|were|had|\w+ed)\b", re.I)  # "When the workforce stabilised, …" is an event
_STATES = re.compile(r"\b(?:is|are|was|were|has|have|had|remains?|remained|become|becoming)\b", re.I)
_ELLIPTIC = re.compile(r"^\W*(?:\S+\s*){1,4}$")
_LIST_ITEM = re.compile(r",\s*(?:and|or)\b", re.I)
_OPENS_CONCESSIVE = re.compile(r"^\W*(?:however,?\s*)?" + lexicon.CONCESSIVE + r"\b(?:[^,;]*,\s*(?:and|or)\b)*[^,;]*,", re.I)
_INNER_CONCESSION = re.compile(r",?\s*" + lexicon.CONCESSIVE + r"\b(?:[^,;]*,\s*(?:and|or)\b)*[^,;]*,", re.I)
# "Despite X, Y": what Y states holds against X, whether or not Y refers back to X.
_STRONG_CONCESSION = re.compile(r"^\W*,?\s*(?:however,?\s*)?(?:despite|in spite of|notwithstanding)\b", re.I)
_CONCESSIVE_CUT = re.compile(r"^\W*,?\s*" + lexicon.CONCESSIVE + r"\b", re.I)
# A clause that refers back to the term: a pronoun or quantifier, a verb with no subject of its
# own ("…is improving but is not yet…"), or a few words only ("busy but manageable").
_REFERS_BACK = re.compile(r"^\s*(?:,\s*)?(?:(?:\w+\s+){0,3}?(?:it|they|this|these|those|their|its|some|many|most|others|a few|"
                          r"several|none|not all)\b|(?:is|are|was|were|has|have|had|does|do|did|remains?|needs?|can|could|not)\b|"
                          r"\W*(?:\S+\s*){1,4}$)", re.I)


@lru_cache(maxsize=256)  # the rules and their signals cut the same sentence for each theme and term
def _clauses(sentence: str) -> tuple[tuple[int, int], ...]:
    """The sentence's clauses as (start, end) offsets."""
    cuts = [0] + [m.start() for m in _CONTRAST.finditer(sentence) if m.start() > 0]
    opening = _OPENS_CONCESSIVE.match(sentence)  # "Despite X, Y": the concession ends at its comma
    if opening:
        cuts.append(opening.end())
    for left in list(cuts[1:]):  # ...and so does one inside the sentence
        inner = _INNER_CONCESSION.match(sentence, left)
        if inner:
            cuts.append(inner.end())
    cuts = sorted(set(cuts)) + [len(sentence)]
    return tuple((left, right) for left, right in zip(cuts, cuts[1:]) if right > left)


def _term_clause(sentence: str, start: int) -> tuple[int, str, str, str]:
    """(offset, text) of the clause the term at ``start`` is in, the clause after it, and that
    clause without its opening contrast word."""
    spans = _clauses(sentence)
    index = next((n for n, (left, right) in enumerate(spans) if left <= start < right), len(spans) - 1)
    left, right = spans[index]
    following = sentence[spans[index + 1][0]:spans[index + 1][1]] if index + 1 < len(spans) else ""
    return left, sentence[left:right], following, _CONTRAST.sub("", following[:14], count=1) + following[14:]


def _near_window(clause: str, start: int, end: int) -> tuple[str, str, str]:
    before_words = clause[:start].split()
    after_words = clause[end:].split()
    return " ".join(before_words[-lexicon.NEAR:]), clause[start:end], " ".join(after_words[:lexicon.NEAR])


@lru_cache(maxsize=1024)  # the verdict and the model's signals ask the same of the same clause
def _hit(pattern: re.Pattern, text: str, term_at: int | None = None) -> tuple[str | None, str | None]:
    """The first plain hit of ``pattern`` in ``text`` and the first negated one (with its negation).
    With ``term_at`` (where the term was in ``text``): an adjective that describes another noun
    ("an effective participation officer was recruited") is no hit."""
    plain = negated = None
    for match in pattern.finditer(text):
        if term_at is not None and _describes_another_noun(text, match, term_at):
            continue
        preceding = text[max(0, match.start() - 40):match.start()]
        negation = _NEGATED.search(preceding)
        if negation and not _TERM_NEGATION.search(match.group(0)):  # "do not", "not always": negative already
            negated = negated or (preceding[negation.start():] + match.group(0)).strip()
        else:
            plain = plain or match.group(0)
    return plain, negated


_NEXT_WORD = re.compile(r"[ \t]+([a-z][\w’'-]*)")
_NOT_A_NOUN = frozenset("""and or nor but in of to for at with by on across than as when where which who that because so
    throughout from within between about enough too now and also is are was were has have had be been being will would can
    could may might should must do does did not""".split())


def _describes_another_noun(text: str, match: re.Match, term_at: int) -> bool:
    """Whether the cue at ``match`` is an adjective before a noun that is not the term: followed by a
    lower-case word that is no function word, and the term not within three words after it (with no
    verb or function word between: "an effective participation officer was recruited")."""
    word = match.group(0)
    if word.lower().endswith("ly") or " " in word:
        return False
    following = _NEXT_WORD.match(text, match.end())
    if not following or following.group(1).lower() in _NOT_A_NOUN:
        return False
    between = text[match.end():term_at].lower().split() if match.end() <= term_at else None
    return not (between is not None and len(between) <= 3 and not _NOT_A_NOUN.intersection(between))


def _reduction(before: str, after: str, pattern: re.Pattern | None = None,
               negated: re.Pattern | None = None) -> str | None:
    """A reduction cue that applies to the term: before it ("reduced caseloads"), or after it in its
    clause with no object of its own ("caseloads have reduced"). With ``pattern``: an increase."""
    pattern, negated = pattern or _REDUCTION, negated or _NEGATED_REDUCTION
    for text, following in ((before, False), (after, True)):
        for match in pattern.finditer(text):
            if negated.search(text[max(0, match.start() - 30):match.end()]):
                continue
            if following and _REDUCES_SOMETHING.match(text[match.end():]):
                continue
            return match.group(0)
    return None


def _clause_stance(clause: str, rule: _Compiled) -> tuple[str, str] | None:
    """The stance a whole clause states (used for a main clause that refers back to the term)."""
    for pattern, verdict in ((_REQUIREMENT, "concern"), (_SHORTFALL, "concern")):
        found = pattern.search(clause)
        if found:
            return verdict, found.group(0)
    concern, concern_negated = _hit(rule.concern, clause)
    general, general_negated = _hit(_GENERAL_CONCERN, clause)
    reassure, reassure_negated = _hit(rule.reassurance, clause)
    general_reassure, general_reassure_negated = _hit(_GENERAL_REASSURANCE, clause)
    if concern or general or reassure_negated or general_reassure_negated:
        return "concern", concern or general or reassure_negated or general_reassure_negated
    if reassure or general_reassure or concern_negated or general_negated:
        return "reassurance", reassure or general_reassure or concern_negated or general_negated
    return None


def judge(sentence: str, start: int, end: int, rule: _Compiled) -> tuple[str, str | None]:
    """(stance, cue) for the term at [start, end) of ``sentence``: concern | reassurance | neutral,
    and the words that decided it (the order of the rules is documented in ``lexicon.py``)."""
    verdict, cue, by_words = _judge(sentence, start, end, rule)
    condition = _CONDITION.match(sentence) if verdict == "reassurance" and by_words else None
    if condition and start < condition.end() and not _PAST_TENSE.search(condition.group(0)):
        # "When workers have lower caseloads, this impacts positively…", "Whether permanent employees or
        # agency staff, …": a good state supposed, not found (a shortfall in one stays a concern)
        return "neutral", "condition: " + condition.group(1)
    past = _PAST.search(sentence) if by_words and not _ONGOING.search(sentence) else None
    if past and past.start() > end and _LIST_ITEM.search(sentence, end, past.start()):
        past = None  # "lack of supervision, and, until recently, weaker practice": the past is another item's
    if past and verdict == "concern":  # any theme: a shortfall put in the past is over
        return "reassurance", "past: " + past.group(0)
    if past and verdict == "reassurance" and past.group(0).lower().startswith("until"):
        return "concern", "past: " + past.group(0)  # "until recently, … a stable workforce"
    return verdict, cue


def _judge(sentence: str, start: int, end: int, rule: _Compiled) -> tuple[str, str | None, bool]:
    """``judge`` before a problem put in the past is considered; the flag says whether the
    verdict came from the words around the term (not a recommendation, requirement or aim)."""
    opener = _RECOMMENDATION.match(sentence)
    if opener:
        return "concern", "recommendation: " + opener.group(0).strip(" •-–"), False
    left, clause, following, stripped = _term_clause(sentence, start)
    for pattern in (_REQUIREMENT, _SHORTFALL):
        found = pattern.search(clause)
        if found:
            return "concern", found.group(0), False
    strong = following and _STRONG_CONCESSION.match(clause)
    if following and (_REFERS_BACK.match(stripped) or strong):
        # The term in a concession: the main clause after it says what holds ("Despite most
        # caseloads having reduced, some remain too high"); after "but it…", only a concern does;
        # after "despite", a concern holds whether or not the main clause refers back.
        verdict = _clause_stance(following, rule)
        refers = _REFERS_BACK.match(stripped)
        if verdict and (verdict[0] == "concern" or (refers and (_CONCESSIVE_CUT.match(clause) or _OPENS_CONCESSIVE.match(clause)))):
            return verdict[0], verdict[1], True
        if verdict and _ELLIPTIC.match(stripped) and _clause_stance(clause, rule) is None:
            # "workloads are busy but manageable": a few words after "but" qualify the term itself
            return verdict[0], verdict[1], True
    if (following and (_CONCESSIVE_CUT.match(clause) or _OPENS_CONCESSIVE.match(clause)) and rule.terms.search(following)
            and _clause_stance(following, rule)):
        # "Despite the financial pressures …, investment … is a continuing commitment": the theme's
        # term in the main clause decides, not the one conceded.
        return "neutral", "conceded", True
    at = start - left
    term_end = at + (end - start)
    before, term, after = _near_window(clause, at, term_end)
    window = before + " " + after
    # the aim's verb may be the term's own word ("work has been undertaken to stabilise the workforce")
    aim = _AIMS.search(clause[:term_end]) if not _AIM_ACHIEVED.search(sentence) else None
    if aim and aim.start() >= at:
        aim = None
    if not aim and _PLAN_NOUN.match(clause, term_end) and not _AIM_ACHIEVED.search(sentence):
        aim = _PLAN_NOUN.match(clause, term_end)
    # "…are reducing, but further work is needed": a call for action after a contrast qualifies it.
    called = following and (_REQUIREMENT.search(following) or (aim and _SHORTFALL.search(following)))
    if called:
        return "concern", called.group(0), False
    if aim:
        # A plan or aim: only a shortfall stated as it stands counts ("to reduce caseloads, which
        # are too high"); the good outcome it names has not happened.
        adjacent, _ = _hit(rule.concern, " ".join(before.split()[-2:]))
        if adjacent and adjacent.lower() != "number of":
            return "concern", adjacent, False
        stated, _ = _hit(_GENERAL_CONCERN, clause[aim.end():at] + " " + clause[term_end:])
        return ("concern", stated, False) if stated else ("neutral", "aim: " + aim.group(0), False)
    negated_term = _TERM_NEGATION.search(term)
    if negated_term:  # "not always allocated promptly": the negation in the term governs what follows
        return "concern", term, True
    near_concern, near_concern_negated = _hit(rule.concern, window)
    near_reassure, near_reassure_negated = _hit(rule.reassurance, window)
    reduced = _reduction(before, clause[term_end:]) if rule.falling_is_good else None
    if near_concern or near_reassure_negated:
        if reduced and near_concern:
            return "reassurance", reduced, True
        return "concern", near_concern or near_reassure_negated, True
    if near_reassure or near_concern_negated:
        return "reassurance", near_reassure or near_concern_negated, True
    if reduced:  # "this has helped reduce social workers' caseloads"
        return "reassurance", reduced, True
    # where more is good news, more of the term is ("a recent increase in funding"), however an
    # increase reads elsewhere
    increased = (None if rule.falling_is_good else
                 _reduction(" ".join(before.split()[-3:]), clause[term_end:], _INCREASE, _NEGATED_INCREASE))
    if increased:
        return "reassurance", increased, True
    # where less is good news, a rise of the term later in its clause is a concern ("the turnover of
    # social workers in the local authority has increased")
    risen = (_reduction("", clause[term_end:], _INCREASE, _NEGATED_INCREASE) if rule.falling_is_good else None)
    if risen:
        return "concern", risen, True
    term_concern = rule.concern.search(term)
    if term_concern:
        return ("reassurance", reduced, True) if reduced else ("concern", term_concern.group(0), True)
    if _STATES.search(term):  # the term states its own state ("the adoption team has remained stable")
        term_reassure = rule.reassurance.search(term)
        if term_reassure:
            return "reassurance", term_reassure.group(0), True
    rest = clause[:at] + " " + clause[term_end:]
    general_concern, general_concern_negated = _hit(_GENERAL_CONCERN, rest)
    general_reassure, general_reassure_negated = _hit(_GENERAL_REASSURANCE, rest, term_at=at)
    if general_concern or general_reassure_negated:
        return "concern", general_concern or general_reassure_negated, True
    term_reassure = rule.reassurance.search(term)
    if term_reassure:
        return "reassurance", term_reassure.group(0), True
    if general_reassure or general_concern_negated:
        return "reassurance", general_reassure or general_concern_negated, True
    return "neutral", None, True


def signals(sentence: str, start: int, end: int, rule: _Compiled) -> set[str]:
    """Every cue the rules know of around the term at [start, end), whether or not it decided the
    verdict (``judge`` stops at the first that does): what the stance model weighs beside it."""
    found = set()
    if _RECOMMENDATION.match(sentence):
        found.add("recommendation")
    left, clause, following, stripped = _term_clause(sentence, start)
    at, term_end = start - left, end - left
    before, term, after = _near_window(clause, at, term_end)
    window = before + " " + after
    rest = clause[:at] + " " + clause[term_end:]
    for name, pattern, text in (("requirement", _REQUIREMENT, clause), ("shortfall", _SHORTFALL, clause),
                                ("aim", _AIMS, clause[:term_end]), ("aim achieved", _AIM_ACHIEVED, sentence),
                                ("past", _PAST, sentence), ("ongoing", _ONGOING, sentence),
                                ("negated term", _TERM_NEGATION, term), ("requirement after", _REQUIREMENT, following),
                                ("shortfall after", _SHORTFALL, following), ("concession", _OPENS_CONCESSIVE, clause)):
        if pattern.search(text):
            found.add(name)
    for name, pattern, text in (("near concern", rule.concern, window), ("near reassurance", rule.reassurance, window),
                                ("general concern", _GENERAL_CONCERN, rest),
                                ("general reassurance", _GENERAL_REASSURANCE, rest),
                                ("after concern", rule.concern, following), ("after reassurance", rule.reassurance, following),
                                ("after general concern", _GENERAL_CONCERN, following),
                                ("after general reassurance", _GENERAL_REASSURANCE, following)):
        plain, negated = _hit(pattern, text)
        if plain:
            found.add(name)
        if negated:
            found.add(name + " negated")
    if _reduction(before, clause[term_end:]):
        found.add("reduction")
    if _reduction(" ".join(before.split()[-3:]), clause[term_end:], _INCREASE, _NEGATED_INCREASE):
        found.add("increase")
    if _CONDITION.match(sentence):
        found.add("condition")
    if following and _REFERS_BACK.match(stripped):
        found.add("refers back")
    return found


_IMPROVEMENT_SECTION = re.compile(lexicon.IMPROVEMENT_SECTIONS, re.I)


def in_improvement_section(heading: str | None) -> bool:
    """Whether ``heading`` lists what must improve ("What needs to improve?" and the like)."""
    return bool(heading and _IMPROVEMENT_SECTION.match(heading))


_RANK = {"concern": 2, "reassurance": 1, "neutral": 0}


_SHIPPED = object()  # detect_theme_mentions' default model: the one shipped (``None`` is the rules alone)


def candidates(sentence: str, heading: str | None = None, wide: bool = False):
    """The rules' reading of each theme in one sentence: (theme, term, stance, cue, source, signals).

    Every term of the theme is judged: a concern at any of them makes the mention a concern, else a
    reassurance at any ("Despite most caseloads having reduced, some remain too high"); under "What
    needs to improve?" and the like (``heading``) every mention is a concern. ``source`` says what
    found it: ``term`` (the lexicon's terms), or with ``wide`` also ``other_sense`` (the terms, in a
    sentence the rules read as another sense throughout) and ``candidate`` (only the candidate
    finder's wider patterns, ``lexicon.CANDIDATES``); with ``wide``, ``signals`` are every cue the
    rules know of around the term (else empty)."""
    improvement_section = in_improvement_section(heading)
    lowered = sentence.lower()
    for rule in compiled():
        if not (rule.candidate_stem_filter if wide else rule.stem_filter).search(lowered):
            continue
        source = "term"
        kept = rule.keep.search(sentence) if rule.keep is not None else None
        if not kept and rule.other_sense is not None and rule.other_sense.search(sentence):
            if not wide:
                continue  # about foster carers, placements, a child's education: another sense throughout
            source = "other_sense"
        matches = [match for match in rule.terms.finditer(sentence)
                   if not (rule.exclude is not None and _excluded(rule.exclude, sentence, match.start(), match.end())
                           and not (kept and _excluded(rule.keep, sentence, match.start(), match.end())))]
        if not matches and wide:
            matches, source = list(rule.candidates.finditer(sentence)), "candidate"
        best = None
        for match in matches:
            if improvement_section:
                verdict = ("concern", f"section: {heading}")
            else:
                verdict = judge(sentence, match.start(), match.end(), rule)
            if best is None or _RANK[verdict[0]] > _RANK[best[1][0]]:
                best = (match, verdict)
            if improvement_section or verdict[0] == "concern":
                break
        if best is not None:
            cues = signals(sentence, best[0].start(), best[0].end(), rule) if wide else set()
            yield rule.theme.name, best[0].group(0), best[1][0], best[1][1], source, cues


def detect_theme_mentions(text: str, page: int | None = None, paragraph: int | None = None,
                          heading: str | None = None, model=_SHIPPED) -> list[dict]:
    """Every theme mention in ``text``: theme, term, stance, cue, sentence (and page/paragraph if given).

    One mention per theme per sentence. The rules read each sentence (``candidates``); the stance
    model (``stance_model``, shipped with the package; ``model=None``: the rules alone, on the
    lexicon's terms only) reads the rules' verdict again with the sentence's words and the
    candidate finder's wider patterns: its label is the stance, and a candidate it reads as another
    sense is no mention. ``cue`` is the words that decided it."""
    if model is _SHIPPED:
        model = stance_model.shipped()
    improvement_section = in_improvement_section(heading)
    mentions: list[dict] = []
    lowered = text.lower()
    # most passages mention no theme: skip them quickly
    if not (_ALL_CANDIDATE_STEMS if model is not None else _ALL_STEMS).search(lowered):
        return mentions
    for sentence in sentences(text):
        for theme, term, stance, cue, source, cues in candidates(sentence, heading, wide=model is not None):
            if model is not None:
                stance, cue = stance_model.read(model, sentence, heading, theme, term, stance, cue, source, cues,
                                                improvement_section)
                if stance == "not_theme":
                    continue
            mention = {"theme": theme, "term": term, "stance": stance, "cue": cue, "sentence": sentence}
            if page is not None:
                mention["page"] = page
            if paragraph is not None:
                mention["paragraph"] = paragraph
            mentions.append(mention)
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
