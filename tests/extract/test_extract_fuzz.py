"""Fuzzing: mutated PDFs never crash the process or hang past the per-document timeout.

Small numbers of examples so the whole file runs in well under 60 s.
"""

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extract

TIMEOUT = 20

mutations = st.lists(st.tuples(st.floats(0, 1, allow_nan=False), st.integers(0, 255)), min_size=1, max_size=40)
cut = st.one_of(st.none(), st.floats(0.05, 1, allow_nan=False))


def mutate(body: bytes, changes, truncate) -> bytes:
    data = bytearray(body)
    for where, value in changes:
        data[min(len(data) - 1, int(where * len(data)))] = value
    if truncate is not None:
        data = data[: max(1, int(truncate * len(data)))]
    return bytes(data)


def check(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "fuzz.pdf"
    path.write_bytes(body)
    started = time.monotonic()
    records = list(extract.extract_files([path], jobs=1, timeout=TIMEOUT))
    assert time.monotonic() - started < TIMEOUT + 10
    assert len(records) == 1
    record = records[0]
    assert record["file"] == str(path)
    if record["error"]:
        assert set(record) <= {"file", "sha256", "pages", "error", "extractor_version"}
    else:
        assert isinstance(record["judgements"], dict) and isinstance(record["passages"], list)


SETTINGS = settings(max_examples=20, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(changes=mutations, truncate=cut)
def test_mutated_synthetic_pdf(tmp_path, make_pdf, changes, truncate):
    body = make_pdf([["Inspection of Anytown local authority children’s services",
                      "Inspection dates: 3 to 14 October 2022", "Overall effectiveness Good",
                      "1. Caseloads are high."]] * 2)
    check(tmp_path, mutate(body, changes, truncate))


@pytest.fixture(scope="module")
def small_real_pdfs(shared_corpus) -> list[bytes]:
    """The smallest letter and the smallest inspection report (whose page 1 goes through pdfplumber)."""
    letters = min(shared_corpus.glob("*/*focused-visit.pdf"), key=lambda p: p.stat().st_size)
    report = min(shared_corpus.glob("*/*childrens-services-inspection.pdf"), key=lambda p: p.stat().st_size)
    return [letters.read_bytes(), report.read_bytes()]


@pytest.mark.corpus
@SETTINGS
@given(which=st.integers(0, 1), changes=mutations, truncate=cut)
def test_mutated_real_pdf(tmp_path, small_real_pdfs, which, changes, truncate):
    check(tmp_path, mutate(small_real_pdfs[which], changes, truncate))
