"""Real-corpus layer: all 151 real Ofsted PDFs and the real "Report not found" page."""

from __future__ import annotations

import csv

import pytest

from inspection_index import import_paths

pytestmark = pytest.mark.corpus


def test_every_real_report_is_catalogued_with_its_manifest_metadata(catalogue, shared_corpus):
    not_found = shared_corpus.parent / "badinput" / "report-not-found.html"
    summary = import_paths(catalogue, [shared_corpus, not_found])
    with (shared_corpus / "manifest.csv").open(encoding="utf-8") as handle:
        manifest = list(csv.DictReader(handle))
    assert len(manifest) == 151
    assert (summary.new, summary.known) == (151, 0)
    assert catalogue.count_documents() == 151

    by_location = {row["location"]: row["sha256"] for row in catalogue.query("SELECT * FROM locations")}
    for row in manifest:
        sha = by_location[str((shared_corpus / row["path"]).resolve())]
        document = catalogue.get_document(sha)
        assert document.title == row["title"]
        assert document.provider_urn == row["provider_urn"]
        assert document.local_authority == row["local_authority"]
        assert document.published == row["published"]
        assert document.kind == row["kind"]
        assert document.source_url == (row["source_url"] or None)
        assert document.size == int(row["bytes"])
        assert document.stored_path.stat().st_size == int(row["bytes"])

    [failure] = catalogue.failures()
    assert failure["location"] == str(not_found.resolve())
    assert failure["reason"] == 'not a PDF: an HTML "Report not found" page (the report was withdrawn)'
