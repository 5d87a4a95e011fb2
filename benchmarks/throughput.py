"""Question 1: words/s of the full pipeline vs. the bare German tokenizer vs. the NER model alone,
in one run on the same documents. Target: full pipeline >= 70% of NER-alone throughput.
Run: .venv/bin/python benchmarks/throughput.py [N_DOCS]
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import print_table, write_result  # noqa: E402
from _synthetic import corpus  # noqa: E402

from civic.analyse.nlp import default_ner, load_ner  # noqa: E402
from civic.api import load  # noqa: E402
from civic.read.inputs import read_inputs  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(n: int = 1000) -> None:
    path = corpus(n)
    items = list(read_inputs([str(path)]))
    texts = [item.text for item in items]
    import spacy

    blank = spacy.blank("de")
    words = sum(len(doc) for doc in blank.pipe(texts))
    rows = []
    seconds = timed(lambda: list(blank.pipe(texts, batch_size=64)))
    rows.append({"pipeline": "spaCy blank German tokenizer", "seconds": round(seconds, 2),
                 "words_per_s": round(words / seconds)})
    ner_name = default_ner()
    if ner_name != "none":
        ner = load_ner(ner_name)
        list(ner.pipe(texts[:20]))
        seconds = timed(lambda: list(ner.pipe(texts, batch_size=64)))
        rows.append({"pipeline": f"NER model alone ({ner_name})", "seconds": round(seconds, 2),
                     "words_per_s": round(words / seconds)})
    full = load()
    list(full.stream(itertools.islice(iter(items), 20)))
    seconds = timed(lambda: list(full.stream(items, batch_size=64)))
    rows.append({"pipeline": "full civic pipeline (body, NER, all components, records)",
                 "seconds": round(seconds, 2), "words_per_s": round(words / seconds)})
    ratio = rows[-1]["words_per_s"] / rows[1]["words_per_s"] if len(rows) == 3 else None
    print(f"{n} documents, {words} words (tokens of the full scraped texts)")
    print_table(rows, ["pipeline", "seconds", "words_per_s"])
    if ratio:
        print(f"full pipeline / NER alone: {ratio:.0%} (target >= 70%)")
    print(f"written {write_result('throughput', {'documents': n, 'words': words, 'rows': rows, 'ratio': ratio})}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
