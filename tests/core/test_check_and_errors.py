"""Issue 14, item 6: a full disk and a damaged catalogue are told as their cause and what to do,
and `inspection-index check` finds damage (exit 1) and says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import inspection_index.store
from inspection_index import Catalogue, import_paths
from inspection_index.cli import main
from inspection_index.errors import DiskFull
from pdfgen import make_pdf


def run_cli(*args, data_dir):
    return subprocess.run([sys.executable, "-m", "inspection_index", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    for number in range(4):
        (root / f"report-{number}.pdf").write_bytes(make_pdf([f"Report number {number}: caseloads are high."] * 3))
    return root


def fill_disk_after(monkeypatch, files: int):
    """The store's temporary files go to /dev/full once ``files`` have been written: the kernel
    answers ENOSPC exactly as a full disk does."""
    real_mkstemp = inspection_index.store.tempfile.mkstemp
    written = []

    def mkstemp(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        written.append(name)
        if len(written) > files:
            os.close(fd)
            fd = os.open("/dev/full", os.O_WRONLY)
        return fd, name

    monkeypatch.setattr(inspection_index.store.tempfile, "mkstemp", mkstemp)


def test_full_disk_during_import_names_data_dir_what_was_kept_and_what_to_do(catalogue, folder, monkeypatch, capsys):
    fill_disk_after(monkeypatch, files=2)
    with pytest.raises(DiskFull) as raised:
        import_paths(catalogue, [folder])
    assert str(raised.value) == (
        f"the disk holding {catalogue.config.data_dir} is full: 2 new files were stored before it filled "
        f"({folder / 'report-2.pdf'} and later files were not), nothing partial was kept; free space and "
        f"run import again")
    assert catalogue.count_documents() == 2
    assert list((catalogue.config.files_dir / "tmp").iterdir()) == []
    # On the command line: that one sentence, exit 1, no exception name.
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir", str(catalogue.config.data_dir), "import", str(folder)])
    assert exit_.value.code == 1
    error = capsys.readouterr().err
    assert error.startswith(f"Error: the disk holding {catalogue.config.data_dir} is full: 0 new files")
    assert "OSError" not in error and "Errno" not in error


def damage(path):
    """Overwrite the middle of an SQLite file (its table pages, not its header)."""
    body = bytearray(path.read_bytes())
    body[4096:12288] = b"\xa5" * 8192
    path.write_bytes(bytes(body))


def test_damaged_catalogue_names_the_file_and_says_run_check(data_dir, folder):
    assert run_cli("import", str(folder), data_dir=data_dir).returncode == 0
    damage(data_dir / "catalogue.sqlite")
    status = run_cli("status", data_dir=data_dir)
    assert status.returncode == 1
    assert status.stderr.startswith(f"Error: {data_dir / 'catalogue.sqlite'} is damaged (")
    assert "run `inspection-index check`" in status.stderr and "DatabaseError" not in status.stderr
    check = run_cli("check", data_dir=data_dir)
    assert check.returncode == 1
    assert f"{data_dir / 'catalogue.sqlite'}: DAMAGED" in check.stdout
    assert "Restore it from a backup" in check.stdout
    assert check.stderr == f"Error: {data_dir} is damaged: see above for what to do\n"


def test_catalogue_that_is_not_sqlite_at_all(data_dir):
    data_dir.mkdir()
    (data_dir / "catalogue.sqlite").write_bytes(b"this is not a database" * 300)
    status = run_cli("status", data_dir=data_dir)
    assert status.returncode == 1 and "is damaged (file is not a database)" in status.stderr
    assert run_cli("check", data_dir=data_dir).returncode == 1


def test_check_of_a_sound_data_dir_then_of_damaged_and_missing_files(data_dir, folder):
    assert run_cli("import", str(folder), data_dir=data_dir).returncode == 0
    assert run_cli("up", "--no-crawl", "--no-serve", data_dir=data_dir).returncode == 0
    sound = run_cli("check", data_dir=data_dir)
    assert sound.returncode == 0, sound.stdout
    assert sound.stdout.splitlines() == [
        f"{data_dir / 'catalogue.sqlite'}: ok (SQLite integrity_check)",
        "Stored files: 4 of 4 match their sha256",
        "Search index: 4 reports, as many as are extracted.",
        "No damage found."]
    catalogue = Catalogue.open(data_dir)
    first, second = catalogue.documents()[:2]
    catalogue.close()
    first.stored_path.write_bytes(first.stored_path.read_bytes().replace(b"caseloads", b"CASELOADS"))
    second.stored_path.unlink()
    damaged = run_cli("check", "--json", data_dir=data_dir)
    assert damaged.returncode == 1
    report = json.loads(damaged.stdout)
    assert report["damaged"] and report["catalogue"] == []
    assert {item["path"]: item["problem"].split(" (")[0] for item in report["files"]["damaged"]} == {
        str(first.stored_path): "content does not match its sha256", str(second.stored_path): "missing"}
    assert report["index"]["indexed"] == report["index"]["extracted"] == 4


@pytest.fixture
def small_disk(tmp_path):
    """A real 16 MB filesystem (tmpfs; needs root, as CI runs), so a full disk is a real one."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)],
                                           capture_output=True).returncode:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(path):
    with open(path, "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass


def test_full_disk_during_index_says_the_last_index_serves_and_what_to_do(small_disk):
    """`index` on a full disk said `Error: OperationalError: disk I/O error`: SQLite and the index
    engines report a full disk as an I/O error, so the cause was lost."""
    data_dir, first, later = small_disk / "data", small_disk / "first", small_disk / "later"
    for folder, word in ((first, "caseloads"), (later, "vacancies")):
        folder.mkdir()
        for number in range(3):
            (folder / f"{word}-{number}.pdf").write_bytes(
                make_pdf([f"Report {word} {number}: {word} are discussed at length here. " * 30] * 6))
    for step in (("import", str(first)), ("extract",), ("index",), ("import", str(later)), ("extract",)):
        assert run_cli(*step, data_dir=data_dir).returncode == 0, step
    fill(small_disk / "filler")
    failed = run_cli("index", data_dir=data_dir)
    assert failed.returncode == 1
    message = failed.stderr.strip()
    assert message.startswith(f"Error: the disk holding {data_dir} "), message
    assert "free space and run" in message and "OperationalError" not in message, message
    (small_disk / "filler").unlink()
    before = json.loads(run_cli("search", "caseloads", "--json", data_dir=data_dir).stdout)
    assert before["total"] == 3       # the last complete index still answers
    assert run_cli("index", data_dir=data_dir).returncode == 0
    after = json.loads(run_cli("search", "vacancies", "--json", data_dir=data_dir).stdout)
    assert after["total"] == 3
