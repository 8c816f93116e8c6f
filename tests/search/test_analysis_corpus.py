"""The analyses on the real corpus (../shared): the event study against a plain recount over the
figures table, the figure tests' counts, and the exported data package validated by frictionless."""

from __future__ import annotations

import csv
import json
from statistics import mean, median

import pytest
from click.testing import CliRunner

import search
from inspection_index import Catalogue, Config, vocabulary
from inspection_index.cli import cli
from inspection_index.figures import la_for_report, workforce_year

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus(corpus_data_dir):
    catalogue = Catalogue(Config(corpus_data_dir[0]))
    yield catalogue, search.document_table(catalogue)
    catalogue.close()


def test_event_study_means_equal_a_plain_recount(corpus):
    catalogue, table = corpus
    answer = search.spiral(catalogue, table.reports, "agency_rate", 3)
    # The recount: straight from the figures table, newest edition per council and year.
    rows = catalogue.query("SELECT la_code, year, value, source_table FROM figures WHERE measure = 'agency_rate'")
    newest, own = {}, {}
    for row in sorted(rows, key=lambda r: r["source_table"]):   # editions sort by their year suffix
        newest[(row["la_code"], row["year"])] = row["value"]
    for (code, year), value in newest.items():   # a joint row ("940 / 941") is each part's figure
        for part in code.split(" / "):
            own.setdefault((part, year), value)
    national = {}
    for (_, year), value in newest.items():
        if value is not None:
            national.setdefault(year, []).append(value)
    differences = {}
    for document, record in catalogue.extractions():
        grade = (record.get("judgements") or {}).get("overall_effectiveness")
        council = la_for_report(document.provider_urn, document.local_authority,
                                 on=record.get("inspection_end"))
        if grade not in vocabulary.GRADES or council is None or not record.get("inspection_end"):
            continue
        t = workforce_year(record["inspection_end"])
        for offset in range(-3, 4):
            value = own.get((council.la_code, t + offset))
            if value is not None and t + offset in national:
                differences.setdefault((grade, offset), []).append(value - median(national[t + offset]))
    checked = 0
    for point in answer["points"]:
        recount = differences.get((point["grade"], point["offset"]), [])
        assert point["n"] == len(recount)
        if not point["too_few"]:
            assert point["mean"] == pytest.approx(mean(recount), abs=1e-3)
            checked += 1
    assert checked >= 20 and answer["inspections"] == 80


def test_figure_tests_count_every_graded_report(corpus):
    _, table = corpus
    graded = [row for row in table.reports if row["grade"]]
    for test in search.figure_tests(table.reports):
        assert test["reports"] == len(graded) == 80
        assert test["n"] + sum(item["reports"] for item in test["missing"]) == test["reports"]
        assert test["n"] == sum(1 for row in graded if row["figures"][test["measure"]] is not None)
        assert "p_value" in test["trend"] and test["adjusted"]["councils"] >= 20


def test_export_writes_a_valid_data_package(corpus_data_dir, tmp_path):
    from frictionless import validate

    target = tmp_path / "package"
    result = CliRunner().invoke(cli, ["--data-dir", str(corpus_data_dir[0]), "export", str(target), "--json"])
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)
    assert written["reports"] == 151 and written["corpus_version"]
    report = validate(str(target / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    descriptor = json.loads((target / "datapackage.json").read_text())
    assert descriptor["version"] == written["corpus_version"]
    assert descriptor["licenses"][0]["name"] == "OGL-UK-3.0"
    with (target / "reports.csv").open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == [field["name"] for field in descriptor["resources"][0]["schema"]["fields"]]
    assert not list(target.glob(".*"))   # no temporary file left behind


def test_export_into_a_file_is_one_clear_error(corpus_data_dir, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("keep me")
    result = CliRunner().invoke(cli, ["--data-dir", str(corpus_data_dir[0]), "export", str(blocker)])
    assert result.exit_code != 0
    assert blocker.read_text() == "keep me"
