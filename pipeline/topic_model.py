"""The topic classifier: TF-IDF over words and character n-grams, one calibrated linear model
per label, per-label thresholds, 1–3 labels per article (record.md, topics.md).

Persisted with skops (no pickle): `model.skops` plus `meta.json` (labels, thresholds, version);
loading checks the sha256 manifest and that the file contains only the expected scikit-learn types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TOPIC_LABELS = ("beteiligung", "verkehr", "bauen", "bildung", "soziales", "gesundheit",
                "umwelt", "kultur", "sport", "sicherheit", "politik", "wirtschaft")
MAX_LABELS = 3


def build_estimator(seed: int = 0):
    """The scikit-learn pipeline; word n-grams carry topic words, character n-grams the parts of
    German compounds (Stadtteilbudget, Radverkehrsanlage)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(lowercase=True, ngram_range=(1, 2), min_df=1, sublinear_tf=True,
                                  max_features=60000)),
        ("chars", TfidfVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(3, 5), min_df=2,
                                  sublinear_tf=True, max_features=120000)),
    ])
    base = LogisticRegression(C=8.0, max_iter=2000, class_weight="balanced", random_state=seed)
    classifier = OneVsRestClassifier(CalibratedClassifierCV(base, method="sigmoid", cv=3))
    return Pipeline([("features", features), ("classifier", classifier)])


def select_labels(scores: np.ndarray, thresholds: np.ndarray, labels=TOPIC_LABELS) -> list[dict]:
    """Labels at or above their threshold, best first, at most three, at least the best one."""
    order = np.argsort(-scores)
    chosen = [i for i in order if scores[i] >= thresholds[i]][:MAX_LABELS] or [int(order[0])]
    return [{"label": labels[i], "score": round(float(scores[i]), 4)} for i in chosen]


@dataclass
class TopicModel:
    estimator: object
    thresholds: np.ndarray
    version: str = "0"
    labels: tuple[str, ...] = TOPIC_LABELS

    def scores(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.estimator.predict_proba(texts))

    def predict(self, texts: list[str]) -> list[list[dict]]:
        return [select_labels(row, self.thresholds, self.labels) for row in self.scores(texts)]

    def save(self, folder: Path) -> None:
        import skops.io as sio

        from .models import write_manifest

        folder.mkdir(parents=True, exist_ok=True)
        sio.dump(self.estimator, folder / "model.skops")
        meta = {"labels": list(self.labels), "thresholds": [float(t) for t in self.thresholds],
                "version": self.version}
        (folder / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        write_manifest(folder)

    @classmethod
    def load(cls, folder: Path) -> TopicModel:
        import skops.io as sio

        from .models import ModelError, verify_manifest

        verify_manifest(folder)
        path = folder / "model.skops"
        untrusted = sio.get_untrusted_types(file=path)
        unexpected = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy."))]
        if unexpected:
            raise ModelError(f"{path} contains unexpected types {unexpected}; refusing to load")
        estimator = sio.load(path, trusted=untrusted)
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        return cls(estimator=estimator, thresholds=np.asarray(meta["thresholds"]),
                   version=meta.get("version", "0"), labels=tuple(meta["labels"]))
