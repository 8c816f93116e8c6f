"""Building, searching and swapping the passage index, on synthetic extraction records."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest

import search
from tests.search.conftest import REPORTS, Report, add_report


def doc_ids(answer):
    return [hit["doc_id"] for hit in answer["hits"]]


def test_build_counts_and_status(config, corpus):
    assert search.index_status(config) == {"indexed": 0, "passages": 0, "corpus_version": None, "built_at": None}
    summary = search.build_index(config)
    passages = sum(len(report.texts) for report in REPORTS)
    assert (summary["added"], summary["documents"], summary["passages"]) == (len(REPORTS), len(REPORTS), passages)
    status = search.index_status(config)
    assert status["indexed"] == len(REPORTS) and status["passages"] == passages
    assert status["corpus_version"] == summary["corpus_version"] and status["built_at"]


def test_incremental_adds_updates_and_removes_only_what_changed(config, catalogue, corpus):
    first = search.build_index(config)
    again = search.build_index(config)
    assert (again["added"], again["updated"], again["removed"]) == (0, 0, 0)
    assert again["corpus_version"] == first["corpus_version"] and not again["rebuilt"]
    new = add_report(catalogue, Report("Leicester", "good", "2022-01-01", ["Caseloads are stable."]))
    catalogue.execute("UPDATE documents SET title = 'Renamed' WHERE doc_id = ?", (corpus["Leeds"],))
    catalogue.execute("UPDATE extractions SET error = 'damaged' WHERE sha256 LIKE ?", (corpus["Camden"] + "%",))
    step = search.build_index(config)
    assert (step["added"], step["updated"], step["removed"]) == (1, 1, 1)
    assert step["corpus_version"] != first["corpus_version"]
    index = search.SearchIndex(config)
    assert new in doc_ids(index.search("la:leicester"))
    assert index.search("la:leeds")["hits"][0]["title"] == "Renamed"
    assert index.search("la:camden")["total"] == 0


def test_rebuild_swaps_to_a_new_generation_with_the_same_version(config, corpus):
    first = search.build_index(config)
    live = (config.index_dir / "CURRENT").read_text()
    rebuilt = search.build_index(config, rebuild=True)
    assert rebuilt["rebuilt"] and rebuilt["corpus_version"] == first["corpus_version"]
    assert (config.index_dir / "CURRENT").read_text() != live


def test_exact_phrase_is_exact_and_stays_within_a_sentence(built, corpus):
    answer = built.search('"high caseloads"')
    # Birmingham's "Turnover is high. Caseloads…" crosses a sentence; Blackpool has "caseloads have".
    assert sorted(doc_ids(answer)) == sorted([corpus["Birmingham"], corpus["Norfolk"]])
    assert answer["passages_total"] == 2
    assert all("<mark>high caseloads</mark>" in hit["snippet"].replace("High", "high") for hit in answer["hits"])


def test_words_match_other_forms_and_proximity_allows_gaps(built, corpus):
    assert set(doc_ids(built.search("caseload"))) == {corpus[la] for la in ("Birmingham", "Leeds", "Norfolk", "Blackpool", "Dorset")}
    assert set(doc_ids(built.search("vacancy"))) == {corpus[la] for la in ("Birmingham", "Norfolk", "Camden")}
    assert doc_ids(built.search('"agency staff"')) == [corpus["Norfolk"]]
    assert set(doc_ids(built.search('"agency workers"~1'))) == {corpus["Blackpool"]}
    assert built.search('"agency workers"')["total"] == 0


def test_boolean_operators(built, corpus):
    assert set(doc_ids(built.search("caseloads AND agency"))) == {corpus["Leeds"]}
    assert set(doc_ids(built.search("turnover OR workloads"))) == {corpus[la] for la in ("Birmingham", "Blackpool", "Camden")}
    assert set(doc_ids(built.search("caseloads NOT high"))) == {corpus["Leeds"], corpus["Dorset"]}
    assert set(doc_ids(built.search("(turnover OR workloads) -low"))) == {corpus["Birmingham"], corpus["Blackpool"]}


def test_filters(built, corpus):
    assert set(doc_ids(built.search("judgement:inadequate"))) == {corpus["Birmingham"], corpus["Norfolk"]}
    assert doc_ids(built.search("help_and_protection:good")) == [corpus["Leeds"]]
    assert doc_ids(built.search('judgement:"requires improvement"')) == [corpus["Blackpool"]]
    assert set(doc_ids(built.search("year:2016..2019"))) == {corpus[la] for la in ("Birmingham", "Leeds", "Blackpool")}
    assert set(doc_ids(built.search("year:>=2021"))) == {corpus["Dorset"], corpus["Camden"]}
    assert doc_ids(built.search('la:"BIRMINGHAM" caseloads')) == [corpus["Birmingham"]]
    assert doc_ids(built.search('region:"West Midlands"')) == [corpus["Birmingham"]]
    assert doc_ids(built.search("kind:focused-visit")) == [corpus["Dorset"]]
    assert doc_ids(built.search("framework:sif")) == [corpus["Norfolk"]]
    assert set(doc_ids(built.search("concern:vacancies"))) == {corpus["Birmingham"], corpus["Norfolk"]}
    assert set(doc_ids(built.search("theme:vacancies"))) == {corpus[la] for la in ("Birmingham", "Norfolk", "Camden")}
    # A filter-only query shows each report's first passage, newest report first.
    answer = built.search("judgement:inadequate")
    assert doc_ids(answer) == [corpus["Birmingham"], corpus["Norfolk"]]
    assert (answer["hits"][0]["page"], answer["hits"][0]["paragraph"]) == (1, 1)


def test_a_kept_snippet_is_reused_only_for_the_same_marked_words(built, corpus):
    """Snippets are kept per (passage, highlighted words): another query marking the same words
    reuses one, a query marking other words in the same passage never gets it."""
    first = built.search("oversee")["hits"][0]["snippet"]
    again = built.search("oversee year:2000..2100")["hits"][0]["snippet"]
    assert again == first == "Managers &lt;b&gt;<mark>oversee</mark>&lt;/b&gt; practice &amp; audit cases."
    other = built.search("oversee AND audit")["hits"][0]["snippet"]
    assert other == "Managers &lt;b&gt;<mark>oversee</mark>&lt;/b&gt; practice &amp; <mark>audit</mark> cases."


def test_hit_shape_snippet_escaping_and_facets(built, corpus):
    answer = built.search("oversee")
    hit = answer["hits"][0]
    assert hit["snippet"] == "Managers &lt;b&gt;<mark>oversee</mark>&lt;/b&gt; practice &amp; audit cases."
    assert hit["url"] == f"/documents/{corpus['Birmingham']}#p1-para3"
    assert hit["source_url"] == "https://files.example.test/Birmingham#page=1"
    assert (hit["local_authority"], hit["region"], hit["judgements"]["overall_effectiveness"]) == (
        "Birmingham", "West Midlands", "inadequate")
    facets = built.search("caseloads")["facets"]
    assert facets["judgement"] == {"good": 1, "requires_improvement": 1, "inadequate": 2}
    assert facets["kind"] == {"childrens-services-inspection": 4, "focused-visit": 1}
    assert list(facets["year"]) == [2021, 2019, 2018, 2016, 2015]


def test_grouping_counts_other_passages_and_title_boost(built, corpus):
    answer = built.search("caseloads")
    birmingham = next(hit for hit in answer["hits"] if hit["doc_id"] == corpus["Birmingham"])
    assert birmingham["other_passages"] == 1
    assert answer["passages_total"] == 6
    assert doc_ids(built.search("Birmingham"))[0] == corpus["Birmingham"]


def test_pagination_and_date_sort_have_no_cap(config, catalogue):
    for number in range(30):
        add_report(catalogue, Report(f"Council {number}", "good", f"20{10 + number % 15}-01-{1 + number % 28:02d}",
                                     ["Caseloads are manageable."]), salt=str(number))
    search.build_index(config)
    index = search.SearchIndex(config)
    pages = [index.search("caseloads", page=page, per_page=7) for page in range(1, 6)]
    assert pages[0]["total"] == 30 and pages[0]["pages"] == 5
    seen = [doc for page in pages for doc in doc_ids(page)]
    assert len(seen) == len(set(seen)) == 30
    assert index.search("caseloads", page=6, per_page=7)["hits"] == []
    by_date = index.search("caseloads", sort="date", per_page=30)["hits"]
    dates = [hit["published"] for hit in by_date]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("query, says", [
    ("AND", "AND needs a word, phrase or filter on both sides"),
    ("caseload OR", "OR needs a word, phrase or filter on both sides"),
    ('"high caseloads', "is never closed"),
    ("year:abc", "year: needs a year such as 2016"),
    ("year:2017..2014", "the range is backwards"),
    ("x" * 10_000, "10,000 characters long; the limit is 1,000"),
    ("(caseload", 'A "(" is never closed'),
    ("caseload)", 'a ")" without a matching "("'),
    ("colour:blue", "colour: is not a filter"),
    ("judgement:awful", "'awful' is not a grade"),
    ("kind:novel", "use one of childrens-services-inspection"),
    ("NOT agency", "cannot only say what to leave out"),
    ("the of", "only very common words"),
    ("ca*", "too broad"),
    ("ca*re", "a wildcard can only end a word"),
    ('"agency staff"~x', "After ~ put how many words apart"),
    ("", "The query is empty"),
])
def test_malformed_queries_get_plain_messages(built, query, says):
    with pytest.raises(search.QueryError) as caught:
        built.search(query)
    assert says.lower() in str(caught.value).lower()
    assert "Traceback" not in str(caught.value)


def test_bad_parameters_are_query_errors(built):
    for kwargs in ({"page": 0}, {"per_page": 1000}, {"sort": "random"}):
        with pytest.raises(search.QueryError):
            built.search("caseloads", **kwargs)


def test_normalised_query_and_cache(built):
    first = built.search('Caseloads  AND  judgement:Inadequate')
    assert first["normalised_query"] == "caseloads AND judgement:inadequate"
    again = built.search("caseloads judgement:inadequate")
    assert again["normalised_query"] == first["normalised_query"]
    assert again["hits"] == first["hits"] and again["corpus_version"] == first["corpus_version"]


def test_reader_follows_incremental_commits_and_rebuilds(config, catalogue, corpus, built):
    assert built.search("la:leicester")["total"] == 0
    add_report(catalogue, Report("Leicester", "good", "2022-01-01", ["Caseloads are stable."]))
    search.build_index(config)
    assert built.search("la:leicester")["total"] == 1
    search.build_index(config, rebuild=True)
    assert built.search("la:leicester")["total"] == 1
    assert built.corpus_version == search.index_status(config)["corpus_version"]


def test_concurrent_reader_during_rebuilds_never_errors(config, corpus, built):
    errors, totals, stop = [], set(), threading.Event()

    def read():
        while not stop.is_set():
            try:
                totals.add(built.search("caseloads")["total"])
                totals.add(search.SearchIndex(config).search("judgement:inadequate")["total"] + 100)
            except Exception as error:  # noqa: BLE001 - the test reports any error at all
                errors.append(repr(error))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for thread in readers:
        thread.start()
    for _ in range(4):
        search.build_index(config, rebuild=True)
    stop.set()
    for thread in readers:
        thread.join()
    assert errors == [] and totals == {5, 102}


def test_a_killed_rebuild_leaves_the_old_index_serving(config, catalogue, corpus):
    search.build_index(config)
    for number in range(200):
        add_report(catalogue, Report(f"Extra {number}", "good", "2020-01-01",
                                     [f"Paragraph {i} about caseloads." for i in range(20)]), salt=str(number))
    script = textwrap.dedent(f"""
        import sys, search
        from inspection_index import Config
        def progress(done, total):
            if done == 5:
                print("building", flush=True)
                sys.stdin.readline()   # wait here until killed
        search.build_index(Config({str(config.data_dir)!r}), rebuild=True, progress=progress)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout.readline().strip() == "building"
        generations = list(config.index_dir.glob("gen-*"))
        assert len(generations) == 2   # the live one and the half-built one
    finally:
        process.kill()
        process.wait()
    index = search.SearchIndex(config)
    assert index.search("caseloads")["total"] == 5
    summary = search.build_index(config)
    assert summary["documents"] == len(REPORTS) + 200
    assert len(list(config.index_dir.glob("gen-*"))) == 1
    assert index.search("caseloads")["total"] == 205


def test_a_first_build_with_nothing_extracted_then_reports(config, catalogue):
    # The first commit holds only the meta record: a segment without the doc_id column.
    assert search.build_index(config)["documents"] == 0
    for report in REPORTS:
        add_report(catalogue, report)
    search.build_index(config)
    index = search.SearchIndex(config)
    hit = index.search('"agency staff"')["hits"][0]
    assert hit["local_authority"] == "Norfolk" and "agency staff" in hit["snippet"]
