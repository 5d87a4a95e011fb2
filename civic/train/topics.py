"""Reproducible training and evaluation of the topic classifier from `corpus/topics/`.

Split (documented in corpus/topics/README.md): an article is held out for testing when the
first byte of sha1(id) is below 52 (about 20%); the split never depends on file order.
Per-label thresholds are chosen on 5-fold cross-validated probabilities of the training part
(the threshold that maximises that label's F1). The shipped model is then fitted on all
articles; the held-out figures come from the model fitted on the training part only.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import numpy as np
import orjson

from civic.analyse.components.topics import (
    TOPIC_LABELS,
    TopicModel,
    build_features,
    build_label_classifier,
    select_labels,
)
from civic.evaluate.metrics import Score

SEED = 0
HOLDOUT_CUT = 52  # of 256: about 20 %


def read_corpus(folder: Path) -> list[dict]:
    """All labelled articles of `folder/*.jsonl`, sorted by id (file order never matters)."""
    articles = []
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, "rb") as fh:
            articles += [orjson.loads(line) for line in fh if line.strip()]
    return sorted(articles, key=lambda a: a["id"])


def article_text(article: dict) -> str:
    """Title and text, the way the pipeline sees an article body (title line first)."""
    title = article.get("title") or ""
    return f"{title}\n\n{article['text']}" if title else article["text"]


def is_heldout(article_id: str) -> bool:
    return hashlib.sha1(article_id.encode("utf-8")).digest()[0] < HOLDOUT_CUT


def binarize(articles: list[dict]) -> np.ndarray:
    index = {label: i for i, label in enumerate(TOPIC_LABELS)}
    y = np.zeros((len(articles), len(TOPIC_LABELS)), dtype=int)
    for row, article in enumerate(articles):
        for label in article["labels"]:
            y[row, index[label]] = 1
    return y


def choose_thresholds(y: np.ndarray, proba: np.ndarray) -> np.ndarray:
    """Per label, the threshold in 0.05…0.90 with the best F1 on cross-validated probabilities."""
    grid = np.arange(0.05, 0.91, 0.025)
    thresholds = np.full(y.shape[1], 0.5)
    for j in range(y.shape[1]):
        best = (-1.0, 0.5)
        for t in grid:
            pred = proba[:, j] >= t
            score = Score(tp=int((pred & (y[:, j] == 1)).sum()), fp=int((pred & (y[:, j] == 0)).sum()),
                          fn=int((~pred & (y[:, j] == 1)).sum()))
            f1 = score.f1 if score.tp else 0.0
            if f1 > best[0] + 1e-9:
                best = (f1, float(t))
        thresholds[j] = best[1]
    return thresholds


def primary_index(articles: list[dict]) -> np.ndarray:
    """Index of each article's first (primary) label: what the folds are stratified on."""
    return np.asarray([TOPIC_LABELS.index(a["labels"][0]) for a in articles])


def cv_proba(texts: list[str], y: np.ndarray, primary: np.ndarray, folds: int = 5) -> np.ndarray:
    """Out-of-fold label probabilities (folds stratified on the primary label)."""
    from sklearn.model_selection import StratifiedKFold

    proba = np.zeros(y.shape, dtype=float)
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=SEED).split(texts, primary):
        features = build_features()
        x_train = features.fit_transform([texts[i] for i in train_idx])
        x_test = features.transform([texts[i] for i in test_idx])
        proba[test_idx] = build_label_classifier(SEED).fit(x_train, y[train_idx]).predict_proba(x_test)
    return proba


def fit(texts: list[str], y: np.ndarray, primary: np.ndarray, version: str, folds: int = 3) -> TopicModel:
    """Thresholds from `folds`-fold out-of-fold probabilities, then one fit on all `texts`.
    The primary label is the top score at prediction time; `primary` only stratifies the folds."""
    proba = cv_proba(texts, y, primary, folds=folds)
    features = build_features()
    x = features.fit_transform(texts)
    return TopicModel(features, build_label_classifier(SEED).fit(x, y), choose_thresholds(y, proba),
                      version=version)


def label_metrics(gold: list[list[str]], predicted: list[list[str]]) -> dict:
    """Per-label P/R/F1, micro and macro F1, primary accuracy, most confused primary pairs."""
    per = {}
    total = Score()
    for label in TOPIC_LABELS:
        score = Score()
        for g, p in zip(gold, predicted, strict=True):
            score.add("", {label} & set(g), {label} & set(p))
        per[label] = {"p": score.precision, "r": score.recall, "f1": score.f1 if score.tp else 0.0,
                      "support": score.tp + score.fn}
        total += score
    micro = total.f1 if total.tp else 0.0
    macro = float(np.mean([v["f1"] for v in per.values() if v["support"]]))
    primary = float(np.mean([g[0] == p[0] for g, p in zip(gold, predicted, strict=True)]))
    confused = Counter((g[0], p[0]) for g, p in zip(gold, predicted, strict=True) if g[0] != p[0])
    return {"per_label": per, "micro_f1": micro, "macro_f1": macro, "primary_accuracy": primary,
            "confused": confused.most_common(3), "n": len(gold)}


def evaluate(corpus: Path) -> dict:
    """Held-out split scores and 5-fold cross-validation scores over the whole corpus."""
    articles = read_corpus(corpus)
    texts = [article_text(a) for a in articles]
    y = binarize(articles)
    train_idx = [i for i, a in enumerate(articles) if not is_heldout(a["id"])]
    test_idx = [i for i, a in enumerate(articles) if is_heldout(a["id"])]
    primary = primary_index(articles)
    model = fit([texts[i] for i in train_idx], y[train_idx], primary[train_idx], version="heldout")
    predicted = [[t["label"] for t in topics] for topics in model.predict([texts[i] for i in test_idx])]
    heldout = label_metrics([articles[i]["labels"] for i in test_idx], predicted)
    proba = cv_proba(texts, y, primary)
    thresholds = choose_thresholds(y, proba)
    cv_pred = [[t["label"] for t in select_labels(row, thresholds)] for row in proba]
    cv = label_metrics([a["labels"] for a in articles], cv_pred)
    return {"heldout": heldout, "cv5": cv, "train_size": len(train_idx), "test_size": len(test_idx)}


def train(corpus: Path, out: Path) -> TopicModel:
    """Fit on all articles and save to `out` (skops + meta.json + manifest)."""
    articles = read_corpus(corpus)
    digest = hashlib.sha256(b"".join(orjson.dumps(a) for a in articles)).hexdigest()[:12]
    model = fit([article_text(a) for a in articles], binarize(articles), primary_index(articles),
                version=f"corpus-{digest}")
    model.save(out)
    return model


def format_metrics(name: str, m: dict) -> str:
    lines = [f"{name} (n={m['n']}): micro F1 {m['micro_f1']:.3f}, macro F1 {m['macro_f1']:.3f}, "
             f"primary accuracy {m['primary_accuracy']:.3f}",
             f"  {'label':<12} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}"]
    for label, v in m["per_label"].items():
        lines.append(f"  {label:<12} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f} {v['support']:4d}")
    if m["confused"]:
        lines.append("  most confused (gold -> predicted primary): "
                     + ", ".join(f"{g}->{p} ×{n}" for (g, p), n in m["confused"]))
    return "\n".join(lines)
