"""What a loaded model is called: the one place that names models for records and reports.

A record's `meta` says which models made it (`civic-ner-de 0.3.0`, `de_core_news_sm 3.8.0`,
`none`), so that records from different model versions can be told apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ModelInfo:
    """A model's name (its folder's name, or the installed package's name) and version."""

    name: str
    version: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}".strip()


NO_MODEL = ModelInfo("none")


def ner_model_info(meta: dict, source: str | Path | None, has_ner: bool) -> ModelInfo:
    """The NER part: a model folder is named by the folder (`civic-ner-de`), an installed spaCy
    package by its package name (`de_core_news_sm`), from spaCy's `meta`."""
    if not has_ner or not source:
        return NO_MODEL
    path = Path(source)
    name = path.name if path.is_dir() else f"{meta.get('lang', 'de')}_{meta.get('name', source)}"
    return ModelInfo(name, str(meta.get("version", "")))


def topic_model_info(folder: str | Path | None, version: str | None) -> ModelInfo:
    """The topic classifier: its folder's name and the version recorded in its meta.json."""
    if not folder or version is None:
        return NO_MODEL
    return ModelInfo(Path(folder).name, version)
