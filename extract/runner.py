"""``extract_files``: every document in a worker process, with a per-document timeout.

Each worker is a separate process that extracts one document at a time and reports back over
a pipe. The parent:

* kills a worker whose current document runs past ``timeout`` seconds (the document gets
  ``"error": "timed out after N s"``) and starts a fresh one;
* caps each worker's address space at ``memory_mb`` above what it holds when it starts
  (``RLIMIT_AS``, Linux), so a flate bomb — a small PDF whose page content inflates to
  gigabytes — fails fast instead of taking the machine's memory: PDFium aborts the worker when
  an allocation is refused, and the document is recorded as too large;
* replaces a worker that dies (a crash inside PDFium gets ``"error": "extraction crashed …"``);
* retires a worker after ``MAX_TASKS_PER_WORKER`` documents, or once its peak memory passes
  ``RECYCLE_RSS_MB``, so memory stays bounded whatever the documents;
* yields records in input order.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import Iterable, Iterator

from .core import error_record

MAX_TASKS_PER_WORKER = 40
RECYCLE_RSS_MB = 250
# Address space one document may add to a worker. The shared corpus's largest report peaks
# near 200 MB resident; the review's 2.9 MB flate bomb took 13.7 GB without a cap.
MEMORY_MB = 1024


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _limit_memory(memory_mb: float | None) -> None:
    """Cap this process's address space at its current size plus ``memory_mb`` (where the
    current size can be read: Linux's /proc)."""
    if not memory_mb:
        return
    try:
        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return
    limit = current + int(memory_mb * 1024 * 1024)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def crash_reason(exit_code: int | None, memory_mb: float | None) -> str:
    """Why a worker died: PDFium aborts (SIGABRT) when the memory cap refuses an allocation."""
    if memory_mb and exit_code == -signal.SIGABRT:
        return (f"file too large to extract (reading it needed more than the {memory_mb:g} MB of "
                f"memory one document may use: a page's content inflates past it)")
    return f"extraction crashed (worker exit code {exit_code})"


# A document allocates millions of short-lived objects (pdfminer's page-1 parse above all). The
# collector's default runs a collection every 700 allocations, and its older collections rescan
# what the worker loaded once (modules, the lexicon, the stance model): work a worker need not do.
GC_THRESHOLD = (20000, 50, 100)


def _worker(connection: Connection, memory_mb: float | None = None) -> None:
    import faulthandler
    import gc

    from .core import extract_file
    from .stance_model import shipped

    shipped()
    gc.freeze()  # what is loaded now lives as long as the worker: no collection need look at it
    gc.set_threshold(*GC_THRESHOLD)

    # An abort under the memory cap is an expected outcome, reported by the parent: no dump.
    faulthandler.disable()
    _limit_memory(memory_mb)
    # The parent stops its workers; a Ctrl-C reaching the whole terminal's process group must
    # not kill one mid-document, which the parent would record as a crash of that document.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    done = 0
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        record = extract_file(path)
        done += 1
        peak = _peak_rss_mb()
        retire = done >= MAX_TASKS_PER_WORKER or peak > RECYCLE_RSS_MB
        try:
            connection.send((index, record, peak, retire))
        except (BrokenPipeError, OSError):
            return
        if retire:
            return


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class _Worker:
    def __init__(self, context, memory_mb: float | None):
        parent, child = context.Pipe()
        self.connection = parent
        self.process = context.Process(target=_worker, args=(child, memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, str] | None = None
        self.started = 0.0

    def send(self, index: int, path: str) -> None:
        self.task = (index, path)
        self.started = time.monotonic()
        self.connection.send(self.task)

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        else:
            try:
                self.connection.send(None)
            except (BrokenPipeError, OSError):
                pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.connection.close()


def extract_files(paths: Iterable[str | os.PathLike], jobs: int = 1, timeout: float = 120,
                  stats: dict | None = None, memory_mb: float | None = MEMORY_MB) -> Iterator[dict]:
    """Extract each path in a worker process, ``jobs`` at a time; records in input order.

    A document that runs past ``timeout`` seconds, or needs more than ``memory_mb`` MB of
    memory (None: no cap), is recorded as failed with the reason; the batch goes on.

    ``stats``, if given, receives ``peak_rss_mb`` (the largest peak resident memory of any
    worker) and ``workers_started``.
    """
    items = [str(path) for path in paths]
    if not items:
        return
    jobs = max(1, min(int(jobs or 1), len(items)))
    context = _context()
    pending = deque(enumerate(items))
    results: dict[int, dict] = {}
    next_out = 0
    workers: list[_Worker] = []
    peak_seen = 0.0
    started = 0

    def start_worker() -> _Worker:
        nonlocal started
        started += 1
        return _Worker(context, memory_mb)

    def feed(worker: _Worker) -> bool:
        if pending:
            index, path = pending.popleft()
            try:
                worker.send(index, path)
            except (BrokenPipeError, OSError):
                pending.appendleft((index, path))
                return False
            return True
        return False

    try:
        for _ in range(jobs):
            worker = start_worker()
            workers.append(worker)
            feed(worker)
        while next_out < len(items):
            busy = [w for w in workers if w.task is not None]
            if not busy:
                # Nothing running: every remaining record is already in results (or fed anew).
                for position, worker in enumerate(workers):
                    if pending:
                        if not worker.process.is_alive():
                            worker.stop(kill=True)
                            workers[position] = worker = start_worker()
                        feed(worker)
                if not any(w.task is not None for w in workers):
                    break
                continue
            now = time.monotonic()
            wait_for = max(0.05, min(timeout - (now - w.started) for w in busy))
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout=wait_for)
            for position, worker in enumerate(list(workers)):
                if worker.task is None:
                    continue
                index, path = worker.task
                replace = False
                if worker.connection in ready:
                    try:
                        got_index, record, peak, retire = worker.connection.recv()
                    except (EOFError, OSError):
                        worker.process.join(5)
                        results[index] = error_record(path, None, crash_reason(worker.process.exitcode, memory_mb))
                        replace = True
                    else:
                        results[got_index] = record
                        peak_seen = max(peak_seen, peak)
                        worker.task = None
                        replace = retire
                elif worker.process.sentinel in ready and not worker.process.is_alive():
                    results[index] = error_record(path, None, crash_reason(worker.process.exitcode, memory_mb))
                    replace = True
                elif time.monotonic() - worker.started >= timeout:
                    results[index] = error_record(path, None, f"timed out after {timeout:g} s")
                    worker.stop(kill=True)
                    worker.task = None
                    workers[position] = worker = start_worker()
                    feed(worker)
                    continue
                else:
                    continue
                if replace:
                    worker.task = None
                    worker.stop(kill=not worker.process.is_alive() or True)
                    workers[position] = worker = start_worker()
                feed(worker)
            while next_out in results:
                record = results.pop(next_out)
                if record.get("sha256") is None and record.get("error"):
                    record["sha256"] = _sha256_or_none(items[next_out])
                yield record
                next_out += 1
    finally:
        for worker in workers:
            worker.stop(kill=worker.task is not None)
        if stats is not None:
            stats["peak_rss_mb"] = round(peak_seen, 1)
            stats["workers_started"] = started


def _sha256_or_none(path: str) -> str | None:
    import hashlib

    try:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None
