"""The catalogue and file store: atomic writes, dedupe, concurrency, schema migration."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from inspection_index import Catalogue, Config
from inspection_index.errors import DiskFull
from inspection_index.schema import SCHEMA_VERSION, migrate
from inspection_index.store import sha256_bytes
from pdfgen import make_pdf

REPO = Path(__file__).resolve().parents[2]


def add(catalogue, body, location="/x.pdf", **metadata):
    return catalogue.add_document(body, source="import", location=location, **metadata)


def test_add_stores_file_by_content_and_catalogues_it(catalogue):
    body = make_pdf(["Inspection of Blackpool local authority children's services"])
    result = add(catalogue, body, title="Children's services inspection", provider_urn="80431")
    assert result.new
    document = result.document
    assert document.sha256 == sha256_bytes(body)
    assert document.doc_id == document.sha256[:16]
    assert document.stored_path.read_bytes() == body
    assert document.stored_path.name == f"{document.sha256}.pdf"
    assert catalogue.count_documents() == 1
    assert catalogue.get_document(document.doc_id) == document


def test_same_bytes_twice_is_one_document_with_two_locations(catalogue):
    body = make_pdf(["one report"])
    first = add(catalogue, body, location="/a.pdf")
    second = add(catalogue, body, location="/b.pdf", title="Filled later")
    assert first.new and not second.new
    assert catalogue.count_documents() == 1
    assert catalogue.knows_location("/a.pdf") and catalogue.knows_location("/b.pdf")
    # Known metadata is never overwritten, but gaps are filled.
    assert second.document.title == "Filled later"
    third = add(catalogue, body, location="/c.pdf", title="Another title")
    assert third.document.title == "Filled later"


def test_file_id_is_remembered_for_incremental_crawls(catalogue):
    add(catalogue, make_pdf(["x"]), location="https://files.example/v1/file/50252437", file_id="50252437")
    assert catalogue.knows_file_id("50252437")
    assert not catalogue.knows_file_id("50252438")


def test_failure_is_recorded_then_cleared_by_a_later_success(catalogue):
    catalogue.record_failure(stage="collect", location="/bad.pdf", source="import", reason="empty file")
    catalogue.record_failure(stage="collect", location="/bad.pdf", source="import", reason="truncated PDF")
    [failure] = catalogue.failures()
    assert failure["reason"] == "truncated PDF" and failure["attempts"] == 2
    add(catalogue, make_pdf(["now fine"]), location="/bad.pdf")
    assert catalogue.failures() == []


def test_extraction_round_trip_and_version_bump(catalogue):
    document = add(catalogue, make_pdf(["x"])).document
    assert [d.sha256 for d in catalogue.documents_needing_extraction("1")] == [document.sha256]
    record = {"sha256": document.sha256, "error": None, "judgements": {"overall_effectiveness": "good"}}
    catalogue.save_extraction(document.sha256, "1", record)
    assert catalogue.get_extraction(document.sha256) == record
    assert catalogue.documents_needing_extraction("1") == []
    assert len(catalogue.documents_needing_extraction("2")) == 1
    assert catalogue.count_extracted() == 1


def test_extraction_error_is_a_failure_until_it_succeeds(catalogue):
    document = add(catalogue, make_pdf(["x"])).document
    catalogue.save_extraction(document.sha256, "1", {"error": "no text layer, OCR needed"})
    assert [f["reason"] for f in catalogue.failures("extract")] == ["no text layer, OCR needed"]
    assert catalogue.count_extracted() == 0
    catalogue.save_extraction(document.sha256, "2", {"error": None})
    assert catalogue.failures("extract") == []


def test_full_disk_mid_write_leaves_nothing_counted(catalogue, monkeypatch):
    kept = add(catalogue, make_pdf(["kept"]), location="/kept.pdf").document

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(DiskFull, match=f"the disk holding {catalogue.config.data_dir} is full: nothing partial"):
        add(catalogue, make_pdf(["lost"]), location="/lost.pdf")
    monkeypatch.undo()
    assert catalogue.count_documents() == 1
    assert kept.stored_path.read_bytes() == make_pdf(["kept"])
    assert list((catalogue.config.files_dir / "tmp").iterdir()) == []
    assert sorted(p.name for p in catalogue.config.files_dir.rglob("*.pdf")) == [kept.stored_path.name]


# A writer that stops for good inside the store's write (between writing the temporary file and
# renaming it), so the test can kill it at exactly that point.
_STALLED_WRITER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {tests!r})
    from inspection_index import Catalogue, Config
    from pdfgen import make_pdf
    catalogue = Catalogue(Config({data!r}))
    def stall(fd):
        open({marker!r}, "w").close()
        time.sleep(600)
    os.fsync = stall
    catalogue.add_document(make_pdf(["half written"] * 2000), source="import", location="/half.pdf")
""")


def test_writer_killed_mid_file_leaves_nothing_half_written(config, tmp_path):
    catalogue = Catalogue(config)
    add(catalogue, make_pdf(["before"]), location="/before.pdf")
    marker = tmp_path / "stalled"
    script = _STALLED_WRITER.format(tests=str(REPO / "tests"), data=str(config.data_dir), marker=str(marker))
    writer = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    deadline = time.monotonic() + 30
    while not marker.exists():
        assert writer.poll() is None, "writer exited before reaching the write"
        assert time.monotonic() < deadline, "writer never reached the write"
        time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait()

    assert catalogue.count_documents() == 1
    assert not catalogue.knows_location("/half.pdf")
    half = sha256_bytes(make_pdf(["half written"] * 2000))
    assert not (config.files_dir / half[:2] / f"{half}.pdf").exists()
    leftovers = list((config.files_dir / "tmp").glob("*.part"))
    assert len(leftovers) == 1  # the dead writer's temporary file, under no real name
    assert catalogue.store.clean_stale_temporaries(older_than=0) == 1
    # The same document can be collected properly afterwards.
    assert add(catalogue, make_pdf(["half written"] * 2000), location="/half.pdf").new


_WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from inspection_index import Catalogue, Config
    from pdfgen import make_pdf
    catalogue = Catalogue(Config({data!r}))
    for i in range({count}):
        catalogue.add_document(make_pdf([f"writer {{sys.argv[1]}} document {{i}}"]), source="import",
                               location=f"/w{{sys.argv[1]}}/{{i}}.pdf")
        catalogue.record_failure(stage="collect", location=f"/w{{sys.argv[1]}}/bad{{i}}", source="import",
                                 reason="empty file")
""")


def test_concurrent_writers_and_a_reader_neither_corrupt_nor_lock(config):
    Catalogue(config).close()  # create the schema once, as a server would have
    count = 60
    script = _WRITER.format(tests=str(REPO / "tests"), data=str(config.data_dir), count=count)
    writers = [subprocess.Popen([sys.executable, "-c", script, str(n)], cwd=REPO,
                                stderr=subprocess.PIPE, text=True) for n in range(3)]
    reader = Catalogue(config)
    reads = 0
    while any(w.poll() is None for w in writers):
        reader.count_documents()
        reader.failures()
        reads += 1
    for writer in writers:
        assert writer.returncode == 0, writer.stderr.read()
    assert reads > 0
    assert reader.count_documents() == 3 * count
    assert len(reader.failures()) == 3 * count
    check = sqlite3.connect(config.catalogue_path).execute("PRAGMA integrity_check").fetchone()[0]
    assert check == "ok"


def test_an_older_schema_is_migrated_forward_keeping_its_rows(config):
    config.ensure()
    connection = sqlite3.connect(config.catalogue_path, isolation_level=None)
    migrate(connection, target=1)
    connection.execute(
        "INSERT INTO documents (sha256, doc_id, source, size, stored_path, fetched_at) "
        "VALUES ('ab' || hex(randomblob(31)), 'x', 'import', 1, 'p', 'now')"
    )
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    connection.close()

    catalogue = Catalogue(config)
    assert catalogue.query("PRAGMA user_version")[0]["user_version"] == SCHEMA_VERSION
    assert catalogue.count_documents() == 1
    assert catalogue.query("SELECT COUNT(*) AS n FROM citations")[0]["n"] == 0
    assert catalogue.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"


def test_a_newer_schema_than_known_is_refused_clearly(config):
    config.ensure()
    sqlite3.connect(config.catalogue_path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(Exception, match="newer than this program knows"):
        Catalogue(Config(config.data_dir))


def test_change_marker_moves_with_every_commit_from_anywhere_and_only_then(config, tmp_path):
    catalogue = Catalogue(config)
    first = catalogue.change_marker()
    catalogue.count_documents()
    assert catalogue.change_marker() == first            # reading changes nothing
    add(catalogue, make_pdf(["own write"]))
    own = catalogue.change_marker()
    assert own != first                                  # this connection's own commit
    other = Catalogue(config)
    add(other, make_pdf(["another connection"]), location="/y.pdf")
    assert catalogue.change_marker() != own              # another connection in this process
    moved = catalogue.change_marker()
    script = (f"import sys; sys.path.insert(0, {str(REPO / 'tests')!r}); from pdfgen import make_pdf; "
              f"from inspection_index import Catalogue, Config; "
              f"Catalogue(Config({str(config.data_dir)!r})).add_document(make_pdf(['another process']), "
              f"source='import', location='/z.pdf')")
    subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True)
    assert catalogue.change_marker() != moved            # another process
