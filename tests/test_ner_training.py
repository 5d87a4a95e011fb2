"""NER training path: the lexicon and cluster features, the GermEval split, the evaluation arithmetic
and the shipped model's feature table."""

from __future__ import annotations

import gzip
import json

import pytest
import spacy

from civic.train.ner import data as ner_data
from tests.conftest import ROOT, SHARED, needs_shared


def test_lexicon_flags_names_roles_places_and_not_common_nouns():
    pytest.importorskip("faker", reason="the lexicon is built from Faker (pip install -e '.[train]')")
    from civic.train.ner.lexicon import CATEGORIES, build_lexicon, combined_vectors

    lex = build_lexicon()
    assert {"Müller", "Schmidt", "Yılmaz", "Rossi"} <= lex["last"]
    assert {"Anna", "Mehmet", "Jürgen", "Annas"} <= lex["first"]  # genitive forms too
    assert {"Bezirksbürgermeisterin", "Stadträtin", "Dr."} <= lex["role"]
    assert {"Pankow", "Marzahn-Hellersdorf", "Hamburg", "Frankreich"} <= lex["place"]
    assert {"GmbH", "e.V."} <= lex["org"]
    every = set().union(*lex.values())
    assert not {"Haus", "Straße", "Schule", "Bezirksamt", "Montag", "und", "Name", "name"} & every
    key2row, table, _ = combined_vectors(lex, None)
    assert table.shape[1] == len(CATEGORIES) and set(key2row) == every
    assert table[key2row["Pankow"]].tolist() == [float(c == "place") for c in CATEGORIES]
    assert len(table) < 40  # one row per combination of flags, shared by all forms that have it


def _cluster_file(tmp_path):
    table = {"Müller": 40, "Merkel": 40, "Tsipras": 40, "Hans": 504, "Berlin": 80, "Haus": 4021, "und": 26}
    path = tmp_path / "de_lexeme_cluster.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(table, fh)
    return path


def test_cluster_features_encode_the_brown_path_and_share_rows(tmp_path):
    from civic.train.ner import clusters as cl
    from civic.train.ner.lexicon import CATEGORIES, combined_vectors

    table = cl.load_clusters(_cluster_file(tmp_path))
    assert "und" not in table and table["Tsipras"] == 40  # lower-case forms are left to the model
    layout = cl.feature_layout(table.values())
    assert cl.width(layout) == len(layout["depth3"]) + len(layout["depth6"]) + 4
    hans, mueller = cl.feature_row(504, layout), cl.feature_row(40, layout)
    # 504 = ...111111000 and 40 = ...101000: the same class three levels down, different below
    assert hans[layout["depth3"][0]] == mueller[layout["depth3"][0]] == 1.0
    assert hans[layout["depth6"][56]] == 1.0 and mueller[layout["depth6"][40]] == 1.0
    assert hans.sum() == mueller.sum() == 3.0
    lex = {cat: set() for cat in CATEGORIES}
    lex["last"] = {"Müller", "Kowalski"}
    key2row, vectors, info = combined_vectors(lex, table)
    n = len(CATEGORIES)
    assert key2row["Merkel"] == key2row["Tsipras"] != key2row["Müller"]  # the surname flag differs
    assert vectors[key2row["Müller"], n:].tolist() == vectors[key2row["Merkel"], n:].tolist()
    assert vectors[key2row["Kowalski"], n:].sum() == 0.0  # flagged, but no cluster
    assert info == {"clusters": 4, "cluster_forms": 6, "width": n + cl.width(layout)}


def test_shipped_ner_model_carries_the_lexicon_table():
    path = ROOT / "models" / "civic-ner-de"
    if not (path / "meta.json").exists():
        pytest.skip("no shipped NER model")
    nlp = spacy.load(path)
    vectors = nlp.vocab.vectors

    def vec(word):
        return vectors[nlp.vocab.strings[word]]

    assert vectors.shape[1] > 100 and vectors.n_keys > 100_000 > len(vectors)  # shared rows
    assert vec("Müller")[1] == 1.0 and vec("Bezirksamt")[:5].sum() == 0.0  # surname flag; no flag
    # "Tsipras" is in no name list, but Brown clustering put it with the surnames
    assert (vec("Tsipras")[5:] == vec("Müller")[5:]).all()
    assert (vec("Bezirksamt")[5:] != vec("Müller")[5:]).any()


def test_evaluate_counts_exact_spans_per_label(tmp_path):
    from civic.train.ner.train import evaluate

    conll = tmp_path / "gold.conll"
    conll.write_text(
        "Anna B-PER\nBeispiel I-PER\nwohnt O\nin O\nPankow B-LOC\n. O\n\n"
        "Die O\nBVG B-ORG\nfährt O\nnach O\nSpandau B-LOC\n. O\n\n",
        encoding="utf-8",
    )
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler")
    # right: Anna Beispiel (PER), Pankow (LOC); wrong label: BVG as LOC; missed: Spandau
    ruler.add_patterns([
        {"label": "PER", "pattern": "Anna Beispiel"},
        {"label": "LOC", "pattern": "Pankow"},
        {"label": "LOC", "pattern": "BVG"},
    ])  # fmt: skip
    r = evaluate(nlp, conll)
    assert r["support"] == {"PER": 1, "LOC": 2, "ORG": 1}
    assert r["per_label"]["PER"] == {"p": 1.0, "r": 1.0, "f": 1.0}
    assert r["per_label"]["LOC"]["p"] == 0.5 and r["per_label"]["LOC"]["r"] == 0.5
    assert r["per_label"]["ORG"]["r"] == 0.0
    assert r["micro"]["p"] == pytest.approx(2 / 3, abs=1e-3) and r["micro"]["r"] == 0.5


@needs_shared("data/germeval2014")
def test_germeval_split_is_fixed_and_disjoint():
    train, dev = ner_data.read_germeval(SHARED / "data")  # official TRAIN file, whole DEV file
    assert len(train) == 24000 and len(dev) == 2200
    assert sum(len(s.words) for s in train) == 452853
    assert train[0].words[:2] == ["Schartau", "sagte"]
    train_text = {" ".join(s.words) for s in train}
    assert not [s for s in dev if " ".join(s.words) in train_text and len(s.words) > 5]


def test_swap_keeps_contexts_and_shapes_lexicon_names():
    import random

    words = "Bezirksstadträtin Anna Beispiel lobte Kunze in Pankow .".split()
    ents = [(1, 3, "PER"), (4, 5, "PER"), (6, 7, "LOC")]
    sent = ner_data.Sent(words, [True] * (len(words) - 2) + [False, False], ents)
    pool = {"PER": [("Max", "Muster")], "LOC": [("Spandau",)], "ORG": []}
    names = (["Leyla"], ["Okafor"])
    [only_names] = ner_data.swap_entities([sent], pool, 1, random.Random(0), names, name_share=1.0)
    spans = [(" ".join(only_names.words[a:b]), lab) for a, b, lab in only_names.ents]
    assert spans == [("Leyla Okafor", "PER"), ("Okafor", "PER"), ("Spandau", "LOC")]
    assert only_names.words[0] == "Bezirksstadträtin" and "lobte" in only_names.words
    [from_pool] = ner_data.swap_entities([sent], pool, 1, random.Random(0))
    assert [" ".join(from_pool.words[a:b]) for a, b, _ in from_pool.ents] == ["Max Muster", "Max Muster", "Spandau"]


def test_written_lines_naming_an_evaluation_person_are_left_out(tmp_path):
    words = "Weltmeister Kimi Sørlie gewann in Monza .".split()
    evaluation = [ner_data.Sent(words, [True] * len(words), [(1, 3, "PER"), (5, 6, "LOC")])]
    pattern = ner_data.person_name_pattern(evaluation)
    assert pattern.search("Sørlies Sieg") and pattern.search("mit Sørlie")
    assert not pattern.search("Monza") and not pattern.search("Sørliestraße")
    written = tmp_path / "news-ner-1.txt"
    lines = ["[Sørlie|PER] fährt in [Monza|LOC].", "[Anna Beispiel|PER] lebt in [Pankow|LOC]."]
    written.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, stats = ner_data.read_civic([written], spacy.blank("de"), exclude=pattern)
    assert stats["excluded"] == 1
    assert [s.words[0] for s in out["train"] + out["dev"]] == ["Anna"]


@needs_shared("data/germeval2014")
def test_pretraining_text_is_train_side_only_and_keeps_unlabelled_sentences():
    from civic.train.ner import raw_text

    texts = raw_text.raw_texts(SHARED / "data", ROOT / "corpus" / "ner", seed=0)
    assert len(texts) == len(set(texts))
    _, ge_dev = ner_data.read_germeval(SHARED / "data")
    dev = {" ".join(s.words) for s in ge_dev if len(s.words) > 5}
    assert not dev & set(texts)  # the evaluation set is never pretrained on
    train_sents, _ = ner_data.load_sources(SHARED / "data", ROOT / "corpus" / "ner", 0)
    labelled = sum(len(v.get("train", [])) for k, v in train_sents.items() if k != "swap")
    assert len(texts) > 1.5 * labelled  # entity-less Europeana chunks and court sentences are kept


def test_pretraining_is_read_from_the_config_and_cached_by_its_inputs(tmp_path):
    from civic.train.ner import lexicon, pretrain

    assert pretrain.epochs(ROOT / "models" / "configs" / "ner.cfg") == 0  # the shipped model: no pretraining
    config = ROOT / "models" / "configs" / "ner-pretrain-window2.cfg"
    assert pretrain.epochs(config) >= 1
    assert pretrain.epochs(config, {"pretraining.max_epochs": 0}) == 0
    vectors = tmp_path / "vectors"
    width = lexicon.write_vectors(vectors)["width"]
    raw = tmp_path / "raw.jsonl"
    raw.write_text('{"text": "Der Bezirk lädt ein ."}\n')
    key = pretrain.cache_key(config, None, raw, vectors)
    assert key == pretrain.cache_key(config, None, raw, vectors)
    assert key != pretrain.cache_key(config, {"system.seed": 1}, raw, vectors)
    raw.write_text('{"text": "Der Bezirk lädt wieder ein ."}\n')
    assert key != pretrain.cache_key(config, None, raw, vectors)
    # spacy pretrain skips [initialize]; the callback puts the static table into the vocab
    nlp = pretrain.static_vectors(str(vectors))(spacy.blank("de"))
    assert nlp.vocab.vectors.shape[0] > 0 and nlp.vocab.vectors.shape[1] == width
