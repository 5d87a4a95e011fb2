"""The public Python API: load the pipeline once, process one text or stream many."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from civic.analyse.nlp import build_nlp
from civic.clean.body import BodySpan, find_body
from civic.clean.chunks import chunk_bounds
from civic.read.documents import DeadLetter, InputDoc
from civic.read.inputs import parse_published
from civic.record.annotations import annotations_of, merge
from civic.record.build import build_record
from civic.version import __version__

log = logging.getLogger(__name__)


class Pipeline:
    """A loaded pipeline. Build it with `pipeline.load()`; reuse it for many documents."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        # which models made the records (named once, in analyse.nlp.build_nlp)
        self.meta = {"pipeline": f"civic-pipeline {__version__}", **nlp.meta["civic"]}

    def _make_docs(self, item: InputDoc) -> tuple[BodySpan, list[tuple[int, Doc]]]:
        """The body span and one Doc per chunk of it (one chunk unless the body is very long)."""
        body = find_body(item.text, item.section, item.title)
        text = item.text[body.start:body.end]
        docs = []
        for start, end in chunk_bounds(text):
            doc = self.nlp.make_doc(text[start:end])
            doc._.published = item.published
            doc._.doc_id = item.id
            docs.append((start, doc))
        return body, docs

    def process(self, text: str, published: str | None = None, id: str = "doc", title: str | None = None,
                section: str | None = None, url: str | None = None) -> dict:
        """Analyse one article and return its record (see shared/spec/record.md)."""
        if published is not None:
            published = parse_published(published)
        item = InputDoc(id=id, text=text, file="<api>", line=1, published=published,
                        title=title, section=section, url=url)
        [result] = self._run_batch([item], n_process=1)
        if isinstance(result, DeadLetter):
            raise ValueError(result.reason)
        return result

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
        prepared = [(item, *self._make_docs(item)) for item in batch if isinstance(item, InputDoc)]
        flat = [doc for _, _, docs in prepared for _, doc in docs]
        try:
            analysed = list(self.nlp.pipe(flat, n_process=n_process))
        except Exception:  # noqa: BLE001 - isolate the failing document below
            log.exception("batch failed; retrying documents one by one")
            analysed = [self._safe(doc) for doc in flat]
        results = iter(analysed)
        per_item = iter(prepared)
        for item in batch:
            if isinstance(item, DeadLetter):
                yield item
                continue
            doc_item, body, docs = next(per_item)
            chunk_docs = [(offset, next(results)) for offset, _ in docs]
            failed = next((d for _, d in chunk_docs if isinstance(d, DeadLetter)), None)
            if failed is not None:
                yield DeadLetter(file=doc_item.file, line=doc_item.line, id=doc_item.id, reason=failed.reason)
                continue
            annotations = merge([(offset, annotations_of(doc)) for offset, doc in chunk_docs])
            yield build_record(doc_item, body, annotations, self.meta)

    def _safe(self, doc: Doc) -> Doc | DeadLetter:
        try:
            return self.nlp(doc)
        except Exception as exc:  # noqa: BLE001 - becomes a dead letter, the run goes on
            return DeadLetter(file="", line=0, reason=f"analysis failed: {type(exc).__name__}: {exc}")


def load(ner: str | None = "default", topics: str | None = "default", overrides: dict | None = None) -> Pipeline:
    """Load the pipeline: `ner` is our shipped model by default, or a folder, an installed spaCy
    package (`de_core_news_sm`) or "none"; `topics` is the shipped topic model or a folder;
    `overrides` sets component settings, e.g. {"civic_people.use_rules": False}."""
    return Pipeline(build_nlp(ner=ner, topics=topics, overrides=overrides))
