"""Shared fixtures: repository paths, the loaded pipeline (once per session), ../shared."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample"
TEST_SET = ROOT / "corpus" / "test"
CASES = Path(__file__).resolve().parent / "cases"
SHARED = ROOT.parent / "shared"


def read_cases(name: str) -> list[dict]:
    with open(CASES / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="session")
def pipe():
    """The full default pipeline (shipped NER and topic model when present)."""
    from civic.api import load

    return load()


@pytest.fixture(scope="session")
def rules_nlp():
    """Only the rule components on a blank tokenizer: fast, no models."""
    from civic.analyse.nlp import build_nlp

    return build_nlp(ner="none", topics=None)


def _records(pipe, folder: Path) -> list[dict]:
    from civic.read.inputs import read_inputs

    return [r for r in pipe.stream(read_inputs([str(folder / "input")])) if isinstance(r, dict)]


def _texts(folder: Path) -> dict[str, str]:
    from civic.evaluate.gold import input_texts

    return input_texts(folder / "input")


@pytest.fixture(scope="session")
def sample_records(pipe):
    """Records of the whole sample corpus, run once."""
    return _records(pipe, SAMPLE)


@pytest.fixture(scope="session")
def sample_texts():
    return _texts(SAMPLE)


@pytest.fixture(scope="session")
def test_set_records(pipe):
    """Records of the held-out test corpus (corpus/test), run once."""
    return _records(pipe, TEST_SET)


@pytest.fixture(scope="session")
def test_set_texts():
    return _texts(TEST_SET)


def needs_shared(sub: str = "") -> pytest.MarkDecorator:
    path = SHARED / sub
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not present (only in CI / developer checkouts)")


@pytest.fixture(scope="session")
def events_records(pipe):
    """Records of corpus/events (36 written articles), run once by the default pipeline."""
    from civic.read.inputs import read_inputs

    return [r for r in pipe.stream(read_inputs([str(ROOT / "corpus" / "events" / "input.jsonl")]))
            if isinstance(r, dict)]


@pytest.fixture(scope="session")
def events_file(tmp_path_factory, events_records):
    """The events corpus's records as a JSONL file, for `civic db` and `civic deadlines`."""
    import json

    path = tmp_path_factory.mktemp("events") / "events.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in events_records), encoding="utf-8")
    return path
