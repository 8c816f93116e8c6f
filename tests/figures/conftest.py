"""Figures fixtures: the shared official statistics, loaded once per session."""

from __future__ import annotations

import pytest

from figures_helpers import SHARED_DATA, SHARED_TABLES
from inspection_index import Catalogue, Config, figures


@pytest.fixture(scope="session")
def shared_figures(tmp_path_factory):
    """A catalogue holding every shared figures table (imported once per session)."""
    if not all((SHARED_DATA / name).is_file() for name in SHARED_TABLES):
        pytest.skip(f"shared figures not found at {SHARED_DATA}")
    catalogue = Catalogue(Config(tmp_path_factory.mktemp("figures-data")))
    summary = figures.import_files(catalogue, [SHARED_DATA / name for name in SHARED_TABLES])
    yield catalogue, summary
    catalogue.close()
