"""The real corpus: `inspection-index up --no-crawl --no-serve` after importing ../shared, then
the site over it (search, a document with its council's figures, tracking with figures by grade)."""

from __future__ import annotations

import re

import pytest

from webui import create_app

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="session")
def corpus_site(corpus_data_dir):
    """The shared corpus imported, extracted and indexed by `up`, with the shared figures."""
    return corpus_data_dir


@pytest.fixture
def corpus_client(corpus_site):
    return create_app({"DATA_DIR": corpus_site[0]}).test_client()


def test_up_indexes_the_corpus_and_gives_the_url(corpus_site):
    _, output = corpus_site
    indexed = int(re.search(r"(\d+) reports indexed", output).group(1))
    assert indexed >= 140 and "http://localhost:5000/" in output


def test_search_over_the_corpus(corpus_client):
    answer = corpus_client.get("/api/search?q=caseloads&per_page=5").get_json()
    assert answer["total"] >= 30
    assert {"inadequate", "good"} <= set(answer["facets"]["judgement"])
    hit = answer["hits"][0]
    assert hit["source_url"].startswith("https://files.ofsted.gov.uk/") and "#page=" in hit["source_url"]
    page = corpus_client.get(hit["url"].split("#")[0]).get_data(as_text=True)
    anchor = hit["url"].split("#")[1]
    assert f'id="{anchor}"' in page


def test_document_page_shows_the_councils_figures(corpus_client):
    answer = corpus_client.get("/api/search?q=la:%22Birmingham%22+kind:childrens-services-inspection&sort=date").get_json()
    doc_id = answer["hits"][0]["doc_id"]
    record = corpus_client.get(f"/api/documents/{doc_id}").get_json()
    assert record["judgements"] and record["passages"]
    vacancy = record["figures"]["vacancy_rate"]
    assert vacancy["value"] is not None and vacancy["citation"].startswith("DfE")
    page = corpus_client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "Official figures for Birmingham" in page and vacancy["citation"] in page.replace("&#39;", "'")


def test_tracking_shows_figures_by_judgement(corpus_client):
    answer = corpus_client.get("/api/track?terms=caseload,agency").get_json()
    inadequate = [f for f in answer["figures"] if f["measure"] == "vacancy_rate" and f["value"] == "inadequate"]
    assert inadequate and inadequate[0]["n"] >= 3 and inadequate[0]["median"] is not None
    page = corpus_client.get("/track?terms=caseload,agency").get_data(as_text=True)
    assert 'id="figures-table"' in page and "Vacancy rate" in page
    assert page.count('role="img"') >= 4
