"""Official figures in the index: numeric filters, figure quartiles as a breakdown, and the
distribution of each figure by grade. Uses the DfE and Cafcass tables in ../shared/data."""

from __future__ import annotations

import statistics
import subprocess
import sys

import pytest

import search
from inspection_index import figures
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.corpus


@pytest.fixture
def with_figures(config, catalogue, corpus):
    search.build_index(config)
    figures.import_files(catalogue, sorted(SHARED_DATA.glob("csww_*.csv")) + sorted(SHARED_DATA.glob("cafcass_*.csv")))
    summary = search.build_index(config)   # new figures: every report is re-indexed
    assert summary["updated"] == len(corpus)
    index = search.SearchIndex(config)
    yield index
    index.close()


def vacancy_rates(catalogue):
    rates = {}
    for document, record in catalogue.extractions():
        figure = figures.for_report(catalogue, document.provider_urn, document.local_authority,
                                    record["inspection_end"])["vacancy_rate"]
        rates[document.doc_id] = figure["value"]
    return rates


def test_numeric_figure_filters(with_figures, catalogue):
    rates = vacancy_rates(catalogue)
    assert any(rate is not None for rate in rates.values())
    for query, keep in [("vacancy_rate:>15", lambda r: r > 15), ("vacancy_rate:<=15", lambda r: r <= 15),
                        ("vacancy_rate:10..20", lambda r: 10 <= r <= 20)]:
        found = {hit["doc_id"] for hit in with_figures.search(query, per_page=100)["hits"]}
        assert found == {doc for doc, rate in rates.items() if rate is not None and keep(rate)}, query


def test_figures_by_grade_and_as_a_breakdown(with_figures, catalogue):
    rates = vacancy_rates(catalogue)
    answer = with_figures.track(["caseload"])
    inadequate = next(f for f in answer["figures"] if f["measure"] == "vacancy_rate" and f["value"] == "inadequate")
    grades = {hit["doc_id"]: hit["judgements"].get("overall_effectiveness")
              for hit in with_figures.search("year:2000..2100", per_page=100)["hits"]}
    values = [rates[doc] for doc, grade in grades.items() if grade == "inadequate" and rates[doc] is not None]
    assert inadequate["n"] == len(values) and inadequate["median"] == round(statistics.median(values), 2)
    banded = with_figures.track(["caseload"], by="vacancy_rate")
    assert banded["values"] and all(value.startswith("Q") for value in banded["values"])
    assert sum(row["documents"] for row in banded["rows"]) == sum(1 for r in rates.values() if r is not None)
    assert banded["tests"][0]["focus"] == banded["values"][-1]


def test_the_document_table_sees_figures_loaded_by_another_process(config, catalogue, corpus):
    """The table's version is kept until the catalogue changes (a cheap marker), so a change
    made by another process, as `figures import` beside a running server, must still show."""
    before = search.document_table(catalogue)
    assert search.document_table(catalogue) is before    # nothing changed: the same table
    tables = [str(path) for path in sorted(SHARED_DATA.glob("csww_*.csv"))]
    subprocess.run([sys.executable, "-m", "inspection_index", "--data-dir", str(config.data_dir),
                    "figures", "import", *tables], check=True, capture_output=True)
    after = search.document_table(catalogue)
    assert after.version != before.version
    statuses = {status for row in after.reports for status in row["figure_status"].values()}
    assert "ok" in statuses and "ok" not in {s for row in before.reports for s in row["figure_status"].values()}
