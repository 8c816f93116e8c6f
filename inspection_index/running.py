"""What a running ``up`` is doing, for every process that shows it (the web UI, ``status``).

``up`` holds an exclusive lock on ``<data dir>/up.lock`` while it runs, so a second ``up`` on
the same data dir is refused, and keeps ``<data dir>/up.json`` up to date (written atomically):
where it serves, what it is collecting, when the next batch is indexed, what failed. Readers
ignore the file once its process is gone (a killed ``up`` leaves it behind).
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from typing import Any

from .config import Config
from .errors import InspectionIndexError

LOCK, STATE = "up.lock", "up.json"


class AlreadyRunning(InspectionIndexError):
    """Another ``up`` holds the data dir; the message says where it serves."""


class Claim:
    """This process's hold on a data dir as its ``up``: :meth:`publish` what it is doing."""

    def __init__(self, config: Config):
        self.config = config.ensure()
        self._handle = open(config.data_dir / LOCK, "a+")
        try:
            fcntl.flock(self._handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._handle.close()
            other = current(config) or {}
            where = f" at {other['url']}" if other.get("url") else ""
            pid = f" (process {other['pid']})" if other.get("pid") else ""
            raise AlreadyRunning(f"inspection-index up is already running on {config.data_dir}{where}{pid}; "
                                 "stop it first, or use another --data-dir") from None
        self.state: dict[str, Any] = {"pid": os.getpid(), "started_at": time.time()}
        self._lock = threading.Lock()   # the pipeline's threads publish too
        self.publish()

    def publish(self, **changes: Any) -> None:
        """Merge ``changes`` into the published state (unchanged state is not rewritten)."""
        target = self.config.data_dir / STATE
        with self._lock:
            updated = {**self.state, **changes}
            if updated == self.state and target.exists():
                return
            self.state = updated
            partial = target.with_name(f".{STATE}.{os.getpid()}")
            partial.write_text(json.dumps(self.state))
            os.replace(partial, target)

    def release(self) -> None:
        (self.config.data_dir / STATE).unlink(missing_ok=True)
        self._handle.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def current(config: Config) -> dict[str, Any] | None:
    """The state the running ``up`` published, or None when none is running."""
    try:
        state = json.loads((config.data_dir / STATE).read_text())
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and _alive(int(state.get("pid") or 0)) else None


def _in(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    return f"{round(seconds / 3600)} h"


def status_line(state: dict[str, Any] | None, now: float | None = None) -> str | None:
    """One short line saying what ``up`` is doing, or None when it has nothing to say.

    For example "Collecting from ofsted: 340 new reports so far · 3 failed · next batch
    indexed in 40 s".
    """
    if not state:
        return None
    now = time.time() if now is None else now
    parts = []
    if state.get("collecting"):
        parts.append(f"Collecting from {state['collecting']}: {state.get('collected', 0)} new reports so far")
        if state.get("collect_failed"):
            parts.append(f"{state['collect_failed']} failed")
    if state.get("indexing"):
        parts.append(f"Indexing {state['indexing']} new reports")
    elif state.get("pending") and state.get("next_batch_at"):
        parts.append(f"{state['pending']} waiting · next batch indexed in {_in(state['next_batch_at'] - now)}")
    if state.get("batch_error"):
        parts.append(f"the last batch failed ({state['batch_error']}); still serving the previous index")
    if not parts and state.get("crawl_error"):
        retry = f" · next try in {_in(state['next_refresh_at'] - now)}" if state.get("next_refresh_at") else ""
        parts.append(f"{state['crawl_error']}{retry}")
    if not parts:
        return None
    line = " · ".join(parts)
    return line[0].upper() + line[1:]
