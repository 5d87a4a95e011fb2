"""The public Python API: load the pipeline once, process one text or stream many."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import __version__
from .clean import find_body
from .io.documents import DeadLetter, InputDoc
from .io.readers import parse_published
from .nlp import build_nlp
from .record import build_record

log = logging.getLogger(__name__)


class Pipeline:
    """A loaded pipeline. Build it with `pipeline.load()`; reuse it for many documents."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        civic = nlp.meta.get("civic", {})
        self.meta = {
            "pipeline": f"civic-pipeline {__version__}",
            "ner_model": civic.get("ner_model", "none"),
            "topic_model": civic.get("topic_model", "none"),
        }

    def _make_doc(self, item: InputDoc):
        body = find_body(item.text, item.section, item.title)
        doc = self.nlp.make_doc(item.text[body.start:body.end])
        doc._.published = item.published
        doc._.doc_id = item.id
        return body, doc

    def process(self, text: str, published: str | None = None, id: str = "doc", title: str | None = None,
                section: str | None = None, url: str | None = None) -> dict:
        """Analyse one article and return its record (see shared/spec/record.md)."""
        if published is not None:
            published = parse_published(published)
        item = InputDoc(id=id, text=text, file="<api>", line=1, published=published,
                        title=title, section=section, url=url)
        body, doc = self._make_doc(item)
        return build_record(item, body, self.nlp(doc), self.meta)

    def stream(self, items: Iterable[InputDoc | DeadLetter], batch_size: int = 64,
               n_process: int = 1) -> Iterator[dict | DeadLetter]:
        """Records (dicts) and dead letters, one per input item, in input order.

        Items are analysed in batches with `nlp.pipe`; if a batch fails, its documents are
        retried one by one so that only the offending document becomes a dead letter.
        """
        batch: list[InputDoc | DeadLetter] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch, n_process)
                batch = []
        if batch:
            yield from self._run_batch(batch, n_process)

    def _run_batch(self, batch: list, n_process: int) -> Iterator[dict | DeadLetter]:
        docs = [item for item in batch if isinstance(item, InputDoc)]
        prepared = [self._make_doc(item) for item in docs]
        try:
            analysed = list(self.nlp.pipe((doc for _, doc in prepared), n_process=n_process))
        except Exception:  # noqa: BLE001 - isolate the failing document below
            log.exception("batch failed; retrying documents one by one")
            analysed = [self._safe(doc) for _, doc in prepared]
        results = iter(zip(docs, prepared, analysed, strict=True))
        for item in batch:
            if isinstance(item, DeadLetter):
                yield item
                continue
            doc_item, (body, _), doc = next(results)
            if isinstance(doc, DeadLetter):
                doc.file, doc.line, doc.id = doc_item.file, doc_item.line, doc_item.id
                yield doc
            else:
                yield build_record(doc_item, body, doc, self.meta)

    def _safe(self, doc: Doc) -> Doc | DeadLetter:
        try:
            return self.nlp(doc)
        except Exception as exc:  # noqa: BLE001 - becomes a dead letter, the run goes on
            return DeadLetter(file="", line=0, reason=f"analysis failed: {type(exc).__name__}: {exc}")


def load(ner: str | None = "default", topics: str | None = "default") -> Pipeline:
    """Load the pipeline: `ner` is our shipped model by default, or a folder, an installed spaCy
    package (`de_core_news_sm`) or "none"; `topics` is the shipped topic model or a folder."""
    return Pipeline(build_nlp(ner=ner, topics=topics))
