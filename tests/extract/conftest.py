"""Fixtures for the extract tests: the real corpus extracted once per session (jobs=2), and
tiny synthetic PDFs for the layer that needs no corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from extract_helpers import read_csv

TESTS = Path(__file__).resolve().parent.parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))


@pytest.fixture(scope="session")
def corpus_records(shared_corpus) -> dict[str, dict]:
    """Every PDF of the shared corpus extracted once: {"<urn>/<file>.pdf": record}."""
    from extract import extract_files

    paths = sorted(shared_corpus.glob("*/*.pdf"))
    records = list(extract_files(paths, jobs=2, timeout=300))
    return {str(path.relative_to(shared_corpus)): record for path, record in zip(paths, records)}


@pytest.fixture(scope="session")
def manifest(shared_corpus) -> dict[str, dict]:
    return {row["path"]: row for row in read_csv(shared_corpus / "manifest.csv")}


@pytest.fixture
def make_pdf():
    from pdfgen import make_pdf as _make_pdf

    return _make_pdf
