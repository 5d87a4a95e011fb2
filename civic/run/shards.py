"""Cut inputs into shards that workers can read independently, keeping global line numbers.

A JSONL file becomes byte ranges of whole lines (`lines_per_shard` each), so a worker seeks to
its range and dead letters still name the file's real line numbers; `.gz`, `.txt` and `.html`
files are one shard each.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from civic.read.documents import DeadLetter, InputDoc
from civic.read.inputs import JSONL_SUFFIXES, expand_inputs, parse_jsonl_line, read_inputs


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
                for _line in fh:
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


def read_shard(shard: Shard, default_published: str | None = None) -> Iterator[InputDoc | DeadLetter]:
    """The items of one shard, in order, exactly as the sequential reader yields them."""
    if shard.end < 0:
        yield from read_inputs([shard.file], default_published=default_published)
        return
    with open(shard.file, "rb") as fh:
        fh.seek(shard.start)
        number = shard.first_line
        while fh.tell() < shard.end:
            raw = fh.readline()
            if not raw:
                break
            if raw.strip():
                yield parse_jsonl_line(raw, shard.file, number, default_published)
            number += 1
