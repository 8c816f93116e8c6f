"""extract_collected over a real catalogue (cache by sha256 + version) and the CLI command."""

import json

import click
import pytest
from click.testing import CliRunner

import extract
import extract.collected
from inspection_index.commands import extract as extract_command

LINES = ["Inspection of Anytown local authority children’s services", "Inspection dates: 3 to 14 October 2022",
         "Overall effectiveness Good", "1. Caseloads are too high in the assessment team."]


@pytest.fixture
def stocked(catalogue, make_pdf):
    good = catalogue.add_document(make_pdf([LINES]), source="import", location="/x/good.pdf").document
    blank = catalogue.add_document(make_pdf([[""]]), source="import", location="/x/blank.pdf").document
    return catalogue, good, blank


def test_extract_collected_saves_and_then_does_no_work(stocked):
    catalogue, good, blank = stocked
    seen = []
    summary = extract.extract_collected(catalogue, jobs=2, progress=seen.append)
    assert summary["extracted"] == 1 and summary["failed"] == 1 and summary["skipped"] == 0
    assert summary["errors"] == [{"sha256": blank.sha256, "error": summary["errors"][0]["error"]}]
    assert "no text layer" in summary["errors"][0]["error"]
    assert len(seen) == 2
    record = catalogue.get_extraction(good.sha256)
    assert record["judgements"] == {"overall_effectiveness": "good"}
    assert record["extractor_version"] == extract.EXTRACTOR_VERSION
    assert record["sha256"] == good.sha256
    assert [f["reason"] for f in catalogue.failures("extract")] == [summary["errors"][0]["error"]]

    again = extract.extract_collected(catalogue, jobs=2)
    assert (again["extracted"], again["failed"], again["skipped"]) == (0, 0, 2)


def test_a_new_extractor_version_re_extracts(stocked, monkeypatch):
    catalogue, good, _ = stocked
    extract.extract_collected(catalogue)
    monkeypatch.setattr(extract.collected, "EXTRACTOR_VERSION", "999-test")
    summary = extract.extract_collected(catalogue)
    assert summary["extracted"] + summary["failed"] == 2
    assert catalogue.documents_needing_extraction("999-test") == []


def _root(config):
    @click.group()
    @click.pass_context
    def root(ctx):
        ctx.obj = {"config": config, "debug": False}

    root.add_command(extract_command.command)
    return root


def test_cli_with_files_prints_json_lines_and_touches_no_data_dir(tmp_path, make_pdf, config):
    good = tmp_path / "good.pdf"
    good.write_bytes(make_pdf([LINES]))
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"<html>Report not found</html>")
    result = CliRunner().invoke(_root(config), ["extract", str(good), str(bad), "--jsonl", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(good), str(bad)]
    assert lines[0]["judgements"] == {"overall_effectiveness": "good"} and lines[1]["error"]
    assert not config.data_dir.exists()


def test_cli_without_files_extracts_the_catalogue(stocked, config):
    result = CliRunner().invoke(_root(config), ["extract"])
    assert result.exit_code == 0, result.output
    assert "Extracted 1 document(s), 1 could not be read" in result.stderr
    assert result.stdout == ""


def test_cli_is_registered_once_the_lead_adds_it():
    from inspection_index.cli import cli

    if "extract" not in cli.commands:
        pytest.skip("inspection_index/commands/__init__.py does not register the extract command yet")
    assert cli.commands["extract"] is extract_command.command
