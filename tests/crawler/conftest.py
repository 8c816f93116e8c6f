"""Fixtures of the crawler tests: the self-contained Ofsted mirror."""

from __future__ import annotations

import pytest
from crawler_cases import tiny_providers
from crawler_servers import FakeOfsted


@pytest.fixture
def tiny_site():
    site = FakeOfsted(tiny_providers())
    yield site
    site.close()
