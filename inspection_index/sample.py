"""The embedded sample: ten real Ofsted reports shipped inside the package (``data/sample/``,
with their manifest and Open Government Licence attribution), so that the first ``up`` on a
machine without internet shows a working site.

Sample documents are catalogued with source ``sample`` and shown as such wherever they appear;
real documents replace them (``remove``), and a real crawl of the same bytes takes a document
over (see :data:`inspection_index.catalogue.SAMPLE_SOURCE`).
"""

from __future__ import annotations

from pathlib import Path

from .catalogue import SAMPLE_SOURCE, Catalogue
from .importer import ImportSummary, import_paths

FOLDER = Path(__file__).resolve().parent / "data" / "sample"
# What every page shows while the collection holds sample documents.
BANNER = "Sample data: {n} reports. With internet, `up` collects every council's reports."


def add(catalogue: Catalogue) -> ImportSummary:
    """Import the sample (documents already held are left as they are)."""
    return import_paths(catalogue, [FOLDER], source=SAMPLE_SOURCE)


def remove(catalogue: Catalogue) -> int:
    """Forget every sample document; return how many (the index drops them on its next update)."""
    return catalogue.remove_documents(SAMPLE_SOURCE)


def count(catalogue: Catalogue) -> int:
    return catalogue.count_documents(source=SAMPLE_SOURCE)
