"""Records as pandas DataFrames, one per kind of thing, for notebooks.

    from civic.query.frames import load_frames
    frames = load_frames("out/sample.jsonl")
    frames["deadlines"].merge(frames["districts"], on="id")
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from civic.record.files import iter_records


def records_to_rows(records: Iterable[dict]) -> dict[str, list[dict]]:
    """Flat rows per table; every row carries the article `id`."""
    rows: dict[str, list[dict]] = {k: [] for k in ("documents", "people", "districts", "dates", "deadlines",
                                                   "topics")}
    for r in records:
        src = r["source"]
        topics = r.get("topics", [])
        rows["documents"].append({"id": r["id"], "published": src.get("published"), "title": src.get("title"),
                                  "url": src.get("url"), "section": src.get("section"),
                                  "primary_topic": topics[0]["label"] if topics else None,
                                  "n_people": len(r["people"]), "n_dates": len(r["dates"]),
                                  "n_deadlines": len(r["deadlines"])})
        rows["people"] += [{"id": r["id"], "name": p["name"], "roles": p["roles"], "mentions": len(p["mentions"])}
                           for p in r["people"]]
        rows["districts"] += [{"id": r["id"], "name": d["name"], "level": d["level"], "bezirk": d["bezirk"],
                               "mentions": len(d["mentions"])} for d in r["districts"]]
        rows["dates"] += [{"id": r["id"], "text": d["text"], "value": d["value"], "value_end": d["value_end"],
                           "relative": d["relative"]} for d in r["dates"]]
        rows["deadlines"] += [{"id": r["id"], "date": d["date"], "action": d["action"], "cue": d["cue"],
                               "confidence": d["confidence"], "title": src.get("title")} for d in r["deadlines"]]
        rows["topics"] += [{"id": r["id"], "label": t["label"], "score": t["score"], "rank": i + 1}
                           for i, t in enumerate(topics)]
    return rows


def load_frames(*paths: Path | str) -> dict:
    """DataFrames `documents, people, districts, dates, deadlines, topics` from record files;
    date columns are pandas datetimes."""
    import pandas as pd

    frames = {name: pd.DataFrame(rows) for name, rows in records_to_rows(iter_records(paths)).items()}
    for name, columns in (("documents", ["published"]), ("dates", ["value", "value_end"]), ("deadlines", ["date"])):
        for column in columns:
            if column in frames[name]:
                frames[name][column] = pd.to_datetime(frames[name][column])
    return frames
