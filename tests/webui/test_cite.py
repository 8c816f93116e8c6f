"""Citations: create from a page, follow the link, see what changed."""

from __future__ import annotations

import re

import json
import sqlite3

from webui_helpers import cite


def follow(client, response):
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.fullmatch(r"/cite/[a-z2-7]{10}", location)
    return location, client.get(location)


def test_search_citation_freezes_results_and_gives_citation_text(client):
    location, page = follow(client, cite(client, view="search", q="caseloads judgement:inadequate", sort="date"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Search for “caseloads judgement:inadequate”" in html
    assert f"http://localhost{location}" in html
    assert re.search(r"Inspection Index, search for “caseloads judgement:inadequate” \(corpus version [0-9a-f]+, cited \d+ \w+ \d{4}\)\. http://localhost/cite/", html)
    assert re.search(r"\[Inspection Index, search for “caseloads judgement:inadequate”\]\(http://localhost/cite/[a-z2-7]+\)", html)
    assert 'id="unchanged"' in html
    assert html.count('<li><a href="/documents/') == 3          # the frozen result list
    assert 'href="/search?q=caseloads+judgement' in html          # today's live view


def test_citation_json(client):
    location, _ = follow(client, cite(client, view="search", q="caseloads"))
    answer = client.get("/api" + location).get_json()
    assert answer["unchanged"] is True and answer["added"] == [] and answer["removed"] == []
    assert answer["citation"]["query"] == "caseloads" and answer["citation"]["total"] == 7
    assert len(answer["frozen_hits"]) == 7
    assert answer["corpus_version"] and answer["generated_at"]


def test_track_citation_keeps_the_numbers(client):
    location, page = follow(client, cite(client, view="track", terms="caseload, agency", by="overall_effectiveness"))
    html = page.get_data(as_text=True)
    assert "Tracking “caseload, agency”" in html
    assert "The numbers as they were" in html and "times as high for reports judged inadequate" in html


def test_unknown_citation_is_404(client):
    assert client.get("/cite/aaaaaaaaaa").status_code == 404
    assert client.get("/api/cite/aaaaaaaaaa").get_json()["status"] == 404
    assert client.get("/cite/bad..id").status_code == 404


def test_track_citation_made_under_lexicon_1_0_still_renders(client, site):
    # Citations made before the stance reader's accuracy travelled with the numbers (extractor
    # 1.1, lexicon 1.0) froze no "stance_accuracy": the page shows their numbers as they were,
    # and a new citation freezes the accuracy that held when it was made.
    location, page = follow(client, cite(client, view="track", terms="caseload", by="overall_effectiveness"))
    assert "How far to trust “as a concern”" in page.get_data(as_text=True)
    citation_id = location.rsplit("/", 1)[1]
    with sqlite3.connect(site[0] / "catalogue.sqlite") as db:
        (parameters,) = db.execute("SELECT parameters FROM citations WHERE id = ?", (citation_id,)).fetchone()
        old = json.loads(parameters)
        del old["frozen"]["stance_accuracy"]
        db.execute("UPDATE citations SET parameters = ?, corpus_version = ? WHERE id = ?",
                   (json.dumps(old), "lexicon-1.0-era", citation_id))
    html = client.get(location).get_data(as_text=True)
    assert "The numbers as they were" in html and "corpus version lexicon-1.0-era" in html
    assert "How far to trust" not in html
    assert client.get("/api" + location).get_json()["citation"]["parameters"]["frozen"]["rows"]
