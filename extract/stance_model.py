"""The learned half of the stance reader: a logistic model over the rules' verdict and the words.

The rules (``themes.judge``) find each mention and give it a stance and a cue; this model, trained
on the dev split of the hand-labelled fixture (``python -m extract.stance_train``; docs/stance.md),
reads the same sentence again and says ``concern``, ``reassurance``, ``neutral`` or
``not_theme`` (the words in another sense: the candidate is no mention). It weighs the rules' verdict
with the words, so it learns where the rules can be trusted and where they cannot.

Only the standard library runs it: the trained weights ship in ``stance_model.json``, and scoring
is a sum of the weights of the features present and a softmax. Training needs scikit-learn (the
``train`` extra); reading does not.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

MODEL_FILE = Path(__file__).resolve().parent / "stance_model.json"
NOT_THEME = "not_theme"

_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
# The term's clause for the model: cut at contrasts, as a reader would (the rules cut more finely).
_CONTRAST = re.compile(r"\b(?:but|although|though|however|whereas|while|whilst|despite|yet)\b|;")
_BEFORE, _AFTER = 6, 8  # words either side of the term that are features of their own


def _cue_kind(cue: str | None) -> str:
    if not cue:
        return "none"
    return cue.split(":", 1)[0] if ":" in cue else "words"


def features(sentence: str, heading: str | None, theme: str, term: str, stance: str, cue: str | None,
             source: str, signals: set[str], improvement_section: bool) -> set[str]:
    """The model's features of one candidate: the rules' verdict (with its theme and kind of cue),
    what found it and every cue the rules saw (``themes.candidates``), the sentence's words (alone
    and with the theme) and word pairs, the words just before and after the term, the words of the
    term's clause, and the heading's words."""
    lowered = sentence.lower()
    words = _WORD.findall(lowered)
    found = {"rule=" + stance, f"rule={stance}|{theme}", f"cuekind={_cue_kind(cue)}|{stance}", "theme=" + theme,
             f"improve={int(improvement_section)}", "source=" + source, f"source={source}|{theme}",
             f"term={term.lower()}|{theme}"}
    found.update("signal=" + signal for signal in signals)
    found.update(f"signal={signal}|{stance}" for signal in signals)
    if cue and ":" not in cue:
        found.add("cue=" + cue.lower())
    found.update("w=" + word for word in words)
    found.update(f"{theme}|w={word}" for word in words)  # the same word says another thing of another theme
    found.update(f"b={first} {second}" for first, second in zip(words, words[1:]))
    at = lowered.find(term.lower()) if term else -1
    if at >= 0:
        found.update("pre=" + word for word in _WORD.findall(lowered[:at])[-_BEFORE:])
        found.update("post=" + word for word in _WORD.findall(lowered[at + len(term):])[:_AFTER])
        cuts = [0] + [match.start() for match in _CONTRAST.finditer(lowered)] + [len(lowered)]
        for left, right in zip(cuts, cuts[1:]):
            if left <= at < right:
                found.update("cl=" + word for word in _WORD.findall(lowered[left:right]))
                break
    if heading:
        found.update("h=" + word for word in _WORD.findall(heading.lower()))
    return found


class StanceModel:
    """A trained model: ``classes``, an ``intercept`` per class and each feature's weights."""

    def __init__(self, data: dict):
        self.data = {key: value for key, value in data.items() if key != "weights"}  # how it was trained
        self.classes: list[str] = data["classes"]
        self.intercept: list[float] = data["intercept"]
        # tuples of floats, which the garbage collector stops tracking (lists of them would be
        # rescanned on every full collection of a long extraction)
        self.weights: dict[str, tuple[float, ...]] = {feature: tuple(row) for feature, row in data["weights"].items()}
        self.not_theme_threshold: float = data["not_theme_threshold"]

    def label(self, probabilities: dict[str, float]) -> str:
        """``not_theme`` when the model is sure enough of it (a real mention dropped costs more than
        another sense kept), else the likeliest stance."""
        if probabilities.get(NOT_THEME, 0.0) > self.not_theme_threshold:
            return NOT_THEME
        return max((label for label in self.classes if label != NOT_THEME), key=probabilities.get)

    def present(self, found: set[str]) -> list[tuple[str, tuple[float, ...]]]:
        """The features the model has weights for, with them."""
        return [(feature, row) for feature in found if (row := self.weights.get(feature)) is not None]

    def probabilities(self, found: set[str] | list) -> dict[str, float]:
        """Each class's probability for a candidate's features (or for ``present(features)``)."""
        present = found if isinstance(found, list) else self.present(found)
        columns = zip(*(row for _, row in present))
        scores = [base + sum(column) for base, column in zip(self.intercept, columns)] if present else list(self.intercept)
        top = max(scores)
        exponentials = [math.exp(score - top) for score in scores]
        total = sum(exponentials)
        return {label: value / total for label, value in zip(self.classes, exponentials)}

    def reasons(self, found: set[str] | list, label: str, against: str, limit: int = 2) -> list[str]:
        """The features that most favour ``label`` over ``against``: the words a reader can check."""
        present = found if isinstance(found, list) else self.present(found)
        chosen, other = self.classes.index(label), self.classes.index(against)
        ranked = sorted(((row[chosen] - row[other], feature) for feature, row in present
                         if feature.startswith(_READABLE) and feature.partition("=")[2] not in _FUNCTION_WORDS),
                        reverse=True)
        reasons: list[str] = []
        for margin, feature in ranked:
            text = _readable(feature)
            if margin > 0 and text not in reasons:
                reasons.append(text)
            if len(reasons) == limit:
                break
        return reasons


# The features a reason may name: words and word pairs of the sentence or heading, and the rules'
# cues; a lone function word weighs in the score but tells a reader nothing.
_READABLE = ("w=", "b=", "h=", "signal=")
_FUNCTION_WORDS = frozenset("""a an the of to in on at by for from with as and or but is are was were be been being has
    have had it its this that these those their they there which who than so""".split())


def _readable(feature: str) -> str:
    kind, _, value = feature.partition("=")
    if kind == "signal":
        return value.split("|")[0]
    if kind == "h":
        return f"heading '{value}'"
    return f"'{value}'"


@lru_cache(maxsize=1)
def shipped() -> StanceModel | None:
    """The model shipped with the package (``None`` before one is trained)."""
    if not MODEL_FILE.exists():
        return None
    return StanceModel(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def read(model: StanceModel, sentence: str, heading: str | None, theme: str, term: str, stance: str,
         cue: str | None, source: str, signals: set[str], improvement_section: bool) -> tuple[str, str | None]:
    """(label, cue) for a mention the rules judged ``stance`` because of ``cue``: the model's label;
    the rules' cue where it agrees with them, else the words that moved it ("model: 'needs', 'not
    yet'")."""
    present = model.present(features(sentence, heading, theme, term, stance, cue, source, signals, improvement_section))
    label = model.label(model.probabilities(present))
    if label == stance:
        return label, cue
    return label, "model: " + ", ".join(model.reasons(present, label, stance) or [f"rule {stance} overruled"])
