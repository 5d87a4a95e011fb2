"""One JSON line per record or dead letter, byte-stable across runs."""

from __future__ import annotations

import orjson

_LINE_BREAKS = ((b"\xc2\x85", b"\\u0085"), (b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


def dumps(obj: dict) -> bytes:
    """One JSON line: UTF-8, no ASCII escaping, keys in the order given (stable across runs).

    U+0085, U+2028 and U+2029 are valid raw inside JSON strings but are line breaks to many
    line readers (Python's str.splitlines among them), so they are written as escapes."""
    data = orjson.dumps(obj)
    for raw, escaped in _LINE_BREAKS:
        if raw in data:
            data = data.replace(raw, escaped)
    return data
