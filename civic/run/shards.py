"""Cut inputs into shards that workers can read independently, keeping global line numbers.

A JSONL file becomes byte ranges of whole lines (`lines_per_shard` each), so a worker seeks to
its range and dead letters still name the file's real line numbers; `.gz`, `.txt` and `.html`
files are one shard each. Lines are read in bounded chunks (read/limits.py), so a huge line is
never held whole, neither when cutting nor when reading a shard.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from civic.read.documents import DeadLetter, InputDoc
from civic.read.inputs import JSONL_SUFFIXES, expand_inputs, read_inputs, read_jsonl_lines
from civic.read.limits import CHUNK_BYTES, DEFAULT_MAX_DOC_BYTES


@dataclass(frozen=True)
class Shard:
    index: int
    file: str
    start: int = 0  # byte offset of the first line (jsonl ranges)
    end: int = -1  # byte offset after the last line; -1: whole file
    first_line: int = 1

    def to_dict(self) -> dict:
        return asdict(self)


def make_shards(inputs: list[str], lines_per_shard: int = 2000) -> list[Shard]:
    shards: list[Shard] = []
    for name in expand_inputs(inputs):
        if name == "-":
            raise ValueError("stdin cannot be sharded; give files for --dask")
        path = Path(name)
        if path.suffix.lower() in JSONL_SUFFIXES:
            with open(path, "rb") as fh:
                start, line_no, first = 0, 0, 1
                for part in iter(lambda: fh.readline(CHUNK_BYTES), b""):
                    if not part.endswith(b"\n") and fh.peek(1):
                        continue  # the line goes on in the next chunk
                    line_no += 1
                    if line_no - first + 1 >= lines_per_shard:
                        end = fh.tell()
                        shards.append(Shard(len(shards), name, start, end, first))
                        start, first = end, line_no + 1
                end = fh.tell()
                if end > start:
                    shards.append(Shard(len(shards), name, start, end, first))
        else:
            shards.append(Shard(len(shards), name))
    return shards


class _Range:
    """The bytes [start, end) of a binary file, as a file object with a bounded readline."""

    def __init__(self, fh: BinaryIO, start: int, end: int) -> None:
        fh.seek(start)
        self.fh, self.left = fh, end - start

    def readline(self, size: int) -> bytes:
        part = self.fh.readline(min(size, self.left)) if self.left > 0 else b""
        self.left -= len(part)
        return part


def read_shard(shard: Shard, default_published: str | None = None,
               max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES) -> Iterator[InputDoc | DeadLetter]:
    """The items of one shard, in order, exactly as the sequential reader yields them."""
    if shard.end < 0:
        yield from read_inputs([shard.file], default_published=default_published, max_doc_bytes=max_doc_bytes)
        return
    with open(shard.file, "rb") as fh:
        yield from read_jsonl_lines(_Range(fh, shard.start, shard.end), shard.file, default_published,
                                    max_doc_bytes, first_line=shard.first_line)
