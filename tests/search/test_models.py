"""The models' numbers against independent computations on small tables built here: a
hand-written IRLS with a clustered sandwich, the Mantel-Haenszel formulas written out, and the
proportional-odds likelihood maximised by scipy — never against the code's own output."""

from __future__ import annotations

import math

import numpy
import pytest
from scipy import optimize, stats

from search import models

GRADES = ["outstanding", "good", "requires_improvement", "inadequate"]


def synthetic_rows(n=120, seed=7, missing_every=9):
    """Reports from 20 councils, two frameworks, years 2014-2023, with a vacancy rate that
    raises the chance of a worse grade; every ``missing_every``-th report has no figure."""
    rng = numpy.random.default_rng(seed)
    rows = []
    for i in range(n):
        council = f"{300 + i % 20}"
        year = 2014 + i % 10
        framework = "sif" if year < 2018 else "ilacs"
        vacancy = float(rng.normal(16, 6))
        latent = 0.12 * (vacancy - 16) + rng.logistic()
        rank = int(numpy.digitize(latent, [-1.2, 0.3, 1.4]))
        missing = i % missing_every == 0
        rows.append({
            "doc_id": f"{i:016x}", "la_code": council, "framework": framework, "inspection_year": year,
            "judgements": {"overall_effectiveness": GRADES[rank]},
            "themes": {"caseload": {"mentions": 1, "concerns": int(rng.random() < 0.3 + 0.1 * rank)}},
            "figures": {"vacancy_rate": None if missing else round(vacancy, 1)},
            "figure_status": {"vacancy_rate": "not_loaded" if missing else "ok"},
            "figure_missing": {"vacancy_rate": "no table that year" if missing else None},
        })
    return rows


def irls(X, y, iterations=50):
    beta = numpy.zeros(X.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + numpy.exp(-X @ beta))
        W = p * (1 - p)
        beta = beta + numpy.linalg.solve(X.T @ (X * W[:, None]), X.T @ (y - p))
    return beta


def clustered_se(X, y, beta, clusters):
    """CR1: (X'WX)^-1 (sum_g s_g s_g') (X'WX)^-1, times G/(G-1) (N-1)/(N-K)."""
    p = 1 / (1 + numpy.exp(-X @ beta))
    bread = numpy.linalg.inv(X.T @ (X * (p * (1 - p))[:, None]))
    scores = X * (y - p)[:, None]
    meat = sum(numpy.outer(s, s) for s in (scores[clusters == g].sum(axis=0) for g in numpy.unique(clusters)))
    n, k, g = X.shape[0], X.shape[1], len(numpy.unique(clusters))
    return numpy.sqrt(numpy.diag(bread @ meat @ bread) * g / (g - 1) * (n - 1) / (n - k))


def test_adjusted_odds_ratio_matches_hand_written_irls_with_clustered_errors():
    rows = synthetic_rows()
    answer = models.figure_test(rows, "vacancy_rate")
    used = [row for row in rows if row["figures"]["vacancy_rate"] is not None]
    years = numpy.array([row["inspection_year"] for row in used], dtype=float)
    X = numpy.column_stack([numpy.ones(len(used)), [row["figures"]["vacancy_rate"] / 5 for row in used],
                            [row["framework"] == "sif" for row in used], years - years.mean()]).astype(float)
    y = numpy.array([row["judgements"]["overall_effectiveness"] == "inadequate" for row in used], dtype=float)
    beta = irls(X, y)
    se = clustered_se(X, y, beta, numpy.array([row["la_code"] for row in used]))
    adjusted = answer["adjusted"]
    assert adjusted["adjusted_for"] == ["framework[sif]", "inspection_year"]
    assert adjusted["coefficient"] == pytest.approx(beta[1], rel=1e-6)
    assert adjusted["se"] == pytest.approx(se[1], rel=1e-6)
    assert adjusted["odds_ratio"] == pytest.approx(math.exp(beta[1]), abs=1e-3)
    assert adjusted["ci_low"] == pytest.approx(math.exp(beta[1] - 1.959964 * se[1]), abs=1e-3)
    assert adjusted["p_value"] == pytest.approx(2 * stats.norm.sf(abs(beta[1] / se[1])), rel=1e-6)


def test_missing_figures_are_left_out_and_counted_never_imputed():
    rows = synthetic_rows()
    answer = models.figure_test(rows, "vacancy_rate")
    missing = sum(row["figures"]["vacancy_rate"] is None for row in rows)
    assert missing > 0
    assert answer["reports"] == len(rows) and answer["n"] == len(rows) - missing
    assert answer["missing"] == [{"status": "not_loaded", "reports": missing,
                                  "why": models.STATUS_WHY["not_loaded"], "example": "no table that year"}]
    assert f"{missing} graded reports without the figure" in answer["sentence"]


def test_ordinal_trend_matches_the_proportional_odds_likelihood_maximised_by_scipy():
    rows = [row for row in synthetic_rows() if row["figures"]["vacancy_rate"] is not None]
    x = numpy.array([row["figures"]["vacancy_rate"] / 5 for row in rows])
    k = numpy.array([GRADES.index(row["judgements"]["overall_effectiveness"]) for row in rows])

    def negative_log_likelihood(theta):
        beta, cuts = theta[0], numpy.cumsum(numpy.r_[theta[1], numpy.exp(theta[2:])])
        upper = numpy.r_[cuts, numpy.inf][k] - beta * x
        lower = numpy.r_[-numpy.inf, cuts][k] - beta * x
        return -numpy.sum(numpy.log(stats.logistic.cdf(upper) - stats.logistic.cdf(lower)))

    fitted = optimize.minimize(negative_log_likelihood, numpy.r_[0.0, -1.0, 0.0, 0.0], method="BFGS")
    answer = models.figure_test(rows, "vacancy_rate")
    assert answer["trend"]["odds_ratio_worse_grade"] == pytest.approx(math.exp(fitted.x[0]), abs=2e-3)
    assert fitted.x[0] > 0 and answer["trend"]["p_value"] < 0.05


def test_the_quick_logistic_is_scipys_and_gives_statsmodels_logit_fit_exactly():
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    points = numpy.linspace(-30, 30, 601)
    assert numpy.allclose(models.LOGISTIC.cdf(points), stats.logistic.cdf(points), rtol=1e-12, atol=0)
    assert numpy.allclose(models.LOGISTIC.pdf(points), stats.logistic.pdf(points), rtol=1e-9, atol=1e-300)
    assert numpy.allclose(models.LOGISTIC.ppf(points[1:-1] / 31 / 2 + 0.5),
                          stats.logistic.ppf(points[1:-1] / 31 / 2 + 0.5), rtol=1e-12)
    rows = [row for row in synthetic_rows() if row["figures"]["vacancy_rate"] is not None]
    x = numpy.array([[row["figures"]["vacancy_rate"] / 5] for row in rows])
    k = numpy.array([GRADES.index(row["judgements"]["overall_effectiveness"]) for row in rows])
    quick, standard = (OrderedModel(k, x, distr=d).fit(method="bfgs", disp=False, maxiter=200)
                       for d in (models.LOGISTIC, "logit"))
    assert numpy.allclose(quick.params, standard.params, rtol=1e-6)
    assert numpy.allclose(quick.bse, standard.bse, rtol=1e-5)


def test_mantel_haenszel_matches_the_formulas():
    strata = {"sif": (10, 3, 10, 8), "ilacs": (6, 2, 15, 26)}
    answer = models.mantel_haenszel(strata, "raising caseload as a concern", "reports judged inadequate")
    numerator = sum(a * d / (a + b + c + d) for a, b, c, d in strata.values())
    denominator = sum(b * c / (a + b + c + d) for a, b, c, d in strata.values())
    assert answer["odds_ratio"] == pytest.approx(numerator / denominator, abs=1e-3)
    expected = sum((a + b) * (a + c) / (a + b + c + d) for a, b, c, d in strata.values())
    variance = sum((a + b) * (c + d) * (a + c) * (b + d) / ((a + b + c + d) ** 2 * (a + b + c + d - 1))
                   for a, b, c, d in strata.values())
    chi2 = (sum(s[0] for s in strata.values()) - expected) ** 2 / variance
    assert answer["statistic"] == pytest.approx(chi2, abs=1e-3)
    assert answer["p_value"] == pytest.approx(stats.chi2.sf(chi2, 1), rel=1e-6)
    assert 0 < answer["homogeneity_p"] < 1
    assert "same framework" in answer["sentence"] and "crude" in answer["sentence"]


def test_mantel_haenszel_leaves_out_strata_without_both_groups():
    answer = models.mantel_haenszel({"sif": (4, 1, 2, 6), "pre-2013": (0, 0, 3, 2)}, "x", "y")
    assert [s["used"] for s in answer["strata"]] == [True, False]
    assert answer["odds_ratio"] == pytest.approx(4 * 6 / (1 * 2), abs=1e-3)
    assert answer["homogeneity_p"] is None


def test_combined_model_matches_irls_and_reads_in_words():
    rows = [row for row in synthetic_rows() if row["figures"]["vacancy_rate"] is not None]
    answer = models.combined_model(rows, ["caseload"], ["vacancy_rate"])
    years = numpy.array([row["inspection_year"] for row in rows], dtype=float)
    X = numpy.column_stack([numpy.ones(len(rows)), [row["themes"]["caseload"]["concerns"] > 0 for row in rows],
                            [row["figures"]["vacancy_rate"] / 5 for row in rows],
                            [row["framework"] == "sif" for row in rows], years - years.mean()]).astype(float)
    y = numpy.array([row["judgements"]["overall_effectiveness"] == "inadequate" for row in rows], dtype=float)
    beta = irls(X, y)
    terms = {term["term"]: term for term in answer["terms"]}
    assert terms["concern:caseload"]["coefficient"] == pytest.approx(beta[1], rel=1e-6)
    assert terms["vacancy_rate"]["coefficient"] == pytest.approx(beta[2], rel=1e-6)
    assert answer["reading"][0].startswith("After allowing for framework, inspection year")
    assert any("Association, not cause" in caveat for caveat in answer["caveats"])


def test_too_few_reports_say_so_instead_of_fitting():
    rows = synthetic_rows(n=12)
    answer = models.combined_model(rows, ["caseload"], ["vacancy_rate"])
    assert answer["error"].startswith("too few reports") and answer["terms"] == []
    assert models.figure_test(rows[:6], "vacancy_rate")["adjusted"] is None
