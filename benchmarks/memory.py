"""Question 3: peak RSS of `civic extract` at different corpus sizes (each size in its own
process, RSS from getrusage of that child). Target: RSS at 100k <= 1.2x RSS at 10k.
Run: .venv/bin/python benchmarks/memory.py 10000 100000
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import print_table, write_result  # noqa: E402
from _synthetic import corpus  # noqa: E402

PROBE = """
import resource, sys, time
from civic.run.extract import run_extract
start = time.perf_counter()
summary = run_extract([sys.argv[1]], sys.argv[2], quiet=True)
print(summary.written, round(time.perf_counter() - start, 1), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        path = corpus(n)
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run([sys.executable, "-c", PROBE, str(path), str(Path(tmp) / "o.jsonl")],
                                 check=True, capture_output=True, text=True).stdout.split()
        written, seconds, rss_kb = int(out[0]), float(out[1]), int(out[2])
        rows.append({"documents": n, "written": written, "seconds": seconds,
                     "peak_rss_mb": round(rss_kb / 1024, 1)})
    if len(rows) > 1:
        for row in rows:
            row["vs_smallest"] = round(row["peak_rss_mb"] / rows[0]["peak_rss_mb"], 3)
    print_table(rows, list(rows[0]))
    print(f"written {write_result('memory', {'rows': rows})}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
