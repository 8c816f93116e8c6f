"""The index, search and track commands, run through the real CLI entry point."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from inspection_index.cli import cli
from click.testing import CliRunner


def run(data_dir, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], catch_exceptions=False)


def test_index_then_status_counts_indexed(data_dir, corpus):
    result = run(data_dir, "index", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documents"] == len(corpus)
    status = json.loads(run(data_dir, "status", "--json").stdout)
    assert status["indexed"] == len(corpus)


def test_search_and_track_on_the_terminal(data_dir, corpus):
    run(data_dir, "index")
    result = run(data_dir, "search", '"high caseloads"', "judgement:inadequate")
    assert result.exit_code == 0
    assert result.stdout.startswith('2 reports (2 passages) for "high caseloads" AND judgement:inadequate')
    assert "[high caseloads]" in result.stdout and "Inspection of Birmingham — Birmingham, 2016-05-01, Inadequate" in result.stdout
    answer = json.loads(run(data_dir, "search", "--json", "caseload").stdout)
    assert answer["total"] == 5 and answer["corpus_version"]
    tracked = run(data_dir, "track", "caseload", '"high caseloads"', "--by", "overall_effectiveness")
    assert tracked.exit_code == 0
    assert "The odds of mentioning \"high caseloads\" were 35.0 times as high" in tracked.stdout
    rows = json.loads(run(data_dir, "track", "--json", "caseload").stdout)["rows"]
    assert [row["value"] for row in rows] == ["outstanding", "good", "requires_improvement", "inadequate"]


@pytest.mark.parametrize("args, says", [
    (["search", "year:abc"], "year: needs a year such as 2016"),
    (["search", "AND"], "AND needs a word"),
    (["track", "caseload", "--by", "colour"], "Cannot break down by 'colour'"),
])
def test_bad_queries_exit_1_with_one_sentence(data_dir, corpus, args, says):
    run(data_dir, "index")
    process = subprocess.run([sys.executable, "-m", "inspection_index", "--data-dir", str(data_dir), *args],
                             capture_output=True, text=True)
    assert process.returncode == 1
    assert process.stderr.startswith("Error: ") and says in process.stderr
    assert "Traceback" not in process.stderr and process.stderr.count("\n") == 1
