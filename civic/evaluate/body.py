"""Body-span accuracy on a set of real pages labelled for the body alone (corpus/body).

The body span is the part of the record every field is drawn from, so a wrong start or end costs
people, dates and deadlines before any of those rules run. `corpus/body` holds pages grouped by
site (several pages of one site, and single pages of many sites), labelled with the article's first
and last line; this module runs `find_body` on the restored texts, as `civic extract` does, and
counts exact spans per split and per site (`civic.evaluate.gold.body_right`).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from civic.clean.body import find_body
from civic.evaluate.gold import body_right, read_gold

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "body"


def evaluate_body(corpus: Path = CORPUS) -> dict:
    """{"splits": {split: [right, pages]}, "sites": {site: [right, pages]}, "misses": [...]}; the
    texts are `corpus/texts.jsonl`, restored from `corpus/recipes.jsonl` (FileNotFoundError without)."""
    recipes = {r["id"]: r for r in read_gold(corpus / "recipes.jsonl")}
    gold = {g["id"]: g for g in read_gold(corpus / "gold.jsonl")}
    texts = {t["id"]: t for t in read_gold(corpus / "texts.jsonl")}
    splits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    sites: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for page_id, recipe in recipes.items():
        page = texts.get(page_id)
        if page is None:
            continue
        span = find_body(page["text"], page.get("section"), page.get("title"))
        right = bool(body_right(gold[page_id], page["text"], {"start": span.start, "end": span.end}))
        for table, key in ((splits, recipe["split"]), (sites, recipe["site"])):
            table[key][0] += right
            table[key][1] += 1
        if not right:
            text = page["text"]
            misses.append({"id": page_id, "split": recipe["split"], "gold": gold[page_id]["body"],
                           "found": {"first_line": text.count("\n", 0, span.start) + 1,
                                     "last_line": text.count("\n", 0, span.end) + 1}})
    return {"splits": dict(splits), "sites": dict(sites), "misses": misses}


def format_body_report(result: dict) -> str:
    """The splits, then the sites, then each miss with the gold and the found line numbers."""
    out = ["split   right  pages"]
    out += [f"{split:7s} {right:5d}  {pages:5d}" for split, (right, pages) in sorted(result["splits"].items())]
    out.append("")
    out.append(f"{'site':28s} right  pages")
    out += [f"{site:28s} {right:5d}  {pages:5d}" for site, (right, pages) in sorted(result["sites"].items())]
    for miss in result["misses"]:
        gold, found = miss["gold"], miss["found"]
        out.append(f"  [{miss['split']}] {miss['id']}: gold lines {gold['first_line']}-{gold['last_line']}, "
                   f"found {found['first_line']}-{found['last_line']}")
    return "\n".join(out)
