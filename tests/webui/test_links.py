"""The quick url_for (webui/links.py) builds exactly the links Flask's router builds."""

from __future__ import annotations

from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from webui import create_app

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
VALUES = st.dictionaries(st.sampled_from(["q", "sort", "page", "terms", "by", "where", "x y"]),
                         st.one_of(TEXT, st.integers(-5, 600), st.none(), st.booleans()), max_size=5)
ENDPOINTS = ["search.page", "track.page", "spiral.page", "council.index", "data.page", "api.openapi"]


@settings(max_examples=300, deadline=None)
@given(endpoint=st.sampled_from(ENDPOINTS), values=VALUES, root=st.sampled_from(["", "/sub", "/a b"]))
def test_quick_links_are_flasks_links(tmp_path_factory, endpoint, values, root):
    app = create_app({"DATA_DIR": tmp_path_factory.getbasetemp() / "links"})
    with app.test_request_context("/", environ_base={"SCRIPT_NAME": root}):
        assert app.url_for(endpoint, **values) == Flask.url_for(app, endpoint, **values)


def test_links_with_path_variables_anchors_or_lists_go_through_flask(tmp_path):
    app = create_app({"DATA_DIR": tmp_path})
    with app.test_request_context("/"):
        assert app.url_for("documents.page", doc_id="abc", q="x") == "/documents/abc?q=x"
        assert app.url_for("search.page", q="x", _anchor="top") == "/search?q=x#top"
        assert app.url_for("search.page", terms=["a", "b"]) == "/search?terms=a&terms=b"
        assert app.url_for("search.page", _external=True).startswith("http://localhost/")
