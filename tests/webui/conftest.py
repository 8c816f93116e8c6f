"""Web fixtures: the synthetic collection indexed by the real search package (built once per
session), an app and test client over it, and a live waitress server for browser tests."""

from __future__ import annotations

import threading

import pytest

from webui import create_app
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


class LiveServer:
    """The app on waitress, on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, app, **options):
        from webui import create_server

        self.server = create_server(app, host="127.0.0.1", port=0, threads=8, **options)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.close()
        self.thread.join(timeout=5)


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
