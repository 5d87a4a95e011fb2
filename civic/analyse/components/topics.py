"""Topics on the Doc: wraps the scikit-learn TopicModel (see civic/analyse/topic_model.py)."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from civic.analyse.extensions import text_of


class TopicClassifier:
    """Writes `doc._.topics`: 1–3 {label, score}, best first. Batches in `pipe` for speed."""

    def __init__(self, name: str, model_path: str | None) -> None:
        from civic.analyse.topic_model import TopicModel

        self.name = name
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
        for doc, topics in zip(docs, self.model.predict([text_of(d) for d in docs]), strict=True):
            doc._.topics = topics if text_of(doc).strip() else []
        return docs


@Language.factory("civic_topics", default_config={"model_path": None})
def make_topics(nlp: Language, name: str, model_path: str | None) -> TopicClassifier:
    return TopicClassifier(name, model_path)
