"""Index generations on disk, and the pointer that says which one is live.

    index/CURRENT          name of the live generation (replaced atomically with os.replace)
    index/PREVIOUS         the generation it replaced, kept so a reader that read CURRENT just
                           before a swap can still open what it read
    index/gen-<ns>/        one Whoosh index each
    index/build.lock       held (flock) by the one process building

A full rebuild writes a new generation and only then moves CURRENT to it, so readers never see
a half-built index and a crash mid-build leaves the old one serving. Leftovers of a crashed
build are removed by the next build.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CURRENT = "CURRENT"
PREVIOUS = "PREVIOUS"
PREFIX = "gen-"


def _read_pointer(index_dir: Path, name: str) -> Path | None:
    try:
        target = (index_dir / name).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = index_dir / target
    return path if target.startswith(PREFIX) and path.is_dir() else None


def current(index_dir: Path) -> Path | None:
    """The live generation's directory, or None before the first build."""
    return _read_pointer(index_dir, CURRENT)


def pointer_stamp(index_dir: Path) -> tuple[int, int] | None:
    """Cheap change detector for CURRENT (inode and mtime change on every swap)."""
    try:
        stat = (index_dir / CURRENT).stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def new_generation(index_dir: Path) -> Path:
    path = index_dir / f"{PREFIX}{time.time_ns()}"
    path.mkdir(parents=True)
    return path


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def publish(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` the live one, remembering the one it replaces."""
    old = current(index_dir)
    if old is not None and old != generation:
        _write_atomically(index_dir / PREVIOUS, old.name)
    _write_atomically(index_dir / CURRENT, generation.name)
    descriptor = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_stale(index_dir: Path) -> list[str]:
    """Delete every generation but the live and previous ones (call only under the build lock)."""
    keep = {path.name for path in (current(index_dir), _read_pointer(index_dir, PREVIOUS)) if path}
    removed = []
    for path in index_dir.glob(f"{PREFIX}*"):
        if path.is_dir() and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One builder at a time per data dir; the lock dies with its process, so a crash frees it."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / "build.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
