"""The public Python API: load the pipeline once, process one text or stream many."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from civic.analyse.nlp import build_nlp
from civic.clean.body import BodySpan, find_body
from civic.clean.chunks import chunk_bounds
from civic.clean.dateline import find_dateline
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

    def _chunks(self, item: InputDoc) -> tuple[BodySpan, list[tuple[int, int]]]:
        """The body span and the (start, end) of each chunk of it (one unless the body is very long)."""
        body = find_body(item.text, item.section, item.title)
        return body, chunk_bounds(item.text[body.start:body.end])

    def _make_doc(self, item: InputDoc, body: BodySpan, start: int, end: int) -> Doc:
        doc = self.nlp.make_doc(item.text[body.start + start:body.start + end])
        doc._.published = item.published
        doc._.doc_id = item.id
        return doc

    def process(self, text: str, published: str | None = None, id: str = "doc", title: str | None = None,
                section: str | None = None, url: str | None = None) -> dict:
        """Analyse one article and return its record (see shared/spec/record.md)."""
        if published is not None:
            published = parse_published(published)
        item = InputDoc(id=id, text=text, file="<api>", line=1, published=published,
                        title=title, section=section, url=url, published_from="input" if published else None)
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
        batch = [with_dateline(item) for item in batch]
        prepared = [(item, *self._chunks(item)) for item in batch if isinstance(item, InputDoc)]
        # A long body (several chunks) is tokenized and analysed chunk by chunk, and each Doc is
        # dropped as soon as its annotations are taken: piping all chunks at once held every Doc
        # and made peak memory grow with article length (issue 18: 588 KB -> 2.4 GB with NER).
        flat = [self._make_doc(item, body, *bounds[0]) for item, body, bounds in prepared if len(bounds) == 1]
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
            doc_item, body, bounds = next(per_item)
            if len(bounds) > 1:
                parts = self._analyse_chunks(doc_item, body, bounds)
            else:
                done = next(results)
                parts = [(0, done if isinstance(done, DeadLetter) else annotations_of(done))]
            failed = next((d for _, d in parts if isinstance(d, DeadLetter)), None)
            if failed is not None:
                yield DeadLetter(file=doc_item.file, line=doc_item.line, id=doc_item.id, reason=failed.reason)
                continue
            yield build_record(doc_item, body, merge(parts), self.meta)

    def _analyse_chunks(self, item: InputDoc, body: BodySpan,
                        bounds: list[tuple[int, int]]) -> list[tuple[int, dict | DeadLetter]]:
        """(offset, annotations) per chunk, one chunk's Doc in memory at a time; the first failing
        chunk ends the article as a dead letter."""
        parts: list[tuple[int, dict | DeadLetter]] = []
        for start, end in bounds:
            analysed = self._safe(self._make_doc(item, body, start, end))
            if isinstance(analysed, DeadLetter):
                return [(start, analysed)]
            parts.append((start, annotations_of(analysed)))
            del analysed
        return parts

    def _safe(self, doc: Doc) -> Doc | DeadLetter:
        try:
            return self.nlp(doc)
        except (Exception, MemoryError) as exc:  # noqa: BLE001 - becomes a dead letter, the run goes on
            return DeadLetter(file="", line=0, reason=f"analysis failed: {type(exc).__name__}: {exc}")


def with_dateline(item: InputDoc | DeadLetter) -> InputDoc | DeadLetter:
    """An item without a published day takes the one its head names (`Spandau, 03.12.2026.`),
    so that yearless dates and deadlines resolve; `source.published_from` says `dateline`."""
    if not isinstance(item, InputDoc) or item.published:
        return item
    day = find_dateline(item.text)
    return replace(item, published=day, published_from="dateline") if day else item


def load(ner: str | None = "default", topics: str | None = "default", overrides: dict | None = None) -> Pipeline:
    """Load the pipeline: `ner` is our shipped model by default, or a folder, an installed spaCy
    package (`de_core_news_sm`) or "none"; `topics` is the shipped topic model or a folder;
    `overrides` sets component settings, e.g. {"civic_people.use_rules": False}."""
    return Pipeline(build_nlp(ner=ner, topics=topics, overrides=overrides))


def write_feeds(records: Iterable[dict], directory: str | Path, start: str | date | None = None,
                days: int | None = None, base_url: str | None = None) -> dict[str, int]:
    """Write a calendar and an Atom feed of the upcoming events per Bezirk (and for Berlin) plus an
    index.html into `directory` (civic.write.feeds); returns {feed slug: number of events}.

    `records` are record dicts (`iter_records(["out/news.jsonl"])`); `start` is the first day
    (default today), `days` limits the window as `civic deadlines --days` does. The same records
    and start give byte-identical files. `base_url` (e.g. `https://news.example/feeds/`) makes the
    Atom self links absolute."""
    from civic.query.bezirk_feeds import window_end
    from civic.query.events import events_of_records
    from civic.write.feeds import write_feed_files

    try:
        begin = date.fromisoformat(start) if isinstance(start, str) else start or date.today()
    except ValueError:
        raise ValueError(f"start day {start!r} is not a date YYYY-MM-DD") from None
    feeds = write_feed_files(events_of_records(records), directory, begin, window_end(begin, days), base_url)
    return {feed.slug: len(feed.events) for feed in feeds}
