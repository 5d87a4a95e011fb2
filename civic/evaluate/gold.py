"""Scoring records against hand-checked gold annotations (corpus/sample/gold.jsonl).

The counting rules are record.md's: people by name, districts by official name, dates by
(value, value_end), deadlines by date, topics by label (primary = first); each compared as a set
per document and summed over documents (micro precision/recall/F1). The body span is checked
by the gold's first and last words of the article.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson

from civic.evaluate.metrics import Score
from civic.read.inputs import read_inputs, texts_by_id


def _gold_sets(gold: dict) -> dict[str, set]:
    """The gold's answer per field; a field the gold file does not label (corpus/body labels only
    body and people) is left out, so it is not scored."""
    sets = {
        "people": lambda: {p["name"] for p in gold["people"]},
        "districts": lambda: set(gold["districts"]),
        "dates": lambda: {(d["value"], d.get("value_end")) for d in gold["dates"] if d["value"]},
        "deadlines": lambda: {d["date"] for d in gold["deadlines"]},
        "topics": lambda: set(gold["topics"]),
    }
    return {key: make() for key, make in sets.items() if key in gold}


def _record_sets(record: dict) -> dict[str, set]:
    return {
        "people": {p["name"] for p in record["people"]},
        "districts": {d["name"] for d in record["districts"]},
        "dates": {(d["value"], d["value_end"]) for d in record["dates"] if d["value"]},
        "deadlines": {d["date"] for d in record["deadlines"]},
        "topics": {t["label"] for t in record["topics"]},
    }


def word_overlap(expected: str, got: str) -> float:
    """Share of the expected phrase's words (lower-cased) that ``got`` contains."""
    want = set(expected.lower().split())
    return len(want & set(got.lower().split())) / len(want)


def action_overlap(gold: dict, record: dict) -> list[float]:
    """For each gold deadline the record also found (same date): the share of the gold action's
    words (lower-cased) that the record's action contains. Actions are free phrases, so this is a
    word overlap, not an exact match."""
    found = {d["date"]: d["action"] for d in record["deadlines"]}
    out = []
    for d in gold["deadlines"]:
        if d["date"] in found and d.get("action"):
            out.append(word_overlap(d["action"], found[d["date"]]))
    return out


def role_matches(gold: dict, record: dict) -> tuple[int, int]:
    """(people whose roles equal the gold roles, people found under their gold name): roles are
    compared as sets of the exact phrases (`Sprecherin der BVG`, `Dr.`)."""
    found = {p["name"]: set(p["roles"]) for p in record["people"]}
    matched = [p for p in gold["people"] if p["name"] in found]
    return sum(found[p["name"]] == set(p["roles"]) for p in matched), len(matched)


def read_gold(path: Path) -> list[dict]:
    with open(path, "rb") as fh:
        return [orjson.loads(line) for line in fh if line.strip()]


def run_records(inputs: Path, model: str = "default", people_rules: bool = True) -> list[dict]:
    """Run the pipeline on the sample inputs and return the records (in memory)."""
    from civic.api import load

    pipe = load(ner=model, overrides={"civic_people.use_rules": people_rules})
    return [r for r in pipe.stream(read_inputs([str(inputs)])) if isinstance(r, dict)]


def input_texts(inputs: Path) -> dict[str, str]:
    return texts_by_id([str(inputs)])


def body_right(gold: dict, text: str, body: dict) -> bool | None:
    """Whether the record's body span is the gold's; None when the gold says nothing about it.

    Written gold gives the body's first and last words (`body_first`, `body_last`); real-page gold
    gives line numbers (`body: {first_line, last_line}`, 1-based, so no page text is in the repo):
    the body must start at the first line's first character and end at the last line's last."""
    span = text[body["start"]:body["end"]]
    if gold.get("body_first"):
        return span.startswith(gold["body_first"]) and span.endswith(gold["body_last"])
    lines = gold.get("body")
    if not lines:
        return None
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    first, last = lines["first_line"] - 1, lines["last_line"] - 1
    first_line = text[starts[first]:starts[first + 1]]
    start = starts[first] + len(first_line) - len(first_line.lstrip())
    end = starts[last + 1] - 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (body["start"], body["end"]) == (start, end)


def evaluate_records(gold_path: Path, records: list[dict] | Path, texts: dict[str, str] | None = None,
                     split: str | None = None) -> dict:
    """Scores per field, plus topic primary accuracy and body-span checks; with `split`, only the
    gold documents of that split (`dev` or `test` in corpus/real)."""
    if isinstance(records, Path):
        with open(records, "rb") as fh:
            records = [orjson.loads(line) for line in fh if line.strip()]
    by_id = {r["id"]: r for r in records}
    scores = {k: Score() for k in ("people", "districts", "dates", "deadlines", "topics")}
    primary = Counter()
    body = Score()
    confusion = Counter()
    overlaps: list[float] = []
    roles = [0, 0]
    labelled: set[str] = set()
    for gold in read_gold(gold_path):
        if split is not None and gold.get("split") != split:
            continue
        record = by_id.get(gold["id"])
        if record is None:
            raise ValueError(f"no record for gold document {gold['id']}")
        g, r = _gold_sets(gold), _record_sets(record)
        for key, score in scores.items():
            if key in g:
                labelled.add(key)
                score.add(gold["id"], g[key], r[key])
        if "deadlines" in gold:
            overlaps += action_overlap(gold, record)
        if "people" in gold:
            exact, matched = role_matches(gold, record)
            roles[0] += exact
            roles[1] += matched
        if gold.get("topics"):
            predicted = record["topics"][0]["label"] if record["topics"] else None
            primary["right" if predicted == gold["topics"][0] else "wrong"] += 1
            if predicted != gold["topics"][0]:
                confusion[(gold["topics"][0], predicted)] += 1
        text = record.get("text") or (texts or {}).get(gold["id"])
        right = body_right(gold, text, record["body"]) if text is not None else None
        if right is not None:
            body.add(gold["id"], {"body"}, {"body"} if right else set())
    scores = {key: score for key, score in scores.items() if key in labelled}
    return {"scores": scores, "primary_accuracy": primary["right"] / sum(primary.values()) if primary else None,
            "body": body, "confusion": confusion, "documents": len(by_id),
            "action_overlap": sum(overlaps) / len(overlaps) if overlaps else None, "roles": tuple(roles)}


def format_report(result: dict, show_errors: int = 15) -> str:
    lines = [f"{'field':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for key, s in result["scores"].items():
        lines.append(f"{key:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
    if result["primary_accuracy"] is not None:
        lines.append(f"topic primary accuracy: {result['primary_accuracy']:.3f}")
    body = result["body"]
    lines.append(f"body span correct: {body.tp}/{body.tp + body.fn}")
    exact, matched = result["roles"]
    if "people" in result["scores"]:
        lines.append(f"people with exactly the gold roles: {exact}/{matched}")
    if result.get("action_overlap") is not None:
        lines.append(f"deadline action word overlap with gold: {result['action_overlap']:.3f}")
    if result["confusion"]:
        top = ", ".join(f"{g}->{p} ×{n}" for (g, p), n in result["confusion"].most_common(3))
        lines.append(f"most confused primary topics: {top}")
    for key, s in list(result["scores"].items()) + [("body", body)]:
        for error in s.errors[:show_errors]:
            lines.append(f"  [{key}] {error}")
    return "\n".join(lines)
