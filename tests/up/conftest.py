"""Fixtures of the `up` tests: a small Ofsted-like test site (see up_helpers)."""

from __future__ import annotations

import pytest
from up_helpers import council_site, empty_site


@pytest.fixture
def site():
    """Three councils with two reports each."""
    test_site = council_site(councils=3, reports_each=2)
    yield test_site
    test_site.close()


@pytest.fixture
def cafcass():
    """A Cafcass stand-in whose crawl fails at once (no start page answers)."""
    test_site = empty_site()
    yield test_site.url
    test_site.close()
