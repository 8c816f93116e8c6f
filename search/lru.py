"""A bounded map: the answer cache, kept snippets and the other memos of ``search``."""

from __future__ import annotations

import threading
from collections import OrderedDict


class LRU:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
