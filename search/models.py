"""Statistical models over document-level rows (one row per report), with statsmodels and scipy.

Three questions, each answered with its n, 95% interval and caveats:

- **Official figures against the grade** (:func:`figure_tests`): for each figure, a test of trend
  across the ordered grades (a proportional-odds ordinal logistic regression of grade on the
  figure, the figure's Wald p-value), and inadequate vs the rest as a logistic regression
  adjusted for framework and inspection year, with standard errors clustered by council; the
  odds ratio per 5 percentage points (per 1 case for caseload, per 1 for care applications per
  10,000 children). Reports without the figure for their year are left out and counted, by why.
- **The words, adjusted** (:func:`mantel_haenszel`): the Mantel–Haenszel odds ratio of raising a
  term as a concern, inadequate vs the rest, pooled over framework strata, with the
  Cochran–Mantel–Haenszel test and the Breslow–Day test of homogeneity across strata.
- **Words and figures together** (:func:`combined_model`): inadequate ~ concern(theme) + figure
  + framework + year, clustered by council.

A row is a dict with ``doc_id``, ``la_code`` (the cluster), ``framework``, ``inspection_year``,
``judgements``, ``themes`` ({theme: {"concerns": n}}), ``figures``, ``figure_status`` and
``figure_missing`` (as ``search.table`` builds them). Missing data is never imputed.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from typing import Any, Iterable

import numpy
from scipy import special, stats

from inspection_index import vocabulary
from inspection_index.figures import MEASURES

# The figures tested, and the step their odds ratio is given per.
STEPS = {"vacancy_rate": 5.0, "agency_rate": 5.0, "turnover_rate": 5.0, "caseload": 1.0,
         "absence_rate": 5.0, "care_applications_per_10k": 1.0}
EACH_STEP = {"caseload": "each extra case per social worker in the average caseload",
             "care_applications_per_10k": "each extra care application per 10,000 children"}
FOCUS = "inadequate"
MIN_REPORTS = 10        # below this (or fewer than 2 in either outcome) no model is fitted
MIN_COUNCILS = 5        # clustered errors need several clusters
STATUS_WHY = {
    "not_loaded": "no table of that figure is loaded for the report's year",
    "no_figure": "the table has no figure for the council that year",
    "not_published": "the publisher printed the figure as not available",
    "no_council": "the report could not be joined to a council",
    "no_date": "the report has no date to choose a year by",
    "ok": "the figure is published",
}
CAVEATS = (
    "Association, not cause: a council's figures and its grade may both follow something else "
    "(deprivation, demand, leadership), and a low grade may itself change the figures.",
    "Standard errors are clustered by council, because the same council is inspected several "
    "times; with few councils the intervals are themselves uncertain.",
    "Framework and inspection year are allowed for because the 2013-18 SIF and the 2018- ILACS "
    "frameworks grade differently; the two are closely tied, so their separate effects are not "
    "estimated well.",
)
STANCE_CAVEAT = ("'Raised as a concern' is read by the extractor's stance reader, which misreads some "
                 "sentences (its precision and recall on hand-labelled sentences of councils it never "
                 "saw are measured in docs/stance.md, and its concern precision is lower for reports "
                 "not judged inadequate); errors unrelated to the grade pull odds ratios towards 1.")


def step_text(measure: str) -> str:
    """The step an odds ratio is per: "5 percentage points", "1 case per social worker"."""
    step, unit = STEPS[measure], MEASURES[measure]["unit"]
    if unit == "%":
        return f"{step:g} percentage points"
    return f"{step:g} {unit.replace('cases', 'case')}" if measure == "caseload" else f"{step:g} {unit}"


def each_step(measure: str) -> str:
    """How a sentence names one step: "each 5 percentage points of vacancy rate"."""
    return EACH_STEP.get(measure) or f"each {step_text(measure)} of {MEASURES[measure]['label'].lower()}"


def p_text(p: float | None) -> str:
    if p is None or not math.isfinite(p):
        return "p not estimable"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _fit(fitter):
    """Run a statsmodels fit; (result, None) or (None, why it could not be estimated)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fitter()
        except (numpy.linalg.LinAlgError, ValueError, ZeroDivisionError) as error:
            return None, f"the model could not be fitted ({error})"
    for warning in caught:
        name = type(warning.message).__name__
        if name in ("PerfectSeparationWarning", "ConvergenceWarning", "HessianInversionWarning"):
            return None, ("the model could not be estimated: the figure separates the grades "
                          "perfectly or the fit did not converge" if name != "HessianInversionWarning"
                          else "the model could not be estimated: its information matrix is singular")
    return result, None


def _design(rows: list[dict[str, Any]], columns: list[tuple[str, Any]]) -> tuple[numpy.ndarray, list[str]]:
    """A design matrix: a constant, the named columns, framework dummies (when there are several
    frameworks) and the inspection year (centred)."""
    names, data = ["const"], [numpy.ones(len(rows))]
    for name, values in columns:
        names.append(name)
        data.append(numpy.asarray(values, dtype=float))
    frameworks = sorted({row["framework"] for row in rows})
    for framework in frameworks[1:]:
        names.append(f"framework[{framework}]")
        data.append(numpy.array([row["framework"] == framework for row in rows], dtype=float))
    years = numpy.array([row["inspection_year"] for row in rows], dtype=float)
    if len(set(years)) > 1:
        names.append("inspection_year")
        data.append(years - years.mean())
    return numpy.column_stack(data), names


def clustered_logit(y: Iterable[int], design: numpy.ndarray, names: list[str], clusters: list[str]):
    """Logistic regression with council-clustered (CR1) standard errors: (result, why-not)."""
    import statsmodels.api as sm

    y = numpy.asarray(list(y), dtype=float)
    groups = numpy.unique(numpy.asarray(clusters), return_inverse=True)[1]
    model = sm.GLM(y, design, family=sm.families.Binomial())
    result, why = _fit(lambda: model.fit(cov_type="cluster", cov_kwds={"groups": groups}))
    if result is not None and not numpy.all(numpy.isfinite(result.bse)):
        return None, "the model could not be estimated: an effect is not identified by these reports"
    if result is not None:
        result.names = names
    return result, why


def _effect(result, position: int, scale: float = 1.0) -> dict[str, Any]:
    coefficient, error = float(result.params[position]), float(result.bse[position])
    z = stats.norm.ppf(0.975)
    return {"odds_ratio": round(math.exp(coefficient * scale), 3),
            "ci_low": round(math.exp((coefficient - z * error) * scale), 3),
            "ci_high": round(math.exp((coefficient + z * error) * scale), 3),
            "p_value": float(result.pvalues[position]), "coefficient": coefficient, "se": error}


class _Logistic(stats.rv_continuous):
    """The standard logistic distribution, as statsmodels' ``distr="logit"`` uses it, with its
    cdf, pdf and ppf straight from scipy.special: scipy.stats' generic wrapper around them costs
    more than the arithmetic, and the fit calls them thousands of times (2.5x quicker, the same
    estimates: tests/search/test_models.py)."""

    def cdf(self, x):
        return special.expit(x)

    def pdf(self, x):
        return special.expit(x) * special.expit(-x)   # not p(1-p): that loses the far right tail

    def ppf(self, q):
        return special.logit(q)


LOGISTIC = _Logistic(name="logistic")


def ordinal_trend(ranks: list[int], values: list[float]) -> tuple[dict[str, Any] | None, str | None]:
    """Proportional-odds logistic regression of the grade rank (0 = best) on the figure."""
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    endog = numpy.asarray(ranks)
    levels = sorted(set(ranks))
    if len(levels) < 2:
        return None, "only one grade among the reports with the figure"
    codes = numpy.searchsorted(levels, endog)
    model = OrderedModel(codes, numpy.asarray(values, dtype=float)[:, None], distr=LOGISTIC)
    result, why = _fit(lambda: model.fit(method="bfgs", disp=False, maxiter=200))
    if result is None:
        return None, why
    if not math.isfinite(float(result.bse[0])):
        return None, "the model could not be estimated: its information matrix is singular"
    return {"coefficient": float(result.params[0]), "se": float(result.bse[0]),
            "p_value": float(result.pvalues[0])}, None


def missing_figures(rows: list[dict[str, Any]], measures: list[str]) -> list[dict[str, Any]]:
    """The reports left out for lack of a figure, counted by why (the first figure missing
    decides), each with one report's own reason as an example."""
    counts: Counter = Counter()
    example: dict[str, str] = {}
    for row in rows:
        absent = next((m for m in measures if row["figures"].get(m) is None), None)
        if absent is not None:
            status = row["figure_status"].get(absent, "no_date")
            counts[status] += 1
            example.setdefault(status, (row.get("figure_missing") or {}).get(absent) or "")
    return [{"status": status, "reports": n, "why": STATUS_WHY.get(status, status), "example": example[status]}
            for status, n in counts.most_common()]


def _graded(rows: list[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    return [row for row in rows if row["judgements"].get(by) in vocabulary.GRADES]


def figure_test(rows: list[dict[str, Any]], measure: str, by: str = "overall_effectiveness") -> dict[str, Any]:
    """Both tests of one figure against the grade ``by`` (see the module docstring)."""
    graded = _graded(rows, by)
    used = [row for row in graded if row["figures"].get(measure) is not None and row.get("la_code")]
    label, step = MEASURES[measure]["label"], STEPS[measure]
    answer: dict[str, Any] = {
        "measure": measure, "label": label, "by": by, "step": step, "per": step_text(measure),
        "reports": len(graded), "n": len(used), "councils": len({row["la_code"] for row in used}),
        "inadequate": sum(row["judgements"][by] == FOCUS for row in used),
        "missing": missing_figures(graded, [measure]),
        "trend": None, "adjusted": None, "sentence": None,
    }
    values = [float(row["figures"][measure]) for row in used]
    ranks = [vocabulary.GRADES.index(row["judgements"][by]) for row in used]
    if len(used) < MIN_REPORTS:
        answer["sentence"] = (f"No test of {label.lower()}: only {len(used)} of {len(graded)} graded reports "
                              f"have the figure for their year (at least {MIN_REPORTS} are needed).")
        return answer
    trend, why = ordinal_trend(ranks, [value / step for value in values])
    answer["trend"] = ({"test": "proportional-odds ordinal logistic regression (Wald test)",
                        "odds_ratio_worse_grade": round(math.exp(trend["coefficient"]), 3),
                        "p_value": trend["p_value"], "n": len(used)} if trend else {"error": why})
    answer["adjusted"] = _adjusted(used, by, measure)
    answer["sentence"] = _figure_sentence(answer)
    return answer


def _adjusted(used: list[dict[str, Any]], by: str, measure: str) -> dict[str, Any]:
    outcome = [int(row["judgements"][by] == FOCUS) for row in used]
    base = {"model": "logistic regression, inadequate vs the rest, adjusted for framework and inspection "
                     "year, standard errors clustered by council",
            "n": len(used), "councils": len({row["la_code"] for row in used}), "inadequate": sum(outcome)}
    if min(sum(outcome), len(outcome) - sum(outcome)) < 2 or base["councils"] < MIN_COUNCILS:
        return {**base, "error": f"too few reports to fit ({sum(outcome)} inadequate of {len(outcome)}, "
                                 f"{base['councils']} councils; at least 2 of each outcome and "
                                 f"{MIN_COUNCILS} councils are needed)"}
    design, names = _design(used, [(measure, [row["figures"][measure] / STEPS[measure] for row in used])])
    result, why = clustered_logit(outcome, design, names, [row["la_code"] for row in used])
    if result is None:
        return {**base, "error": why}
    return {**base, "adjusted_for": names[2:], **_effect(result, 1)}


def _figure_sentence(answer: dict[str, Any]) -> str:
    label, each = answer["label"].lower(), each_step(answer["measure"])
    parts = []
    trend = answer["trend"] or {}
    if "p_value" in trend:
        parts.append(f"Across the grades from outstanding to inadequate, {each} went with odds "
                     f"{trend['odds_ratio_worse_grade']:.2f} times as high of a worse grade ({p_text(trend['p_value'])}, "
                     f"ordinal logistic regression, {trend['n']} reports).")
    adjusted = answer["adjusted"] or {}
    if "odds_ratio" in adjusted:
        parts.append(f"After allowing for framework and inspection year, {each} went with odds of an "
                     f"inadequate judgement {adjusted['odds_ratio']:.2f} times as high (95% CI {adjusted['ci_low']:.2f} "
                     f"to {adjusted['ci_high']:.2f}; {p_text(adjusted['p_value'])}; {adjusted['n']} reports, "
                     f"{adjusted['inadequate']} inadequate, {adjusted['councils']} councils, errors clustered by council).")
    elif adjusted.get("error"):
        parts.append(f"No adjusted odds ratio for {label}: {adjusted['error']}.")
    left_out = answer["reports"] - answer["n"]
    if left_out:
        parts.append(f"{left_out} graded reports without the figure for their year are left out, not estimated.")
    return " ".join(parts)


def figure_tests(rows: list[dict[str, Any]], by: str = "overall_effectiveness") -> list[dict[str, Any]]:
    """:func:`figure_test` for every tested figure with any value among ``rows``."""
    return [figure_test(rows, measure, by) for measure in STEPS
            if any(row["figures"].get(measure) is not None for row in rows)]


def mantel_haenszel(strata: dict[str, tuple[int, int, int, int]], label: str, focus_label: str) -> dict[str, Any]:
    """MH odds ratio over strata of 2×2 tables ``(focus with, focus without, rest with, rest
    without)``; strata without both groups and both outcomes carry no information and are
    left out (and named)."""
    from statsmodels.stats.contingency_tables import StratifiedTable

    usable = {name: cells for name, cells in strata.items()
              if cells[0] + cells[1] and cells[2] + cells[3] and cells[0] + cells[2] and cells[1] + cells[3]}
    answer: dict[str, Any] = {
        "method": "Mantel-Haenszel odds ratio pooled over framework strata; Cochran-Mantel-Haenszel test; "
                  "Breslow-Day test of homogeneity",
        "strata": [{"stratum": name, "focus_with": c[0], "focus_without": c[1], "rest_with": c[2],
                    "rest_without": c[3], "used": name in usable} for name, c in strata.items()],
        "odds_ratio": None, "ci_low": None, "ci_high": None, "p_value": None, "statistic": None,
        "homogeneity_p": None, "sentence": None}
    if not usable:
        answer["sentence"] = "No pooled estimate: no framework has both groups and both outcomes."
        return answer
    table = StratifiedTable([numpy.array([[c[0], c[1]], [c[2], c[3]]], dtype=float) for c in usable.values()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ratio = float(table.oddsratio_pooled)
        low, high = (float(x) for x in table.oddsratio_pooled_confint())
        null = table.test_null_odds(correction=False)
        homogeneity = table.test_equal_odds() if len(usable) > 1 else None
    finite = all(math.isfinite(x) and x > 0 for x in (ratio, low, high))
    answer.update(odds_ratio=round(ratio, 3) if finite else None, ci_low=round(low, 3) if finite else None,
                  ci_high=round(high, 3) if finite else None, p_value=float(null.pvalue),
                  statistic=round(float(null.statistic), 3),
                  homogeneity_p=float(homogeneity.pvalue) if homogeneity is not None else None)
    names = " and ".join(name.upper() if name in vocabulary.FRAMEWORKS else name for name in usable)
    if not finite:
        answer["sentence"] = (f"Within frameworks ({names}), the pooled odds ratio of {label} is not estimable "
                              f"(a zero count in every stratum); Cochran-Mantel-Haenszel {p_text(answer['p_value'])}.")
        return answer
    same = ("not testable with one framework" if homogeneity is None else
            f"Breslow-Day {p_text(answer['homogeneity_p'])}: "
            + ("the frameworks differ" if answer["homogeneity_p"] < 0.05 else "no sign that the frameworks differ"))
    answer["sentence"] = (
        f"Comparing reports only with others of the same framework ({names}; Mantel-Haenszel), the odds of "
        f"{label} were {ratio:.1f} times as high for {focus_label} as for the other reports (95% CI {low:.1f} "
        f"to {high:.1f}; Cochran-Mantel-Haenszel {p_text(answer['p_value'])}; homogeneity {same}). "
        f"The crude odds ratio ignores framework; this one does not.")
    return answer


def concern_strata(focus_of: dict[str, bool], concerns: set[str], framework_of: dict[str, str | None]
                   ) -> dict[str, tuple[int, int, int, int]]:
    """The 2×2 table in each framework: doc_id → in the focus group, the doc_ids raising the term."""
    cells: dict[str, list[int]] = {}
    for doc_id, in_focus in focus_of.items():
        stratum = cells.setdefault(framework_of.get(doc_id) or "no framework", [0, 0, 0, 0])
        stratum[(0 if in_focus else 2) + (0 if doc_id in concerns else 1)] += 1
    return {name: tuple(c) for name, c in sorted(cells.items())}


def adjusted_tests(rows_by_id: dict[str, dict[str, Any]], value_of: dict[str, Any], focus,
                   concerns: dict[str, tuple[str, set[str]]]) -> list[dict[str, Any]]:
    """Tracking's ``adjusted_tests``: for each term, the MH odds ratio over frameworks of raising
    it as a concern, inadequate vs the rest (none unless the focus group is inadequate).

    ``value_of``: the reports tracking compared and their value of its breakdown; ``concerns``:
    term → (its label, the doc_ids raising it as a concern)."""
    if focus != FOCUS:
        return []
    focus_of = {doc_id: value == FOCUS for doc_id, value in value_of.items()}
    framework_of = {doc_id: row["framework"] for doc_id, row in rows_by_id.items()}
    return [{"term": term, **mantel_haenszel(concern_strata(focus_of, raised, framework_of),
                                             f"raising {label} as a concern", "reports judged inadequate")}
            for term, (label, raised) in concerns.items()]


def combined_model(rows: list[dict[str, Any]], themes: list[str], measures: list[str],
                   by: str = "overall_effectiveness") -> dict[str, Any]:
    """inadequate ~ concern(theme)… + figure… + framework + year, clustered by council."""
    graded = _graded(rows, by)
    used = [row for row in graded if row.get("la_code")
            and all(row["figures"].get(measure) is not None for measure in measures)]
    outcome = [int(row["judgements"][by] == FOCUS) for row in used]
    answer: dict[str, Any] = {
        "by": by, "themes": themes, "measures": measures, "reports": len(graded), "n": len(used),
        "councils": len({row["la_code"] for row in used}), "inadequate": sum(outcome),
        "missing": missing_figures(graded, measures),
        "model": "logistic regression of an inadequate judgement on each theme raised as a concern (yes/no) and "
                 "each figure, adjusted for framework and inspection year, standard errors clustered by council",
        "terms": [], "reading": [], "caveats": [*CAVEATS, STANCE_CAVEAT], "error": None,
        "doc_ids": sorted(row["doc_id"] for row in used)}
    needed = len(themes) + len(measures) + 3
    if min(sum(outcome), len(outcome) - sum(outcome)) < 2 or answer["councils"] < MIN_COUNCILS or len(used) < 5 * needed:
        answer["error"] = (f"too few reports to fit this model: {len(used)} reports ({sum(outcome)} inadequate) from "
                           f"{answer['councils']} councils for {needed} parameters (at least {5 * needed} reports, "
                           f"2 of each outcome and {MIN_COUNCILS} councils are needed); choose fewer themes or figures")
        return answer
    columns = [(f"concern:{theme}", [int(row["themes"].get(theme, {}).get("concerns", 0) > 0) for row in used])
               for theme in themes]
    columns += [(measure, [row["figures"][measure] / STEPS[measure] for row in used]) for measure in measures]
    design, names = _design(used, columns)
    result, why = clustered_logit(outcome, design, names, [row["la_code"] for row in used])
    if result is None:
        answer["error"] = why
        return answer
    for position, name in enumerate(names[1:], start=1):
        effect = _effect(result, position)
        answer["terms"].append({"term": name, **effect})
        if name.startswith("concern:"):
            what = f"reports raising {name[8:].replace('_', ' ')} as a concern had odds of an inadequate judgement"
        elif name in STEPS:
            what = f"{each_step(name)} went with odds of an inadequate judgement"
        else:
            continue
        answer["reading"].append(
            f"After allowing for framework, inspection year and the model's other terms, {what} "
            f"{effect['odds_ratio']:.2f} times as high (95% CI {effect['ci_low']:.2f} to {effect['ci_high']:.2f}; "
            f"{p_text(effect['p_value'])}).")
    answer["reading"].append(f"{len(used)} reports ({sum(outcome)} inadequate) from {answer['councils']} councils; "
                             f"{len(graded) - len(used)} graded reports without every figure chosen are left out.")
    return answer
