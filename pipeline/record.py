"""Doc -> output record: the only place that knows the record format (shared/spec/record.md).

Components annotate the body text (the Doc is built from the body only); here every offset is
shifted by `body.start` so that it points into the input text.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources as _resources

from spacy.tokens import Doc

from .clean import BodySpan
from .io.documents import InputDoc


def _shift(items: list[dict], offset: int, keys=("start", "end")) -> list[dict]:
    shifted = []
    for item in items:
        item = dict(item)
        for key in keys:
            if key in item:
                item[key] += offset
        if "mentions" in item:
            item["mentions"] = _shift(item["mentions"], offset)
        shifted.append(item)
    return shifted


def build_record(item: InputDoc, body: BodySpan, doc: Doc, meta: dict) -> dict:
    """The record of one article, keys in the order of record.md."""
    offset = body.start
    record = {
        "id": item.id,
        "source": {"url": item.url, "title": item.title, "section": item.section,
                   "published": item.published, "file": item.file, "line": item.line},
    }
    if item.extracted:
        record["text"] = item.text
    record.update({
        "text_sha256": hashlib.sha256(item.text.encode("utf-8", errors="surrogatepass")).hexdigest(),
        "body": {"start": body.start, "end": body.end},
        "people": _shift(doc._.people or [], offset),
        "districts": _shift(doc._.districts or [], offset),
        "dates": _shift(doc._.dates or [], offset),
        "deadlines": _shift(doc._.deadlines or [], offset),
        "topics": list(doc._.topics or []),
        "meta": meta,
    })
    if doc._.areas:
        record["areas"] = _shift(doc._.areas, offset)
    return record


@lru_cache(maxsize=1)
def record_schema() -> dict:
    """The JSON Schema shipped with the package."""
    path = _resources.files("pipeline").joinpath("schema/record.schema.json")
    return json.loads(path.read_text(encoding="utf-8"))


def validate_record(record: dict) -> None:
    """Raise jsonschema.ValidationError if the record does not match the schema, and ValueError
    if an offset does not point at its text."""
    import jsonschema

    jsonschema.validate(record, record_schema())
