"""The index over the real shared corpus, checked against plain scans of the extracted text."""

from __future__ import annotations

import re
import threading
from collections import Counter

import pytest

import search
from inspection_index import vocabulary
from tests.search.conftest import recount

pytestmark = pytest.mark.corpus


def records(catalogue):
    return {document.doc_id: (document, record) for document, record in catalogue.extractions()
            if not record.get("error")}


def all_hits(index, query):
    first = index.search(query, per_page=100)
    hits = list(first["hits"])
    for page in range(2, first["pages"] + 1):
        hits += index.search(query, page=page, per_page=100)["hits"]
    assert len(hits) == first["total"]
    return first, hits


def test_every_extracted_report_is_indexed(real_index):
    config, catalogue, _ = real_index
    status = search.index_status(config)
    found = records(catalogue)
    assert status["indexed"] == len(found) > 100
    assert status["passages"] == sum(len(record["passages"]) for _, record in found.values())


def test_exact_phrase_finds_exactly_the_passages_that_contain_it(real_index):
    _, catalogue, index = real_index
    phrase = re.compile(r"\bhigh[^\w.!?;:]+caseloads\b", re.I)
    expected = Counter()
    for doc_id, (_, record) in records(catalogue).items():
        for passage in record["passages"]:
            if phrase.search(passage["text"] or ""):
                expected[doc_id] += 1
    answer, hits = all_hits(index, '"high caseloads"')
    assert expected, "the shared corpus mentions high caseloads"
    assert {hit["doc_id"]: hit["other_passages"] + 1 for hit in hits} == dict(expected)
    assert answer["passages_total"] == sum(expected.values())
    assert all(re.search(r"<mark>high caseloads</mark>", hit["snippet"], re.I) for hit in hits)


def test_judgement_filter_returns_only_those_reports(real_index):
    _, catalogue, index = real_index
    graded = {doc_id: record["judgements"].get("overall_effectiveness")
              for doc_id, (_, record) in records(catalogue).items()}
    for grade in ("inadequate", "good"):
        _, hits = all_hits(index, f"judgement:{grade}")
        assert {hit["doc_id"] for hit in hits} == {doc for doc, g in graded.items() if g == grade}
    _, hits = all_hits(index, "help_and_protection:inadequate")
    assert all(hit["judgements"]["help_and_protection"] == "inadequate" for hit in hits)


def test_year_range_and_la_filters(real_index):
    _, catalogue, index = real_index
    found = records(catalogue)
    _, hits = all_hits(index, "year:2014..2017")
    assert {hit["doc_id"] for hit in hits} == {doc for doc, (d, r) in found.items()
                                               if 2014 <= int((d.published or r["published"])[:4]) <= 2017}
    la = next(d.local_authority for d, _ in found.values() if d.local_authority)
    _, hits = all_hits(index, f'la:"{la}" year:2010..2030')
    assert {hit["doc_id"] for hit in hits} == {doc for doc, (d, _) in found.items() if d.local_authority == la}
    _, hits = all_hits(index, 'caseloads year:>=2019')
    assert hits and all(hit["published"] >= "2019" for hit in hits)


def test_tracking_counts_equal_a_recount(real_index):
    _, catalogue, index = real_index
    themes = sorted({name for _, record in records(catalogue).values() for name in record["themes"]})
    terms = themes[:2] + ['"high caseloads"']
    answer = index.track(terms)
    for term in terms:
        rows = {row["value"]: [row["documents"], row["mentioning"], row["concern"]]
                for row in answer["rows"] if row["term"] == term}
        assert rows == recount(catalogue, term), term
    assert [v for v in answer["values"]] == [g for g in vocabulary.GRADES if g in answer["values"]]
    assert all(test["p_value"] is None or 0 <= test["p_value"] <= 1 for test in answer["tests"])


def test_a_reader_during_a_rebuild_never_errors(real_index):
    config, _, index = real_index
    expected = index.search("caseloads")["total"]
    errors, totals, reads, stop = [], set(), [], threading.Event()

    def read():
        # A short pause between queries: a reader spinning flat out would starve the
        # rebuild of the GIL and turn a 15-second build into minutes.
        while not stop.wait(0.02):
            try:
                index.cache.items.clear()
                totals.add(index.search("caseloads")["total"])
                reads.append(1)
            except Exception as error:  # noqa: BLE001 - any error fails the test
                errors.append(repr(error))

    reader = threading.Thread(target=read)
    reader.start()
    search.build_index(config, rebuild=True)
    stop.set()
    reader.join()
    assert errors == [] and totals == {expected}
    assert len(reads) > 10  # the reader really ran throughout the rebuild


@pytest.mark.parametrize("query", ['"social workers"', "caseloads NOT manageable", "agency",
                                   'help_and_protection:inadequate "child protection"', "vacancies OR turnover"])
def test_ranking_is_whooshs_own_top_passages_by_report(whoosh_data_dir, query):
    """The one-pass matcher ranks reports exactly as Whoosh's top-N collector would: by their
    best passage among the top 200 (equal scores in index order), every match counted."""
    from inspection_index import Config
    from search.query import Budget, parse

    index = search.SearchIndex(Config(whoosh_data_dir))
    state = index.state()
    matches, _ = index.matches(state, parse(query), need=10)
    view = state.view
    compiled, _ = view.compile(parse(query), "passage", Budget())
    searcher = view._all[0]
    expected, seen = [], set()
    for score, docnum in searcher.search(compiled.query, limit=200).top_n:
        doc_id = view.doc_of[docnum]
        if doc_id is not None and doc_id not in seen:
            seen.add(doc_id)
            expected.append((doc_id, docnum, round(score, 9)))
    assert [(m.doc_id, m.key, round(m.score, 9)) for m in matches[:len(expected)]] == expected
    everything = Counter(view.doc_of[docnum] for docnum in compiled.query.docs(searcher))
    everything.pop(None, None)
    assert {m.doc_id: m.passages for m in matches} == everything
    index.close()
