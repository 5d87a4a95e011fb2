"""`civic extract --dask ADDRESS|local`: one task per shard on a Dask distributed cluster.

Each worker process loads the pipeline once (cached per process) and writes its shard to
`OUT.parts/part-NNNNN.jsonl` and `part-NNNNN.errors.jsonl` (temp file + rename), then the
manifest `OUT.parts/manifest.json` records every part with its counts. Parts already complete
are skipped on `--resume`. `civic merge` (or the end of `civic extract --dask`) concatenates the
parts in shard order into OUT and OUT.errors.jsonl, so the result equals a sequential run.

On a real cluster: install the same package (and models) on every worker, and let OUT live on
storage all workers and the client can reach (NFS, a shared volume).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from civic.read.documents import DeadLetter
from civic.read.limits import DEFAULT_MAX_DOC_BYTES
from civic.run.shards import Shard, make_shards, read_shard
from civic.write.atomic import atomic_files, atomic_write_bytes
from civic.write.journal import errors_path_for
from civic.write.jsonl import dumps

_PIPELINES: dict[str, object] = {}


def _pipeline(model: str):
    """The pipeline of this worker process, loaded on first use."""
    if model not in _PIPELINES:
        from civic.run.worker_pipeline import load_in_worker

        _PIPELINES[model] = load_in_worker(model)
    return _PIPELINES[model]


def parts_dir(output: str) -> Path:
    return Path(output + ".parts")


def part_paths(folder: Path, index: int) -> tuple[Path, Path]:
    return folder / f"part-{index:05d}.jsonl", folder / f"part-{index:05d}.errors.jsonl"


def process_shard(shard_dict: dict, folder: str, model: str, published: str | None, batch_size: int,
                  max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES) -> dict:
    """Run one shard and write its two part files atomically; returns the counts."""
    shard = Shard(**shard_dict)
    out_path, err_path = part_paths(Path(folder), shard.index)
    written = dead = 0
    with atomic_files(out_path, err_path) as (out, err):
        for result in _pipeline(model).stream(read_shard(shard, published, max_doc_bytes), batch_size=batch_size):
            if isinstance(result, DeadLetter):
                err.write(dumps(result.to_dict()) + b"\n")
                dead += 1
            else:
                out.write(dumps(result) + b"\n")
                written += 1
    return {"index": shard.index, "file": shard.file, "written": written, "dead_lettered": dead}


def _client(address: str):
    from dask.distributed import Client, LocalCluster

    if address == "local":
        cluster = LocalCluster(n_workers=min(2, os.cpu_count() or 1), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    return Client(address), None


def run_dask(inputs: list[str], output: str, address: str, published: str | None = None, model: str = "default",
             batch_size: int = 64, lines_per_shard: int = 2000, resume: bool = False,
             max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES) -> dict:
    """Process all shards on the cluster, write the manifest, merge; returns the summary counts."""
    folder = parts_dir(output)
    folder.mkdir(parents=True, exist_ok=True)
    shards = make_shards(inputs, lines_per_shard)
    manifest_path = folder / "manifest.json"
    done = {}
    if resume and manifest_path.exists():
        done = {p["index"]: p for p in json.loads(manifest_path.read_text(encoding="utf-8"))["parts"]}
    todo = [s for s in shards if s.index not in done or not part_paths(folder, s.index)[0].exists()]
    client, cluster = _client(address)
    try:
        futures = [client.submit(process_shard, s.to_dict(), str(folder), model, published, batch_size, max_doc_bytes,
                                 key=f"civic-shard-{s.index}-{os.getpid()}") for s in todo]
        for result in client.gather(futures):
            done[result["index"]] = result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    manifest = {"inputs": inputs, "shards": [s.to_dict() for s in shards],
                "parts": [done[s.index] for s in shards]}
    atomic_write_bytes(manifest_path, json.dumps(manifest, indent=1).encode("utf-8"))
    return merge_parts(folder, output)


def merge_parts(folder: Path, output: str, errors: str | None = None) -> dict:
    """Concatenate the parts listed in the manifest, in shard order, into OUT and its error file."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    out_path, err_path = Path(output), Path(errors or errors_path_for(output))
    written = dead = 0
    with atomic_files(out_path, err_path) as (out, err):
        for part in manifest["parts"]:
            part_out, part_err = part_paths(folder, part["index"])
            out.write(part_out.read_bytes())
            err.write(part_err.read_bytes())
            written += part["written"]
            dead += part["dead_lettered"]
    return {"read": written + dead, "written": written, "dead_lettered": dead, "parts": len(manifest["parts"])}
