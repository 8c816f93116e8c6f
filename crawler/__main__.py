"""``python -m crawler OPTIONS_JSON`` — the crawl process started by :func:`crawler.crawl`."""

import sys

from .runner import main

sys.exit(main())
