"""Tracking counts against a plain recount over the records, the statistics, and citations."""

from __future__ import annotations

import math
import re

import pytest
from scipy import stats

import search
from inspection_index import vocabulary
from tests.search.conftest import REPORTS, Report, add_report, recount


@pytest.mark.parametrize("term", ["caseload", "vacancies", "agency", '"high caseloads"', '"agency staff"'])
def test_counts_equal_a_plain_recount(built, catalogue, term):
    answer = built.track([term])
    rows = {row["value"]: [row["documents"], row["mentioning"], row["concern"]] for row in answer["rows"]}
    assert rows == recount(catalogue, term)
    assert answer["values"] == [g for g in vocabulary.GRADES if g in rows]


def test_word_terms_count_every_form_and_occurrences(built, corpus):
    answer = built.track(["vacancy"])
    assert answer["term_kinds"] == {"vacancy": "word"}
    inadequate = next(row for row in answer["rows"] if row["value"] == "inadequate")
    # Birmingham "vacancies" (concern: "too many"), Norfolk "vacancies are unstable" (concern).
    assert (inadequate["documents"], inadequate["mentioning"], inadequate["concern"]) == (2, 2, 2)
    words = sum(len(text.split()) for report in REPORTS if report.grade == "inadequate" for text in report.texts)
    assert inadequate["mentions_per_10k"] == round(2 * 10000 / words, 2)


def test_test_of_association_and_odds_ratio(built):
    test = next(t for t in built.track(['"high caseloads"'])["tests"] if t["measure"] == "mentioning")
    # inadequate: 2 of 2 mention it; the rest: 0 of 3. Expected counts are small: Fisher.
    assert test["test"] == "fisher" and test["inadequate"] == [2, 2] and test["rest"] == [0, 3]
    assert test["p_value"] == pytest.approx(stats.fisher_exact([[2, 0], [0, 3]])[1])
    a, b, c, d = 2.5, 0.5, 0.5, 3.5   # Haldane's correction
    assert test["odds_ratio"] == pytest.approx(a * d / (b * c), rel=1e-3)
    assert test["ci_low"] == pytest.approx(math.exp(math.log(35) - 1.96 * math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)), rel=1e-3)
    assert test["sentence"].startswith('The odds of mentioning "high caseloads" were 35.0 times as high for '
                                      "reports judged inadequate as for the other reports (2 of 2, 100%, against 0 of 3, 0%;")
    assert "Fisher's exact test" in test["sentence"]


def test_chi_squared_with_enough_reports(config, catalogue):
    for number in range(40):
        grade = "inadequate" if number % 2 else "good"
        text = "Caseloads are high." if (grade == "inadequate") == (number % 5 != 0) else "Leaders are visible."
        add_report(catalogue, Report(f"Council {number}", grade, "2020-01-01", [text]), salt=str(number))
    search.build_index(config)
    test = search.SearchIndex(config).track(["caseload"])["tests"][0]
    table = [[16, 4], [4, 16]]   # good: 4 of 20; inadequate: 16 of 20
    assert test["test"] == "chi-squared"
    chi2, p, _, _ = stats.chi2_contingency([[4, 16], [16, 4]], correction=False)
    assert test["statistic"] == pytest.approx(chi2, rel=1e-3) and test["p_value"] == pytest.approx(p)
    assert test["odds_ratio"] == pytest.approx(16 * 16 / (4 * 4)) and table


def test_sentences_name_themes_and_breakdowns_as_people_read_them(built):
    answer = built.track(["caseload", "vacancy"], by="year")
    assert answer["term_labels"] == {"caseload": "caseloads", "vacancy": "vacancy"}
    sentences = {(test["term"], test["measure"]): test["sentence"] for test in answer["tests"]}
    assert sentences[("caseload", "concern")].startswith("The share of reports raising caseloads as a concern ")
    assert "_" not in " ".join(sentences.values())
    by_judgement = built.track(["caseload"])["tests"][0]["sentence"]
    assert "values of overall effectiveness" in by_judgement or "Fisher" in by_judgement


def test_breakdowns_by_year_and_kind_and_where(built):
    by_year = built.track(["caseload"], by="year")
    assert by_year["values"] == [2015, 2016, 2018, 2019, 2021, 2023]
    assert by_year["tests"][0]["odds_ratio"] is None and by_year["tests"][0]["test"] == "chi-squared"
    kinds = built.track(["caseload"], by="kind")
    assert {row["value"]: row["documents"] for row in kinds["rows"]} == {
        "childrens-services-inspection": 5, "focused-visit": 1}
    ilacs = built.track(["caseload"], where="framework:ilacs")
    assert sum(row["documents"] for row in ilacs["rows"]) == 4


def test_by_year_rows_and_supporting_passages(built, corpus):
    answer = built.track(["caseload"])
    years = {row["year"]: row for row in answer["by_year"]}
    assert years[2016]["mentioning"] == 1 and years[2023]["mentioning"] == 0
    passages = answer["passages"]["caseload"]
    assert [hit["concern"] for hit in passages] == sorted([hit["concern"] for hit in passages], reverse=True)
    assert {hit["doc_id"] for hit in passages if hit["concern"]} == {corpus[la] for la in ("Birmingham", "Norfolk", "Blackpool")}
    assert all(hit["url"].startswith("/documents/") for hit in passages)


@pytest.mark.parametrize("terms, by, says", [
    ([], "overall_effectiveness", "at least one term"),
    (["caseload AND agency"], "overall_effectiveness", "cannot be tracked"),
    (["caseload"], "colour", "Cannot break down by 'colour'"),
    (["the"], "overall_effectiveness", "too common"),
])
def test_bad_tracking_requests(built, terms, by, says):
    with pytest.raises(search.QueryError, match=re.escape(says)):
        built.track(terms, by=by)


def test_freeze_and_load_a_search_citation(config, catalogue, corpus, built):
    citation = search.freeze(catalogue, built, view="search", query='"high caseloads"', parameters={"sort": "relevance"})
    assert re.fullmatch(r"[a-z2-7]{10}", citation["id"])
    assert set(citation["result_ids"]) == {corpus["Birmingham"], corpus["Norfolk"]} and citation["total"] == 2
    loaded = search.load_citation(catalogue, built, citation["id"])
    assert loaded["unchanged"] and loaded["added"] == loaded["removed"] == []
    assert [hit["doc_id"] for hit in loaded["frozen_hits"]] == citation["result_ids"]
    new = add_report(catalogue, Report("Leicester", "good", "2022-01-01", ["High caseloads persist."]))
    catalogue.execute("UPDATE extractions SET error = 'damaged' WHERE sha256 LIKE ?", (corpus["Norfolk"] + "%",))
    search.build_index(config)
    later = search.load_citation(catalogue, built, citation["id"])
    assert not later["unchanged"] and later["added"] == [new] and later["removed"] == [corpus["Norfolk"]]
    assert later["current"]["corpus_version"] != later["citation"]["corpus_version"]
    assert {hit["doc_id"]: hit["still_indexed"] for hit in later["frozen_hits"]}[corpus["Norfolk"]] is False
    assert later["citation"]["result_hash"] == citation["result_hash"]


def test_freeze_a_tracking_citation_keeps_its_numbers(catalogue, built):
    citation = search.freeze(catalogue, built, view="track", query='caseload "high caseloads"',
                             parameters={"by": "overall_effectiveness"})
    assert citation["normalised_query"] == 'caseload "high caseloads" by:overall_effectiveness'
    assert citation["total"] == 5   # the graded reports
    loaded = search.load_citation(catalogue, built, citation["id"])
    assert loaded["unchanged"]
    assert loaded["citation"]["parameters"]["frozen"]["rows"] == built.track(["caseload", '"high caseloads"'])["rows"]


def test_unknown_citation(catalogue, built):
    with pytest.raises(search.CitationNotFound):
        search.load_citation(catalogue, built, "nosuchcite")
