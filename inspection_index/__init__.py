"""Inspection Index: the shared core of the pipeline.

Public API:

- :class:`Config` — where a data directory keeps its catalogue, files, index and crawl state.
- :class:`Catalogue` — the SQLite catalogue of collected documents and the content-addressed
  file store behind it.
- :func:`import_paths` — add PDFs already on disk to the catalogue.
- :mod:`inspection_index.vocabulary` — the judgement keys, grades and document kinds.
- :mod:`inspection_index.lookup` — Ofsted provider URN → local authority codes and region.
"""

from .catalogue import Catalogue
from .config import Config
from .errors import InspectionIndexError
from .importer import import_paths



def __getattr__(name: str):
    # __version__ on first use: importlib.metadata is slow to import, and --help needs no version.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("inspection-index")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found


__all__ = ["Catalogue", "Config", "InspectionIndexError", "import_paths", "__version__"]
