"""Jinja filters: how grades, kinds, dates, shares and figures are written on the pages."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import Flask

from inspection_index import vocabulary
from search import models

FRAMEWORK_LABELS = {"pre-2013": "Before 2013", "sif": "Single inspection framework (2013–18)",
                    "ilacs": "ILACS (2018 onwards)"}
BREAKDOWN_LABELS = {"overall_effectiveness": "Overall effectiveness", "year": "Year published",
                    "framework": "Inspection framework", "kind": "Kind of report", "region": "Region"}


def grade_label(grade: str | None) -> str:
    if not grade:
        return "No judgement"
    return vocabulary.GRADE_LABELS.get(grade, str(grade).replace("_", " ").capitalize())


def grade_class(grade: str | None) -> str:
    """A CSS class for a grade's coloured label (unknown values get the neutral style)."""
    return f"grade-{grade}" if grade in vocabulary.GRADES else "grade-none"


def kind_label(kind: str | None) -> str:
    return vocabulary.KINDS.get(kind or "", kind or "Unknown kind")


def framework_label(framework: str | None) -> str:
    return FRAMEWORK_LABELS.get(framework or "", framework or "Ungraded")


def judgement_label(key: str) -> str:
    # Local authority wording first: children's homes reuse some keys with other labels.
    for labels in (vocabulary.JUDGEMENT_KEYS, vocabulary.CAFCASS_JUDGEMENT_KEYS, vocabulary.ALL_JUDGEMENT_KEYS):
        if key in labels:
            return labels[key]
    return key.replace("_", " ").capitalize()


def value_label(by: str, value) -> str:
    """A breakdown value as a person reads it (a grade, a kind, a framework, or as given)."""
    if value is None:
        return "Not known"
    if by in vocabulary.ALL_JUDGEMENT_KEYS:
        return grade_label(value)
    if by == "kind":
        return kind_label(value)
    if by == "framework":
        return framework_label(value)
    return str(value)


def long_date(value: str | None) -> str:
    if not value:
        return "unknown"
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"


def percent(share: float | None, places: int = 0) -> str:
    if share is None:
        return "–"
    return f"{share * 100:.{places}f}%"


def figure_value(value, unit: str | None = None) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    if unit == "%":
        return f"{text}%"
    return text


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address that may be a link; otherwise None (a stored
    ``javascript:`` or ``data:`` address is never written into an ``href``)."""
    if isinstance(url, str) and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url
    return None


def p_value(p: float | None) -> str:
    return models.p_text(p)


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        grade_label=grade_label, grade_class=grade_class, kind_label=kind_label,
        framework_label=framework_label, judgement_label=judgement_label, long_date=long_date,
        percent=percent, figure_value=figure_value, value_label=value_label, web_url=web_url,
        p_value=p_value)
    app.jinja_env.globals.update(GRADES=vocabulary.GRADES, BREAKDOWN_LABELS=BREAKDOWN_LABELS)
