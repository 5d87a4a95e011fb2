"""Build the one spaCy Language that carries all annotations.

Tokenizer and NER come from a trained pipeline (ours in `models/civic-ner-de`, or any installed
spaCy pipeline such as `de_core_news_sm` given by name); without one, a blank German tokenizer.
The civic components follow in the order and with the settings of `resources/pipeline.cfg`.
"""

from __future__ import annotations

import importlib
import logging

import spacy
from spacy.language import Language
from thinc.api import Config

from civic.analyse.glued_words import split_glued_words
from civic.models.info import ner_model_info, topic_model_info
from civic.models.store import DEFAULT_NER, DEFAULT_TOPICS, ModelError, resolve, verify_manifest
from civic.resource_files import open_resource

log = logging.getLogger(__name__)
NER_KEEP = ("tok2vec", "ner")
# The modules whose `@Language.factory` registrations the pipeline config refers to.
COMPONENT_MODULES = ("entity_spans", "dates", "deadlines", "districts", "areas", "people", "topics")


def register_components() -> None:
    """Import every component module, so that spaCy knows their factories (`civic_dates`, …)."""
    for module in COMPONENT_MODULES:
        importlib.import_module(f"civic.analyse.components.{module}")


def load_ner(model: str | None) -> Language:
    """The tokenizer+NER part. `model`: a folder, a name in models/, an installed package name,
    or "none"/None for a blank German tokenizer without NER."""
    if not model or model == "none":
        return split_glued_words(spacy.blank("de"))
    path = resolve(model)
    if path is not None:
        if (path / "MANIFEST.sha256").exists() or path.name == DEFAULT_NER:
            verify_manifest(path)
        nlp = spacy.load(path)
    else:
        try:
            nlp = spacy.load(model)
        except OSError as exc:
            raise ModelError(f"NER model {model!r} is neither a folder, a model in models/, "
                             f"nor an installed spaCy package: {exc}") from None
    for name in list(nlp.pipe_names):
        if name not in NER_KEEP:
            nlp.remove_pipe(name)
    return split_glued_words(nlp)


def default_ner() -> str:
    """Our shipped NER when it is there, else none (blank tokenizer; people from rules only)."""
    return DEFAULT_NER if resolve(DEFAULT_NER) is not None else "none"


def default_topics() -> str | None:
    path = resolve(DEFAULT_TOPICS)
    return str(path) if path is not None else None


def build_nlp(ner: str | None = "default", topics: str | None = "default",
              overrides: dict | None = None) -> Language:
    """The full pipeline. `overrides` maps `component.setting` to a value, e.g.
    {"civic_people.use_rules": False} to measure the NER model alone."""
    if ner == "default":
        ner = default_ner()
    if topics == "default":
        topics = default_topics()
    register_components()
    nlp = load_ner(ner)
    with open_resource("pipeline.cfg") as fh:
        config = Config().from_str(fh.read())
    for name in config["nlp"]["pipeline"]:
        settings = dict(config["components"][name])
        factory = settings.pop("factory")
        if name == "civic_topics":
            settings["model_path"] = topics
        for key, value in (overrides or {}).items():
            component, _, setting = key.partition(".")
            if component == name:
                settings[setting] = value
        nlp.add_pipe(factory, name=name, config=settings)
    ner_source = resolve(ner) if ner and ner != "none" else None
    topic_model = getattr(nlp.get_pipe("civic_topics"), "model", None)
    nlp.meta["civic"] = {
        "ner_model": ner_model_info(nlp.meta, ner_source or ner, "ner" in nlp.pipe_names).label,
        "topic_model": topic_model_info(topics, topic_model.version if topic_model else None).label,
    }
    return nlp
