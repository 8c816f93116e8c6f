"""Where a data directory keeps things.

Every stage receives a :class:`Config` rather than building paths itself, so the layout of a
data directory is defined here and nowhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "INSPECTION_INDEX_DATA"
SEARCH_ENGINES = ("tantivy", "whoosh")   # the search engines, the default first
DEFAULT_DATA_DIR = "inspection-data"


@dataclass(frozen=True)
class Config:
    data_dir: Path
    # The search engine to build with ("tantivy" or "whoosh"); None: the live index's, else tantivy.
    engine: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))

    @classmethod
    def from_env(cls, data_dir: str | os.PathLike | None = None) -> "Config":
        """``data_dir`` if given, else ``$INSPECTION_INDEX_DATA``, else ``./inspection-data``."""
        chosen = data_dir or os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR
        return cls(Path(chosen).expanduser().resolve())

    @property
    def catalogue_path(self) -> Path:
        return self.data_dir / "catalogue.sqlite"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def crawl_dir(self) -> Path:
        return self.data_dir / "crawl"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    def ensure(self) -> "Config":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self
