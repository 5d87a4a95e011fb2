"""Doc -> output record: the only place that knows the record format (shared/spec/record.md).

Components annotate the body text (each Doc is built from the body, or a chunk of it); here
every offset is shifted by `body.start` so that it points into the input text.
"""

from __future__ import annotations

import hashlib

from civic.clean.body import BodySpan
from civic.read.documents import InputDoc
from civic.record.annotations import shift


def build_record(item: InputDoc, body: BodySpan, annotations: dict[str, list], meta: dict) -> dict:
    """The record of one article, keys in the order of record.md. `annotations` are the
    components' results with offsets relative to the body (see chunks.annotations_of)."""
    offset = body.start
    record = {
        "id": item.id,
        "source": {"url": item.url, "title": item.title, "section": item.section,
                   "published": item.published, "file": item.file, "line": item.line},
    }
    if item.published_from:
        record["source"]["published_from"] = item.published_from
    if item.extracted:
        record["text"] = item.text
    record.update({
        "text_sha256": hashlib.sha256(item.text.encode("utf-8", errors="surrogatepass")).hexdigest(),
        "body": {"start": body.start, "end": body.end},
        "people": shift(annotations["people"], offset),
        "districts": shift(annotations["districts"], offset),
        "dates": shift(annotations["dates"], offset),
        "deadlines": shift(annotations["deadlines"], offset),
        "topics": list(annotations["topics"]),
        "meta": meta,
    })
    if annotations.get("areas"):
        record["areas"] = shift(annotations["areas"], offset)
    return record
