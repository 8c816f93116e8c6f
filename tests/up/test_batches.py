"""The background batches of `up`, in process: a failing batch is reported and the site keeps
serving the last good index; the status line says what is happening; the sample's API."""

from __future__ import annotations

import time

import pytest
from up_helpers import report_pdf, wait_for

import search
from inspection_index import Catalogue, Config, running, sample
from inspection_index.commands.pipeline import BATCH_FAILURE, Batches
from inspection_index.running import Claim
from webui import create_app


def _add(catalogue: Catalogue, council: str) -> None:
    catalogue.add_document(report_pdf(council, 1), source="import", location=f"/tmp/{council}.pdf",
                           title=f"{council} inspection", local_authority=council, published="2023-05-20")


@pytest.fixture
def claimed(config):
    claim = Claim(config)
    yield claim
    claim.release()


def test_a_failing_batch_is_reported_and_the_last_good_index_keeps_serving(config, catalogue, claimed,
                                                                          monkeypatch):
    _add(catalogue, "Northtown")
    batches = Batches(config, claimed, jobs=1, size=5, seconds=0.3)
    batches.start()
    try:
        wait_for(lambda: claimed.state.get("indexed") == 1, timeout=60)
        build = search.build_index

        def broken(*args, **kwargs):
            raise OSError("No space left on device")

        monkeypatch.setattr(search, "build_index", broken)
        _add(catalogue, "Southville")
        wait_for(lambda: claimed.state.get("batch_error"), timeout=60)
        line = running.status_line(running.current(config))
        assert "The last batch failed (OSError: No space left on device); still serving the previous index" in line
        assert [f["reason"] for f in catalogue.failures("index") if f["location"] == BATCH_FAILURE] == [
            "OSError: No space left on device"]
        client = create_app(config).test_client()
        assert client.get("/api/search?q=caseloads").get_json()["total"] == 1   # the last good index
        assert "still serving the previous index" in client.get("/").get_data(as_text=True)

        monkeypatch.setattr(search, "build_index", build)      # the fault goes away: the next batch succeeds
        wait_for(lambda: claimed.state.get("indexed") == 2 and not claimed.state.get("batch_error"), timeout=60)
        assert not catalogue.failures("index")
        assert client.get("/api/search?q=caseloads").get_json()["total"] == 2
    finally:
        batches.stop()


def test_new_documents_wait_for_a_full_batch_or_the_interval(config, catalogue, claimed):
    batches = Batches(config, claimed, jobs=1, size=3, seconds=3600)
    batches.start()
    try:
        wait_for(batches.idle.is_set, timeout=60)         # the first pass: nothing to do
        batches._last = time.monotonic()                  # as if a batch had just run
        for council in ("Aton", "Beton"):
            _add(catalogue, council)
        wait_for(lambda: claimed.state.get("pending") == 2, timeout=30)
        assert "2 waiting · next batch indexed in 60 min" in running.status_line(claimed.state)
        _add(catalogue, "Ceton")                          # the third makes a full batch: indexed at once
        wait_for(lambda: claimed.state.get("indexed") == 3, timeout=60)
    finally:
        batches.stop()


def test_status_line_wording():
    now = 1000.0
    assert running.status_line(None) is None
    assert running.status_line({"pid": 1}) is None
    assert running.status_line({"collecting": "ofsted", "collected": 340, "collect_failed": 3,
                                "pending": 12, "next_batch_at": now + 40}, now=now) == (
        "Collecting from ofsted: 340 new reports so far · 3 failed · 12 waiting · next batch indexed in 40 s")
    assert running.status_line({"indexing": 25}, now=now) == "Indexing 25 new reports"
    assert running.status_line({"crawl_error": "Could not crawl ofsted (host not found)",
                                "next_refresh_at": now + 86400}, now=now) == (
        "Could not crawl ofsted (host not found) · next try in 24 h")


def test_a_stale_state_file_is_ignored(config, claimed):
    claimed.publish(url="http://localhost:5000/", collecting="ofsted")
    assert running.current(config)["collecting"] == "ofsted"
    (config.data_dir / running.STATE).write_text('{"pid": 999999999, "collecting": "ofsted"}')
    assert running.current(config) is None       # its process is gone: nothing is running


def test_the_sample_arrives_and_goes(config, catalogue):
    added = sample.add(catalogue)
    assert (added.new, added.failed) == (10, [])
    documents = catalogue.documents()
    assert {d.source for d in documents} == {"sample"}
    assert {d.kind for d in documents} == {"childrens-services-inspection", "focused-visit", "jtai"}
    assert sum(p.stat().st_size for p in sample.FOLDER.glob("*.pdf")) < 5_000_000
    assert "Open Government Licence v3.0" in (sample.FOLDER / "README.md").read_text()
    # The same bytes collected from the real site are no longer sample.
    crawled = documents[0]
    catalogue.add_document(crawled.stored_path.read_bytes(), source="ofsted", location="https://files/x")
    assert catalogue.get_document(crawled.sha256).source == "ofsted"
    assert sample.remove(catalogue) == 9
    assert [d.sha256 for d in catalogue.documents()] == [crawled.sha256]
    assert crawled.stored_path.exists() and len(list(config.files_dir.rglob("*.pdf"))) == 1


def test_the_sample_shows_every_grade_and_both_frameworks(tmp_path):
    import extract

    records = list(extract.extract_files(sorted(sample.FOLDER.glob("*.pdf")), jobs=2))
    assert not [r["error"] for r in records if r.get("error")]
    assert {r["framework"] for r in records} >= {"sif", "ilacs"}
    grades = {r["judgements"].get("overall_effectiveness") for r in records}
    assert grades >= {"outstanding", "good", "requires_improvement", "inadequate"}


def test_sample_commands(tmp_path):
    from click.testing import CliRunner

    from inspection_index.cli import cli

    runner = CliRunner()
    added = runner.invoke(cli, ["sample", "add", "--data-dir", str(tmp_path)])
    assert added.exit_code == 0 and "Added 10 sample reports" in added.stderr
    assert sample.count(Catalogue(Config(tmp_path))) == 10
    removed = runner.invoke(cli, ["sample", "remove", "--data-dir", str(tmp_path)])
    assert removed.exit_code == 0 and "Removed 10 sample reports." in removed.stderr
    assert sample.count(Catalogue(Config(tmp_path))) == 0
