"""`import`: dedupe, manifests, bad files — through the Python API and the command line."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from inspection_index import Catalogue, import_paths
from inspection_index.errors import InspectionIndexError
from pdfgen import make_pdf

NOT_FOUND_PAGE = (b"<!DOCTYPE html>\n<html lang=\"en\"><head><title>Report not found</title></head>"
                  b"<body><h1>Report not found</h1></body></html>")


def write(path, body):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    return path


@pytest.fixture
def folder(tmp_path):
    """A folder shaped like the shared corpus: per-provider subfolders and a manifest above them."""
    root = tmp_path / "corpus"
    write(root / "80431" / "2014-09-08-childrens-services-inspection.pdf", make_pdf(["Blackpool 2014"]))
    write(root / "80431" / "2019-03-01-focused-visit.pdf", make_pdf(["Blackpool focused visit"]))
    write(root / "80431" / "copy-of-2014.pdf", make_pdf(["Blackpool 2014"]))  # same bytes
    write(root / "80468" / "2016-01-01-jtai.pdf", make_pdf(["Essex JTAI"]))
    with (root / "manifest.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "provider_urn", "local_authority", "title", "published", "kind", "source_url", "bytes"])
        writer.writerow(["80431/2014-09-08-childrens-services-inspection.pdf", "80431", "Blackpool",
                         "Children's services inspection - 8 September 2014", "2014-09-08",
                         "childrens-services-inspection", "https://files.ofsted.gov.uk/v1/file/2401234", ""])
        writer.writerow(["80468/2016-01-01-jtai.pdf", "80468", "Essex", "Joint area child protection inspection",
                         "2016-01-01", "jtai", "", ""])
    (root / "notes.md").write_text("not a document")
    return root


def test_import_reads_manifest_and_dedupes(catalogue, folder):
    summary = import_paths(catalogue, [folder])
    assert (summary.new, summary.known, summary.failed) == (3, 1, [])
    by_title = {d.title: d for d in catalogue.documents()}
    inspection = by_title["Children's services inspection - 8 September 2014"]
    assert inspection.provider_urn == "80431"
    assert inspection.local_authority == "Blackpool"
    assert inspection.published == "2014-09-08"
    assert inspection.kind == "childrens-services-inspection"
    assert inspection.source == "import"
    assert inspection.file_id == "2401234"
    assert catalogue.knows_file_id("2401234")
    assert by_title["Joint area child protection inspection"].kind == "jtai"
    assert by_title[None].provider_urn is None  # no manifest row: no invented metadata


def test_reimport_is_idempotent(catalogue, folder):
    import_paths(catalogue, [folder])
    summary = import_paths(catalogue, [folder])
    assert (summary.new, summary.known) == (0, 4)
    assert catalogue.count_documents() == 3


@pytest.mark.parametrize("name, body, reason", [
    ("empty.pdf", b"", "empty file"),
    ("withdrawn.pdf", NOT_FOUND_PAGE, 'not a PDF: an HTML "Report not found" page'),
    ("truncated.pdf", make_pdf(["cut short"] * 50)[:700], "truncated PDF"),
    ("locked.pdf", make_pdf(["secret"], encrypted=True), "encrypted PDF"),
    ("word.pdf", b"PK\x03\x04 a docx in disguise", "not a PDF"),
])
def test_bad_files_fail_clearly_and_lose_nothing(catalogue, folder, name, body, reason):
    import_paths(catalogue, [folder])
    before = {d.sha256: d.stored_path.read_bytes() for d in catalogue.documents()}
    bad = write(folder / "bad" / name, body)
    summary = import_paths(catalogue, [folder])
    assert len(summary.failed) == 1
    path, why = summary.failed[0]
    assert path == str(bad) and why.startswith(reason)
    assert [f["location"] for f in catalogue.failures()] == [str(bad.resolve())]
    assert {d.sha256: d.stored_path.read_bytes() for d in catalogue.documents()} == before


def test_failed_file_is_retried_and_cleared_when_fixed(catalogue, tmp_path):
    bad = write(tmp_path / "in" / "report.pdf", b"")
    assert len(import_paths(catalogue, [tmp_path / "in"]).failed) == 1
    bad.write_bytes(make_pdf(["fixed"]))
    summary = import_paths(catalogue, [tmp_path / "in"])
    assert summary.new == 1 and catalogue.failures() == []


def test_missing_path_is_refused_before_anything_is_imported(catalogue, folder):
    with pytest.raises(InspectionIndexError, match="no such file or folder"):
        import_paths(catalogue, [folder, folder / "nope"])
    assert catalogue.count_documents() == 0


def run_cli(*args, data_dir, env=None):
    return subprocess.run([sys.executable, "-m", "inspection_index", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_cli_import_then_status_json(data_dir, folder):
    write(folder / "bad" / "withdrawn.pdf", NOT_FOUND_PAGE)
    result = run_cli("import", str(folder), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "withdrawn.pdf: not a PDF" in result.stderr
    assert "Imported 3 new, 1 already held, 1 failed." in result.stderr
    status = json.loads(run_cli("status", "--json", data_dir=data_dir).stdout)
    assert status["documents"] == 3
    assert status["extracted"] == 0
    assert status["failed"] == [{**status["failed"][0], "source": str((folder / "bad" / "withdrawn.pdf").resolve()),
                                 "stage": "collect"}]
    assert "Report not found" in status["failed"][0]["reason"]


def test_cli_errors_are_one_sentence_with_the_right_exit_status(data_dir, tmp_path):
    missing = run_cli("import", str(tmp_path / "nope"), data_dir=data_dir)
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"Error: {tmp_path / 'nope'}: no such file or folder"
    usage = run_cli("import", data_dir=data_dir)
    assert usage.returncode == 2 and "Missing argument" in usage.stderr


def test_data_dir_comes_from_the_environment(tmp_path, folder):
    import os
    env = {**os.environ, "INSPECTION_INDEX_DATA": str(tmp_path / "from-env")}
    result = subprocess.run([sys.executable, "-m", "inspection_index", "import", str(folder)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert Catalogue.open(tmp_path / "from-env").count_documents() == 3


@pytest.mark.parametrize("command", ["import", "status"])
def test_every_command_has_help(command, data_dir):
    result = run_cli(command, "--help", data_dir=data_dir)
    assert result.returncode == 0 and "Usage:" in result.stdout
