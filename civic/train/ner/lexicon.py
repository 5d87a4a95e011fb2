"""Lexicon features for the NER model: which word forms are known first names, surnames, role words,
places or company-form words, stored as a tiny static-vector table in the model's vocab.

Why: the NER model is trained on ~2,000 news sentences and has no pretrained word vectors, so a
surname it has never seen ("Gaskill", "Güllner") looks like any other capitalised German noun. A
flag "this form is a known surname" gives the model the word knowledge it lacks. The lists are
*external* (not the names of the training data), so the model learns how far to trust a flag under
realistic coverage instead of memorising the training names.

Sources (read at training time, never at run time; the trained model carries the table):

* first names / surnames: the person providers of the Faker package (MIT licence, version pinned in
  the ``train`` extra), Latin-script locales in :data:`NAME_LOCALES`;
* roles: ``civic/resources/roles.txt`` and the titles in :data:`TITLES`;
* places: Faker ``de_DE`` cities and country names, the Berlin gazetteer
  (``civic/resources/districts.tsv``, ``areas.tsv``) and, when given, the Berlin LOR names CSV;
* org: the words of Faker ``de_DE`` company suffixes (GmbH, AG, e.V., ...).

Each category is one dimension of the vector (value 1.0); forms are keyed by exact spelling with
title-case, upper-case and genitive-s variants of names. With ``clusters=True`` the vector goes on with
the Brown-cluster one-hots of :mod:`civic.train.ner.clusters`. Run standalone to see the counts::

    .venv/bin/python -m civic.train.ner.lexicon --out data/ner/lexicon-vectors --clusters
"""

from __future__ import annotations

import csv
import importlib
import json
import re
from pathlib import Path

import numpy as np

from civic.resource_files import open_resource, read_tsv
from civic.train.ner import clusters as cl

CATEGORIES = ("first", "last", "role", "place", "org")
NAME_LOCALES = (
    "de_DE", "de_AT", "de_CH", "en_US", "en_GB", "en_IE", "fr_FR", "it_IT", "es_ES", "pt_PT", "pt_BR", "nl_NL",
    "pl_PL", "cs_CZ", "sk_SK", "hu_HU", "ro_RO", "hr_HR", "sl_SI", "tr_TR", "sv_SE", "da_DK", "no_NO", "fi_FI",
    "et_EE", "lt_LT", "lv_LV", "en_IN", "id_ID", "vi_VN",
)  # fmt: skip
TITLES = ("Dr.", "Prof.", "Herr", "Herrn", "Frau", "Dipl.-Ing.", "Mag.", "Sir", "Lady", "Graf", "Gräfin", "Freiherr")
_WORD_RE = re.compile(r"^[^\W\d_][\w'’.-]*$")


def _require_faker():
    try:
        import faker
    except ModuleNotFoundError as exc:
        raise SystemExit("the NER lexicon is built from Faker's name lists: pip install -e '.[train]'") from exc
    return faker


def _faker_module(kind: str, locale: str):
    """The Provider class of one Faker locale, or None when Faker has no such locale."""
    _require_faker()
    try:
        return importlib.import_module(f"faker.providers.{kind}.{locale}").Provider
    except ModuleNotFoundError:
        return None


def _names(provider, attrs: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for attr in attrs:
        val = getattr(provider, attr, None) or ()
        out.update(val.keys() if isinstance(val, dict) else val)
    return out


def _words(entries) -> set[str]:
    """Capitalised single tokens of (possibly multi-word) entries, at least 2 letters ("von", "und" in
    multi-word names and places are not name words)."""
    out = set()
    for entry in entries:
        for w in str(entry).replace("/", " ").split():
            w = w.strip(",;()")
            if len(w) >= 2 and w[:1].isupper() and _WORD_RE.match(w):
                out.add(w)
    return out


def _variants(word: str, genitive: bool) -> set[str]:
    forms = {word, word[:1].upper() + word[1:]}
    if len(word) > 2:
        forms.add(word.upper())
    if genitive and not word.endswith(("s", "ß", "x", "z", ".")):
        forms |= {f + "s" for f in list(forms) if not f.isupper()}
    return forms


def name_lists() -> tuple[list[str], list[str]]:
    """Sorted first names and surnames (single capitalised words) of the :data:`NAME_LOCALES`."""
    first: set[str] = set()
    last: set[str] = set()
    for loc in NAME_LOCALES:
        prov = _faker_module("person", loc)
        if prov is None:
            continue
        first |= _words(_names(prov, ("first_names", "first_names_male", "first_names_female")))
        last |= _words(_names(prov, ("last_names", "last_names_male", "last_names_female")))
    return sorted(first), sorted(last)


def build_lexicon(lor_csv: Path | None = None) -> dict[str, set[str]]:
    """Word forms per category (see the module docstring for the sources)."""
    first_list, last_list = name_lists()
    first, last = set(first_list), set(last_list)
    roles: set[str] = set(TITLES)
    with open_resource("roles.txt") as fh:
        roles |= _words(ln for ln in fh if ln.strip() and not ln.startswith("#"))
    places: set[str] = set()
    addr = _faker_module("address", "de_DE")
    places |= _words(_names(addr, ("cities", "countries", "states")))
    for name in ("districts.tsv", "areas.tsv"):
        places |= _words(row["name"] for row in read_tsv(name))
    if lor_csv is not None and Path(lor_csv).exists():
        with open(lor_csv, encoding="utf-8") as fh:
            places |= {r["name"] for r in csv.DictReader(fh) if _WORD_RE.match(r.get("name") or "")}
    suffixes = _names(_faker_module("company", "de_DE"), ("company_suffixes",))
    org = {w for s in suffixes for w in s.split() if len(w) >= 2 and w != "Co."}
    lex = {"first": set(), "last": set(), "role": set(), "place": set(), "org": set()}
    for cat, words, genitive in (("first", first, True), ("last", last, True), ("role", roles, False),
                                 ("place", places, True), ("org", org, False)):  # fmt: skip
        for w in words:
            lex[cat] |= _variants(w, genitive)
    return lex


def combined_vectors(
    lex: dict[str, set[str]], clusters: dict[str, int] | None
) -> tuple[dict[str, int], np.ndarray, dict]:
    """Key -> row and a table whose rows are [lexicon flags | cluster one-hots] (see :mod:`clusters`).

    Keys with the same features share one row, so a million cluster forms cost a few thousand rows.
    """
    clusters = clusters or {}
    layout = cl.feature_layout(clusters.values()) if clusters else {}
    n_flags, n_cols = len(CATEGORIES), len(CATEGORIES) + cl.width(layout)
    keys = set(clusters) | set().union(*lex.values())
    flags = {k: 0 for k in keys}
    for j, cat in enumerate(CATEGORIES):
        for w in lex[cat]:
            flags[w] |= 1 << j
    row_of: dict[tuple[int, int], int] = {}
    rows: list[np.ndarray] = []
    key2row: dict[str, int] = {}
    for k in sorted(keys):
        feat = (flags[k], clusters.get(k, -1))
        if feat not in row_of:
            row = np.zeros(n_cols, dtype="float32")
            row[:n_flags] = [(feat[0] >> j) & 1 for j in range(n_flags)]
            if feat[1] >= 0:
                row[n_flags:] = cl.feature_row(feat[1], layout)
            row_of[feat] = len(rows)
            rows.append(row)
        key2row[k] = row_of[feat]
    info = {"clusters": len(layout.get("cluster", {})), "cluster_forms": len(clusters), "width": n_cols}
    return key2row, np.vstack(rows), info


def write_vectors(out_dir: Path, lor_csv: Path | None = None, *, clusters: bool = False) -> dict:
    """Write a blank German pipeline holding only the feature vectors (for ``[initialize] vectors``):
    the lexicon flags and, with ``clusters``, the Brown-cluster one-hots of :mod:`civic.train.ner.clusters`."""
    import spacy
    from spacy.strings import hash_string
    from spacy.vectors import Vectors

    faker = _require_faker()
    lex = build_lexicon(lor_csv)
    stats: dict = {"faker": faker.VERSION}
    cluster_table = None
    if clusters:
        cluster_table = cl.load_clusters()
        stats["spacy_lookups_data"] = cl.lookups_version()
    key2row, table, info = combined_vectors(lex, cluster_table)
    nlp = spacy.blank("de")
    vectors = Vectors(data=table, name="civic_lexicon")
    for key, row in key2row.items():  # hashed keys only: no million strings in the model's StringStore
        vectors.add(hash_string(key), row=row)
    nlp.vocab.vectors = vectors
    out_dir = Path(out_dir)
    nlp.to_disk(out_dir)
    stats.update({"keys": len(key2row), "rows": int(table.shape[0]), **info, **{c: len(v) for c, v in lex.items()}})
    (out_dir / "lexicon.json").write_text(json.dumps(stats, indent=1) + "\n")
    return stats


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("data/ner/lexicon-vectors"))
    ap.add_argument("--lor-csv", type=Path, default=Path("../shared/data/berlin_places/berlin_lor_names.csv"))
    ap.add_argument("--clusters", action="store_true", help="add Brown-cluster features (spacy-lookups-data)")
    args = ap.parse_args(argv)
    print(json.dumps(write_vectors(args.out, args.lor_csv, clusters=args.clusters), indent=1))


if __name__ == "__main__":
    main()
