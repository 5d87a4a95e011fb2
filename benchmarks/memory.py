"""Question 3: peak RSS of `civic extract`, one process per run (RSS from getrusage of that child).

- against corpus size: `memory.py 10000 100000` (documents). Target: RSS at 100k <= 1.2x RSS at 10k.
- against article length: `memory.py --length 100k 1m 10m` (one article of that many characters,
  default model). Target: peak RSS does not grow beyond one chunk; a 10 MB article <= 1.5 GB.
- a decompression bomb: `memory.py --bomb [GIGABYTES]` runs the real `civic extract` command
  (default model loaded) on a 3 MB `.jsonl.gz` that decompresses to one 3 GB line. Target:
  <= 1 GB, and the run ends with `read 1, written 0, dead-lettered 1` (the line is over
  --max-doc-bytes and never held whole).
  Results go to results/memory.json, results/memory_length.json and results/memory-bomb.json.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import print_table, write_result  # noqa: E402
from _synthetic import corpus, sample_articles  # noqa: E402

PROBE = """
import resource, sys, time
from civic.run.extract import run_extract
start = time.perf_counter()
summary = run_extract([sys.argv[1]], sys.argv[2], quiet=True, model=sys.argv[3])
print(summary.written, summary.dead_lettered, round(time.perf_counter() - start, 1),
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _probe(path: Path, model: str = "default") -> tuple[int, int, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", PROBE, str(path), str(Path(tmp) / "o.jsonl"), model],
                             check=True, capture_output=True, text=True).stdout.split()
    return int(out[0]), int(out[1]), float(out[2]), int(out[3])


BOMB_CHUNK = 1 << 20


def write_bomb(path: Path, gigabytes: float) -> int:
    """A .jsonl.gz of one JSON line whose text is `gigabytes` of "A": gzip members of 1 MB each,
    compressed once and repeated, so building it takes no time; returns the decompressed size."""
    head, tail = b'{"id": "bomb", "text": "', b'"}\n'
    member = gzip.compress(b"A" * BOMB_CHUNK, compresslevel=9)
    count = int(gigabytes * 1e9) // BOMB_CHUNK
    with open(path, "wb") as fh:
        fh.write(gzip.compress(head))
        for _ in range(count):
            fh.write(member)
        fh.write(gzip.compress(tail))
    return len(head) + count * BOMB_CHUNK + len(tail)


def bomb(gigabytes: float) -> None:
    """Run `civic extract` on the bomb as its own process and read its peak RSS from wait4."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bomb.jsonl.gz"
        size = write_bomb(src, gigabytes)
        log = Path(tmp) / "stderr.txt"
        start = time.perf_counter()
        with open(log, "wb") as err:
            proc = subprocess.Popen([sys.executable, "-m", "civic.cli", "extract", str(src), "-o",
                                     str(Path(tmp) / "o.jsonl")], stderr=err, stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = round(time.perf_counter() - start, 1)
        summary = log.read_text(encoding="utf-8").strip().splitlines()[-1].split(" -> ")[0]
        dead = (Path(tmp) / "o.errors.jsonl").read_text(encoding="utf-8")
        reason = json.loads(dead.splitlines()[0])["reason"] if dead else None
        row = {"input": "jsonl.gz, one line", "file_mb": round(src.stat().st_size / 1e6, 1),
               "decompressed_gb": round(size / 1e9, 2), "exit": proc.returncode, "summary": summary,
               "seconds": seconds, "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}
    print_table([row], list(row))
    print(f"dead letter: {reason}")
    target = row["peak_rss_mb"] <= 1024 and summary == "read 1, written 0, dead-lettered 1"
    print(f"target (<= 1024 MB, read 1, written 0, dead-lettered 1): {'met' if target else 'NOT met'}")
    print(f"written {write_result('memory-bomb', {'rows': [row], 'reason': reason, 'target_met': target})}")


def by_documents(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        written, _, seconds, rss_kb = _probe(corpus(n))
        rows.append({"documents": n, "written": written, "seconds": seconds,
                     "peak_rss_mb": round(rss_kb / 1024, 1)})
    if len(rows) > 1:
        for row in rows:
            row["vs_smallest"] = round(row["peak_rss_mb"] / rows[0]["peak_rss_mb"], 3)
    print_table(rows, list(rows[0]))
    print(f"written {write_result('memory', {'rows': rows})}")


def long_article(chars: int) -> dict:
    """One article of `chars` characters: the sample articles' body paragraphs (without site
    chrome, so that the whole text is body), repeated in turn."""
    from civic.clean.body import find_body

    paragraphs = []
    for article in sample_articles():
        body = find_body(article["text"], article.get("section"), article.get("title"))
        paragraphs += [p for p in article["text"][body.start:body.end].split("\n\n")[1:] if p.strip()]
    parts, size, i = ["Ein sehr langer Artikel aus den Bezirken"], 0, 0
    while size < chars:
        parts.append(paragraphs[i % len(paragraphs)])
        size += len(parts[-1]) + 2
        i += 1
    return {"id": f"long-{chars}", "published": "2026-11-25", "text": "\n\n".join(parts)[:chars]}


def parse_length(arg: str) -> int:
    units = {"k": 1_000, "m": 1_000_000}
    arg = arg.lower()
    return int(float(arg[:-1]) * units[arg[-1]]) if arg[-1] in units else int(arg)


def by_length(lengths: list[int], model: str = "default") -> None:
    rows = []
    for chars in lengths:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "long.jsonl"
            path.write_text(json.dumps(long_article(chars), ensure_ascii=False) + "\n", encoding="utf-8")
            written, dead, seconds, rss_kb = _probe(path, model)
        rows.append({"characters": chars, "model": model, "written": written, "dead_lettered": dead,
                     "seconds": seconds, "peak_rss_mb": round(rss_kb / 1024, 1)})
        print(rows[-1], file=sys.stderr, flush=True)
    for row in rows:
        row["vs_shortest"] = round(row["peak_rss_mb"] / rows[0]["peak_rss_mb"], 3)
    print_table(rows, list(rows[0]))
    print(f"written {write_result('memory_length', {'rows': rows})}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--bomb"]:
        bomb(float(args[1]) if len(args) > 1 else 3.0)
    elif args[:1] == ["--length"]:
        model = "default"
        if "--model" in args:
            i = args.index("--model")
            model = args[i + 1]
            del args[i:i + 2]
        by_length([parse_length(a) for a in args[1:]] or [100_000, 1_000_000, 10_000_000], model)
    else:
        by_documents([int(a) for a in args] or [1000, 10000])
