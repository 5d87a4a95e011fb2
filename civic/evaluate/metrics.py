"""Precision, recall and F1 from counts: the one implementation every evaluation uses."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives, with the errors behind them.

    An empty denominator counts as perfect (no predictions: precision 1.0; nothing to find:
    recall 1.0), so a field that is rightly empty everywhere does not drag a micro average down."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, doc_id: str, gold: set, found: set) -> None:
        """Compare one document's gold and found sets, and keep what differs."""
        self.tp += len(gold & found)
        self.fp += len(found - gold)
        self.fn += len(gold - found)
        self.errors += [f"{doc_id}: spurious {x}" for x in sorted(map(str, found - gold))]
        self.errors += [f"{doc_id}: missed {x}" for x in sorted(map(str, gold - found))]

    def __iadd__(self, other: Score) -> Score:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        self.errors += other.errors
        return self
