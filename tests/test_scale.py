"""Scale paths give exactly the sequential output: --workers (processes) and Dask shards."""

from __future__ import annotations

import pytest

from civic.run.extract import run_extract
from civic.run.shards import make_shards, read_shard

from .conftest import SAMPLE


@pytest.fixture(scope="module")
def mixed_input(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "in.jsonl"
    a = (SAMPLE / "input" / "news-a.jsonl").read_bytes()
    b = (SAMPLE / "input" / "news-b.jsonl").read_bytes()
    path.write_bytes(a + b"{broken line\n\n" + b)
    return path


@pytest.fixture(scope="module")
def sequential(tmp_path_factory, mixed_input, pipe):
    out = tmp_path_factory.mktemp("seq") / "out.jsonl"
    run_extract([str(mixed_input)], str(out), quiet=True, pipeline=pipe)
    return out


def test_shards_preserve_items_and_line_numbers(mixed_input):
    from civic.read.inputs import read_inputs

    shards = make_shards([str(mixed_input)], lines_per_shard=7)
    assert len(shards) == 6
    sharded = [item for shard in shards for item in read_shard(shard)]
    sequential = list(read_inputs([str(mixed_input)]))
    assert [(i.file, i.line, type(i).__name__) for i in sharded] == [
        (i.file, i.line, type(i).__name__) for i in sequential]


def test_workers_give_identical_output(tmp_path, mixed_input, sequential):
    out = tmp_path / "w2.jsonl"
    summary = run_extract([str(mixed_input)], str(out), quiet=True, workers=2, model="default")
    assert (summary.written, summary.dead_lettered) == (36, 1)
    assert out.read_bytes() == sequential.read_bytes()


def test_dask_local_cluster_gives_identical_output(tmp_path, mixed_input, sequential):
    pytest.importorskip("dask.distributed")
    from civic.run.dask_run import merge_parts, parts_dir, run_dask

    out = tmp_path / "dask.jsonl"
    counts = run_dask([str(mixed_input)], str(out), "local", lines_per_shard=7)
    assert counts == {"read": 37, "written": 36, "dead_lettered": 1, "parts": 6}
    assert out.read_bytes() == sequential.read_bytes()
    assert (tmp_path / "dask.errors.jsonl").read_bytes() == sequential.with_name("out.errors.jsonl").read_bytes()
    # civic merge joins the same parts again
    again = tmp_path / "merged.jsonl"
    merge_parts(parts_dir(str(out)), str(again))
    assert again.read_bytes() == out.read_bytes()
