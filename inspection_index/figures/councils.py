"""Which council a code or name meant on a given date, from DfE's register of local authorities.

The register (``inspection_index/data/las.csv``) lists live and terminated councils with their
dates. A 3-digit code can span several rows (a county that became a unitary keeps its code and
gets a new E-code), so a council's life is the union of its code's rows. Names are not unique
over time (Dorset before and after 2019 are different councils with different codes): a name
is resolved to the council of that name that existed on the date asked about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from .. import lookup

# The register starts in 2009; a council whose rows start then existed before it.
REGISTER_START = date(2009, 1, 1)
_GENERIC_WORDS = {"city", "of", "the", "council", "county", "borough", "royal", "metropolitan",
                  "district", "pre", "lg"}


@dataclass(frozen=True)
class Council:
    la_code: str
    new_la_code: str
    name: str
    start: date | None      # None: existed before the register starts
    end: date | None        # None: still exists

    def existed_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def name_key(name: str) -> str:
    """A council name without punctuation and generic words ('Bristol, City of' = 'Bristol')."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).split()
    return " ".join(word for word in words if word not in _GENERIC_WORDS) or " ".join(words)


def _day(text: str) -> date | None:
    return datetime.strptime(text.strip(), "%d/%m/%Y").date() if text.strip() else None


@lru_cache(maxsize=1)
def councils() -> dict[str, Council]:
    """Every council in the register by 3-digit code (joint 'a / b' rows are not councils)."""
    rows_by_code: dict[str, list[dict[str, str]]] = {}
    for row in lookup.la_register().values():
        code = row["old_la_code"].strip()
        if re.fullmatch(r"\d{3}", code):
            rows_by_code.setdefault(code, []).append(row)
    result = {}
    for code, rows in rows_by_code.items():
        starts = [_day(row["date_of_operation"]) for row in rows]
        ends = [_day(row["date_of_termination"]) for row in rows]
        start = min(d for d in starts if d) if any(starts) else None
        latest = max(rows, key=lambda row: _day(row["date_of_operation"]) or date.min)
        result[code] = Council(
            la_code=code, new_la_code=latest["new_la_code"], name=latest["la_name"],
            start=None if start is None or start <= REGISTER_START else start,
            end=None if any(end is None for end in ends) else max(ends),
        )
    return result


@lru_cache(maxsize=1)
def _by_new_code() -> dict[str, str]:
    return {row["new_la_code"]: row["old_la_code"].strip() for row in lookup.la_register().values()}


def by_code(code: str | None) -> Council | None:
    """A council by its 3-digit code or any of its E-codes."""
    code = (code or "").strip()
    return councils().get(code) or councils().get(_by_new_code().get(code, ""))


def by_name(name: str | None, on: date | None = None) -> Council | None:
    """The council called ``name`` that existed on ``on`` (today's, if no date is given)."""
    key = name_key(name or "")
    candidates = [c for c in councils().values() if name_key(c.name) == key] if key else []
    alive = [c for c in candidates if c.existed_on(on or date.today())]
    return alive[0] if len(alive) == 1 else None
