"""Issue 18 point 2: the README's shell commands run as written, on the sample.

Every line of every ```bash block is either run (in a scratch folder that sees the repository's
.venv, corpus and models, so nothing is written into the checkout) or skipped for a reason named
in SKIPS. A README that cannot be pasted is a bug.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from .conftest import ROOT

# command prefix -> why it is not run here
SKIPS = {
    "make demo": "runs the three commands below it, which are run one by one (and creates .venv)",
    "make test": "is this test suite",
    ".venv/bin/civic extract news.jsonl": "example inputs news.jsonl, more/, page.html are placeholders",
    ".venv/bin/civic extract scraped.txt": "example input scraped.txt is a placeholder",
    ".venv/bin/civic extract big.jsonl": "example input big.jsonl(.gz) is a placeholder",
    ".venv/bin/civic summary out/news.jsonl": "reads the placeholder run's output",
    ".venv/bin/civic deadlines out/news.jsonl": "reads the placeholder run's output",
    ".venv/bin/civic export out/news.jsonl": "reads the placeholder run's output",
    ".venv/bin/civic extract crawl.warc.gz": "placeholder archive (tests/test_archives_feeds.py writes real ones)",
    ".venv/bin/civic extract pankow.rss": "placeholder feeds (tests/test_archives_feeds.py writes real ones)",
    ".venv/bin/pip install -e '.[parquet]'": "installs into the user's venv (make test installs the dev extra)",
    ".venv/bin/civic merge": "needs the parts of a --dask run on shared storage",
    ".venv/bin/civic train": "takes minutes (topics) or needs ../shared/data (ner)",
    ".venv/bin/civic evaluate topics": "takes minutes; its figures are in the topic model card",
    ".venv/bin/civic evaluate ner": "needs ../shared/data",
    ".venv/bin/civic evaluate body": "needs the restored real pages (corpus/body/README.md); "
                                     "tests/test_evaluate_body.py runs it on written pages",
    ".venv/bin/pip install -e '.[train]'": "installs packages",
    ".venv/bin/pip install -e '.[notebooks]'": "installs packages (JupyterLab) into the user's venv",
    ".venv/bin/jupyter lab": "opens a browser; tests/test_notebooks.py executes the notebooks",
}
# The Datasette line starts a server; it runs as written with `--get /civic/documents.json`
# appended, which makes Datasette answer one request and exit.
SERVE = "--get /civic/documents.json"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line and not line.startswith("#"):
                lines.append(line)
    return lines


def _skip_reason(command: str) -> str | None:
    return next((why for prefix, why in SKIPS.items() if command.startswith(prefix)), None)


def test_every_readme_command_is_run_or_skipped_by_name():
    commands = readme_commands()
    assert len(commands) > 15
    for prefix in SKIPS:
        assert any(c.startswith(prefix) for c in commands), f"stale skip: {prefix}"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readme")
    for name in (".venv", "corpus", "models"):
        os.symlink(ROOT / name, folder / name)
    return folder


def _run(command: str, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "civic").exists(), reason="no .venv (make test creates it)")
def test_readme_commands_run_as_written(scratch):
    # make demo's own commands first: they write out/sample.jsonl, which the journalist section reads
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = [line.strip().replace("$(BIN)", ".venv/bin").replace("$(DEMO_DATE)", "2026-11-25")
            for line in makefile.split("\ndemo:")[1].split("\n\n")[0].splitlines()[1:]]
    ran = []
    for command in demo + readme_commands():
        if _skip_reason(command):
            continue
        if "datasette" in command and "--immutable" in command:
            if shutil.which("datasette", path=str(ROOT / ".venv" / "bin")) is None:
                continue
            command = command.replace(".venv/bin/pip install datasette && ", "") + " " + SERVE
        result = _run(command, scratch)
        assert result.returncode == 0, f"README command failed: {command}\n{result.stderr[-2000:]}"
        ran.append(command)
    assert any("civic db" in c for c in ran) and any("datasette" in c for c in ran), ran
