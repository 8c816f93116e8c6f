"""Content-addressed file store: a file's name is its sha256, and it appears whole or not at all.

Writes go to a temporary file in the same filesystem, are fsynced, then renamed into place, so
a crash or a full disk mid-write leaves at most a stray temporary file (cleaned up on the next
open), never a half file under a real name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

_TMP = "tmp"
_STALE_TMP_SECONDS = 3600


def sha256_bytes(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class FileStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        (self.root / _TMP).mkdir(parents=True, exist_ok=True)

    def relative_path(self, sha256: str, suffix: str = ".pdf") -> Path:
        return Path(sha256[:2]) / f"{sha256}{suffix}"

    def path(self, relative: str | Path) -> Path:
        return self.root / relative

    def put(self, body: bytes, sha256: str | None = None, suffix: str = ".pdf") -> tuple[str, Path]:
        """Store ``body``; return its sha256 and its path relative to the store root."""
        sha256 = sha256 or sha256_bytes(body)
        relative = self.relative_path(sha256, suffix)
        final = self.root / relative
        if final.exists() and final.stat().st_size == len(body):
            return sha256, relative
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.root / _TMP, prefix=sha256[:12], suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, final)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        _fsync_dir(final.parent)
        return sha256, relative

    def clean_stale_temporaries(self, older_than: float = _STALE_TMP_SECONDS) -> int:
        """Remove temporary files left by writers that died; returns how many."""
        cutoff = time.time() - older_than
        removed = 0
        for leftover in (self.root / _TMP).glob("*.part"):
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
                    removed += 1
            except FileNotFoundError:
                pass
        return removed


def disk_is_full(path: Path, margin: int = 1 << 20) -> bool:
    """Whether the disk holding ``path`` has less than ``margin`` bytes free: SQLite and the
    index engines report a full disk as an I/O error, so the cause is read off the disk itself."""
    try:
        return shutil.disk_usage(path).free < margin
    except OSError:
        return False


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
