"""One crawl, run in this process: the child that :func:`crawler.crawl` starts.

Twisted's reactor cannot be restarted, so each crawl gets a process of its own. This module
owns the crawl's JOBDIR (``<data dir>/crawl/<spider>``):

- an interrupted crawl (Ctrl-C, SIGTERM: Scrapy's graceful shutdown) keeps its JOBDIR, and
  the next crawl with the same options continues from it;
- a crawl that ends (finished, limit, or failed) clears it, so the next one re-reads every
  search and provider page for new reports (Scrapy's duplicate filter would otherwise skip them);
- a crawl killed outright (SIGKILL, power cut) cannot save its place; the next one notices the
  ``running`` marker and starts over. Either way no file already in the catalogue is fetched again.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from inspection_index import Config

from .summary import CrawlSummary

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 3, 130
INTERRUPTED = ("shutdown",)


class JobDir:
    OPTIONS, RUNNING, PARTIAL = "crawl-options.json", "running", "partial-summary.json"

    def __init__(self, path: Path):
        self.path = path

    @contextmanager
    def locked(self):
        """One crawl per spider and data dir at a time (they would share the JOBDIR).

        The lock is an flock, which the kernel releases when its process dies however it dies,
        so a lock file left by a dead crawl never blocks the next; the file names the process
        holding it, so a live one can be found and stopped."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.parent / f"{self.path.name}.lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip()
                stop = f" (process {holder}: `kill {holder}` stops it, after it saves its place)" if holder else ""
                raise RuntimeError(f"another {self.path.name} crawl is already running on this data "
                                   f"directory{stop}") from None
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield

    def clear(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def prepare(self, key: dict[str, Any]) -> tuple[dict | None, list[str]]:
        """(counts of the crawl being resumed or None, notes for the person), and mark running."""
        resume, notes = None, []
        if self.path.exists():
            saved = self.path / self.OPTIONS
            if (self.path / self.RUNNING).exists():
                notes.append("the previous crawl was killed before it could save its place, so this one "
                             "starts over (files already collected are not downloaded again)")
                self.clear()
            elif not saved.exists() or json.loads(saved.read_text()) != key:
                if saved.exists():
                    notes.append("an interrupted crawl with other options was discarded")
                self.clear()
            elif (self.path / self.PARTIAL).exists():
                resume = json.loads((self.path / self.PARTIAL).read_text())
                notes.append("continuing the interrupted crawl")
        self.path.mkdir(parents=True, exist_ok=True)
        (self.path / self.OPTIONS).write_text(json.dumps(key))
        (self.path / self.RUNNING).touch()
        return resume, notes

    def finish(self, summary: CrawlSummary) -> None:
        if summary.interrupted:
            (self.path / self.PARTIAL).write_text(json.dumps(summary.as_dict()))
            (self.path / self.RUNNING).unlink(missing_ok=True)
        else:
            self.clear()


def _spider_class(site: str):
    from .spiders.cafcass import CafcassSpider
    from .spiders.ofsted import OfstedSpider

    return {"ofsted": OfstedSpider, "cafcass": CafcassSpider}[site]


def run(options: dict[str, Any]) -> CrawlSummary:
    """Crawl as ``options`` say (see :func:`crawler.crawl`); return what happened."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    site, spider_args = options["site"], options["spider_args"]
    config = Config(options["data_dir"]).ensure()
    jobdir = JobDir(config.crawl_dir / site)
    overrides = options.get("settings") or {}
    with jobdir.locked():
        key = {"site": site, **{k: v for k, v in spider_args.items() if k != "limit"}}
        resume, notes = jobdir.prepare(key)
        for note in notes:
            print(f"{site}: {note}", file=sys.stderr)
        settings = Settings()
        settings.setmodule("crawler.settings", priority="project")
        settings.set("LOG_LEVEL", "ERROR", priority="cmdline")  # the crawl reports for itself
        settings.setdict(overrides, priority="cmdline")
        settings.set("JOBDIR", str(jobdir.path), priority="cmdline")
        settings.set("INSPECTION_INDEX_DATA", str(config.data_dir), priority="cmdline")
        process = CrawlerProcess(settings)
        # An unreachable host is reported once, by the spider; not also with robots.txt's traceback.
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
        crawler = process.create_crawler(_spider_class(site))
        startup_errors: list[str] = []
        crawler.signals.connect(lambda failure, response, spider: spider.crawler_error(response, failure),
                                signal=signals.spider_error)
        process.crawl(crawler, resume_summary=resume, **spider_args).addErrback(
            lambda failure: startup_errors.append(failure.getErrorMessage()))
        process.start()
        spider = crawler.spider
        if spider is None:
            summary = CrawlSummary(site=site, base_url=spider_args.get("base_url") or "",
                                   error=f"the crawl could not start: {'; '.join(startup_errors)}")
            jobdir.clear()
            return summary
        summary = spider.summary
        summary.notes[:0] = notes
        summary.close_reason = spider.close_reason
        summary.interrupted = summary.close_reason in INTERRUPTED
        if spider.site_problems and not summary.error:
            more = len(spider.site_problems) - 1
            summary.error = "the site has changed shape: " + spider.site_problems[0] + (
                f" (and {more} more pages like it)" if more else "")
        if (summary.close_reason == "finished" and summary.providers_expected is not None
                and summary.providers_seen < summary.providers_expected):
            summary.notes.append(f"the search said {summary.providers_expected} providers but listed "
                                 f"{summary.providers_seen}")
        jobdir.finish(summary)
        return summary


def main(argv: list[str] | None = None) -> int:
    """``python -m crawler OPTIONS_JSON``: crawl, write the summary JSON to ``summary_path``."""
    options = json.loads((argv if argv is not None else sys.argv[1:])[0])
    try:
        summary = run(options)
    except RuntimeError as error:  # the lock: nothing was crawled
        summary = CrawlSummary(site=options["site"], base_url="", error=str(error))
    tmp = Path(options["summary_path"] + ".part")
    tmp.write_text(json.dumps(summary.as_dict()))
    os.replace(tmp, options["summary_path"])
    if summary.error:
        return EXIT_FAILED
    return EXIT_INTERRUPTED if summary.interrupted else EXIT_OK
