"""Ofsted local authority provider URN → DfE local authority codes and region.

Read from the lookup kept by the public ILACS scrape tools (shipped in ``data/``). A URN with
no row (a children's home, a council that no longer exists) gives None: callers show the value
as missing rather than guess.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


@dataclass(frozen=True)
class LocalAuthority:
    urn: str
    la_code: str           # DfE 3-digit code
    new_la_code: str       # ONS E-code
    name: str
    region: str


# The lookups shipped in data/ as their publishers lay them out, known by columns that no figures
# table has (the workforce tables carry LA codes and names too), so that importing a folder of
# statistics can tell them from figures.
REFERENCE_TABLES = {
    ("urn", "la_code_new", "stat_neighbours"): "the Ofsted provider URN → local authority lookup",
    ("new_la_code", "date_of_operation", "date_of_termination"): "DfE's register of local authority codes",
}


def reference_table(header: list) -> str | None:
    """What a table with this header row is, when it is one of the lookups shipped here."""
    columns = {str(cell).strip().lstrip("\ufeff").lower() for cell in header}
    return next((what for needed, what in REFERENCE_TABLES.items() if columns.issuperset(needed)), None)


def _rows(name: str) -> list[dict[str, str]]:
    with files("inspection_index.data").joinpath(name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def _by_urn() -> dict[str, LocalAuthority]:
    return {
        row["urn"].strip(): LocalAuthority(
            urn=row["urn"].strip(),
            la_code=row["la_code"].strip(),
            new_la_code=row["la_code_new"].strip(),
            name=row["local_authority_ons_name"].strip(),
            region=row["region_name"].strip(),
        )
        for row in _rows("ofsted_provider_la_lookup.csv")
        if row.get("urn", "").strip()
    }


def by_urn(urn: str | None) -> LocalAuthority | None:
    return _by_urn().get(str(urn).strip()) if urn else None


@lru_cache(maxsize=1)
def _by_name() -> dict[str, LocalAuthority]:
    return {_name_key(la.name): la for la in _by_urn().values()}


def _name_key(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").replace(",", " ").split())


def by_name(name: str | None) -> LocalAuthority | None:
    """The Ofsted LA provider of this exact local authority name (case and '&' insensitive)."""
    return _by_name().get(_name_key(name)) if name else None


def regions() -> list[str]:
    return sorted({la.region for la in _by_urn().values() if la.region})


@lru_cache(maxsize=1)
def la_register() -> dict[str, dict[str, str]]:
    """DfE's list of local authorities (live and terminated) by E-code."""
    return {row["new_la_code"]: row for row in _rows("las.csv")}
