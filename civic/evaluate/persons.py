"""Merge precision and recall of the cross-document persons (civic.query.persons) on the written
set corpus/persons/ (tools/make_persons_corpus.py): pairwise over the person rows of the records.

A pair of person rows (one name in one document each) is predicted together when both rows end up
in the same person, gold together when the gold file gives them the same person id. Rows the gold
gives no person (a surname alone) must not be placed in any person: each one that is counts as a
false positive against every row of that person.
"""

from __future__ import annotations

import csv
from itertools import combinations
from pathlib import Path

from civic.query.persons import resolve_persons
from civic.record.files import iter_records

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "persons"


def evaluate_persons(corpus: Path = CORPUS) -> dict:
    """Pairwise precision, recall and F1 of the merge, with the counts behind them."""
    with (corpus / "gold.tsv").open(encoding="utf-8") as fh:
        gold = {(r["document_id"], r["name"]): r["person"] or None for r in csv.DictReader(fh, delimiter="\t")}
    persons = resolve_persons(iter_records([corpus / "records.jsonl"]))
    predicted = {(s.document_id, s.name): p.id for p in persons for s in p.sightings}
    rows = sorted(gold)
    tp = fp = fn = 0
    for a, b in combinations(rows, 2):
        same_gold = gold[a] is not None and gold[a] == gold[b]
        same_pred = a in predicted and predicted.get(a) == predicted.get(b)
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"rows": len(rows), "gold_persons": len({g for g in gold.values() if g}), "persons": len(persons),
            "pairs_tp": tp, "pairs_fp": fp, "pairs_fn": fn, "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(2 * precision * recall / (precision + recall), 4)}


def format_result(result: dict) -> str:
    """The result as a two-line aligned table."""
    widths = [max(len(k), len(str(v))) for k, v in result.items()]
    return "\n".join("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)).rstrip()
                     for row in (list(result), list(result.values())))
