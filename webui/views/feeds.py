"""Atom feeds: /search.atom?q=… lists the newest reports matching a query, each entry linking
its best passage, so a feed reader says when a new report matches."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from flask import Blueprint, Response, url_for

from inspection_index.catalogue import now_iso

from ..errors import BadRequest
from .common import absolute, query_arg, services

blueprint = Blueprint("feeds", __name__)

ENTRIES = 50
TAGS = re.compile(r"<[^>]+>")


def _timestamp(day: str | None) -> str:
    return f"{day[:10]}T00:00:00Z" if day else now_iso()


@blueprint.get("/search.atom")
def search_feed():
    q = query_arg()
    if not q:
        raise BadRequest("Give a query as q, for example /search.atom?q=caseload.")
    answer = services().search(q, page=1, per_page=ENTRIES, sort="date")
    page_url = absolute(url_for("search.page", q=q, sort="date"))
    feed_url = absolute(url_for("feeds.search_feed", q=q))
    hits = answer["hits"]
    entries = []
    for hit in hits:
        link = absolute(hit["url"])
        summary = TAGS.sub("", hit.get("snippet") or "")
        entries.append(
            f"<entry><id>{escape(absolute('/documents/' + hit['doc_id']))}</id>"
            f"<title>{escape(hit.get('title') or 'Untitled report')} ({escape(hit.get('local_authority') or 'unknown council')})</title>"
            f"<updated>{_timestamp(hit.get('published'))}</updated>"
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(link)}/>"
            f"<summary type=\"text\">Page {hit.get('page')}, paragraph {hit.get('paragraph')}: {summary}</summary></entry>")
    updated = max((_timestamp(hit.get("published")) for hit in hits), default=now_iso())
    body = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>{escape(feed_url)}</id><title>Inspection Index: {escape(answer.get('normalised_query') or q)}</title>"
            f"<updated>{updated}</updated><author><name>Inspection Index</name></author>"
            f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(feed_url)}/>"
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(page_url)}/>"
            "<rights>Contains public sector information licensed under the Open Government Licence v3.0.</rights>"
            + "".join(entries) + "</feed>")
    response = Response(body, mimetype="application/atom+xml")
    response.headers["X-Corpus-Version"] = str(services().corpus_version or "")
    return response
