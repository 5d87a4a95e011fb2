"""spaCy entry points: every civic factory is registered in pyproject.toml and loads in a fresh process."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
GROUP = "spacy_factories"


def _entry_points() -> dict[str, str]:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["entry-points"][GROUP]


def test_every_component_factory_has_an_entry_point():
    from civic.analyse.nlp import COMPONENT_MODULES, register_components

    register_components()
    points = _entry_points()
    civic_factories = {name for name in Language.factories if name.startswith("civic_")}
    assert set(points) == civic_factories and len(points) == len(COMPONENT_MODULES)
    for name, target in points.items():
        module, _, attr = target.partition(":")
        assert callable(getattr(importlib.import_module(module), attr)), target
        assert Language.get_factory_meta(name).factory == name


def _installed_like(tmp_path: Path) -> Path:
    """A dist-info with the pyproject's entry points, as `pip install` would write it."""
    info = tmp_path / "civic_pipeline_ep-0.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: civic-pipeline-ep\nVersion: 0.0.0\n")
    lines = [f"[{GROUP}]"] + [f"{name} = {target}" for name, target in _entry_points().items()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    return tmp_path


def test_add_pipe_without_importing_civic(tmp_path):
    """The README's example in a fresh process whose code never imports civic: spaCy finds the
    factories through the entry points alone."""
    code = (
        "import json, spacy\n"
        "nlp = spacy.blank('de')\n"
        "nlp.add_pipe('civic_dates')\n"
        "nlp.add_pipe('civic_deadlines')\n"
        "nlp.add_pipe('civic_districts')\n"
        "doc = nlp('Anträge können bis zum 12. Dezember 2026 beim Bezirksamt Pankow gestellt werden.')\n"
        "print(json.dumps({'dates': [d['value'] for d in doc._.dates],"
        " 'deadlines': [d['date'] for d in doc._.deadlines], 'districts': [d['name'] for d in doc._.districts]}))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(_installed_like(tmp_path)), str(ROOT)])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                          check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"dates": ["2026-12-12"], "deadlines": ["2026-12-12"],
                      "districts": ["Pankow"]}


def test_readme_example_prints_what_it_says(tmp_path):
    """The README's spaCy example, as written, in a fresh process: it prints what its comment says."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Our components in your spaCy pipeline", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)
    expected = re.search(r"print\(.*\)\s+# (.*)", code).group(1)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(_installed_like(tmp_path)), str(ROOT)])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                          check=True)
    assert done.stdout.strip() == expected
