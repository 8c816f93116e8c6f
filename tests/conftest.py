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


@pytest.fixture(scope="session")
def corpus_data_dir(shared_corpus, tmp_path_factory):
    """One data dir holding the whole shared corpus as a user would build it — `import`,
    `figures import`, then `up --no-crawl --no-serve` — made once per test session and shared
    by every package's corpus tests: (data dir, what `up` printed on stdout)."""
    from click.testing import CliRunner

    from inspection_index.cli import cli

    data_dir = tmp_path_factory.mktemp("corpus") / "data"
    runner = CliRunner()
    for arguments in (["import", str(shared_corpus)],
                      ["figures", "import", *map(str, sorted(SHARED_DATA.glob("*.csv")))],
                      ["up", "--no-crawl", "--no-serve", "--jobs", "2"]):
        result = runner.invoke(cli, ["--data-dir", str(data_dir), *arguments])
        assert result.exit_code == 0, (arguments, result.output)
    return data_dir, result.stdout
