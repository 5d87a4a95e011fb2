"""Issue 18 point 4: every command fails with `civic: message` and exit code 2, no traceback;
`--debug` shows the traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT, SAMPLE


def _civic(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "civic.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}, timeout=120)


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    (folder / "list.jsonl").write_text('[1, 2]\n', encoding="utf-8")
    (folder / "broken.jsonl").write_text('{kaputt\n', encoding="utf-8")
    return folder


@pytest.mark.parametrize("args, words", [
    (("deadlines", "out/nope.jsonl"), "nope.jsonl"),
    (("summary", "out/nope.jsonl"), "nope.jsonl"),
    (("db", "out/nope.jsonl", "{tmp}/x.db"), "nope.jsonl"),
    (("deadlines", "{tmp}/list.jsonl"), "not a record"),
    (("summary", "{tmp}/broken.jsonl"), "not a JSON line"),
    (("deadlines", str(SAMPLE / "input" / "news-a.jsonl")), "input file"),
    (("deadlines", "{tmp}/list.jsonl", "--format", "xml"), "unknown format 'xml'"),
    (("extract", "nope/", "-o", "{tmp}/o.jsonl"), "nope"),
])
def test_errors_are_one_line_with_exit_code_2(bad_files, args, words):
    result = _civic(*(a.format(tmp=bad_files) for a in args))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("civic: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert words in result.stderr


def test_debug_shows_the_traceback():
    result = _civic("summary", "out/nope.jsonl", "--debug")
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "RecordFileError" in result.stderr
