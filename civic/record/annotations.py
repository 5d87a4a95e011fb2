"""The components' annotations of one body, merged from its chunks and shifted into the input text.

Each chunk of a long body (see `civic.clean.chunks`) is its own Doc; here the annotations are
shifted by the chunk's offset and merged: dates and deadlines are concatenated, people, districts
and areas with the same name are joined, and the topics are those of the first chunk (title and
lead). A surname-only mention in a later chunk of someone named in full in an earlier chunk is not
linked.
"""

from __future__ import annotations

from spacy.tokens import Doc

from civic.analyse.extensions import ANNOTATIONS

GROUPED = ("people", "districts", "areas")
FIELDS = ANNOTATIONS


def annotations_of(doc: Doc) -> dict[str, list]:
    """The components' results, offsets relative to doc.text."""
    return {name: list(getattr(doc._, name) or []) for name in FIELDS}


def shift(items: list[dict], offset: int) -> list[dict]:
    """Copies of the items with `start`/`end` (also inside `mentions`) moved by offset."""
    shifted = []
    for item in items:
        item = dict(item)
        for key in ("start", "end"):
            if key in item:
                item[key] += offset
        if "mentions" in item:
            item["mentions"] = shift(item["mentions"], offset)
        shifted.append(item)
    return shifted


def merge(parts: list[tuple[int, dict[str, list]]]) -> dict[str, list]:
    """Merge (offset, annotations) of consecutive chunks into annotations of the whole text."""
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    merged: dict[str, list] = {name: [] for name in FIELDS}
    grouped: dict[str, dict[str, dict]] = {name: {} for name in GROUPED}
    for offset, ann in parts:
        for name in ("dates", "deadlines"):
            merged[name] += shift(ann[name], offset)
        for name in GROUPED:
            for entry in shift(ann[name], offset):
                known = grouped[name].get(entry["name"])
                if known is None:
                    grouped[name][entry["name"]] = entry
                    continue
                known["mentions"] += entry["mentions"]
                for role in entry.get("roles", []):
                    if role not in known["roles"]:
                        known["roles"].append(role)
    for name in GROUPED:
        merged[name] = list(grouped[name].values())
    merged["topics"] = parts[0][1]["topics"]
    return merged
