"""Issue 14's hostile review, items 3, 4 and 9: a bad manifest row, a non-UTF-8 file name or a
file name with terminal escapes never stops an import, an index build, or garbles the terminal.
Each test is named after the case the review reported."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest

from inspection_index import Catalogue, import_paths
from pdfgen import make_pdf

MANIFEST_COLUMNS = ["path", "provider_urn", "local_authority", "title", "published", "kind", "source_url"]
GOOD_ROW = {"provider_urn": "80431", "local_authority": "Blackpool", "title": "Children's services inspection",
            "published": "2014-03-21", "kind": "childrens-services-inspection",
            "source_url": "https://files.ofsted.gov.uk/v1/file/2401234"}


def corpus_with(tmp_path, bad: dict[str, str]):
    """A folder of two reports and a manifest whose second row has the ``bad`` fields."""
    root = tmp_path / "corpus"
    root.mkdir(parents=True)
    (root / "good.pdf").write_bytes(make_pdf(["Blackpool: caseloads are too high for social workers."] * 3))
    (root / "bad.pdf").write_bytes(make_pdf(["Essex: caseloads are manageable for social workers."] * 3))
    with (root / "manifest.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, MANIFEST_COLUMNS)
        writer.writeheader()
        writer.writerow({"path": "good.pdf", **GOOD_ROW})
        writer.writerow({"path": "bad.pdf", **GOOD_ROW, "source_url": "", **bad})
    return root


def run_cli(*args, data_dir):
    return subprocess.run([sys.executable, "-m", "inspection_index", "--data-dir", str(data_dir), *args],
                          capture_output=True, timeout=120)


@pytest.mark.parametrize("field, value", [
    ("published", "21/03/2014"),
    ("published", "2014-02-30"),
    ("provider_urn", "80431; DROP TABLE"),
    ("kind", "inspection"),
    ("source_url", "javascript:alert(1)"),
    ("source_url", "data:text/html,<script>alert(1)</script>"),
    ("title", "Report\x1b]0;owned\x07"),
])
def test_manifest_row_published_21_03_2014_is_refused_naming_file_line_and_field(catalogue, tmp_path, field, value):
    root = corpus_with(tmp_path, {field: value})
    summary = import_paths(catalogue, [root])
    assert summary.new == 1, "the good row's file is still imported"
    [(path, reason)] = summary.failed
    assert path == str(root / "bad.pdf")
    assert reason.startswith(f"{root / 'manifest.csv'}, line 3, {field}: {value!r} ")
    assert [d.title for d in catalogue.documents()] == [GOOD_ROW["title"]]
    # Fixing the row and importing again takes the file with its corrected metadata.
    corpus_with(tmp_path / "fixed", {})
    (root / "manifest.csv").write_bytes((tmp_path / "fixed" / "corpus" / "manifest.csv").read_bytes())
    again = import_paths(catalogue, [root])
    assert (again.new, again.failed) == (1, []) and catalogue.failures() == []


def test_stored_published_21_03_2014_does_not_stop_the_index_build(config, catalogue, tmp_path):
    """A row written before import checked manifests (or by hand): the build goes on, the value
    counts as unknown and a warning names it."""
    import extract
    import search

    root = corpus_with(tmp_path, {})
    import_paths(catalogue, [root])
    catalogue.execute("UPDATE documents SET published = '21/03/2014', source_url = 'javascript:alert(1)'")
    extract.extract_collected(catalogue, jobs=1)
    summary = search.build_index(config)
    assert summary["documents"] == 2
    assert all(d.published is None and d.source_url is None for d in catalogue.documents())


def test_stored_published_21_03_2014_warns_once_on_the_command_line(data_dir, tmp_path):
    root = corpus_with(tmp_path, {})
    assert run_cli("import", str(root), data_dir=data_dir).returncode == 0
    catalogue = Catalogue.open(data_dir)
    catalogue.execute("UPDATE documents SET published = '21/03/2014'")
    catalogue.close()
    result = run_cli("up", "--no-crawl", "--no-serve", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.decode().splitlines() if "'21/03/2014'" in line]
    assert len(warnings) == 2 and all("treated as unknown" in line for line in warnings)


def test_non_utf8_file_name_does_not_abort_the_import(data_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    latin1 = os.fsdecode(b"rapport-caf\xe9.pdf")  # a Latin-1 name from an old archive
    (folder / latin1).write_bytes(make_pdf(["Latin-1 name"]))
    (folder / "z-later.pdf").write_bytes(make_pdf(["a later file"]))
    (folder / os.fsdecode(b"z-\xff-empty.pdf")).write_bytes(b"")
    result = run_cli("import", str(folder), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    stderr = result.stderr.decode()
    assert "Imported 2 new, 0 already held, 1 failed." in stderr
    assert f"{folder}/z-\\xff-empty.pdf: empty file" in stderr
    status = json.loads(run_cli("status", "--json", data_dir=data_dir).stdout)
    assert status["documents"] == 2
    assert status["failed"][0]["source"] == f"{folder.resolve()}/z-\\xff-empty.pdf"


def test_file_name_with_escape_sequence_and_newline_is_shown_escaped_on_one_line(data_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\x1b]0;owned\x07.pdf").write_bytes(b"not a pdf")
    (folder / "b\nsecond line.pdf").write_bytes(b"")
    result = run_cli("import", str(folder), data_dir=data_dir)
    assert result.returncode == 0
    status = run_cli("status", data_dir=data_dir)
    for output in (result.stderr, status.stdout):
        text = output.decode()
        assert "\x1b" not in text and "\x07" not in text
        assert "a\\x1b]0;owned\\x07.pdf: not a PDF" in text
        assert "b\\x0asecond line.pdf: empty file" in text
