"""Synthetic benchmark corpora: the sample articles repeated with new ids (and rotated
paragraphs, so that documents differ) up to N documents, cached in benchmarks/data/.
Run: .venv/bin/python benchmarks/_synthetic.py 1000 10000 100000
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def sample_articles() -> list[dict]:
    articles = []
    for name in ("news-a.jsonl", "news-b.jsonl"):
        with open(ROOT / "corpus" / "sample" / "input" / name, encoding="utf-8") as fh:
            articles += [json.loads(line) for line in fh if line.strip()]
    return articles


def corpus(n: int) -> Path:
    """Path to a JSONL corpus of n documents (written once)."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"synthetic-{n}.jsonl"
    if path.exists():
        return path
    base = sample_articles()
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for i in range(n):
            article = dict(base[i % len(base)])
            paragraphs = article["text"].split("\n\n")
            shift = (i // len(base)) % max(1, len(paragraphs) - 4)
            head, body, tail = paragraphs[:2], paragraphs[2:-3], paragraphs[-3:]
            body = body[shift:] + body[:shift] if body else body
            article["text"] = "\n\n".join(head + body + tail)
            article["id"] = f"{article['id']}-{i}"
            fh.write(json.dumps(article, ensure_ascii=False) + "\n")
    tmp.rename(path)
    return path


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1000"]:
        print(corpus(int(arg)))
