"""The analysis views on the synthetic collection: /spiral, /la/<slug>, /model, /data/,
/search.atom — each a GET URL with its state, with .json and .csv twins, bad parameters a plain
400, and citable."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ElementTree

import pytest

from webui_synthetic import COUNCILS, HOSTILE_TITLE, vacancy

ATOM = "{http://www.w3.org/2005/Atom}"
SAME_ORIGIN = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}


def rows_of(response):
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_spiral_page_and_twins_carry_the_state(client):
    page = client.get("/spiral?figure=vacancy_rate&offsets=2")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'id="spiral-table"' in text and "<svg" in text
    assert 'href="/spiral.csv?figure=vacancy_rate&amp;offsets=2"' in text
    answer = client.get("/spiral.json?figure=vacancy_rate&offsets=2").get_json()
    assert answer["offsets"] == [-2, -1, 0, 1, 2] and answer["corpus_version"]
    # Seven graded reports from seven councils: every point has fewer than 5 reports.
    assert answer["points"] and all(p["too_few"] and p["mean"] is None for p in answer["points"])
    assert "too few" in text
    table = rows_of(client.get("/spiral.csv?figure=vacancy_rate&offsets=2"))
    assert len(table) == len(answer["points"]) and table[0]["figure"] == "vacancy_rate"


def test_spiral_differences_are_from_each_years_national_median(client):
    answer = client.get("/spiral.json?figure=vacancy_rate&offsets=1").get_json()
    birmingham = [e for e in answer["events"] if e["local_authority"] == "Birmingham"]
    # Inspected in July 2016: census 2015 is t; the table starts in 2015, so t-1 is left out, not filled in.
    assert [e["offset"] for e in birmingham] == [0, 1]
    for event in birmingham:
        year = event["census_year"]
        national = sorted(vacancy(la, year) for la in COUNCILS)
        middle = (national[3] + national[4]) / 2
        assert event["value"] == vacancy("Birmingham", year)
        assert event["difference"] == pytest.approx(vacancy("Birmingham", year) - middle)


@pytest.mark.parametrize("url", ["/spiral?figure=nope", "/spiral.json?offsets=9", "/spiral.json?offsets=abc",
                                 "/spiral.csv?offsets=0", "/model.json?themes=bogus",
                                 "/model.json?figures=caseload,agency_rate,vacancy_rate,turnover_rate",
                                 "/model.json", "/model.csv", "/search.atom"])
def test_bad_parameters_are_a_plain_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    if url.split("?")[0].endswith(".json"):
        assert response.get_json()["error"]
    else:
        assert "There is a problem" in response.get_data(as_text=True)


def test_council_page_twins_and_links(client, doc_ids):
    page = client.get("/la/birmingham")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'href="/documents/{doc_ids["Birmingham"]}"' in text
    # A concern count links to the first passage raising it.
    assert f'href="/documents/{doc_ids["Birmingham"]}#p4-para12"' in text
    answer = client.get("/la/birmingham.json").get_json()
    assert answer["council"] == {"la_code": "330", "name": "Birmingham", "region": answer["council"]["region"],
                                 "reports": 1, "slug": "birmingham"}
    assert answer["reports"][0]["concerns"]["caseload"] == 3
    assert answer["figures"]["vacancy_rate"]["inspection_years"] == [2015]
    assert [p["value"] for p in answer["figures"]["vacancy_rate"]["points"]] == [vacancy("Birmingham", y)
                                                                                 for y in range(2015, 2022)]
    table = rows_of(client.get("/la/birmingham.csv"))
    assert table[0]["doc_id"] == doc_ids["Birmingham"] and table[0]["caseload_concerns"] == "3"
    assert client.get("/la/330").headers["Location"].endswith("/la/birmingham")
    assert client.get("/la/nowhere.json").status_code == 404
    listing = client.get("/la.json").get_json()["councils"]
    assert {c["slug"] for c in listing} >= {"birmingham", "barking-and-dagenham"}


def test_reports_and_facets_link_to_their_council(client, doc_ids):
    document = client.get(f"/documents/{doc_ids['Croydon']}").get_data(as_text=True)
    assert 'href="/la/croydon"' in document
    results = client.get("/search?q=caseloads").get_data(as_text=True)
    assert re.search(r'class="council-link" href="/la/[a-z-]+"', results)


def test_model_page_says_too_few_rather_than_fitting(client):
    answer = client.get("/model.json?themes=caseload&figures=vacancy_rate").get_json()
    assert answer["error"].startswith("too few reports") and answer["terms"] == []
    page = client.get("/model?themes=caseload&figures=vacancy_rate").get_data(as_text=True)
    assert "No model: too few reports" in page and "Association, not cause" in page


def test_data_page_serves_the_package(client):
    page = client.get("/data/").get_data(as_text=True)
    assert 'href="/data/reports.csv"' in page and "Open Government Licence v3.0" in page
    descriptor = client.get("/data.json").get_json()
    assert [r["path"] for r in descriptor["resources"]] == ["reports.csv", "mentions.csv", "figures.csv"]
    reports = rows_of(client.get("/data/reports.csv"))
    assert len(reports) == 8
    fields = next(r for r in descriptor["resources"] if r["name"] == "reports")["schema"]["fields"]
    assert list(reports[0]) == [field["name"] for field in fields]
    assert all(field["description"] for field in fields)
    assert client.get("/data/secrets.txt").status_code == 404


def test_atom_feed_lists_newest_first_and_links_the_passage(client):
    response = client.get("/search.atom?q=caseloads")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 7
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert updated == sorted(updated, reverse=True)
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert all(re.search(r"/documents/[0-9a-f]{16}#p\d+-", link) for link in links)
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert any(HOSTILE_TITLE in title for title in titles)   # parsed back as text: it was escaped
    assert b"<script>" not in response.data


@pytest.mark.parametrize("form, heading", [({"view": "spiral", "figure": "agency_rate", "offsets": "2"},
                                            "spiral figure:agency_rate offsets:2"),
                                           ({"view": "la", "key": "birmingham"}, "la key:birmingham"),
                                           ({"view": "model", "themes": "caseload", "figures": "vacancy_rate"},
                                            "model figures:vacancy_rate themes:caseload")])
def test_analysis_views_can_be_cited(client, form, heading):
    created = client.post("/cite", data=form, headers=SAME_ORIGIN)
    assert created.status_code == 303
    location = created.headers["Location"]
    loaded = client.get("/api" + location).get_json()
    assert loaded["unchanged"] is True and loaded["citation"]["normalised_query"] == heading
    assert heading in client.get(location).get_data(as_text=True)


def test_a_citation_of_an_unknown_council_is_refused(client):
    response = client.post("/cite", data={"view": "la", "key": "nowhere"}, headers=SAME_ORIGIN)
    assert response.status_code == 400


def test_track_answer_carries_the_figure_tests_and_the_adjusted_words(client):
    answer = client.get("/api/track?terms=caseload").get_json()
    vacancy_test = next(t for t in answer["figure_tests"] if t["measure"] == "vacancy_rate")
    assert vacancy_test["reports"] == 7 and vacancy_test["n"] == 7 and vacancy_test["adjusted"] is None
    assert vacancy_test["sentence"].startswith("No test of vacancy rate: only 7")
    adjusted = answer["adjusted_tests"][0]
    # SIF: Birmingham and Croydon, both inadequate, so that stratum has no comparison group.
    assert {s["stratum"]: s["used"] for s in adjusted["strata"]} == {"ilacs": True, "sif": False}
    page = client.get("/track?terms=caseload").get_data(as_text=True)
    assert adjusted["sentence"] in page.replace("&#39;", "'") and 'id="figure-tests-table"' in page
    figure_rows = rows_of(client.get("/track.csv?terms=caseload&part=figure_tests"))
    assert figure_rows[0]["measure"] == "vacancy_rate" and figure_rows[0]["n"] == "7"
    mh_rows = rows_of(client.get("/track.csv?terms=caseload&part=adjusted_tests"))
    assert mh_rows[0]["term"] == "caseload" and mh_rows[0]["strata"] == "ilacs"
    assert client.get("/track.csv?terms=caseload&part=bogus").status_code == 400
