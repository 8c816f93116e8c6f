"""The engine boundary: the analyser every engine indexes with, the two engines agreeing on the
real corpus, changing engine, and queries bounded before and while they run."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import search
from bench.search import QUERIES, TRACK_TERMS
from inspection_index import Config
from search import analysis
from tests.search.conftest import Report, add_report

# The brief's hostile query: ~1,000 characters of stop-word phrases, each checked at every passage.
HOSTILE = " OR ".join(['"the of and to a"~50'] * 30)[:1000]
NESTED_330 = "(" * 330 + "caseload" + ")" * 330
HUGE_YEAR = "year:>=99999999999"


def whoosh_exact(text: str) -> list[str]:
    """EXACT's words with GAP where Whoosh leaves a position empty (a sentence break)."""
    out, last = [], None
    for token in analysis.EXACT(text, positions=True):
        if last is not None and token.pos > last + 1:
            out.append(analysis.GAP)
        out.append(token.text)
        last = token.pos
    return out


TEXT = st.lists(st.sampled_from(list("abcXYZ 10.5,;:!?.-'’İé\n\"()") + ["the ", "of ", "Caseloads "]),
                max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_ready_made_terms_are_exactly_whooshs_analysers(text):
    assert analysis.exact_text(text).split() == whoosh_exact(text)
    assert analysis.stems(text) == [token.text for token in analysis.STEMMED(text)]
    assert analysis.word_spans(text) == [(t.text, t.pos, t.startchar, t.endchar)
                                         for t in analysis.EXACT(text, positions=True, chars=True)]
    assert [(t[2], t[3]) for t in analysis.word_spans(text, positions=False) if analysis.stem_of(t[0])] == [
        (t.startchar, t.endchar) for t in analysis.STEMMED(text, chars=True)]


def all_ids(index, query: str) -> tuple[dict, set[str]]:
    first = index.search(query, per_page=100)
    ids = {hit["doc_id"] for hit in first["hits"]}
    for page in range(2, first["pages"] + 1):
        ids |= {hit["doc_id"] for hit in index.search(query, page=page, per_page=100)["hits"]}
    return first, ids


@pytest.mark.corpus
def test_both_engines_give_the_same_reports_counts_and_facets_on_the_shared_corpus(corpus_data_dir,
                                                                                     whoosh_data_dir):
    tantivy_index = search.SearchIndex(Config(corpus_data_dir[0]))
    whoosh_index = search.SearchIndex(Config(whoosh_data_dir))
    assert (tantivy_index.engine, whoosh_index.engine) == ("tantivy", "whoosh")
    assert tantivy_index.corpus_version == whoosh_index.corpus_version
    for query, *_ in QUERIES:
        ours, ours_ids = all_ids(tantivy_index, query)
        theirs, their_ids = all_ids(whoosh_index, query)
        assert ours_ids == their_ids, query
        for key in ("total", "passages_total", "facets"):
            assert ours[key] == theirs[key], (query, key)
        # Newest first, each report shows its first matching passage: tantivy finds it only
        # for the reports shown, Whoosh while counting; both must show the same passages.
        shown = [[(hit["doc_id"], hit["page"], hit["paragraph"], hit["snippet"])
                  for hit in index.search(query, sort="date", per_page=50)["hits"]]
                 for index in (tantivy_index, whoosh_index)]
        assert shown[0] == shown[1], query
    tracked = [index.track(TRACK_TERMS) for index in (tantivy_index, whoosh_index)]
    for key in ("values", "rows", "by_year", "figures", "documents"):
        assert tracked[0][key] == tracked[1][key], key
    assert [t["p_value"] for t in tracked[0]["tests"]] == [t["p_value"] for t in tracked[1]["tests"]]
    tantivy_index.close()
    whoosh_index.close()


def test_changing_engine_is_a_rebuild_and_old_citations_still_render(config, catalogue, corpus):
    other = next(name for name in search.ENGINES if name != config.engine)
    search.build_index(config)
    index = search.SearchIndex(config)
    cited = search.freeze(catalogue, index, "search", '"high caseloads"')
    tracked = search.freeze(catalogue, index, "track", "caseload", {"by": "overall_effectiveness"})
    again = search.build_index(replace(config, engine=other))
    assert again["rebuilt"] and again["corpus_version"] == cited["corpus_version"]
    assert index.engine == other
    for citation in (cited, tracked):
        loaded = search.load_citation(catalogue, index, citation["id"])
        assert loaded["current"]["error"] is None
        assert set(loaded["current"]["result_ids"]) == set(citation["result_ids"]) and not loaded["added"]
    assert not search.build_index(Config(config.data_dir))["rebuilt"]   # no engine named: keep the live one
    index.close()


@pytest.mark.parametrize("query, says", [
    (NESTED_330, "brackets inside brackets more than 8 deep"),
    (HUGE_YEAR, "is not a year the reports could have"),
    ("vacancy_rate:>1e400", "give a number between"),
    (HOSTILE, "lets its 5 words be placed in more than 64 ways"),
    (" OR ".join(['"the of and to a"'] * 13), "65 words in all, counting each word of every phrase"),
    (" OR ".join(["caseload"] * 41), "the limit is 40"),
])
def test_huge_queries_are_refused_before_they_run_with_a_plain_message(built, query, says):
    """Issue 14: 330 nested brackets raised RecursionError, year:>=99999999999 a Whoosh
    ValueError; the hostile OR of stop-word phrases ran for 16 s."""
    for run in (lambda: built.search(query), lambda: built.track(["caseload"], where=query)):
        with pytest.raises(search.QueryError) as caught:
            run()
        assert says in str(caught.value) and "Traceback" not in str(caught.value)


def test_phrases_of_common_words_are_bounded_by_the_positions_they_would_check(built, monkeypatch):
    monkeypatch.setattr("search.query.MAX_PHRASE_POSTINGS", 5)
    with pytest.raises(search.QueryError, match="checking .* word positions; the limit is 5"):
        built.search('"the of and to a"')


def test_a_query_past_its_deadline_stops_its_work(built):
    with pytest.raises(search.QueryTimeout):
        built.search("caseloads OR agency", deadline=time.monotonic() - 1)
    assert built.search("caseloads OR agency")["total"] > 0   # nothing left half-cached


def test_the_cli_refuses_huge_queries_with_one_sentence(config, corpus):
    search.build_index(config)
    for query in (NESTED_330, HUGE_YEAR):
        process = subprocess.run([sys.executable, "-m", "inspection_index", "--data-dir", str(config.data_dir),
                                  "search", query], capture_output=True, text=True)
        assert process.returncode == 1
        assert process.stderr.startswith("Error: ") and process.stderr.count("\n") == 1
        assert "Traceback" not in process.stderr and "RecursionError" not in process.stderr


def test_the_cli_index_command_takes_the_engine(data_dir, corpus):
    for engine in search.ENGINES:
        process = subprocess.run([sys.executable, "-m", "inspection_index", "--data-dir", str(data_dir),
                                  "index", "--engine", engine, "--json"], capture_output=True, text=True)
        assert process.returncode == 0, process.stderr
        assert search.SearchIndex(Config(data_dir)).engine == engine


def test_an_index_of_the_other_engine_is_followed_by_a_running_reader(config, catalogue, corpus):
    search.build_index(config)
    index = search.SearchIndex(config)
    before = index.search("caseloads")["total"]
    add_report(catalogue, Report("Leicester", "good", "2022-01-01", ["Caseloads are stable."]))
    other = next(name for name in search.ENGINES if name != config.engine)
    search.build_index(replace(config, engine=other))
    assert index.search("caseloads")["total"] == before + 1 and index.engine == other
    index.close()
