"""``extract_file``: one PDF → one record (docs/architecture.md, "The extraction record")."""

from __future__ import annotations

import os

from . import judgements as judgements_module
from . import metadata
from .pdf import ExtractionError, first_page_tables, read_text, sha256_of
from .text import build_passages, front_matter_length, strip_contents_pages, strip_running_lines, words
from .themes import detect_theme_mentions, summarise
from .version import EXTRACTOR_VERSION


def error_record(file: str, sha256: str | None, error: str, pages: int | None = None) -> dict:
    """A record for a file that cannot be extracted: the error and nothing else."""
    record: dict = {"file": file, "sha256": sha256}
    if pages is not None:
        record["pages"] = pages
    record["error"] = error
    record["extractor_version"] = EXTRACTOR_VERSION
    return record


def extract_file(path: str | os.PathLike) -> dict:
    """Extract one PDF into the record of docs/architecture.md. Pure: reads ``path`` only.

    Never raises for a bad file: a file that cannot be read gives ``{"file", "sha256",
    "pages" (if known), "error", "extractor_version"}``.
    """
    file = str(path)
    try:
        sha = sha256_of(path)  # streamed: a huge file is never read into memory at once
    except OSError as error:
        return error_record(file, None, f"cannot read the file ({error.strerror or error})")
    try:
        return extract_bytes(path, file)
    except ExtractionError as error:
        return error_record(file, sha, str(error))
    except RecursionError:
        return error_record(file, sha, "damaged PDF (structure too deeply nested)")
    except MemoryError:
        return error_record(file, sha, "file too large to extract (out of memory)")
    except Exception as error:  # noqa: BLE001 - a record with the reason, never a crash
        return error_record(file, sha, f"could not extract ({type(error).__name__}: {error})")


def extract_bytes(body, file: str = "") -> dict:
    """The record for a PDF given as bytes or as a path (``file`` is what the record calls it)."""
    pdf = read_text(body)
    raw_pages = pdf.page_lines
    page1 = raw_pages[0]
    page2 = raw_pages[1] if len(raw_pages) > 1 else []
    kind = metadata.detect_kind(page1, page2)
    title = metadata.detect_title(page1, kind)
    letter_date = metadata.detect_letter_date(page1)
    visits = metadata.detect_dates(raw_pages, kind, letter_date)
    start = visits[0][0] if visits else None
    end = visits[-1][1] if visits else None
    page1_text = "\n".join(page1)
    framework = metadata.detect_framework(kind, title, start, page1_text)
    published = metadata.detect_published(raw_pages, kind)
    local_authority = metadata.detect_local_authority(page1, kind, title)
    lead_inspector = metadata.detect_lead_inspector(raw_pages, kind)

    cleaned = strip_contents_pages(strip_running_lines(raw_pages))
    front = front_matter_length(cleaned[0]) if kind == "childrens-services-inspection" else 0
    passages, headings = build_passages(cleaned, front=front)

    tables: list = []
    if kind in ("childrens-services-inspection", "cafcass-inspection", "childrens-home-inspection"):
        tables = first_page_tables(body, 0)
    full_text = "\n".join("\n".join(lines) for lines in cleaned)
    body_text = "\n".join("\n".join(lines) for lines in cleaned[1:])
    first_pages_text = "\n".join("\n".join(lines) for lines in raw_pages[:2])
    judgements, check = judgements_module.extract_judgements(
        kind=kind, framework=framework, page1_text=page1_text, first_pages_text=first_pages_text,
        full_text=full_text, body_text=body_text, headings=headings, tables=tables, start=start, end=end)

    mentions: list[dict] = []
    word_count = 0
    passage_dicts = []
    # Anchors: "p{page}-para{paragraph}". The report's own numbers come first; an unnumbered
    # block whose position happens to equal a numbered paragraph's number on the same page gets
    # "p{page}-block{paragraph}" so every anchor is unique.
    numbered_anchors = {(p.page, p.paragraph) for p in passages if p.numbered}
    for passage in passages:
        text = passage.text
        word_count += len(words(text))
        entry = passage.as_dict()
        clash = not passage.numbered and (passage.page, passage.paragraph) in numbered_anchors
        entry["anchor"] = f"p{passage.page}-{'block' if clash else 'para'}{passage.paragraph}"
        for mention in detect_theme_mentions(text, page=passage.page, paragraph=passage.paragraph,
                                             heading=passage.heading):
            mention["anchor"] = entry["anchor"]
            mentions.append(mention)
        passage_dicts.append(entry)
    word_count += sum(len(words(heading)) for _, heading in headings)

    return {
        "file": file,
        "sha256": pdf.sha256,
        "pages": pdf.pages,
        "error": None,
        "extractor_version": EXTRACTOR_VERSION,
        "kind": kind,
        "framework": framework,
        "title": title,
        "local_authority": local_authority,
        "inspection_start": start,
        "inspection_end": end,
        "inspection_visits": [list(visit) for visit in visits],
        "published": published,
        "lead_inspector": lead_inspector,
        "judgements": judgements,
        "judgement_check": check,
        "word_count": word_count,
        "themes": summarise(mentions, word_count),
        "mentions": mentions,
        "passages": passage_dicts,
    }
