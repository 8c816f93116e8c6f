"""The HTML pages over the real index: search, facets, documents, tracking, errors."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from webui import create_app
from webui_synthetic import HOSTILE_TITLE


def text(response) -> str:
    return response.get_data(as_text=True)


def test_home_explains_the_syntax_and_the_index(client):
    page = text(client.get("/"))
    assert 'name="q"' in page and '<label for="q"' in page
    assert "&#34;high caseloads&#34;" in page or "&quot;high caseloads&quot;" in page or '"high caseloads"' in page
    assert re.search(r"The index holds 8 reports \(\d+ passages\), corpus version", page)


def test_search_lists_reports_with_highlighted_snippets_and_links(client, doc_ids):
    response = client.get("/search?q=caseloads")
    page = text(response)
    assert response.status_code == 200
    assert "<strong>7</strong> reports" in page
    assert "<mark>caseloads</mark>" in page or "<mark>Caseloads</mark>" in page
    birmingham = doc_ids["Birmingham"]
    # Our document view at the passage, and the original PDF at that page.
    assert re.search(rf'href="/documents/{birmingham}#p\d+-para\d+"', page)
    assert re.search(r'href="https://files.example.test/80429.pdf#page=\d+"', page)
    assert 'class="grade grade-inadequate"' in page
    assert "more matching passages in this report" in page


def test_facet_links_narrow_the_query_and_show_when_applied(client):
    page = text(client.get("/search?q=caseloads"))
    link = re.search(r'<a href="([^"]+)"[^>]*>\s*<strong class="grade grade-inadequate"', page)
    assert link, "a judgement facet links to a narrowed search"
    query = parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)["q"][0]
    assert query == "caseloads judgement:inadequate"
    narrowed = text(client.get(link.group(1).replace("&amp;", "&")))
    assert "<strong>3</strong> reports" in narrowed
    assert 'aria-current="true" class="active"' in narrowed


def test_sort_by_date_and_pagination(client):
    newest = text(client.get("/search?q=caseloads&sort=date"))
    titles = re.findall(r'<h3 class="hit-title"><a href="[^"]+">([^<]+)</a>', newest)
    assert "Barking" in titles[0] and "Croydon" not in titles[0]
    assert text(client.get("/search?q=caseloads&page=2")).count('class="hit"') == 0


def test_more_passages_link_limits_to_one_report(client, doc_ids):
    page = text(client.get(f"/search?q=caseloads+doc:{doc_ids['Birmingham']}"))
    assert "<strong>1</strong> report (3 matching passages)" in page


@pytest.mark.parametrize("query, hint", [
    ('"high caseloads', "never closed"),
    ("caseload AND", "AND needs"),
    ("judgement:brilliant", "is not a grade"),
    ("year:20x6", "year:"),
])
def test_malformed_queries_answer_400_with_a_helpful_message(client, query, hint):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 400
    page = text(response)
    assert 'class="error-summary" role="alert"' in page and hint in page
    assert 'aria-invalid="true"' in page


@pytest.mark.parametrize("url", ["/search?q=x&page=0", "/search?q=x&page=abc", "/search?q=x&sort=sideways",
                                 "/search?q=x&page=100000"])
def test_bad_parameters_answer_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "must be" in text(response)


def test_document_page_has_metadata_judgements_themes_figures_and_anchored_text(client, doc_ids):
    response = client.get(f"/documents/{doc_ids['Birmingham']}")
    page = text(response)
    assert response.status_code == 200
    assert "<h1>Inspection of Birmingham children&#39;s services</h1>" in page
    assert "The experiences and progress of children who need help and protection" in page
    assert "the grades agree" in page
    assert re.search(r'<a href="/search\?q=theme(:|%3A)caseload\+doc(:|%3A)[0-9a-f]{16}">caseload</a>', page)
    # Passages with stable anchors, and the theme mentions in them.
    assert 'id="p4-para12"' in page and 'id="p7-para30"' in page
    assert "caseload: concern" in page
    # Each mention says why: the cue that decided its stance, beside the label.
    assert re.search(r"caseload: concern <span class=\"cue\">\(why: “[^”]+”\)</span>", page)
    # The council's figures for the census before the inspection ended (July 2016 -> 2015).
    assert "Official figures for Birmingham" in page
    assert "24.0%" in page and "as at 30 September 2015" in page
    assert "vacancy_rate_fte" in page                       # the figure's citation
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') >= 5  # one trend per measure
    assert 'href="https://files.example.test/80429.pdf"' in page


def test_focused_visit_without_judgements(client, doc_ids):
    page = text(client.get(f"/documents/{doc_ids['Barnet']}"))
    assert "Focused visit" in page and "Judgements</h2>" not in page


@pytest.mark.parametrize("doc_id", ["0123456789abcdef", "0123456789ABCDEF", "short", "..%2F..%2Fcatalogue.sqlite",
                                    "2aa636fd338b83f5x", "%2e%2e"])
def test_unknown_or_malformed_document_ids_are_404(client, doc_id):
    for prefix in ("/documents/", "/api/documents/"):
        response = client.get(prefix + doc_id)
        assert response.status_code == 404


def test_document_ids_cannot_traverse_paths(client):
    for url in ("/documents/../catalogue.sqlite", "/documents/%2e%2e/%2e%2e/etc/passwd",
                "/static/../catalogue.sqlite", "/static/..%2f..%2fcatalogue.sqlite"):
        response = client.get(url)
        assert response.status_code in (404, 308)
        assert b"SQLite format" not in response.data


def test_track_page_shows_chart_table_test_figures_time_view_and_passages(client):
    response = client.get("/track?terms=caseload,agency")
    page = text(response)
    assert response.status_code == 200
    assert page.count('role="img"') >= 4                 # a chart per term, the time view, figures
    assert "<caption>Caseloads (theme) by overall effectiveness</caption>" in page
    assert re.search(r'<th scope="row">Inadequate</th>\s*<td class="numeric">3</td>\s*<td class="numeric">3 \(100%\)</td>', page)
    assert "times as high for reports judged inadequate" in page
    assert "Over time" in page and "<th scope=\"row\">2016</th>" in page
    assert "Official figures by overall effectiveness" in page and 'id="figures-table"' in page
    assert "24.0" in page                                  # median vacancy rate of the inadequate reports
    assert "Passages that raise Caseloads (theme)" in page


@pytest.mark.parametrize("by", ["year", "framework", "kind", "region", "vacancy_rate"])
def test_track_by_other_breakdowns(client, by):
    response = client.get("/track", query_string={"terms": "caseload", "by": by})
    assert response.status_code == 200
    assert 'role="img"' in text(response)


def test_track_form_without_terms_and_bad_breakdown(client):
    empty = text(client.get("/track"))
    assert '<label for="terms"' in empty and "Overall effectiveness" in empty
    bad = client.get("/track?terms=caseload&by=shoe_size")
    assert bad.status_code == 400 and "Cannot break down by" in text(bad)
    too_many = client.get("/track", query_string={"terms": ",".join(f"t{n}" for n in range(9))})
    assert too_many.status_code == 400 and "at most 8 terms" in text(too_many)


def test_unknown_page_and_method(client):
    assert client.get("/nowhere").status_code == 404
    assert "There is nothing at this address" in text(client.get("/nowhere"))
    assert client.post("/search").status_code == 405


def test_pages_work_without_inline_script_or_style(client, doc_ids):
    for url in ("/", "/search?q=caseloads", f"/documents/{doc_ids['Birmingham']}", "/track?terms=caseload"):
        page = text(client.get(url))
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert not re.search(r"<[^>]*\sstyle=", page), url
        assert not re.search(r"<[^>]*\son[a-z]+=", page), url
        assert "https://cdn" not in page and "googleapis" not in page


def test_hostile_title_is_escaped_everywhere(client, doc_ids):
    hostile = doc_ids["Barking and Dagenham"]
    for url in ("/search?q=caseloads", f"/documents/{hostile}", "/track?terms=caseload"):
        page = text(client.get(url))
        assert "<script>alert" not in page and "<img src=x" not in page, url
    page = text(client.get(f"/documents/{hostile}"))
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert HOSTILE_TITLE not in page


def test_query_is_escaped_when_reflected(client):
    attack = '"><script>alert(1)</script>'
    for url in ("/search", "/search.csv"):
        response = client.get(url, query_string={"q": attack})
        assert "<script>alert(1)" not in text(response)
    response = client.get("/track", query_string={"terms": attack})
    assert "<script>alert(1)" not in text(response)


def test_warm_up_fills_the_example_tracking_before_anyone_asks(site):
    """`serve` warms the app in the background: afterwards the example tracking (and with it
    the document table and the figure tests) is answered from what is kept."""
    from webui import warm_up
    from webui.views.track import EXAMPLE_TERMS

    app = create_app({"DATA_DIR": site[0]})
    services = app.extensions["inspection_index"]
    terms = [term.strip() for term in EXAMPLE_TERMS.split(",")]
    assert services.index.track(terms, by="overall_effectiveness", cached_only=True) is None
    warm_up(app).join(timeout=60)
    assert services.index.track(terms, by="overall_effectiveness", cached_only=True) is not None
    assert services.slug_cache["slugs"]
