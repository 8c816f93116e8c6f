"""Fixtures every test layer shares: a temporary data dir, and the real corpus in ../shared.

Tests marked ``corpus`` need ``../shared`` (or ``$INSPECTION_INDEX_SHARED``); without it they
skip with one line saying so. CI always has it, so there they never skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inspection_index import Catalogue, Config

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("INSPECTION_INDEX_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus" / "ofsted"
BAD_INPUT = SHARED / "corpus" / "badinput"
SHARED_DATA = SHARED / "data"
SKIP_REASON = f"real corpus not found at {SHARED} (set INSPECTION_INDEX_SHARED to run the corpus layer)"


def pytest_collection_modifyitems(config, items):
    if (CORPUS / "manifest.csv").is_file():
        return
    if os.environ.get("INSPECTION_INDEX_REQUIRE_CORPUS"):
        raise pytest.UsageError(f"INSPECTION_INDEX_REQUIRE_CORPUS is set but {SKIP_REASON}")
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def config(data_dir) -> Config:
    return Config(data_dir)


@pytest.fixture
def catalogue(config) -> Catalogue:
    catalogue = Catalogue(config)
    yield catalogue
    catalogue.close()


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (CORPUS / "manifest.csv").is_file():
        pytest.skip(SKIP_REASON)
    return CORPUS
