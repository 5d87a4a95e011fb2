"""Pretrain the NER config's tok2vec layer on raw text, once per set of inputs.

Runs spaCy's ``pretrain`` with the ``[pretraining]`` section of the training config (character
objective: predict a word's first and last letters from its context) over the text of
:mod:`civic.train.ner.raw_text`, and hands the weights of the last epoch to the NER training as
``paths.init_tok2vec``. A config without ``[pretraining]`` (or with ``max_epochs = 0``) skips it.

The weights are cached under ``<corpus_dir>/pretrain/<key>/``; the key hashes everything they depend
on (the raw text, the static-vector table, the tok2vec and pretraining config sections, the seed and
the spaCy version), so a second ``civic train ner`` with the same inputs reuses them and any change
pretrains again.

Why the callback below: ``spacy pretrain`` builds the pipeline without running ``[initialize]``, so
the static vectors (our lexicon and cluster table, which the tok2vec reads) would be missing. The
``civic.static_vectors.v1`` callback loads them right after the pipeline is created.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training.initialize import load_vectors_into_model


@spacy.registry.callbacks("civic.static_vectors.v1")
def static_vectors(path: str) -> Callable[[Language], Language]:
    """``after_pipeline_creation`` callback that loads the static-vector table from ``path``."""

    def load(nlp: Language) -> Language:
        load_vectors_into_model(nlp, path)
        return nlp

    return load


def _file_digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        with p.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def epochs(config: Path, overrides: dict | None = None) -> int:
    """``pretraining.max_epochs`` of a config, 0 when it has no ``[pretraining]`` section."""
    cfg = spacy.util.load_config(config, overrides=overrides or {}, interpolate=False)
    return int((cfg.get("pretraining") or {}).get("max_epochs") or 0)


def cache_key(config: Path, overrides: dict | None, raw_text: Path, vectors_dir: Path) -> str:
    """Hash of the inputs the pretrained weights depend on."""
    cfg = spacy.util.load_config(config, overrides=overrides or {}, interpolate=False)
    parts = {
        "tok2vec": cfg["components"]["tok2vec"],
        "pretraining": cfg["pretraining"],
        "corpus": cfg["corpora"].get("pretrain"),
        "seed": cfg["system"]["seed"],
        "spacy": spacy.__version__,
        "raw": _file_digest([Path(raw_text)]),
        "vectors": _file_digest([p for p in Path(vectors_dir).iterdir() if p.is_file()]),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def pretrained_tok2vec(
    config: Path, overrides: dict | None, raw_text: Path, vectors_dir: Path, cache_dir: Path
) -> Path | None:
    """Path of the pretrained tok2vec weights for this config and these inputs (pretraining first if
    they are not cached), or None when the config does not ask for pretraining."""
    from spacy.training.pretrain import pretrain

    n = epochs(config, overrides)
    if n <= 0:
        return None
    key = cache_key(config, overrides, raw_text, vectors_dir)
    out = Path(cache_dir) / key
    weights = out / f"model{n - 1}.bin"
    if weights.exists():
        return weights
    ov = {**(overrides or {}), "paths.raw_text": str(raw_text), "paths.vectors": str(vectors_dir)}
    cfg = spacy.util.load_config(config, overrides=ov, interpolate=False)
    cfg["nlp"]["after_pipeline_creation"] = {"@callbacks": "civic.static_vectors.v1", "path": str(vectors_dir)}
    tmp = out.with_name(key + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    pretrain(cfg.interpolate(), tmp, silent=False)
    tmp.replace(out)
    return weights
