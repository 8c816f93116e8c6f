"""Helpers for the extract tests (a module of its own: test modules cannot import one conftest
by name when several directories have one)."""

from __future__ import annotations

import csv
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "extract"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
