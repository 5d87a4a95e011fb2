"""Unlabelled text for pretraining the NER model's tok2vec layer (``spacy pretrain``).

Why: the annotated sentences are few, but the same sources hold far more text whose labels we drop
or filter (Europeana chunks without entities, long or entity-less court sentences). Pretraining the
token encoder on all of it, with spaCy's character objective (guess the first and last letters of a
word from its context), teaches the encoder German context before the NER training starts.

What goes in: the words of every source's *train* side, read with the conversion's own readers
(:func:`civic.train.ner.data.load_sources`) but without the filters that only serve labelling
(Europeana's entity-less chunks and LER's entity-less or long sentences are kept; Europeana's
OCR-noise filter stays). Never the GermEval DEV file (our evaluation set), no dev split of any
source, no entity-swapped copies. One line per sentence, duplicates dropped, shuffled with the seed,
written as ``{"text": ...}`` JSON lines for spaCy's ``JsonlCorpus`` reader.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from civic.train.ner import data as ner_data

# load_sources filters that keep every sentence of a source's train side (labels are not used)
KEEP_ALL = {
    "europeana_empty_frac": 1.0,
    "ler_empty_frac": 1.0,
    "ler_max_len": 10**9,
    "swap_variants": 0,
    "swap_lexicon_share": 0.0,
}


def raw_texts(data_dir: Path, civic_file: Path | None, seed: int = 0, filters: dict | None = None) -> list[str]:
    """Distinct train-side sentences of all sources as plain text, in a seeded random order."""
    f = {**ner_data.DEFAULT_FILTERS, **(filters or {}), **KEEP_ALL}
    data, _ = ner_data.load_sources(Path(data_dir), civic_file, seed, f)
    texts = [
        "".join(w + (" " if ws else "") for w, ws in zip(s.words, s.spaces, strict=True)).strip()
        for name in ner_data.SOURCES
        if name != "swap"
        for s in data.get(name, {}).get("train", [])
    ]
    texts = list(dict.fromkeys(t for t in texts if t))
    random.Random(f"raw-{seed}").shuffle(texts)
    return texts


def write_raw_text(
    out_path: Path, data_dir: Path, civic_file: Path | None, seed: int = 0, filters: dict | None = None
) -> dict:
    """Write :func:`raw_texts` as JSON lines (atomically); returns sentence and word counts."""
    texts = raw_texts(data_dir, civic_file, seed, filters)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for t in texts:
            fh.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
    tmp.replace(out_path)
    return {"sentences": len(texts), "words": sum(len(t.split()) for t in texts)}
