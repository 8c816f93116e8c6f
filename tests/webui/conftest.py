"""Web fixtures: the synthetic collection indexed by the real search package (built once per
session), an app and test client over it, and a live waitress server for browser tests."""

from __future__ import annotations

import pytest

from webui import create_app
from webui_helpers import LiveServer
from webui_synthetic import build

@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """(data dir, {local authority: doc_id}) of the synthetic collection."""
    data_dir = tmp_path_factory.mktemp("webui-data")
    return data_dir, build(data_dir)


@pytest.fixture
def doc_ids(site) -> dict[str, str]:
    return site[1]


@pytest.fixture
def app(site):
    app = create_app({"DATA_DIR": site[0]})
    app.testing = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(site):
    with LiveServer(create_app({"DATA_DIR": site[0]})) as server:
        yield server


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell that the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)
