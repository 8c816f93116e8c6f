"""What a crawl did, as counted in the crawling process and handed back to the caller."""

from __future__ import annotations

import sys
import time
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class CrawlSummary:
    """Counts of one crawl (a resumed crawl carries on the counts of the run it continues).

    ``providers_expected`` is the search page's own total (None when the site gives none, or
    for Cafcass); ``providers_seen`` the distinct providers listed on the search pages;
    ``pages_read`` the provider pages (Ofsted) or pages (Cafcass) read. ``failures`` holds
    ``{"url", "reason", "file_id"}`` for every file or page that could not be collected.
    ``files_dead`` counts links whose file failed for good in an earlier crawl (404, not a
    PDF) and were not tried again; ``refused`` the links never requested (not http(s), or not
    on the sites the crawl reads: each is also in ``failures``). ``error`` says why the crawl
    as a whole failed (site changed shape, unreachable, listing incomplete); it is None for a
    crawl that did its job, even with some failed files.
    """

    site: str
    base_url: str
    providers_expected: int | None = None
    providers_seen: int = 0
    pages_read: int = 0
    files_new: int = 0
    files_known: int = 0
    files_failed: int = 0
    files_dead: int = 0
    refused: int = 0
    figures_loaded: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    resumed: bool = False
    interrupted: bool = False
    close_reason: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CrawlSummary":
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})

    def providers_text(self) -> str:
        if self.site != "ofsted":
            return f"{self.pages_read} pages read"
        of = f" of {self.providers_expected} expected" if self.providers_expected is not None else ""
        return f"{self.providers_seen} providers{of}, {self.pages_read} provider pages read"

    def files_text(self) -> str:
        dead = f" ({self.files_dead} dead links not retried)" if self.files_dead else ""
        refused = f", {self.refused} links refused" if self.refused else ""
        return (f"{self.files_new} new files, {self.files_known} already held, {self.files_failed} failed{dead}"
                f"{refused}")

    def line(self) -> str:
        """The one-line summary printed at the end of a crawl."""
        state = "interrupted (run it again to continue)" if self.interrupted else "done"
        resumed = ", resumed" if self.resumed else ""
        return f"Crawl of {self.site} {state}{resumed}: {self.providers_text()}; {self.files_text()}."


class ProgressLine:
    """Live counts on stderr for a person watching: redrawn in place, only on a terminal."""

    INTERVAL = 0.2

    def __init__(self, summary: CrawlSummary, stream=None):
        self.summary = summary
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last = 0.0

    def update(self, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self._last < self.INTERVAL):
            return
        self._last = now
        text = f"{self.summary.site}: {self.summary.providers_text()}; {self.summary.files_text()}"
        self.stream.write(f"\r\033[K{text}"[:200])
        self.stream.flush()

    def say(self, message: str) -> None:
        """A line that stays (a failure, a note), always shown, above the live counts."""
        if self.enabled:
            self.stream.write("\r\033[K")
        self.stream.write(message + "\n")
        self.stream.flush()
        self.update(force=True)

    def close(self) -> None:
        if self.enabled:
            self.update(force=True)
            self.stream.write("\n")
            self.stream.flush()
