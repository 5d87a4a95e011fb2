"""--max-doc-bytes: a document over the limit is one dead letter, read in bounded memory; the run goes on."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import tracemalloc

import pytest

from civic.read.documents import DeadLetter, InputDoc
from civic.read.inputs import read_inputs
from civic.read.limits import Oversize, bounded_lines, read_bounded
from civic.run.shards import make_shards, read_shard

from .warc_records import html_responses

LIMIT = 1000


def _line(doc_id: str, text: str) -> bytes:
    return json.dumps({"id": doc_id, "text": text}).encode() + b"\n"


@pytest.fixture(scope="module")
def fast_pipe():
    from civic.api import load

    return load(ner="none", topics=None)


def test_oversize_jsonl_line_is_dead_lettered_and_the_next_line_read(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_bytes(_line("a", "kurz") + _line("big", "x" * 5000) + _line("c", "auch kurz"))
    items = list(read_inputs([str(src)], max_doc_bytes=LIMIT))
    assert [type(i) for i in items] == [InputDoc, DeadLetter, InputDoc]
    dead = items[1]
    assert (dead.file, dead.line) == (str(src), 2)
    assert dead.reason == f"document too large: {len(_line('big', 'x' * 5000)) - 1:,} bytes, over --max-doc-bytes 1,000"
    assert dead.raw.startswith('{"id": "big"')


def test_line_of_exactly_the_limit_passes_with_either_line_end():
    text = "y" * (LIMIT - len(_line("a", "")) + 1)
    exact = _line("a", text).rstrip(b"\n")
    assert len(exact) == LIMIT
    for end in (b"\n", b"\r\n", b""):
        assert list(bounded_lines(io.BytesIO(exact + end), LIMIT, chunk=64)) == [exact + end]
    [over] = bounded_lines(io.BytesIO(exact + b"z\n"), LIMIT, chunk=64)
    assert isinstance(over, Oversize) and over.size == LIMIT + 1


def test_oversize_blank_line_is_skipped_like_any_blank_line(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_bytes(_line("a", "eins") + b" " * 5000 + b"\n" + _line("b", "zwei"))
    assert [(i.id, i.line) for i in read_inputs([str(src)], max_doc_bytes=LIMIT)] == [("a", 1), ("b", 3)]


@pytest.mark.parametrize("name", ["big.txt", "big.html", "big.txt.gz", "big.html.gz"])
def test_oversize_single_file_is_dead_lettered_with_its_size_so_far(tmp_path, name):
    data = b"<p>" + b"Pankow " * 2000 + b"</p>"
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    [dead] = read_inputs([str(path)], max_doc_bytes=LIMIT)
    assert isinstance(dead, DeadLetter)
    assert (dead.line, dead.id) == (1, "big")
    assert dead.reason == "document too large: more than 1,000 bytes (1,001 read so far), over --max-doc-bytes 1,000"


def _read_traced(path) -> tuple[list, int]:
    """The items read from `path` under LIMIT, and the peak of Python memory the reading took."""
    tracemalloc.start()
    try:
        items = list(read_inputs([str(path)], max_doc_bytes=LIMIT))
        return items, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_gz_bomb_line_is_counted_decompressed_and_never_held(tmp_path):
    line = b'{"id": "bomb", "text": "' + b"A" * 30_000_000 + b'"}\n'
    src = tmp_path / "bomb.jsonl.gz"
    src.write_bytes(gzip.compress(line) + gzip.compress(_line("ok", "Am 3. Mai 2022 in Pankow.")))
    size = len(line) - 1
    del line
    assert src.stat().st_size < 100_000
    items, peak = _read_traced(src)
    assert [type(i) for i in items] == [DeadLetter, InputDoc]
    assert items[0].reason.startswith(f"document too large: {size:,} bytes")
    assert peak < 8_000_000, f"reading held {peak:,} bytes"


def test_run_goes_on_and_counts_add_up(tmp_path, fast_pipe):
    from civic.run.extract import run_extract

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_bytes(_line("a", "Am 3. Mai 2022 in Pankow.") + _line("b", "x" * 2000))
    (tmp_path / "in" / "b.txt").write_bytes(b"Spandau " * 200)
    (tmp_path / "in" / "c.txt").write_bytes(b"Am 4. Mai 2022 in Spandau.")
    out = tmp_path / "o.jsonl"
    summary = run_extract([str(tmp_path / "in")], str(out), quiet=True, pipeline=fast_pipe, max_doc_bytes=LIMIT)
    assert (summary.read, summary.written, summary.dead_lettered) == (4, 2, 2)
    dead = [json.loads(x) for x in (tmp_path / "o.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(d["file"].rsplit("/", 1)[-1], d["line"]) for d in dead] == [("a.jsonl", 2), ("b.txt", 1)]


def test_cli_stdin_over_the_limit(tmp_path):
    out = tmp_path / "o.jsonl"
    proc = subprocess.run([sys.executable, "-m", "civic.cli", "extract", "-", "-o", str(out), "--model", "none",
                           "--max-doc-bytes", "1000"], input=b"Pankow " * 1000, capture_output=True, check=True)
    assert proc.stderr.decode().strip().startswith("read 1, written 0, dead-lettered 1")
    [dead] = [json.loads(x) for x in (tmp_path / "o.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (dead["file"], dead["line"], dead["id"]) == ("<stdin>", 1, "stdin")


def test_read_bounded_reads_no_further_than_the_limit():
    stream = io.BytesIO(b"a" * 10_000)
    result = read_bounded(stream, LIMIT, chunk=64)
    assert isinstance(result, Oversize) and result.size == LIMIT + 1 and stream.tell() == LIMIT + 1
    assert read_bounded(io.BytesIO(b"a" * LIMIT), LIMIT, chunk=64) == b"a" * LIMIT


def test_dask_shards_cut_and_read_long_lines_like_the_sequential_reader(tmp_path):
    src = tmp_path / "a.jsonl"
    lines = [_line(f"d{i}", ("lang " * 600_000) if i % 3 == 1 else f"Am {i}. Mai 2022.") for i in range(7)]
    src.write_bytes(b"".join(lines) + b"\n" + _line("last", "Ende").rstrip(b"\n"))
    limit = 2_000_000
    sequential = list(read_inputs([str(src)], max_doc_bytes=limit))
    shards = make_shards([str(src)], lines_per_shard=3)
    assert [s.first_line for s in shards] == [1, 4, 7]
    sharded = [item for shard in shards for item in read_shard(shard, max_doc_bytes=limit)]
    assert sharded == sequential
    assert [type(i).__name__ for i in sharded].count("DeadLetter") == 2


def _warc(path, pages: list[tuple[str, bytes]]) -> None:
    """A gzipped WARC with one HTML response record per (uri, payload)."""
    path.write_bytes(html_responses(pages, gzip=True, date="2026-12-01T10:00:00Z"))


def test_oversize_warc_record_is_dead_lettered_and_the_next_record_read(tmp_path):
    small = b"<html><body><p>Am 3. Mai 2022 tagt die BVV Pankow.</p></body></html>"
    huge = b"<html><body><p>" + b"Pankow " * 15_000_000 + b"</p></body></html>"  # 105 MB in a 150 KB record
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [("https://example.org/huge.html", huge), ("https://example.org/small.html", small)])
    del huge
    assert path.stat().st_size < 200_000
    items, peak = _read_traced(path)
    assert [type(i) for i in items] == [DeadLetter, InputDoc]
    assert items[0].reason.startswith("document too large: more than 1,000 bytes")
    assert "record at byte offset 0" in items[0].reason and items[0].line == 1
    assert items[1].url == "https://example.org/small.html" and "BVV Pankow" in items[1].text
    # warcio inflates one 16 KB block of the gzip member at a time, and deflate expands at most
    # ~1,032 times, so a block can hold ~17 MB: bounded, but not by our 1 MiB chunk.
    assert peak < 48_000_000, f"reading held {peak:,} bytes"


def test_feed_file_over_the_limit_is_one_dead_letter(tmp_path):
    entry = "<item><title>Kiezfest</title><description>Am 5. Dezember in Neukölln.</description></item>"
    path = tmp_path / "big.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>{entry * 100}</channel></rss>', "utf-8")
    [dead] = read_inputs([str(path)], max_doc_bytes=LIMIT)
    assert isinstance(dead, DeadLetter) and dead.line == 0
    assert dead.reason == "document too large: more than 1,000 bytes (1,001 read so far), over --max-doc-bytes 1,000"
    assert len([i for i in read_inputs([str(path)]) if isinstance(i, InputDoc)]) == 100
