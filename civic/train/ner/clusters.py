"""Brown-cluster features for the NER model: which distributional word class a form belongs to.

Why: our annotated text is small, so the model has seen few surnames, first names, towns or firms.
Brown clusters, computed on a large amount of German web text, put "Müller", "Merkel" and "Tsipras"
in one class, "Wolfgang", "Hans" and "Jürgen" in another, "Berlin", "Köln" and "Wien" in a third. A
form the model has never seen still carries its class. This is the word knowledge a pretrained
embedding would bring, at the size of a lookup table.

Source (read at training time only; the trained model carries the derived table):
``de_lexeme_cluster`` of the ``spacy-lookups-data`` package (MIT licence, ExplosionAI GmbH; version
pinned in the ``train`` extra): about one million German word forms, each mapped to one of 750
clusters. A cluster id is the cluster's path in the binary Brown tree, read from the lowest bit:
``id & 0b111111`` is the class six levels down. The features of a form are one-hot codes of its class
at depth 3 and depth 6 and of its full cluster (see :func:`feature_layout`).

Only capitalised forms are kept (names, places and German nouns all start upper-case; the model's
own hash embeddings cover the frequent lower-case words).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np

TABLE = "de_lexeme_cluster"
PREFIX_DEPTHS = (3, 6)


def _require_lookups() -> Path:
    try:
        import spacy_lookups_data
    except ModuleNotFoundError as exc:
        raise SystemExit("the NER cluster features come from spacy-lookups-data: pip install -e '.[train]'") from exc
    return Path(spacy_lookups_data.__file__).parent / "data"


def lookups_version() -> str:
    """Installed spacy-lookups-data version (recorded next to the vectors)."""
    from importlib.metadata import version

    return version("spacy-lookups-data")


def load_clusters(path: Path | None = None) -> dict[str, int]:
    """Capitalised word form -> Brown cluster id, from ``spacy-lookups-data`` unless ``path`` is given."""
    path = Path(path) if path else _require_lookups() / f"{TABLE}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        table = json.load(fh)
    return {w: int(c) for w, c in table.items() if w[:1].isupper()}


def feature_layout(cluster_ids) -> dict[str, dict[int, int]]:
    """Column index per one-hot feature: ``{"depth3": {prefix: col}, "depth6": ..., "cluster": ...}``.

    Columns are numbered from 0 in a fixed order (sorted ids), so the same table gives the same layout.
    """
    ids = sorted(set(cluster_ids))
    layout: dict[str, dict[int, int]] = {}
    col = 0
    for depth in PREFIX_DEPTHS:
        mask = (1 << depth) - 1
        prefixes = sorted({c & mask for c in ids})
        layout[f"depth{depth}"] = {p: col + i for i, p in enumerate(prefixes)}
        col += len(prefixes)
    layout["cluster"] = {c: col + i for i, c in enumerate(ids)}
    return layout


def width(layout: dict[str, dict[int, int]]) -> int:
    """Number of columns the layout uses."""
    return sum(len(cols) for cols in layout.values())


def feature_row(cluster: int, layout: dict[str, dict[int, int]]) -> np.ndarray:
    """The 0/1 feature vector of one cluster id."""
    row = np.zeros(width(layout), dtype="float32")
    for depth in PREFIX_DEPTHS:
        row[layout[f"depth{depth}"][cluster & ((1 << depth) - 1)]] = 1.0
    row[layout["cluster"][cluster]] = 1.0
    return row
