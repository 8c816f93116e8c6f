"""PDF → one extraction record (see docs/architecture.md, "The extraction record").

Public API (other stages use only these names):

``EXTRACTOR_VERSION``
    str. Bumped whenever the record for the same bytes changes; the catalogue keys extractions
    by (sha256, version), so a bump re-extracts everything once.
``THEMES``
    tuple of ``Theme(name, label, description)`` in display order — the resourcing themes of the
    lexicon (``extract/lexicon.py``).
``LEXICON_VERSION``
    str. The version of the lexicon (terms and stance cues).
``extract_file(path) -> dict``
    One PDF → one record. Pure: reads the file, touches no data directory, never raises for a
    bad file (it returns ``{"file", "sha256", "pages"?, "error", "extractor_version"}``).
``extract_files(paths, jobs=1, timeout=120) -> Iterator[dict]``
    Each file in a worker process (``jobs`` at once), killed after ``timeout`` seconds with an
    ``"error": "timed out after N s"`` record; records come back in input order.
``extract_collected(catalogue, jobs=1, progress=None) -> dict``
    Extract every catalogued document lacking a current extraction (by sha256 and
    ``EXTRACTOR_VERSION``) and save the records; returns a summary
    ``{"extracted": n, "failed": n, "skipped": n, "errors": [{"sha256", "error"}]}``.
``detect_theme_mentions(text, page=None, paragraph=None, heading=None, model=<shipped>) -> list[dict]``
    The stance reader applied to any text: ``[{"theme", "term", "stance", "cue", "sentence", …}]``;
    the lexicon's rules, then the shipped stance model (``model=None``: the rules alone).
    ``cue`` is the words that decided the stance ("too high", "section: What needs to improve?",
    "model: 'needs', 'not yet'").
``stance_accuracy() -> dict``
    The stance reader's measured precision, recall and accuracy on the council-disjoint test
    split (95% Wilson intervals), as shipped in ``extract/stance_accuracy.json``; its
    ``summary`` is what the tracking page states (docs/stance.md).
"""

from .accuracy import stance_accuracy
from .collected import extract_collected
from .core import extract_file
from .lexicon import LEXICON_VERSION
from .runner import extract_files
from .themes import THEMES, Theme, detect_theme_mentions
from .version import EXTRACTOR_VERSION

__all__ = [
    "EXTRACTOR_VERSION",
    "LEXICON_VERSION",
    "THEMES",
    "Theme",
    "detect_theme_mentions",
    "extract_collected",
    "extract_file",
    "extract_files",
    "stance_accuracy",
]
