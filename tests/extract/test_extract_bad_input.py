"""Bad input gives a record with "error" and nothing else; the batch goes on; a hang is killed."""

import os
import time
from pathlib import Path

import pytest

import extract
import extract.core
import extract.pdf

ERROR_KEYS = {"file", "sha256", "error", "extractor_version"}

GOOD_LINES = ["Inspection of Anytown local authority children’s services",
              "Inspection dates: 3 to 14 October 2022", "Lead inspector: Jane Smith, His Majesty’s Inspector",
              "Overall effectiveness Good", "1. Caseloads are manageable and supervision is regular."]


def write(tmp_path: Path, name: str, body: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(body)
    return path


def assert_error_only(record, *words):
    assert set(record) <= ERROR_KEYS | {"pages"}, record
    assert record["error"], record
    for word in words:
        assert word in record["error"].lower(), record["error"]


def test_html_report_not_found_page(tmp_path):
    body = (b'<!DOCTYPE html>\n<html lang="en"><head><title>Report not found - Find an Inspection Report - '
            b"Ofsted</title></head><body>Report not found</body></html>")
    record = extract.extract_file(write(tmp_path, "x.pdf", body))
    assert_error_only(record, "not a pdf", "report not found")
    assert record["sha256"] and record["file"].endswith("x.pdf")


@pytest.mark.corpus
def test_real_report_not_found_page(shared_corpus):
    page = shared_corpus.parent / "badinput" / "report-not-found.html"
    assert_error_only(extract.extract_file(page), "report not found")


def test_empty_file(tmp_path):
    assert_error_only(extract.extract_file(write(tmp_path, "empty.pdf", b"")), "empty")


def test_missing_file(tmp_path):
    record = extract.extract_file(tmp_path / "nope.pdf")
    assert_error_only(record, "cannot read")
    assert record["sha256"] is None


def test_truncated_pdf(tmp_path, make_pdf):
    body = make_pdf([GOOD_LINES])
    assert_error_only(extract.extract_file(write(tmp_path, "cut.pdf", body[: len(body) // 2])), "truncated")


def test_encrypted_pdf(tmp_path, make_pdf):
    record = extract.extract_file(write(tmp_path, "locked.pdf", make_pdf([GOOD_LINES], encrypted=True)))
    assert_error_only(record, "encrypted")


def test_image_only_pdf_says_ocr_is_needed(tmp_path, make_pdf):
    record = extract.extract_file(write(tmp_path, "scan.pdf", make_pdf([[""], [""]])))
    assert_error_only(record, "no text layer, ocr needed")
    assert "judgements" not in record


def test_damaged_pdf(tmp_path):
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ngarbage\n%%EOF\n"
    assert_error_only(extract.extract_file(write(tmp_path, "bad.pdf", body)), "pdf")


def test_huge_file(tmp_path, make_pdf, monkeypatch):
    monkeypatch.setattr(extract.pdf, "MAX_BYTES", 100)
    assert_error_only(extract.extract_file(write(tmp_path, "big.pdf", make_pdf([GOOD_LINES]))), "too large")


def test_too_many_pages(tmp_path, make_pdf, monkeypatch):
    monkeypatch.setattr(extract.pdf, "MAX_PAGES", 2)
    record = extract.extract_file(write(tmp_path, "long.pdf", make_pdf([GOOD_LINES] * 3)))
    assert_error_only(record, "too long")


def test_a_good_synthetic_report(tmp_path, make_pdf):
    record = extract.extract_file(write(tmp_path, "good.pdf", make_pdf([GOOD_LINES])))
    assert record["error"] is None
    assert record["kind"] == "childrens-services-inspection"
    assert record["framework"] == "ilacs"
    assert record["inspection_start"] == "2022-10-03" and record["inspection_end"] == "2022-10-14"
    assert record["lead_inspector"] == "Jane Smith"
    assert record["local_authority"] == "Anytown"
    assert record["judgements"] == {"overall_effectiveness": "good"}
    assert record["themes"]["caseload"]["reassurances"] == 1
    for key in ("file", "sha256", "pages", "extractor_version", "title", "published", "inspection_visits",
                "judgement_check", "word_count", "mentions", "passages"):
        assert key in record


def test_batch_goes_on_in_input_order(tmp_path, make_pdf):
    good = write(tmp_path, "good.pdf", make_pdf([GOOD_LINES]))
    paths = [write(tmp_path, "empty.pdf", b""), good, write(tmp_path, "html.pdf", b"<html>Report not found</html>"),
             good, tmp_path / "missing.pdf"]
    records = list(extract.extract_files(paths, jobs=2, timeout=60))
    assert [r["file"] for r in records] == [str(p) for p in paths]
    assert [bool(r["error"]) for r in records] == [True, False, True, False, True]


def _slow_or_crashing(path):
    name = Path(path).name
    if name.startswith("hang"):
        time.sleep(60)
    if name.startswith("crash"):
        os._exit(3)
    return extract.core.error_record(str(path), None, "stub") | {"error": None, "stub": True}


def test_a_hang_is_killed_and_a_crash_is_recorded(tmp_path, monkeypatch):
    # Workers are forked, so they run the patched function.
    monkeypatch.setattr(extract.core, "extract_file", _slow_or_crashing)
    paths = [tmp_path / "ok1.pdf", tmp_path / "hang.pdf", tmp_path / "crash.pdf", tmp_path / "ok2.pdf"]
    started = time.monotonic()
    records = list(extract.extract_files(paths, jobs=2, timeout=2))
    assert time.monotonic() - started < 20
    assert records[0].get("stub") and records[3].get("stub")
    assert records[1]["error"] == "timed out after 2 s"
    assert "crashed" in records[2]["error"]


def test_memory_stays_bounded_by_recycling_workers(tmp_path, make_pdf, monkeypatch):
    import extract.runner

    monkeypatch.setattr(extract.runner, "MAX_TASKS_PER_WORKER", 2)
    good = write(tmp_path, "good.pdf", make_pdf([GOOD_LINES]))
    stats = {}
    records = list(extract.extract_files([good] * 5, jobs=1, stats=stats))
    assert all(r["error"] is None for r in records)
    assert stats["workers_started"] >= 3
    assert 0 < stats["peak_rss_mb"] < 300


def test_huge_file_is_refused_without_reading_it(tmp_path):
    import resource

    path = tmp_path / "huge.pdf"
    with open(path, "wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.write(b"%PDF-1.4\n")
        handle.seek(200 * 1024 * 1024)
        handle.write(b"\n%%EOF\n")
    records = list(extract.extract_files([path], jobs=1, stats=(stats := {})))
    assert_error_only(records[0], "too large")
    assert records[0]["sha256"]
    assert stats["peak_rss_mb"] < 300
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 < 300
