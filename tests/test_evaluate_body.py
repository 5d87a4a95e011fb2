"""`civic evaluate body`: exact body spans per split and per site on pages labelled by line numbers."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from civic.evaluate.body import evaluate_body

from .conftest import ROOT

BODY = ROOT / "corpus" / "body"

PAGES = {
    # site chrome, then a press release: the body starts at the headline (line 5)
    "p1": "Startseite › Bezirk\n\nInhaltsspalte\n\nNeue Bänke am Lietzensee\n\n"
          "Das Bezirksamt stellt am Montag zwölf neue Bänke am Ufer des Lietzensees auf.",
    # a page whose gold says the body ends a line earlier than the text: one miss
    "p2": "Spielplatz wieder offen\n\nDer Spielplatz an der Kastanienallee ist nach dem Umbau wieder geöffnet.\n"
          "Die Kinder haben die neuen Geräte am ersten Tag sofort ausprobiert und waren begeistert.",
}
GOLD = {"p1": (5, 7), "p2": (1, 3)}
FOUND_P2 = (1, 4)


def _write(folder, rows):
    folder.joinpath(rows[0]).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[1]),
                                        encoding="utf-8")


@pytest.fixture()
def corpus(tmp_path):
    _write(tmp_path, ("recipes.jsonl", [{"id": i, "site": "kiez-site", "split": s}
                                         for i, s in (("p1", "dev"), ("p2", "test"))]))
    _write(tmp_path, ("gold.jsonl", [{"id": i, "body": {"first_line": a, "last_line": b}}
                                      for i, (a, b) in GOLD.items()]))
    _write(tmp_path, ("texts.jsonl", [{"id": i, "text": t} for i, t in PAGES.items()]))
    return tmp_path


def test_spans_are_counted_per_split_and_site_and_each_miss_is_named(corpus):
    result = evaluate_body(corpus)
    assert result["splits"] == {"dev": [1, 1], "test": [0, 1]}
    assert result["sites"] == {"kiez-site": [1, 2]}
    assert result["misses"] == [{"id": "p2", "split": "test", "gold": {"first_line": 1, "last_line": 3},
                                 "found": {"first_line": FOUND_P2[0], "last_line": FOUND_P2[1]}}]


def test_the_command_prints_the_report_and_fails_clearly_without_texts(corpus, tmp_path):
    civic = [sys.executable, "-m", "civic.cli", "evaluate", "body", "--corpus"]
    done = subprocess.run([*civic, str(corpus)], capture_output=True, text=True, check=True)
    assert "kiez-site" in done.stdout and "p2: gold lines 1-3, found 1-4" in done.stdout
    (corpus / "texts.jsonl").unlink()
    failed = subprocess.run([*civic, str(corpus)], capture_output=True, text=True)
    assert failed.returncode != 0 and "restore the pages first" in failed.stderr


@pytest.mark.skipif(not (BODY / "texts.jsonl").exists(), reason="corpus/body/texts.jsonl not restored "
                    "(third-party pages, not in git: corpus/body/README.md)")
def test_restored_body_pages_verify_and_are_all_scored():
    sys.path.insert(0, str(ROOT / "tools"))
    from real_corpus import check

    assert check(BODY / "texts.jsonl", BODY / "recipes.jsonl") == []
    result = evaluate_body(BODY)
    recipes = (BODY / "recipes.jsonl").read_text(encoding="utf-8").splitlines()
    assert sum(pages for _, pages in result["splits"].values()) == len(recipes) >= 100
