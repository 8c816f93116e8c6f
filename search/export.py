"""The dataset as a Frictionless data package: one CSV a table, and ``datapackage.json``
describing every column, the corpus version and the licence.

- ``reports.csv``: one row per extracted report (ids, council and LA code, kind, framework,
  dates, every judgement, per-theme mentions and concerns, each joined figure with its year and
  join status).
- ``mentions.csv``: every theme mention (report, anchor, theme, term, stance, cue, sentence).
- ``figures.csv``: the official figures loaded, long form (council, year, measure, value, the
  publisher's marker when not published, source table).

Cells are written as they are (this is data for pandas or R, not a spreadsheet). Writing is
all-or-nothing per file: each file is written beside its final name and renamed into place,
``datapackage.json`` last, so a crash leaves the previous package's files or the new ones.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from inspection_index import vocabulary
from inspection_index.catalogue import now_iso
from inspection_index.errors import InspectionIndexError
from inspection_index.figures import MEASURES

from .query import THEME_LABELS, THEME_NAMES
from .table import MENTION_COLUMNS, DocumentTable

LICENCE = {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
           "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}
ATTRIBUTION = ("Contains public sector information licensed under the Open Government Licence v3.0 "
               "(Ofsted reports, DfE and Cafcass statistics; Crown copyright).")
FILES = ("reports.csv", "mentions.csv", "figures.csv", "datapackage.json")

BASE_FIELDS: list[tuple[str, str, str]] = [
    ("doc_id", "string", "The report's id: the first 16 hex digits of its SHA-256 (permalink /documents/<doc_id>)."),
    ("sha256", "string", "SHA-256 of the PDF's bytes."),
    ("title", "string", "Title as the publisher lists it, else as printed in the PDF."),
    ("local_authority", "string", "Local authority named by the publisher or the report."),
    ("la_code", "string", "DfE 3-digit LA code of the council the report was joined to (empty: none)."),
    ("la_name", "string", "Name of that council in DfE's register."),
    ("region", "string", "Region of the council."),
    ("provider_urn", "string", "Ofsted provider URN."),
    ("kind", "string", "Kind of document: " + ", ".join(vocabulary.KINDS) + "."),
    ("framework", "string", "Inspection framework: pre-2013, sif (2013-18) or ilacs (2018-); empty if ungraded."),
    ("source", "string", "How it was collected: ofsted, cafcass or import."),
    ("source_url", "string", "The publisher's URL of the PDF."),
    ("published", "date", "Publication date."),
    ("inspection_start", "date", "First day of the inspection (its first visit)."),
    ("inspection_end", "date", "Last day of the inspection."),
    ("inspection_year", "integer", "Year of the last day of the inspection (else of publication)."),
    ("word_count", "integer", "Words in the report's text."),
]
REPORT_FIELDS = BASE_FIELDS + [(f"judgement_{key}", "string", f"Judgement: {label} (a grade: {', '.join(vocabulary.GRADES)}).")
                  for key, label in vocabulary.ALL_JUDGEMENT_KEYS.items()]
REPORT_FIELDS += [field for theme in THEME_NAMES for field in (
    (f"{theme}_mentions", "integer", f"Mentions of the theme '{THEME_LABELS.get(theme, theme)}' found by the extractor's lexicon."),
    (f"{theme}_concerns", "integer", f"Of those, mentions whose sentence raises it as a concern (the extractor's stance)."))]
REPORT_FIELDS += [field for measure, info in MEASURES.items() for field in (
    (measure, "number", f"{info['label']} ({info['unit']}) of the council for the year before the inspection ended: "
                        f"{info['definition']} Empty when not available (see {measure}_status)."),
    (f"{measure}_year", "integer", f"The year of {measure} used ({'census at 30 September' if info['period'] == 'census' else 'financial year ending 31 March'})."),
    (f"{measure}_status", "string", "ok, not_published, no_figure, not_loaded, no_council or no_date: why a figure is missing."))]

MENTION_FIELDS = [
    ("doc_id", "string", "The report (reports.csv doc_id)."),
    ("anchor", "string", "The passage's anchor in the report: /documents/<doc_id>#<anchor>."),
    ("page", "integer", "Page of the PDF."),
    ("paragraph", "integer", "The report's paragraph number, or the block's position when unnumbered."),
    ("theme", "string", "Lexicon theme."),
    ("term", "string", "The words matched."),
    ("stance", "string", "concern, reassurance or neutral, as the extractor read the sentence."),
    ("cue", "string", "The words that decided the stance, where the extractor records them."),
    ("sentence", "string", "The sentence, as extracted."),
]
FIGURE_FIELDS = [
    ("la_code", "string", "DfE 3-digit LA code (a joint row's codes are joined by ' / ')."),
    ("new_la_code", "string", "ONS E-code, where published."),
    ("la_name", "string", "Council name as published."),
    ("year", "integer", "Census year (30 September) or financial year (named by the year it ends)."),
    ("measure", "string", "Measure: " + ", ".join(MEASURES) + "."),
    ("value", "number", "The figure; empty when the publisher did not publish it (see marker)."),
    ("marker", "string", "The publisher's symbol printed instead of a number (x: not available, c: suppressed, …)."),
    ("source_table", "string", "Edition of the published table the row comes from."),
    ("release", "string", "The publisher's release."),
    ("publisher", "string", "DfE or Cafcass."),
]


def report_record(row: dict[str, Any]) -> dict[str, Any]:
    out = {name: row.get(name) for name, _, _ in BASE_FIELDS}
    for key in vocabulary.ALL_JUDGEMENT_KEYS:
        out[f"judgement_{key}"] = row["judgements"].get(key)
    for theme in THEME_NAMES:
        counts = row["themes"].get(theme, {})
        out[f"{theme}_mentions"], out[f"{theme}_concerns"] = counts.get("mentions", 0), counts.get("concerns", 0)
    for measure in MEASURES:
        out[measure] = row["figures"].get(measure)
        out[f"{measure}_year"] = row["figure_years"].get(measure)
        out[f"{measure}_status"] = row["figure_status"].get(measure)
    return out


def figure_rows(catalogue) -> list[dict[str, Any]]:
    return catalogue.query("""SELECT f.la_code, f.new_la_code, f.la_name, f.year, f.measure, f.value, f.marker,
                                     f.source_table, m.release, m.publisher
                              FROM figures f JOIN figure_measures m
                                ON m.measure = f.measure AND m.source_table = f.source_table
                              ORDER BY f.measure, f.la_code, f.year, f.source_table""")


def _csv(fields: list[tuple[str, str, str]], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, [name for name, _, _ in fields], lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _resource(name: str, fields, description: str, key: list[str] | None) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [{"name": n, "type": t, "description": d} for n, t, d in fields],
                              "missingValues": [""]}
    if key:
        schema["primaryKey"] = key
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": description, "schema": schema}


def package(catalogue, table: DocumentTable, corpus_version: str | None) -> dict[str, bytes]:
    """The package's files as bytes, by file name."""
    descriptor = {
        "profile": "tabular-data-package", "name": "inspection-index",
        "title": "Inspection Index: Ofsted children's social care reports, their judgements and resourcing "
                 "language, with DfE and Cafcass figures",
        "description": "One row per report, per theme mention, and per official figure. " + ATTRIBUTION,
        "version": corpus_version or table.version, "created": now_iso(),
        "keywords": ["Ofsted", "children's social care", "social work workforce", "Cafcass"],
        "licenses": [LICENCE],
        "sources": [{"title": "Ofsted inspection reports", "path": "https://reports.ofsted.gov.uk/"},
                    {"title": "DfE, Children's social work workforce",
                     "path": "https://explore-education-statistics.service.gov.uk/find-statistics/children-s-social-work-workforce"},
                    {"title": "Cafcass, care applications", "path": "https://www.cafcass.gov.uk/"}],
        "corpus_version": corpus_version, "table_version": table.version,
        "resources": [
            _resource("reports", REPORT_FIELDS, "One row per extracted report.", ["doc_id"]),
            _resource("mentions", MENTION_FIELDS, "Every resourcing-theme mention the extractor found.", None),
            _resource("figures", FIGURE_FIELDS, "The official figures loaded, one row per council, year, measure "
                                                "and source table.", None),
        ],
    }
    return {
        "reports.csv": _csv(REPORT_FIELDS, (report_record(row) for row in table.reports)),
        "mentions.csv": _csv(MENTION_FIELDS, table.mentions),
        "figures.csv": _csv(FIGURE_FIELDS, figure_rows(catalogue)),
        "datapackage.json": json.dumps(descriptor, indent=2, ensure_ascii=False).encode("utf-8"),
    }


def write_package(catalogue, table: DocumentTable, directory: str | Path, corpus_version: str | None) -> dict[str, Any]:
    """Write the package into ``directory`` (created if need be); returns what was written."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise InspectionIndexError(f"{directory} is a file, not a directory: give a directory to export into.")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InspectionIndexError(f"cannot create {directory}: {error.strerror}") from error
    files = package(catalogue, table, corpus_version)
    for name in FILES:   # datapackage.json last: it describes the files already in place
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=directory)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(files[name])
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o644)   # mkstemp's 0600 would hide the package from its readers
            os.replace(temporary, directory / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return {"directory": str(directory), "files": {name: len(files[name]) for name in FILES},
            "reports": len(table.reports), "mentions": len(table.mentions),
            "corpus_version": corpus_version}
