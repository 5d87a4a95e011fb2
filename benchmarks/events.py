"""Pairwise precision and recall of the event grouping (`civic deadlines`, the events tables) on
corpus/events/, at the shipped threshold and a sweep around it. The threshold was chosen on this
same set (there is no held-out one), so the sweep shows how wide the good window is.

    python benchmarks/events.py     # prints a table, writes benchmarks/results/events.json
"""

from __future__ import annotations

from _common import print_table, write_result

from civic.evaluate.events import evaluate_events, extract_corpus
from civic.query.events import THRESHOLD

SWEEP = (0.10, 0.14, 0.16, THRESHOLD, 0.20, 0.21, 0.25)


def main() -> None:
    records = extract_corpus()
    rows = [evaluate_events(records, threshold=t) for t in SWEEP]
    print_table(rows, list(rows[0]))
    shipped = next(r for r in rows if r["threshold"] == THRESHOLD)
    print(write_result("events", {"corpus": "corpus/events", **shipped, "sweep": rows}))


if __name__ == "__main__":
    main()
