"""Pairwise precision and recall of the event grouping (civic.query.events) on the written set
corpus/events/: the pipeline extracts the 36 articles, the deadlines are grouped, and the grouping
is compared with gold.jsonl (one line per deadline: article id, date, gold event).

A deadline is keyed by (article id, date). A pair of gold deadlines is predicted together when both
land in one event, gold together when the gold gives them one event. Gold deadlines the extractor
did not find are counted (`missed`), not scored: the set measures the grouping, not the extractor.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

from civic.query.events import THRESHOLD, events_of_records

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "events"


def extract_corpus(corpus: Path = CORPUS) -> list[dict]:
    """The records of the corpus's articles, made now by the default pipeline (about 10 s)."""
    from civic.api import load
    from civic.read.inputs import read_inputs

    return [r for r in load().stream(read_inputs([str(corpus / "input.jsonl")])) if isinstance(r, dict)]


def read_gold(corpus: Path = CORPUS) -> dict[tuple[str, str], str]:
    """(article id, date) -> gold event id."""
    with (corpus / "gold.jsonl").open(encoding="utf-8") as fh:
        return {(row["id"], row["date"]): row["event"] for row in (json.loads(line) for line in fh if line.strip())}


def evaluate_events(records: Iterable[dict] | None = None, corpus: Path = CORPUS,
                    threshold: float = THRESHOLD) -> dict:
    """Pairwise precision, recall and F1 of the grouping at `threshold`, with the counts behind them."""
    gold = read_gold(corpus)
    events = events_of_records(extract_corpus(corpus) if records is None else records, threshold)
    predicted = {(s.document_id, s.date): e.id for e in events for s in e.sources}
    keys = sorted(k for k in gold if k in predicted)
    tp = fp = fn = 0
    for a, b in combinations(keys, 2):
        same_gold, same_pred = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": threshold, "deadlines": len(gold), "missed": len(gold) - len(keys),
            "gold_events": len(set(gold.values())), "events": len({predicted[k] for k in keys}),
            "pairs_tp": tp, "pairs_fp": fp, "pairs_fn": fn, "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4)}
