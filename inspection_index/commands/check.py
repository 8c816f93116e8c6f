"""``inspection-index check``: is anything in the data directory damaged?

Three checks, each independent of the others: SQLite's own ``integrity_check`` of
catalogue.sqlite, every stored file's sha256 against its catalogue row, and the search index
against the catalogue (through the search package's public API). It repairs nothing; exit 1 on
damage.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

import click

from ..errors import InspectionIndexError
from ..validation import printable
from .common import config_of

SHOWN = 20   # problems listed per check (the JSON has them all)


def _integrity(path) -> list[str]:
    """SQLite's complaints about the catalogue file ([] when it is sound)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    problems = [row[0] for row in rows]
    return [] if problems == ["ok"] else problems


def _file_problem(path, sha256: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        return f"unreadable ({error.strerror or error})"
    if digest.hexdigest() != sha256:
        return f"content does not match its sha256 (now {digest.hexdigest()[:16]}…)"
    return None


def run_checks(config) -> dict:
    """{"catalogue": [problems], "files": {"checked", "damaged": [{"path", "problem"}]},
    "index": {"indexed", "extracted", "problem"}, "damaged": bool}"""
    from search import index_status

    from ..catalogue import Catalogue

    report: dict = {"catalogue": [], "files": {"checked": 0, "damaged": []},
                    "index": {"indexed": None, "extracted": None, "problem": None}}
    if not config.catalogue_path.is_file():
        report["catalogue"] = [f"{config.catalogue_path} does not exist (nothing collected yet?)"]
    else:
        report["catalogue"] = _integrity(config.catalogue_path)
    if not report["catalogue"]:
        catalogue = Catalogue(config)
        try:
            documents = catalogue.documents()
            extracted = catalogue.count_extracted()
        finally:
            catalogue.close()
        for document in documents:
            problem = _file_problem(document.stored_path, document.sha256)
            if problem:
                report["files"]["damaged"].append({"path": str(document.stored_path), "problem": problem})
        report["files"]["checked"] = len(documents)
        report["index"]["extracted"] = extracted
        try:
            status = index_status(config)
        except Exception as error:  # noqa: BLE001 - whatever the index's reader throws is damage
            report["index"]["problem"] = f"cannot be read ({type(error).__name__}: {error})"
        else:
            report["index"]["indexed"] = status["indexed"]
            report["index"]["corpus_version"] = status["corpus_version"]
    report["damaged"] = bool(report["catalogue"] or report["files"]["damaged"] or report["index"]["problem"])
    return report


def _describe(config, report: dict) -> list[str]:
    lines = []
    if report["catalogue"]:
        lines.append(f"{config.catalogue_path}: DAMAGED ({len(report['catalogue'])} problems):")
        lines += [f"  {problem}" for problem in report["catalogue"][:SHOWN]]
        lines.append("  Restore it from a backup; the files under files/ are kept and can be imported "
                     f"again (inspection-index import {config.files_dir}).")
        return lines
    lines.append(f"{config.catalogue_path}: ok (SQLite integrity_check)")
    files = report["files"]
    damaged = files["damaged"]
    lines.append(f"Stored files: {files['checked'] - len(damaged)} of {files['checked']} match their sha256")
    lines += [f"  {item['path']}: {item['problem']}" for item in damaged[:SHOWN]]
    if len(damaged) > SHOWN:
        lines.append(f"  … and {len(damaged) - SHOWN} more (--json lists them all)")
    if damaged:
        lines.append("  Import or crawl the original files again to replace them.")
    index = report["index"]
    if index["problem"]:
        lines.append(f"Search index: DAMAGED, {index['problem']}; rebuild it with `inspection-index index --rebuild`.")
    elif index["indexed"] != index["extracted"]:
        lines.append(f"Search index: {index['indexed']} reports, but {index['extracted']} are extracted; "
                     f"`inspection-index index` brings it up to date.")
    else:
        lines.append(f"Search index: {index['indexed']} reports, as many as are extracted.")
    return lines


@click.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.pass_context
def command(ctx: click.Context, as_json: bool) -> None:
    """Check the data directory for damage: the catalogue (SQLite integrity_check), every
    stored file against its sha256, and the search index against the catalogue. Repairs
    nothing; exit status 1 when anything is damaged."""
    config = config_of(ctx)
    report = run_checks(config)
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        for line in _describe(config, report):
            click.echo(printable(line))
        if not report["damaged"]:
            click.echo("No damage found.")
    if report["damaged"]:
        raise InspectionIndexError(f"{config.data_dir} is damaged: see above for what to do")
