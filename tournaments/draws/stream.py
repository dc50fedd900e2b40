"""The one source of chance in a draw: a stream of 64-bit words from HMAC-SHA256 of a counter.

Word ``4c + i`` (i = 0..3) is bytes ``8i..8i+8`` (big-endian) of ``HMAC-SHA256(key=seed, msg=c as
8-byte big-endian)``. ``below(n)`` rejects words >= ``(2**64 // n) * n`` and returns ``word % n``;
``shuffle`` is Fisher-Yates from the last index down to 1 with ``below(i + 1)``. See docs/draws.md.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TypeVar

T = TypeVar("T")
_TWO64 = 1 << 64


class SeedStream:
    __slots__ = ("_key", "_counter", "_words")

    def __init__(self, seed: bytes) -> None:
        self._key = bytes(seed)
        self._counter = 0
        self._words: list[int] = []

    def word(self) -> int:
        """The next 64-bit word."""
        if not self._words:
            digest = hmac.new(self._key, self._counter.to_bytes(8, "big"), hashlib.sha256).digest()
            self._counter += 1
            self._words = [int.from_bytes(digest[i : i + 8], "big") for i in (24, 16, 8, 0)]  # popped from the end: 0, 8, 16, 24
        return self._words.pop()

    def below(self, n: int) -> int:
        """A uniform integer in [0, n); always consumes at least one word (also for n = 1)."""
        if n <= 0:
            raise ValueError("below(n) needs n >= 1")
        limit = (_TWO64 // n) * n
        while True:
            w = self.word()
            if w < limit:
                return w % n

    def shuffle(self, items: list[T]) -> None:
        """Fisher-Yates in place: for i from len-1 down to 1, swap items[i] and items[below(i + 1)]."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]


def new_seed() -> bytes:
    """32 bytes from the operating system's secure source."""
    return secrets.token_bytes(32)


def commitment(seed: bytes) -> str:
    """SHA-256 hex of the seed: published before the draw, the seed revealed after."""
    return hashlib.sha256(seed).hexdigest()
