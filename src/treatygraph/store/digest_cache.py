"""A small thread-safe LRU cache keyed by text digests and bounded in bytes (the query guard's caches)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict


class ByteBoundedCache:
    """A thread-safe LRU map from a text's digest to a small value, bounded in bytes.

    No text is kept: the key is a 16-byte BLAKE2b digest. An entry counts
    :attr:`ENTRY_BYTES` (digest, dict and list nodes, tuple headers) plus
    the size the caller gives for its value; the oldest entries go first.
    """

    ENTRY_BYTES = 256

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.nbytes = 0
        self._entries: OrderedDict[bytes, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(*parts: str) -> bytes:
        h = hashlib.blake2b(digest_size=16)
        for part in parts:
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.digest()

    def get(self, key: bytes):
        with self._lock:
            hit = self._entries.get(key)
            if hit is None:
                return None
            self._entries.move_to_end(key)
            return hit[0]

    def put(self, key: bytes, value, size: int = 0) -> None:
        size += self.ENTRY_BYTES
        if size > self.max_bytes // 16:
            return  # one entry never takes more than a sixteenth
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.nbytes -= old[1]
            self._entries[key] = (value, size)
            self.nbytes += size
            while self.nbytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.nbytes -= dropped

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.nbytes = 0
