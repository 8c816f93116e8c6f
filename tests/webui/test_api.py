"""The JSON API and CSV exports over the real index: shapes, stamps, statuses."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

HIT_KEYS = {"doc_id", "title", "local_authority", "published", "kind", "judgements", "page", "paragraph",
            "snippet", "url", "source_url"}
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def stamped(answer: dict) -> None:
    assert "corpus_version" in answer and STAMP.fullmatch(answer["generated_at"])


def test_api_search_shape(client):
    response = client.get("/api/search?q=caseloads+judgement:inadequate&per_page=2")
    assert response.status_code == 200 and response.mimetype == "application/json"
    answer = response.get_json()
    stamped(answer)
    assert answer["corpus_version"]
    assert answer["total"] == 3 and answer["pages"] == 2 and len(answer["hits"]) == 2
    for hit in answer["hits"]:
        assert HIT_KEYS <= set(hit)
        assert hit["judgements"]["overall_effectiveness"] == "inadequate"
        assert re.fullmatch(rf"/documents/{hit['doc_id']}#p{hit['page']}-para{hit['paragraph']}", hit["url"])
        assert hit["source_url"].endswith(f"#page={hit['page']}")
        assert "<mark>" in hit["snippet"]
    assert set(answer["facets"]) == {"judgement", "year", "kind", "framework", "region", "la"}
    assert answer["facets"]["judgement"] == {"inadequate": 3}
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url, fragment", [
    ("/api/search", "Give a query"),
    ("/api/search?q=(caseload", "never closed"),
    ("/api/search?q=caseload&per_page=1000", "per_page must be"),
    ("/api/search?q=caseload&sort=up", "sort must be"),
    ("/api/track", "Give the terms"),
    ("/api/track?terms=caseload&by=colour", "Cannot break down by"),
    ("/api/track?terms=caseload&where=(", "missing"),
])
def test_api_errors_are_400_json_with_a_message(client, url, fragment):
    response = client.get(url)
    assert response.status_code == 400 and response.mimetype == "application/json"
    answer = response.get_json()
    stamped(answer)
    assert answer["status"] == 400 and fragment in answer["error"]


def test_api_track_shape(client):
    answer = client.get("/api/track?terms=caseload,agency&by=overall_effectiveness").get_json()
    stamped(answer)
    assert answer["terms"] == ["caseload", "agency"] and answer["by"] == "overall_effectiveness"
    inadequate = next(r for r in answer["rows"] if r["term"] == "caseload" and r["value"] == "inadequate")
    assert inadequate == {**inadequate, "documents": 3, "mentioning": 3, "concern": 3,
                          "share_mentioning": 1.0, "share_concern": 1.0}
    assert {t["measure"] for t in answer["tests"]} == {"mentioning", "concern"}
    assert all(t["sentence"] for t in answer["tests"])
    vacancy = next(f for f in answer["figures"] if f["measure"] == "vacancy_rate" and f["value"] == "inadequate")
    assert vacancy["n"] == 3 and vacancy["median"] == 24.0
    assert {row["year"] for row in answer["by_year"]} >= {2016, 2019}
    assert answer["passages"]["caseload"] and HIT_KEYS <= set(answer["passages"]["caseload"][0])


def test_api_document_is_the_extraction_record_with_catalogue_metadata(client, doc_ids):
    doc_id = doc_ids["Birmingham"]
    answer = client.get(f"/api/documents/{doc_id}").get_json()
    stamped(answer)
    assert answer["doc_id"] == doc_id and answer["sha256"].startswith(doc_id)
    assert answer["error"] is None and answer["kind"] == "childrens-services-inspection"
    assert answer["framework"] == "sif" and answer["local_authority"] == "Birmingham"
    assert answer["inspection_end"] == "2016-07-20" and answer["published"] == "2016-09-08"
    assert answer["judgements"]["overall_effectiveness"] == "inadequate"
    assert answer["themes"]["caseload"]["concerns"] == 3
    assert {"page": 4, "paragraph": 12} .items() <= answer["passages"][1].items()
    assert answer["source_url"] == "https://files.example.test/80429.pdf" and answer["provider_urn"] == "80429"
    assert answer["file"] == f"{answer['sha256']}.pdf"       # never the server's own path
    vacancy = answer["figures"]["vacancy_rate"]
    assert vacancy["value"] == 24.0 and vacancy["year"] == 2015 and "vacancy_rate_fte" in vacancy["citation"]


def test_api_unknown_document_and_route_are_404_json(client):
    for url in ("/api/documents/0123456789abcdef", "/api/nothing"):
        response = client.get(url)
        assert response.status_code == 404 and response.get_json()["status"] == 404


def test_api_status(client):
    answer = client.get("/api/status").get_json()
    stamped(answer)
    assert answer["documents"] == 8 and answer["extracted"] == 8 and answer["indexed"] == 8
    assert answer["passages"] > 8


def test_openapi_document_lists_every_api_route(client, app):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {rule.rule.replace("<", "{").replace(">", "}") for rule in app.url_map.iter_rules()}
    served = {route for route in routes if route.startswith("/api/") and route != "/api/openapi.json"}
    assert served == {path for path in spec["paths"] if path.startswith("/api/")}
    # The analysis views' machine-readable twins (/spiral.json, /la/{key}.json, …) are described too.
    assert set(spec["paths"]) <= routes


def test_every_route_in_the_documented_interfaces_is_served(app):
    interfaces = (Path(__file__).resolve().parents[2] / "docs" / "interfaces.md").read_text(encoding="utf-8")
    documented = {re.sub(r"<[^>]+>", "<id>", path) for path in re.findall(r"`(/[\w./<>-]*)", interfaces)}
    served = {re.sub(r"<[^>]+>", "<id>", rule.rule) for rule in app.url_map.iter_rules()}
    assert {"/api/search", "/track.csv", "/documents/<id>", "/cite/<id>"} <= documented
    assert documented <= served, documented - served


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_search_csv(client):
    response = client.get("/search.csv?q=caseloads&sort=date")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="search.csv"' in response.headers["Content-Disposition"]
    assert response.headers["X-Corpus-Version"]
    table = rows(response)
    assert len(table) == 7
    assert table[0]["local_authority"] == "Barking and Dagenham"     # newest first
    assert all(row["url"].startswith("http://localhost/documents/") for row in table)
    assert all("<mark>" not in row["snippet"] for row in table)
    # A cell that a spreadsheet would run as a formula is quoted.
    assert table[0]["snippet"].startswith("'=HYPERLINK")


def test_track_csv(client):
    table = rows(client.get("/track.csv?terms=caseload,agency&by=year"))
    assert {row["term"] for row in table} == {"caseload", "agency"} and {row["by"] for row in table} == {"year"}
    row = next(r for r in table if r["term"] == "caseload" and r["value"] == "2016")
    assert (row["documents"], row["mentioning"], row["concern"]) == ("1", "1", "1")


def test_csv_errors(client):
    assert client.get("/search.csv").status_code == 400
    assert client.get("/track.csv").status_code == 400
    assert client.get("/search.csv?q=%22open").status_code == 400
