"""Train and evaluate the project's German NER pipeline (spaCy tok2vec + ner, labels PER/LOC/ORG).

Reproduce the shipped model (from the repo root, 2 CPU cores)::

    OMP_NUM_THREADS=2 .venv/bin/python -m civic.train.ner.train train \\
        --config models/configs/ner.cfg --out models/civic-ner-de
    .venv/bin/python -m civic.train.ner.train evaluate models/civic-ner-de data/ner/dev-germeval.spacy

``train`` converts the corpora first (see :mod:`civic.train.ner.data`) when ``data/ner`` is
missing or stale (inputs, weights, seed or the written sets changed). Per-source weights and the data
seed are read from the ``[ner_data]`` section of the config.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import spacy
from spacy.scorer import get_ner_prf
from spacy.tokens import DocBin
from spacy.training import Example
from threadpoolctl import threadpool_limits

from civic.models.store import write_manifest
from civic.train.ner import data as ner_data
from civic.train.ner import lexicon, pretrain, raw_text

REPO = Path(__file__).resolve().parents[3]
DEFAULT_DATA_DIR = Path("/work/shared/data")
DEFAULT_CORPUS_DIR = REPO / "data" / "ner"
DEFAULT_CIVIC = REPO / "corpus" / "ner"  # civic-ner*.txt and news-ner*.txt, see ner_data.written_files
KEEP_IN_MODEL_DIR = ("MODEL_CARD.md",)
MODEL_META = {
    "name": "civic_ner_de",
    "version": "0.4.0",  # 1.0.0 is kept for the model that meets the issue 16 targets
    "description": "German NER (PER/LOC/ORG) for civic-pipeline: blank 'de' tokenizer, tok2vec + ner, "
    "trained on GermEval 2014 TRAIN, Europeana Newspapers, SmartData v1, MobIE, German LER "
    "and the project-written civic and news sets, with lexicon and Brown-cluster features (static vectors). "
    "See MODEL_CARD.md.",
    "author": "civic-pipeline",
    "license": "see MODEL_CARD.md (training data: CC BY 4.0 / CC0; SmartData provenance caveat)",
    "sources": [
        {"name": "GermEval 2014 NER (NoSta-D), TRAIN split (DEV only for checkpoint choice)", "license": "CC BY 4.0"},
        {"name": "Europeana Newspapers NER corpora (enp_DE)", "license": "CC0 1.0"},
        {"name": "DFKI SmartData corpus v1 (train)", "license": "CC BY 4.0"},
        {"name": "DFKI MobIE (train)", "license": "CC BY 4.0"},
        {"name": "German LER (court files minus official dev/test)", "license": "CC BY 4.0"},
        {"name": "civic-pipeline written NER sets (corpus/ner/civic-ner.txt, news-ner-*.txt)", "license": "project"},
        {"name": "Faker person/address/company providers (lexicon features only)", "license": "MIT"},
        {"name": "spacy-lookups-data de_lexeme_cluster (Brown-cluster features only)", "license": "MIT"},
    ],
}


def _ner_data_settings(config: Path, overrides: dict | None = None) -> tuple[dict | None, dict | None, dict]:
    """The ``[ner_data]`` weights, filters and feature switches of a training config."""
    ov = {k: v for k, v in (overrides or {}).items() if k.startswith("ner_data.")}
    cfg = spacy.util.load_config(config, overrides=ov, interpolate=False)
    section = cfg.get("ner_data", {}) or {}
    return section.get("weights"), section.get("filters"), dict(section.get("features") or {})


def ensure_corpus(
    data_dir: Path,
    corpus_dir: Path,
    civic_file: Path | None,
    weights: dict | None,
    seed: int,
    filters: dict | None = None,
) -> dict:
    """Run :func:`ner_data.convert` unless ``corpus_dir`` already holds a conversion of the same inputs."""
    w = {**ner_data.DEFAULT_WEIGHTS, **(weights or {})}
    f = {**ner_data.DEFAULT_FILTERS, **(filters or {})}
    fp = ner_data.input_fingerprint(Path(data_dir), civic_file, w, seed, f)
    manifest = Path(corpus_dir) / "manifest.json"
    if manifest.exists():
        old = json.loads(manifest.read_text())
        if old.get("fingerprint") == fp and all((Path(corpus_dir) / n).exists() for n in old["files"].values()):
            return old
    return ner_data.convert(Path(data_dir), Path(corpus_dir), civic_file, w, seed, filters=f)


def ensure_raw_text(
    data_dir: Path, corpus_dir: Path, civic_file: Path | None, seed: int, filters: dict | None, fingerprint: str
) -> Path:
    """``<corpus_dir>/raw.jsonl`` for pretraining, rewritten when the conversion's inputs changed."""
    raw, meta = Path(corpus_dir) / "raw.jsonl", Path(corpus_dir) / "raw.json"
    if raw.exists() and meta.exists() and json.loads(meta.read_text()).get("fingerprint") == fingerprint:
        return raw
    counts = raw_text.write_raw_text(raw, data_dir, civic_file, seed, filters)
    meta.write_text(json.dumps({"fingerprint": fingerprint, **counts}, indent=1) + "\n")
    return raw


def train(
    data_dir: Path,
    out_dir: Path,
    config: Path,
    seed: int = 0,
    max_steps: int | None = None,
    *,
    corpus_dir: Path = DEFAULT_CORPUS_DIR,
    civic_file: Path | None = DEFAULT_CIVIC,
    work_dir: Path | None = None,
    overrides: dict | None = None,
) -> Path:
    """Convert the data if needed, build the lexicon vectors, train with spaCy and copy ``model-best``
    (chosen on ``dev-germeval``, the whole GermEval 2014 DEV file) to ``out_dir``.

    ``seed`` is used for the data shuffle and spaCy's ``system.seed``; ``max_steps`` overrides
    ``training.max_steps``. Returns ``out_dir``.
    """
    from spacy.cli.train import train as spacy_train

    config, out_dir, corpus_dir = Path(config), Path(out_dir), Path(corpus_dir)
    weights, filters, features = _ner_data_settings(config, overrides)
    manifest = ensure_corpus(Path(data_dir), corpus_dir, civic_file, weights, seed, filters)
    vectors_dir = corpus_dir / "lexicon-vectors"
    lor_csv = Path(data_dir) / "berlin_places" / "berlin_lor_names.csv"
    lexicon.write_vectors(vectors_dir, lor_csv, clusters=bool(features.get("clusters", False)))
    ov = {
        "paths.train": str(corpus_dir / "train.spacy"),
        "paths.dev": str(corpus_dir / "dev-germeval.spacy"),
        "paths.vectors": str(vectors_dir),
        "system.seed": seed,
    }
    if max_steps is not None:
        ov["training.max_steps"] = max_steps
    ov.update(overrides or {})
    if pretrain.epochs(config, ov) > 0:
        raw = ensure_raw_text(Path(data_dir), corpus_dir, civic_file, seed, filters, manifest["fingerprint"])
        ov["paths.init_tok2vec"] = str(
            pretrain.pretrained_tok2vec(config, ov, raw, vectors_dir, corpus_dir / "pretrain")
        )
    work_dir = Path(work_dir) if work_dir else corpus_dir / "runs" / f"{config.stem}-seed{seed}"
    if work_dir.exists():
        shutil.rmtree(work_dir)
    # the BLAS/OpenMP threads spaCy trains with: $OMP_NUM_THREADS, else the 2 cores of the target machine
    with threadpool_limits(int(os.environ.get("OMP_NUM_THREADS", "2"))):
        spacy_train(config, work_dir, overrides=ov)
    # model-best is chosen on the whole GermEval DEV file (dev-germeval), which is never trained on
    best = work_dir / "model-best"
    out_dir.mkdir(parents=True, exist_ok=True)
    for p in out_dir.iterdir():
        if p.name in KEEP_IN_MODEL_DIR:
            continue
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    shutil.copytree(best, out_dir, dirs_exist_ok=True)
    update_meta(out_dir)
    write_manifest(out_dir)  # shipped models carry a MANIFEST.sha256 that loading verifies
    return out_dir


def update_meta(model_dir: Path) -> None:
    """Name, version, description and data sources in the copied pipeline's meta.json."""
    path = Path(model_dir) / "meta.json"
    meta = json.loads(path.read_text())
    meta.update(MODEL_META)
    path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")


def load_gold(path: Path, vocab) -> list:
    """Gold docs from a DocBin (``.spacy``) or a GermEval-TSV / CoNLL file (optionally gzipped)."""
    path = Path(path)
    if path.suffix == ".spacy":
        return list(DocBin().from_disk(path).get_docs(vocab))
    return [s.to_doc(vocab) for s in ner_data.read_tagged_file(path)]


def evaluate(model_path, docbin_or_conll_path, batch_size: int = 256) -> dict:
    """Per-label and micro P/R/F1 of a pipeline on gold data, plus words/s of ``nlp.pipe``.

    Predictions are made on the gold text re-tokenised by the pipeline (as at run time) and aligned
    to the gold tokens; predictions on tokens whose gold annotation is missing are not counted.
    """
    nlp = spacy.load(model_path) if not isinstance(model_path, spacy.language.Language) else model_path
    gold = load_gold(docbin_or_conll_path, nlp.vocab)
    texts = [d.text for d in gold]
    t0 = time.perf_counter()
    preds = list(nlp.pipe(texts, batch_size=batch_size))
    secs = time.perf_counter() - t0
    examples = [Example(p, g) for p, g in zip(preds, gold, strict=True)]
    prf = get_ner_prf(examples)
    n_words = sum(len(p) for p in preds)
    per_label = {}
    for lab in ner_data.LABELS:
        s = (prf.get("ents_per_type") or {}).get(lab, {"p": 0.0, "r": 0.0, "f": 0.0})
        per_label[lab] = {k: round(float(s[k]), 4) for k in ("p", "r", "f")}
    support = {lab: sum(1 for g in gold for e in g.ents if e.label_ == lab) for lab in ner_data.LABELS}
    return {
        "path": str(docbin_or_conll_path),
        "docs": len(gold),
        "words": n_words,
        "support": support,
        "micro": {k: round(float(prf.get(f"ents_{k}", 0.0) or 0.0), 4) for k in ("p", "r", "f")},
        "per_label": per_label,
        "seconds": round(secs, 3),
        "words_per_second": round(n_words / secs) if secs else None,
    }


def format_table(results: dict[str, dict]) -> str:
    """Markdown table: one row per (eval set, label)."""
    rows = ["| eval set | label | P | R | F1 | gold spans |", "|---|---|---|---|---|---|"]
    for name, r in results.items():
        for lab in ner_data.LABELS:
            s = r["per_label"][lab]
            rows.append(f"| {name} | {lab} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} | {r['support'][lab]} |")
        m, n = r["micro"], sum(r["support"].values())
        rows.append(f"| {name} | **micro** | {m['p']:.3f} | {m['r']:.3f} | **{m['f']:.3f}** | {n} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Train / evaluate the German NER pipeline.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    t.add_argument("--out", type=Path, default=REPO / "models" / "civic-ner-de")
    t.add_argument("--config", type=Path, default=REPO / "models" / "configs" / "ner.cfg")
    t.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR)
    t.add_argument("--civic-file", type=Path, default=DEFAULT_CIVIC)
    t.add_argument("--work-dir", type=Path, default=None)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--max-steps", type=int, default=None)
    t.add_argument("--set", action="append", default=[], help="config override KEY=JSON_VALUE")
    e = sub.add_parser("evaluate")
    e.add_argument("model", type=Path)
    e.add_argument("paths", type=Path, nargs="+")
    e.add_argument("--json", action="store_true")
    e.add_argument("--repairs", action="store_true", help="add the span repairs (components/entity_spans.py)")
    args = ap.parse_args(argv)
    if args.cmd == "train":
        overrides = {}
        for kv in args.set:
            k, v = kv.split("=", 1)
            try:
                overrides[k] = json.loads(v)
            except json.JSONDecodeError:
                overrides[k] = v
        out = train(
            args.data_dir, args.out, args.config, args.seed, args.max_steps,
            corpus_dir=args.corpus_dir, civic_file=args.civic_file, work_dir=args.work_dir,
            overrides=overrides,
        )  # fmt: skip
        print(out)
    else:
        nlp = spacy.load(args.model)
        if args.repairs:
            from civic.analyse.nlp import register_components

            register_components()

            nlp.add_pipe("civic_entity_spans")
        results = {p.name: evaluate(nlp, p) for p in args.paths}
        print(json.dumps(results, indent=1) if args.json else format_table(results))
        for name, r in results.items():
            print(f"{name}: {r['words']} words, {r['words_per_second']} words/s")


if __name__ == "__main__":
    main()
