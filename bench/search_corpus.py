"""Corpora for bench/search.py: the shared corpus (imported and extracted), a scaled copy of it
with distinct ids, and — only when extract/ is not installed — a clearly labelled synthetic one."""

from __future__ import annotations

import copy
import random
from pathlib import Path

from inspection_index import Catalogue, import_paths, lookup

REPO = Path(__file__).resolve().parent.parent
SHARED_CORPUS = REPO.parent / "shared" / "corpus" / "ofsted"


def extracted_shared_corpus(catalogue: Catalogue, jobs: int = 2) -> str:
    """Import and extract ../shared/corpus/ofsted into ``catalogue``; returns the extractor version."""
    import extract

    if not hasattr(extract, "extract_collected"):  # extract/ is still being written
        raise ImportError("extract.extract_collected is not available")
    import_paths(catalogue, [SHARED_CORPUS])
    extract.extract_collected(catalogue, jobs=jobs)
    return extract.EXTRACTOR_VERSION


def records(catalogue: Catalogue) -> list[tuple]:
    return [(document, record) for document, record in catalogue.extractions() if not record.get("error")]


def add_copy(catalogue: Catalogue, document, record: dict, salt: str, version: str) -> None:
    """One more report with the same text and metadata under a distinct id (stand-in body)."""
    body = f"%PDF-1.4 benchmark copy {salt} of {document.sha256}".encode()
    added = catalogue.add_document(body, source=document.source, location=f"bench:{salt}:{document.sha256}",
                                   source_url=document.source_url, provider_urn=document.provider_urn,
                                   local_authority=document.local_authority, title=document.title,
                                   kind=document.kind, published=document.published)
    catalogue.save_extraction(added.document.sha256, version, {**copy.deepcopy(record), "sha256": added.document.sha256})


def scaled(source: list[tuple], catalogue: Catalogue, min_passages: int, version: str) -> int:
    """Copies of ``source`` in ``catalogue`` until it holds at least ``min_passages``; returns passages."""
    total, round_number = 0, 0
    while total < min_passages:
        for document, record in source:
            add_copy(catalogue, document, record, f"r{round_number}", version)
            total += len(record.get("passages") or [])
        round_number += 1
    return total


# -- synthetic fallback ------------------------------------------------------------------------

SENTENCES = [
    "Social workers have {q} caseloads, which limits the time they spend with children.",
    "Caseloads are {m} and social workers know their children well.",
    "There is a {q} reliance on agency staff and vacancies remain {u}.",
    "Staff turnover is {m}, and there are few vacancies.",
    "Changes of social worker mean that children have to retell their stories.",
    "Management oversight of practice is {w} and supervision is not always regular.",
    "Leaders have invested in recruitment and retention, and the workforce is more stable.",
    "Child protection enquiries are timely and thresholds are well understood.",
    "Children in care live in stable homes and see their social workers regularly.",
    "Care leavers are supported into education, employment and training.",
    "The local authority designated officer arrangements are effective.",
    "Return home interviews are not consistently offered to children who go missing.",
    "Partners share information well at the front door and decisions are made promptly.",
    "Plans for children are too generic and do not set out what needs to change.",
    "Agency workers stay for a long time and are well inducted.",
]
FILL = {"q": ["high", "very high", "rising"], "m": ["manageable", "low", "reasonable"],
        "u": ["high", "unstable"], "w": ["weak", "inconsistent", "strong"]}
THEMES = {"caseload": "caseload", "vacanc": "vacancies", "agency": "agency", "turnover": "turnover"}


def synthetic(catalogue: Catalogue, documents: int, version: str = "synthetic", seed: int = 7) -> None:
    """Reports made of stock inspection sentences (only when the real corpus cannot be extracted)."""
    rng = random.Random(seed)
    councils = list(lookup._by_urn().values())
    grades = ["outstanding", "good", "requires_improvement", "inadequate"]
    for number in range(documents):
        council = councils[number % len(councils)]
        grade = rng.choices(grades, weights=[1, 4, 4, 2])[0]
        published = f"{rng.randint(2014, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        passages, mentions, themes = [], [], {}
        for position in range(40):
            text = " ".join(rng.choice(SENTENCES).format(**{k: rng.choice(v) for k, v in FILL.items()})
                            for _ in range(rng.randint(3, 6)))
            passage = {"page": 1 + position // 5, "paragraph": position + 1, "numbered": True,
                       "heading": rng.choice(["Help and protection", "Children in care", "Leadership"]), "text": text}
            passages.append(passage)
            for sentence in text.split(". "):
                for stem, theme in THEMES.items():
                    if stem in sentence.lower():
                        stance = "concern" if any(w in sentence for w in ("high", "rising", "unstable")) else "neutral"
                        mentions.append({"theme": theme, "term": stem, "stance": stance, "sentence": sentence,
                                         "page": passage["page"], "paragraph": passage["paragraph"]})
                        counts = themes.setdefault(theme, {"mentions": 0, "concerns": 0})
                        counts["mentions"] += 1
                        counts["concerns"] += stance == "concern"
        body = f"%PDF-1.4 synthetic benchmark report {number}".encode()
        added = catalogue.add_document(body, source="import", location=f"synthetic:{number}",
                                       provider_urn=council.urn, local_authority=council.name,
                                       title=f"Inspection of {council.name} children's services",
                                       kind="childrens-services-inspection", published=published)
        catalogue.save_extraction(added.document.sha256, version, {
            "sha256": added.document.sha256, "error": None, "extractor_version": version,
            "kind": "childrens-services-inspection", "framework": "ilacs" if published >= "2018" else "sif",
            "inspection_end": published, "published": published, "judgements": {"overall_effectiveness": grade},
            "word_count": sum(len(p["text"].split()) for p in passages), "themes": themes,
            "mentions": mentions, "passages": passages})
