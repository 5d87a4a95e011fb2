"""Our date grammar vs. dateparser's free-text search on the sample gold file.

Both see the same article bodies (the body spans of the pipeline). A hit counts when its ISO day
is one of the gold days of that article (range ends included). Prints precision, recall and
documents per second side by side and writes benchmarks/results/dates_vs_dateparser.json.
Run: .venv/bin/python benchmarks/dates_vs_dateparser.py
"""

from __future__ import annotations

import datetime as dt
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, print_table, write_result  # noqa: E402

from civic.analyse.components.dates import find_dates  # noqa: E402
from civic.clean.body import find_body  # noqa: E402
from civic.evaluate.gold import read_gold  # noqa: E402
from civic.read.documents import InputDoc  # noqa: E402
from civic.read.inputs import read_inputs  # noqa: E402


def gold_days(gold: dict) -> set[str]:
    days = set()
    for d in gold["dates"]:
        if d["value"]:
            days.add(d["value"])
        if d.get("value_end"):
            days.add(d["value_end"])
    return days


def ours(body: str, published: str | None) -> list[str]:
    days = []
    for d in find_dates(body, published):
        days += [v for v in (d["value"], d["value_end"]) if v]
    return days


def theirs(body: str, published: str | None) -> list[str]:
    from dateparser.search import search_dates

    settings = {"PREFER_DATES_FROM": "current_period", "RETURN_AS_TIMEZONE_AWARE": False}
    if published:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(published)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(body, languages=["de"], settings=settings) or []
    return [value.date().isoformat() for _, value in found]


def score(name, finder, docs, gold, repeats: int = 3) -> dict:
    """Best of `repeats` timed passes after one warm-up call (rule compilation, imports)."""
    tp = fp = fn = 0
    finder(docs[0][1], docs[0][0].published)
    seconds = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        outputs = {doc.id: finder(body, doc.published) for doc, body in docs}
        seconds = min(seconds, time.perf_counter() - start)
    for doc, _ in docs:
        want, got = gold_days(gold[doc.id]), set(outputs[doc.id])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    return {"system": name, "precision": round(tp / max(1, tp + fp), 3), "recall": round(tp / max(1, tp + fn), 3),
            "hits": tp + fp, "docs_per_s": round(len(docs) / seconds, 1), "seconds": round(seconds, 3)}


def main() -> None:
    gold = {g["id"]: g for g in read_gold(ROOT / "corpus/sample/gold.jsonl")}
    docs = []
    for item in read_inputs([str(ROOT / "corpus/sample/input")]):
        if isinstance(item, InputDoc) and item.id in gold:
            body = find_body(item.text, item.section, item.title)
            docs.append((item, item.text[body.start:body.end]))
    rows = [score("civic-pipeline dates", ours, docs, gold), score("dateparser search_dates", theirs, docs, gold)]
    rows[0]["speedup"] = round(rows[0]["docs_per_s"] / rows[1]["docs_per_s"], 1)
    rows[1]["speedup"] = 1.0
    seed = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))
    seed_row = None
    if seed:
        text = seed[0].read_text(encoding="utf-8")
        body = find_body(text)
        hits = theirs(text[body.start:body.end], "2022-06-20")
        seed_row = {"dateparser_hits": len(hits), "dateparser_right": len(set(hits) & {"2022-06-14", "2022-07-09"}),
                    "ours": ours(text[body.start:body.end], "2022-06-20")}
    print(f"{len(docs)} sample articles")
    print_table(rows, ["system", "precision", "recall", "hits", "docs_per_s", "speedup"])
    if seed_row:
        print(f"seed article: dateparser {seed_row['dateparser_hits']} hits, {seed_row['dateparser_right']} right; "
              f"ours {seed_row['ours']}")
    print(f"written {write_result('dates_vs_dateparser', {'rows': rows, 'seed': seed_row})}")


if __name__ == "__main__":
    main()
