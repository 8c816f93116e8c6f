"""A small synthetic collection for the web tests: catalogue rows, extraction records in the
format of docs/architecture.md, and a tiny DfE workforce table, indexed by the real search
package. One report carries hostile text (script tags, a formula) to test escaping."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from extract import detect_theme_mentions
import search
from inspection_index import Catalogue, Config, figures

EXTRACTOR_VERSION = "webui-test-1"
HOSTILE_TITLE = '<script>alert("title")</script> Inspection of Barking & Dagenham'
HOSTILE_TEXT = '=HYPERLINK("http://evil.test") <img src=x onerror=alert(1)> caseloads are too high "quoted"'


@dataclass
class Synthetic:
    la: str
    urn: str
    grade: str | None
    published: str
    inspection_end: str
    passages: list[tuple[int, int, str, str]]     # page, paragraph, heading, text
    mentions: list[tuple[str, str, int, int]]     # theme, stance, page, paragraph
    kind: str = "childrens-services-inspection"
    framework: str | None = "ilacs"
    title: str | None = None
    extra_judgements: dict = field(default_factory=dict)


REPORTS = [
    Synthetic("Birmingham", "80429", "inadequate", "2016-09-08", "2016-07-20", [
        (1, 1, "Summary", "Services for children in Birmingham are inadequate."),
        (4, 12, "Help and protection: inadequate", "Social workers carry high caseloads and too many posts are vacant."),
        (4, 13, "Help and protection: inadequate", "Agency staff cover a third of posts, and caseloads are rising."),
        (7, 30, "Leadership: inadequate", "Leaders have not reduced caseloads despite repeated plans."),
    ], [("caseload", "concern", 4, 12), ("vacancies", "concern", 4, 12), ("agency", "concern", 4, 13),
        ("caseload", "concern", 4, 13), ("caseload", "concern", 7, 30)], framework="sif",
        extra_judgements={"help_and_protection": "inadequate"}),
    Synthetic("Blackpool", "80431", "requires_improvement", "2018-03-02", "2018-01-26", [
        (1, 1, "Summary", "Services require improvement to be good."),
        (3, 8, "Children in care", "Caseloads have fallen and are now manageable for most social workers."),
        (5, 20, "Leadership", "Recruitment of permanent staff has reduced the use of agency workers."),
    ], [("caseload", "reassurance", 3, 8), ("agency", "neutral", 5, 20)]),
    Synthetic("Croydon", "80492", "inadequate", "2017-09-04", "2017-07-14", [
        (2, 5, "Help and protection", "Caseloads are too high in the assessment service."),
        (2, 6, "Help and protection", "Turnover of social workers and managers is high."),
    ], [("caseload", "concern", 2, 5)], framework="sif"),
    Synthetic("Kent", "80476", "good", "2019-10-01", "2019-07-26", [
        (1, 1, "Summary", "Services for children in Kent are good."),
        (3, 9, "Help and protection", "Social workers have manageable caseloads and know their children well."),
    ], [("caseload", "reassurance", 3, 9)]),
    Synthetic("Leeds", "80481", "outstanding", "2019-02-15", "2018-12-14", [
        (1, 1, "Summary", "Services for children in Leeds are outstanding."),
        (2, 4, "Leadership", "The workforce is stable and morale is high."),
    ], []),
    Synthetic("Sunderland", "80566", "inadequate", "2019-12-02", "2019-10-18", [
        (2, 3, "Help and protection", "High caseloads mean that some children are not visited often enough."),
        (2, 4, "Help and protection", "Vacancies are covered by agency staff who stay for short periods."),
    ], [("caseload", "concern", 2, 3), ("vacancies", "concern", 2, 4), ("agency", "concern", 2, 4)]),
    Synthetic("Barnet", "80487", None, "2020-11-10", "2020-10-01", [
        (1, 2, "Focused visit", "This focused visit looked at the front door. Caseloads are reasonable."),
    ], [("caseload", "neutral", 1, 2)], kind="focused-visit", framework=None,
        title="Focused visit to Barnet children's services"),
    Synthetic("Barking and Dagenham", "80486", "good", "2021-06-01", "2021-04-30", [
        (1, 1, "Summary <b>bold</b>", HOSTILE_TEXT),
        (2, 3, "Leadership", "Leaders have a clear plan for the workforce."),
    ], [("caseload", "concern", 1, 1)], title=HOSTILE_TITLE),
]

# A DfE LA indicators table for the councils above (code, e-code, name): two census years.
COUNCILS = {"Birmingham": ("330", "E08000025"), "Blackpool": ("890", "E06000009"),
            "Croydon": ("306", "E09000008"), "Kent": ("886", "E10000016"), "Leeds": ("383", "E08000035"),
            "Sunderland": ("394", "E08000024"), "Barnet": ("302", "E09000003"),
            "Barking and Dagenham": ("301", "E09000002")}
INDICATOR_HEADER = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                    "region_code", "region_name", "old_la_code", "new_la_code", "la_name",
                    "turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte", "absence_rate_fte"]


def vacancy(la: str, year: int) -> float:
    """The synthetic vacancy rate: higher where reports were judged inadequate."""
    base = {"Birmingham": 24.0, "Croydon": 27.0, "Sunderland": 22.0}.get(la, 12.0)
    return round(base + (year - 2015) * 0.5, 1)


def write_indicators(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(INDICATOR_HEADER)
        for year in range(2015, 2022):
            for la, (code, ecode) in COUNCILS.items():
                writer.writerow([year, "Reporting year", "Local authority", "E92000001", "England", "", "",
                                 code, ecode, la, 15.0, 14.0, vacancy(la, year), 17.5, 3.0])
    return path


def record(sha256: str, report: Synthetic) -> dict:
    words = sum(len(text.split()) for *_, text in report.passages)
    themes: dict[str, dict] = {}
    mentions = []
    texts = {(page, paragraph): text for page, paragraph, _, text in report.passages}
    for theme, stance, page, paragraph in report.mentions:
        counts = themes.setdefault(theme, {"mentions": 0, "concerns": 0, "reassurances": 0})
        counts["mentions"] += 1
        counts["concerns"] += stance == "concern"
        counts["reassurances"] += stance == "reassurance"
        # The cue as the real reader gives it for this sentence, when it sees the same stance.
        read = [m for m in detect_theme_mentions(texts[(page, paragraph)]) if (m["theme"], m["stance"]) == (theme, stance)]
        mentions.append({"theme": theme, "term": theme, "stance": stance, "cue": read[0]["cue"] if read else None,
                         "sentence": texts[(page, paragraph)], "page": page, "paragraph": paragraph,
                         "anchor": f"p{page}-para{paragraph}"})
    for counts in themes.values():
        counts["per_10k_words"] = round(counts["mentions"] * 10000 / words, 1)
    judgements = {"overall_effectiveness": report.grade, **report.extra_judgements} if report.grade else {}
    return {"file": f"{report.la}.pdf", "sha256": sha256, "pages": max(p for p, *_ in report.passages),
            "error": None, "extractor_version": EXTRACTOR_VERSION, "kind": report.kind,
            "framework": report.framework, "title": report.title or f"Inspection of {report.la} children's services",
            "local_authority": report.la, "inspection_start": report.inspection_end,
            "inspection_end": report.inspection_end, "inspection_visits": [[report.inspection_end, report.inspection_end]],
            "published": report.published, "lead_inspector": "A. Inspector", "judgements": judgements,
            "judgement_check": {"status": "agree" if report.grade else "unchecked", "notes": []},
            "word_count": words, "themes": themes, "mentions": mentions,
            "passages": [{"page": page, "paragraph": paragraph, "numbered": True, "heading": heading, "text": text,
                          "anchor": f"p{page}-para{paragraph}"}
                         for page, paragraph, heading, text in report.passages]}


def add(catalogue: Catalogue, report: Synthetic) -> str:
    body = f"%PDF-1.4\n% synthetic {report.la} {report.published}\n%%EOF\n".encode()
    added = catalogue.add_document(
        body, source="ofsted", location=f"test:{report.la}:{report.published}",
        source_url=f"https://files.example.test/{report.urn}.pdf", provider_urn=report.urn,
        local_authority=report.la, title=report.title or f"Inspection of {report.la} children's services",
        kind=report.kind, published=report.published)
    catalogue.save_extraction(added.document.sha256, EXTRACTOR_VERSION, record(added.document.sha256, report))
    return added.document.doc_id


def build(data_dir: Path, engine: str | None = None) -> dict[str, str]:
    """Catalogue, figures and index (by ``engine``, else the default) in ``data_dir``; returns
    {local authority: doc_id}."""
    config = Config(data_dir, engine=engine)
    catalogue = Catalogue(config)
    try:
        doc_ids = {report.la: add(catalogue, report) for report in REPORTS}
        figures.import_files(catalogue, [write_indicators(data_dir / "indicators.csv")])
    finally:
        catalogue.close()
    search.build_index(config)
    return doc_ids
