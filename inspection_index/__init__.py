"""Inspection Index: the shared core of the pipeline.

Public API:

- :class:`Config` — where a data directory keeps its catalogue, files, index and crawl state.
- :class:`Catalogue` — the SQLite catalogue of collected documents and the content-addressed
  file store behind it.
- :func:`import_paths` — add PDFs already on disk to the catalogue.
- :mod:`inspection_index.vocabulary` — the judgement keys, grades and document kinds.
- :mod:`inspection_index.lookup` — Ofsted provider URN → local authority codes and region.
"""

from importlib.metadata import PackageNotFoundError, version

from .catalogue import Catalogue
from .config import Config
from .errors import InspectionIndexError
from .importer import import_paths

try:
    __version__ = version("inspection-index")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["Catalogue", "Config", "InspectionIndexError", "import_paths", "__version__"]
