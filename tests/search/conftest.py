"""Synthetic extraction records for the search tests: catalogue rows plus records in the
format of docs/architecture.md, so the index can be tested without extract/ or PDFs.

Every test here runs once per search engine: ``config`` (and so every index built from it)
names the engine, and ``real_index`` is the shared corpus indexed by each engine in turn."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from inspection_index import Config, vocabulary
from search import engines

EXTRACTOR_VERSION = "test-1"
THEME_WORDS = {"caseload": r"caseloads?", "vacancies": r"vacanc(?:y|ies)", "agency": r"agency"}
CONCERN_CUES = ("high", "too many", "rising", "unstable")


@dataclass
class Report:
    la: str
    grade: str | None
    published: str
    texts: list[str]
    kind: str = "childrens-services-inspection"
    framework: str | None = "ilacs"
    urn: str | None = None
    judgements: dict = field(default_factory=dict)
    source: str = "ofsted"


def record_for(sha256: str, report: Report) -> dict:
    passages = [{"page": 1 + i // 4, "paragraph": i + 1, "numbered": True,
                 "heading": "Help and protection" if i % 2 else "Leadership", "text": text}
                for i, text in enumerate(report.texts)]
    mentions, themes = [], {}
    for passage in passages:
        for sentence in re.split(r"(?<=[.!?])\s+", passage["text"]):
            for theme, pattern in THEME_WORDS.items():
                for found in re.finditer(pattern, sentence, re.I):
                    stance = "concern" if any(cue in sentence.lower() for cue in CONCERN_CUES) else "neutral"
                    mentions.append({"theme": theme, "term": found.group(), "stance": stance,
                                     "sentence": sentence, "page": passage["page"],
                                     "paragraph": passage["paragraph"]})
                    counts = themes.setdefault(theme, {"mentions": 0, "concerns": 0, "reassurances": 0})
                    counts["mentions"] += 1
                    counts["concerns"] += stance == "concern"
    words = sum(len(text.split()) for text in report.texts)
    for counts in themes.values():
        counts["per_10k_words"] = round(counts["mentions"] * 10000 / words, 1)
    judgements = dict(report.judgements)
    if report.grade:
        judgements["overall_effectiveness"] = report.grade
    return {"file": f"{report.la}.pdf", "sha256": sha256, "pages": passages[-1]["page"], "error": None,
            "extractor_version": EXTRACTOR_VERSION, "kind": report.kind, "framework": report.framework,
            "title": f"Inspection of {report.la}", "local_authority": report.la,
            "inspection_start": report.published, "inspection_end": report.published,
            "published": report.published, "judgements": judgements, "word_count": words,
            "themes": themes, "mentions": mentions, "passages": passages}


def add_report(catalogue, report: Report, salt: str = "") -> str:
    """Catalogue ``report`` with a stand-in body and save its record; returns its doc_id."""
    body = f"%PDF-1.4 synthetic {report.la} {report.published} {salt} {report.texts!r}".encode()
    added = catalogue.add_document(body, source=report.source, location=f"test:{report.la}:{report.published}:{salt}",
                                   source_url=f"https://files.example.test/{report.la}", provider_urn=report.urn,
                                   local_authority=report.la, title=f"Inspection of {report.la}",
                                   kind=report.kind, published=report.published)
    catalogue.save_extraction(added.document.sha256, EXTRACTOR_VERSION, record_for(added.document.sha256, report))
    return added.document.doc_id


REPORTS = [
    Report("Birmingham", "inadequate", "2016-05-01", [
        "Social workers have high caseloads and there are too many vacancies.",
        "Turnover is high. Caseloads are rising in the assessment teams.",
        "Managers <b>oversee</b> practice & audit cases.",
        "Children wait too long for help."], urn="80429",
        judgements={"help_and_protection": "inadequate"}),
    Report("Leeds", "good", "2019-03-01", [
        "Caseloads are manageable and agency use is minimal.",
        "Children are safe and well supported."],
        judgements={"help_and_protection": "good"}),
    Report("Norfolk", "inadequate", "2015-11-20", [
        "High caseloads mean that visits are missed.",
        "There is a high reliance on agency staff and vacancies are unstable."], framework="sif"),
    Report("Blackpool", "requires_improvement", "2018-02-14", [
        "Workloads are high, although caseloads have fallen.",
        "The agency social workers stay for a long time."]),
    Report("Dorset", None, "2021-11-19", [
        "This focused visit looked at the front door. Caseloads are reasonable."],
        kind="focused-visit", framework=None),
    Report("Camden", "outstanding", "2023-06-30", [
        "Leaders know their services well.", "Staff turnover is low and there are few vacancies."]),
]


@pytest.fixture(params=engines.NAMES)
def engine(request) -> str:
    return request.param


@pytest.fixture
def config(data_dir, engine) -> Config:
    return Config(data_dir, engine=engine)


@pytest.fixture
def corpus(catalogue):
    """The six synthetic reports, catalogued and extracted: {la: doc_id}."""
    return {report.la: add_report(catalogue, report) for report in REPORTS}


@pytest.fixture
def built(config, corpus):
    import search
    search.build_index(config)
    index = search.SearchIndex(config)
    yield index
    index.close()


@pytest.fixture(scope="session")
def whoosh_data_dir(corpus_data_dir, tmp_path_factory):
    """The shared corpus's catalogue (as `up` built it, with tantivy) indexed again by Whoosh."""
    import sqlite3

    import search

    data_dir = tmp_path_factory.mktemp("corpus-whoosh") / "data"
    data_dir.mkdir()
    source = sqlite3.connect(corpus_data_dir[0] / "catalogue.sqlite")
    copy = sqlite3.connect(data_dir / "catalogue.sqlite")
    source.backup(copy)
    source.close()
    copy.close()
    search.build_index(Config(data_dir, engine="whoosh"))
    return data_dir


@pytest.fixture(scope="session", params=engines.NAMES)
def real_index(request, corpus_data_dir):
    """The shared corpus imported, extracted and indexed (once per test session, shared with
    the other packages' corpus tests) by each engine: (config, catalogue, SearchIndex)."""
    import search
    from inspection_index import Catalogue

    data_dir = corpus_data_dir[0] if request.param == engines.DEFAULT else request.getfixturevalue("whoosh_data_dir")
    config = Config(data_dir, engine=request.param)
    catalogue = Catalogue(config)
    index = search.SearchIndex(config)
    assert index.engine == request.param
    yield config, catalogue, index
    index.close()
    catalogue.close()


def recount(catalogue, term: str, by: str = "overall_effectiveness") -> dict:
    """value -> [documents, mentioning, concern], straight from the extraction records."""
    counts: dict = {}
    for _, record in catalogue.extractions():
        if record.get("error"):
            continue
        value = record["judgements"].get(by) if by in vocabulary.ALL_JUDGEMENT_KEYS else record[by]
        if not value:
            continue
        if term.startswith('"'):
            pattern = re.compile(r"\b" + r"[^\w.!?;:]+".join(map(re.escape, term.strip('"').split())) + r"\b", re.I)
            mentioning = any(pattern.search(p["text"]) for p in record["passages"])
            concern = any(pattern.search(m["sentence"]) for m in record["mentions"] if m["stance"] == "concern")
        else:
            theme = record["themes"].get(term, {})
            mentioning, concern = theme.get("mentions", 0) > 0, theme.get("concerns", 0) > 0
        row = counts.setdefault(value, [0, 0, 0])
        row[0] += 1
        row[1] += mentioning
        row[2] += concern
    return counts
