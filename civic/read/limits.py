"""Reading with a size limit per document, in bounded chunks, so no input can exhaust memory.

A line of a JSONL file (or a whole .txt/.html file) larger than `max_doc_bytes` is never held
whole: reading stops keeping bytes once the limit is passed, and the reader turns it into a dead
letter instead. The limit counts the bytes as they come out of the file object, so for `.gz`
input it counts decompressed bytes and a decompression bomb cannot expand without bound.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

DEFAULT_MAX_DOC_BYTES = 50_000_000
CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class Oversize:
    """A document that passed the limit: its first bytes (for the dead letter) and its size so far."""

    head: bytes
    size: int
    complete: bool  # True: `size` is the whole line; False: reading stopped at the limit

    def reason(self, limit: int) -> str:
        size = f"{self.size:,} bytes" if self.complete else f"more than {limit:,} bytes ({self.size:,} read so far)"
        return f"document too large: {size}, over --max-doc-bytes {limit:,}"


def _content_size(line: bytes) -> int:
    """Bytes of a line without its line end (`\\n` or `\\r\\n`)."""
    if line.endswith(b"\r\n"):
        return len(line) - 2
    return len(line) - 1 if line.endswith(b"\n") else len(line)


def bounded_lines(handle: BinaryIO, limit: int, chunk: int = CHUNK_BYTES) -> Iterator[bytes | Oversize]:
    """Every line of `handle` (with its line end), or an Oversize for a line longer than `limit`.

    Lines are read `chunk` bytes at a time; once a line passes the limit its bytes are dropped as
    they come (only its first chunk is kept, for the preview), and reading goes on to its end so
    that the next line follows and the reported size is the whole line's.
    """
    while True:
        part = handle.readline(chunk)
        if not part:
            return
        head, size, blank = part, len(part), not part.strip()
        parts: list[bytes] | None = [part]
        while not part.endswith(b"\n"):
            part = handle.readline(chunk)
            if not part:
                break
            size += len(part)
            blank = blank and not part.strip()
            if parts is not None:
                parts.append(part)
                if size > limit + 2:  # longer than any line end can explain: drop what we hold
                    parts = None
        if blank:  # a blank line is skipped by the readers whatever its length
            yield b"\n"
        elif parts is None:
            yield Oversize(head, size - (len(part) - _content_size(part)), True)
        else:
            line = b"".join(parts) if len(parts) > 1 else head
            yield line if _content_size(line) <= limit else Oversize(line[:chunk], _content_size(line), True)


def read_bounded(handle: BinaryIO, limit: int, chunk: int = CHUNK_BYTES) -> bytes | Oversize:
    """The whole of `handle` if it holds at most `limit` bytes; else an Oversize, read no further."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        part = handle.read(min(chunk, limit + 1 - size))
        if not part:
            return b"".join(parts)
        parts.append(part)
        size += len(part)
    return Oversize(b"".join(parts)[:chunk], size, False)
