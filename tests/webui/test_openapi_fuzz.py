"""schemathesis against /api/openapi.json on the real app and index: no 500s, and every answer
as the description says (status codes, content types, JSON schemas)."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from webui import create_app

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
PATHS = sorted(json.loads(files("webui").joinpath("static", "openapi.json").read_text())["paths"])
EXAMPLES_PER_OPERATION = 60


@pytest.fixture(scope="module")
def api_schema(site):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", create_app({"DATA_DIR": site[0]}))


@pytest.mark.parametrize("path", PATHS)
def test_api_conforms_to_its_openapi_description(api_schema, path):
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(checks=CHECKS)

    check()
