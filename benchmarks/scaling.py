"""Question 2: scaling from 1 to 2 worker processes (`civic extract --workers`), same input,
output compared byte for byte. Target: >= 1.7x. Question 4 in the same run: the Dask
LocalCluster path (2 worker processes) on the same input.
Run: .venv/bin/python benchmarks/scaling.py [N_DOCS]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import print_table, write_result  # noqa: E402
from _synthetic import corpus  # noqa: E402

CIVIC = [sys.executable, "-m", "civic.cli", "extract", "--quiet"]


def run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(CIVIC + args, check=True)
    return time.perf_counter() - start


def main(n: int = 2000) -> None:
    path = str(corpus(n))
    with tempfile.TemporaryDirectory() as tmp:
        outs = {k: str(Path(tmp) / f"{k}.jsonl") for k in ("w1", "w2", "dask")}
        rows = []
        t1 = run([path, "-o", outs["w1"], "--workers", "1"])
        rows.append({"run": "--workers 1", "seconds": round(t1, 1), "docs_per_s": round(n / t1, 1), "speedup": 1.0})
        t2 = run([path, "-o", outs["w2"], "--workers", "2"])
        rows.append({"run": "--workers 2", "seconds": round(t2, 1), "docs_per_s": round(n / t2, 1),
                     "speedup": round(t1 / t2, 2)})
        t3 = run([path, "-o", outs["dask"], "--dask", "local", "--shard-lines", str(max(50, n // 16))])
        rows.append({"run": "--dask local (2 processes)", "seconds": round(t3, 1), "docs_per_s": round(n / t3, 1),
                     "speedup": round(t1 / t3, 2)})
        same = Path(outs["w1"]).read_bytes() == Path(outs["w2"]).read_bytes() == Path(outs["dask"]).read_bytes()
    print(f"{n} documents (each run includes loading the models; identical outputs: {same})")
    print_table(rows, ["run", "seconds", "docs_per_s", "speedup"])
    print(f"written {write_result('scaling', {'documents': n, 'rows': rows, 'identical_outputs': same})}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
