"""`civic extract` end to end: counts add up, dead letters, atomic output, resume, stdout."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from civic.cli import app
from civic.run.extract import run_extract
from civic.write.journal import JournalSink, errors_path_for
from civic.write.jsonl import dumps

runner = CliRunner()

GOOD = [{"id": f"g{i}", "text": f"Bezirksamt Pankow: Anmeldung bis zum {i + 1}. Juli 2024 möglich.",
         "published": "2024-06-01"} for i in range(6)]
BROKEN = [b"{broken json", b'{"id": "no-text"}', b'{"id": "bad-type", "text": 42}',
          b'{"id": "bad-utf8", "text": "\xc3\x28"}', b'{"id": "bad-date", "text": "x", "published": "gestern"}']


def _mixed_file(path):
    lines = []
    for i, good in enumerate(GOOD):
        lines.append(json.dumps(good, ensure_ascii=False).encode())
        if i < len(BROKEN):
            lines.append(BROKEN[i])
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_counts_add_up_and_dead_letters_explain(tmp_path, pipe):
    src = _mixed_file(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    summary = run_extract([str(src)], str(out), quiet=True, pipeline=pipe)
    assert (summary.read, summary.written, summary.dead_lettered) == (11, 6, 5)
    records, dead = _lines(out), _lines(tmp_path / "out.errors.jsonl")
    assert [r["id"] for r in records] == [g["id"] for g in GOOD]  # input order kept
    assert [d["line"] for d in dead] == [2, 4, 6, 8, 10]
    assert all(d["file"] == str(src) and d["reason"] for d in dead)
    assert records[0]["deadlines"][0]["date"] == "2024-07-01"
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_cli_prints_summary(tmp_path):
    src = _mixed_file(tmp_path / "in.jsonl")
    result = runner.invoke(app, ["extract", str(src), "-o", str(tmp_path / "o.jsonl"), "--model", "none"])
    assert result.exit_code == 0, result.output
    assert "read 11, written 6, dead-lettered 5" in result.output


def test_cli_missing_input_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_resume_after_interruption_gives_the_same_output(tmp_path, pipe):
    src = _mixed_file(tmp_path / "in.jsonl")
    full = tmp_path / "full.jsonl"
    run_extract([str(src)], str(full), quiet=True, pipeline=pipe)

    # simulate a run killed after 4 items, with a torn 5th line in the journal
    out = tmp_path / "resumed.jsonl"
    header = {"inputs": [str(src)], "published": None, "model": "default"}
    sink = JournalSink(str(out), None, header, resume=False)
    from civic.read.inputs import read_inputs

    for n, result in enumerate(pipe.stream(read_inputs([str(src)]))):
        if n == 4:
            break
        sink.dead(result) if not isinstance(result, dict) else sink.record(dumps(result))
    sink.flush()
    with open(str(out) + ".partial", "ab") as fh:
        fh.write(b'R{"id": "torn')
    summary = run_extract([str(src)], str(out), resume=True, quiet=True, pipeline=pipe)
    assert summary.read == 11
    assert out.read_bytes() == full.read_bytes()
    assert (tmp_path / "resumed.errors.jsonl").read_bytes() == (tmp_path / "full.errors.jsonl").read_bytes()


def test_resume_refuses_a_journal_of_other_inputs(tmp_path, pipe):
    src = _mixed_file(tmp_path / "in.jsonl")
    out = tmp_path / "o.jsonl"
    JournalSink(str(out), None, {"inputs": ["other"], "published": None, "model": "default"}, resume=False)
    from civic.write.journal import ResumeMismatch

    with pytest.raises(ResumeMismatch):
        run_extract([str(src)], str(out), resume=True, quiet=True, pipeline=pipe)


def test_stdin_to_stdout(tmp_path):
    data = "\n".join(json.dumps(g, ensure_ascii=False) for g in GOOD[:2]) + "\n"
    proc = subprocess.run(
        [sys.executable, "-m", "civic.cli", "extract", "-", "-o", "-", "--model", "none", "--quiet",
         "--errors", str(tmp_path / "e.jsonl")],
        input=data.encode(), capture_output=True, check=True, cwd=tmp_path,
    )
    records = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [r["id"] for r in records] == ["g0", "g1"]


def test_quiet_stdout_run_names_counts_and_dead_letter_file(tmp_path):
    # issue 18 point 8: --quiet keeps the final counts line, and with -o - it says where dead letters go
    data = json.dumps({"id": "ok", "text": "Die Sprechstunde im Rathaus Pankow ist am 3. März."}) + "\n{kaputt\n"
    proc = subprocess.run(
        [sys.executable, "-m", "civic.cli", "extract", "-", "-o", "-", "--model", "none", "--quiet"],
        input=data.encode(), capture_output=True, check=True, cwd=tmp_path,
    )
    last = proc.stderr.decode().strip().splitlines()[-1]
    assert last.startswith("read 2, written 1, dead-lettered 1 -> -")
    assert last.endswith("; dead letters in civic.errors.jsonl")
    assert (tmp_path / "civic.errors.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_published_option_applies_where_missing(tmp_path, pipe):
    src = tmp_path / "a.txt"
    src.write_text("Die Anmeldung ist bis morgen möglich.", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    run_extract([str(src)], str(out), published="2024-03-05", quiet=True, pipeline=pipe)
    [record] = _lines(out)
    assert record["source"]["published"] == "2024-03-05"
    assert record["dates"][0]["value"] == "2024-03-06"


def test_errors_path_for():
    assert errors_path_for("out/news.jsonl") == "out/news.errors.jsonl"
