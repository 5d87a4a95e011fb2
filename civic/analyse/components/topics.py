"""Topics: the scikit-learn classifier and the spaCy component that puts its labels on the Doc.

The classifier: TF-IDF over words and character n-grams, one calibrated linear model per label,
per-label thresholds, 1–3 labels per article in descending score order (record.md, topics.md).
The primary label is the best-scoring one: a separate primary classifier (shipped until model
corpus-8f20518c514f) lowered primary accuracy on real pages once the listing-page articles were
in the training set (models/civic-topics-de/MODEL_CARD.md). Persisted with skops (no pickle):
`model.skops` plus `meta.json` (labels, thresholds, version); loading checks the sha256 manifest
and that the file contains only the expected scikit-learn types. Training is in
`civic.train.topics`.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from civic.analyse.extensions import text_of

TOPIC_LABELS = ("beteiligung", "verkehr", "bauen", "bildung", "soziales", "gesundheit",
                "umwelt", "kultur", "sport", "sicherheit", "politik", "wirtschaft")
MAX_LABELS = 3
# A further label is kept when its score reaches its threshold or this share of the top score,
# whichever is lower: real pages (listings, newsletters) spread their scores over several labels
# that each stay below the thresholds tuned on single-topic articles. Measured in the model card.
DEFAULT_RELATIVE = 0.3


def build_features():
    """Word n-grams carry topic words, character n-grams the parts of German compounds
    (Stadtteilbudget, Radverkehrsanlage). Fitted once and shared by both classifiers."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion([
        ("words", TfidfVectorizer(lowercase=True, ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                  max_features=30000, dtype=np.float32)),
        ("chars", TfidfVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(3, 5), min_df=3,
                                  sublinear_tf=True, max_features=50000, dtype=np.float32)),
    ])


def _calibrated_svm(seed: int):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    # ensemble=False: one SVM fitted on all data, calibrated on cross-validated margins; keeps the
    # model small (one weight vector per label instead of one per fold)
    return CalibratedClassifierCV(LinearSVC(C=0.5, class_weight="balanced", random_state=seed),
                                  method="sigmoid", cv=3, ensemble=False)


def slim(estimator) -> None:
    """Drop what prediction does not need before saving: the vectorizers' pruned-term sets
    (`stop_words_`, most of the file size) and float64 weights (kept as float32)."""
    for _, vectorizer in getattr(estimator, "transformer_list", []):
        if hasattr(vectorizer, "stop_words_"):
            del vectorizer.stop_words_
        # plain ints: numpy ints would each become a file inside the skops archive
        vectorizer.vocabulary_ = {term: int(index) for term, index in vectorizer.vocabulary_.items()}
    calibrated = getattr(estimator, "estimators_", None) or [estimator]
    for cal in calibrated:
        for c in getattr(cal, "calibrated_classifiers_", []):
            svm = c.estimator
            if hasattr(svm, "coef_"):
                svm.coef_ = svm.coef_.astype(np.float32)


def build_label_classifier(seed: int = 0):
    """Multi-label part: one calibrated linear SVM per label; sigmoid calibration turns margins
    into probabilities that a label applies."""
    from sklearn.multiclass import OneVsRestClassifier

    return OneVsRestClassifier(_calibrated_svm(seed))


def check_relative(relative: float) -> float:
    """0 would keep every label (each score is >= 0 × top); 1 means the thresholds alone."""
    if not 0.0 < relative <= 1.0:
        raise ValueError(f"relative must be in (0, 1], got {relative}")
    return float(relative)


def select_labels(scores: np.ndarray, thresholds: np.ndarray, labels=TOPIC_LABELS,
                  relative: float = DEFAULT_RELATIVE) -> list[dict]:
    """The best-scoring label first (the primary), then the others whose score reaches
    min(their threshold, `relative` × the top score), in descending score order, at most three
    in all. Scores stay the calibrated probabilities, so the list is sorted by its own scores."""
    order = [int(i) for i in np.argsort(-scores, kind="stable")]
    top = float(scores[order[0]])
    floors = np.minimum(thresholds, relative * top)
    rest = [i for i in order[1:] if scores[i] >= floors[i]][: MAX_LABELS - 1]
    return [{"label": labels[i], "score": round(float(scores[i]), 4)} for i in [order[0], *rest]]


@dataclass
class TopicModel:
    features: object
    estimator: object
    thresholds: np.ndarray
    version: str = "0"
    labels: tuple[str, ...] = TOPIC_LABELS

    def scores(self, texts: list[str]) -> np.ndarray:
        """Calibrated probability of each label for each text (rows: texts, columns: labels)."""
        return np.asarray(self.estimator.predict_proba(self.features.transform(texts)))

    def predict(self, texts: list[str], relative: float = DEFAULT_RELATIVE) -> list[list[dict]]:
        """1–3 labels per text, best score first (`select_labels`)."""
        if not texts:
            return []
        return [select_labels(row, self.thresholds, self.labels, relative) for row in self.scores(texts)]

    def save(self, folder: Path) -> None:
        import skops.io as sio

        from civic.models.store import write_manifest

        folder.mkdir(parents=True, exist_ok=True)
        for part in (self.features, self.estimator):
            slim(part)
        sio.dump({"features": self.features, "labels": self.estimator},
                 folder / "model.skops", compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        meta = {"labels": list(self.labels), "thresholds": [float(t) for t in self.thresholds],
                "version": self.version}
        (folder / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        write_manifest(folder)

    @classmethod
    def load(cls, folder: Path) -> TopicModel:
        import skops.io as sio

        from civic.models.store import ModelError, verify_manifest

        verify_manifest(folder)
        path = folder / "model.skops"
        untrusted = sio.get_untrusted_types(file=path)
        unexpected = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy."))]
        if unexpected:
            raise ModelError(f"{path} contains unexpected types {unexpected}; refusing to load")
        # models up to corpus-8f20518c514f also hold "primary", the old primary classifier: not used
        parts = sio.load(path, trusted=untrusted)
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        return cls(features=parts["features"], estimator=parts["labels"],
                   thresholds=np.asarray(meta["thresholds"]),
                   version=meta.get("version", "0"), labels=tuple(meta["labels"]))


class TopicClassifier:
    """Writes `doc._.topics`: 1–3 {label, score}, best first. Batches in `pipe` for speed.
    `relative` is the share of the top score that also keeps a label (`select_labels`)."""

    def __init__(self, name: str, model_path: str | None, relative: float = DEFAULT_RELATIVE) -> None:
        self.name = name
        self.relative = check_relative(relative)
        self.model = TopicModel.load(Path(model_path)) if model_path else None

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 64):
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._classify(batch)
                batch = []
        if batch:
            yield from self._classify(batch)

    def _classify(self, docs: list[Doc]):
        if self.model is None:
            for doc in docs:
                doc._.topics = []
            return docs
        for doc, topics in zip(docs, self.model.predict([text_of(d) for d in docs], self.relative), strict=True):
            doc._.topics = topics if text_of(doc).strip() else []
        return docs


@Language.factory("civic_topics", default_config={"model_path": None, "relative": DEFAULT_RELATIVE})
def make_topics(nlp: Language, name: str, model_path: str | None, relative: float) -> TopicClassifier:
    return TopicClassifier(name, model_path, relative)
