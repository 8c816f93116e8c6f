"""Issue 14, item 2: a flate bomb (a 2.9 MB PDF whose page content inflated to 1 GB took 103 s
and 13.7 GB, and "succeeded") fails fast with a reason, inside the worker's memory cap, and the
batch and the worker pool go on."""

import extract
from extract.runner import MEMORY_MB
from inspection_index import import_paths
from pdfgen import make_flate_bomb

from test_extract_bad_input import GOOD_LINES, write

# Inflated size: PDFium needs about 14 times this in memory, well past the default cap.
BOMB_MB = 150


def test_flate_bomb_fails_inside_the_memory_cap_and_the_batch_goes_on(tmp_path, make_pdf):
    good = write(tmp_path, "good.pdf", make_pdf([GOOD_LINES]))
    bomb = write(tmp_path, "bomb.pdf", make_flate_bomb(BOMB_MB))
    assert bomb.stat().st_size < 1024 * 1024
    stats = {}
    records = list(extract.extract_files([good, bomb, good, good], jobs=1, stats=stats))
    assert [bool(record["error"]) for record in records] == [False, True, False, False]
    assert records[1]["error"] == (
        f"file too large to extract (reading it needed more than the {MEMORY_MB} MB of memory one "
        f"document may use: a page's content inflates past it)")
    assert records[1]["sha256"]
    assert stats["workers_started"] == 2, "the killed worker is replaced once"


def test_flate_bomb_in_the_collection_is_recorded_as_failed(catalogue, tmp_path, make_pdf):
    folder = tmp_path / "in"
    write(folder.mkdir() or folder, "bomb.pdf", make_flate_bomb(BOMB_MB))
    write(folder, "good.pdf", make_pdf([GOOD_LINES]))
    assert import_paths(catalogue, [folder]).new == 2
    summary = extract.extract_collected(catalogue, jobs=2)
    assert (summary["extracted"], summary["failed"]) == (1, 1)
    [failure] = catalogue.failures("extract")
    assert failure["reason"].startswith("file too large to extract")
