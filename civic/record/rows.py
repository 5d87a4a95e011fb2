"""Flat row views of records: one table per kind of thing, every row keyed by `document_id`.

The one place that turns the nested record (record.md) into tables. The SQLite database, the
pandas frames, the terminal summary and the deadline queries all read these rows, so a new record
field needs a new row view here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from civic.record.places import deadline_place

TABLES = ("documents", "people", "districts", "dates", "deadlines", "topics")
CHILD_TABLES = TABLES[1:]


def document_row(record: dict) -> dict:
    """The article itself: source fields, body span, primary topic, districts and counts."""
    source, topics = record["source"], record.get("topics", [])
    return {
        "document_id": record["id"], "title": source.get("title"), "url": source.get("url"),
        "section": source.get("section"), "published": source.get("published"), "file": source.get("file"),
        "line": source.get("line"), "text_sha256": record["text_sha256"], "body_start": record["body"]["start"],
        "body_end": record["body"]["end"], "primary_topic": topics[0]["label"] if topics else None,
        "districts": ", ".join(d["name"] for d in record["districts"]),
        "n_people": len(record["people"]), "n_dates": len(record["dates"]), "n_deadlines": len(record["deadlines"]),
    }


def deadline_row(record: dict, deadline: dict) -> dict:
    """One deadline, with the Bezirk and districts where it applies (civic.record.places: its
    sentence's districts, else the article's main Bezirk), joined with ", ", so that every filter
    by district asks the same rule and a deadline is one row, not one per district mentioned."""
    place = deadline_place(record, deadline)
    return {"document_id": record["id"], "start": deadline["start"], "date": deadline["date"],
            "action": deadline["action"], "cue": deadline["cue"], "sentence": deadline["sentence"],
            "confidence": deadline["confidence"], "bezirk": ", ".join(place.bezirke) or None,
            "districts": ", ".join(place.districts)}


def record_rows(record: dict) -> dict[str, list[dict]]:
    """All rows of one record, per table."""
    rid = record["id"]
    return {
        "documents": [document_row(record)],
        "people": [{"document_id": rid, "name": p["name"], "roles": list(p["roles"]), "mentions": len(p["mentions"])}
                   for p in record["people"]],
        "districts": [{"document_id": rid, "name": d["name"], "level": d["level"], "bezirk": d["bezirk"],
                       "mentions": len(d["mentions"])} for d in record["districts"]],
        "dates": [{"document_id": rid, "start": d["start"], "end": d["end"], "text": d["text"], "value": d["value"],
                   "value_end": d["value_end"], "relative": d["relative"]} for d in record["dates"]],
        "deadlines": [deadline_row(record, d) for d in record["deadlines"]],
        "topics": [{"document_id": rid, "label": t["label"], "score": t["score"], "rank": i + 1}
                   for i, t in enumerate(record.get("topics", []))],
    }


def rows_of(records: Iterable[dict]) -> dict[str, list[dict]]:
    """The rows of many records, per table (in memory: for frames and exports of modest size)."""
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    for record in records:
        for name, rows in record_rows(record).items():
            tables[name] += rows
    return tables


def deadline_rows(records: Iterable[dict]) -> Iterator[tuple[dict, dict, dict]]:
    """(record, document row, deadline row) for every deadline, for the deadline queries."""
    for record in records:
        rows = record_rows(record)
        for deadline in rows["deadlines"]:
            yield record, rows["documents"][0], deadline
