"""Inputs: every kind of input becomes InputDoc or a DeadLetter with file, line and reason."""

from __future__ import annotations

import gzip
import json

import pytest

from civic.read.documents import DeadLetter, InputDoc
from civic.read.inputs import InputError, expand_inputs, parse_published, read_inputs


def _write(path, lines):
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return str(path)


def test_jsonl_fields_are_read(tmp_path):
    f = _write(tmp_path / "a.jsonl", [json.dumps({
        "id": "x1", "text": "Hallo Pankow.", "published": "2022-06-20T09:00:00+02:00",
        "url": "https://e.x/1", "title": "T", "section": "Pankow", "extra": 1}).encode()])
    [doc] = list(read_inputs([f]))
    assert isinstance(doc, InputDoc)
    assert (doc.id, doc.text, doc.published, doc.url, doc.title, doc.section, doc.line) == (
        "x1", "Hallo Pankow.", "2022-06-20", "https://e.x/1", "T", "Pankow", 1)
    assert doc.extra == {"extra": 1}


@pytest.mark.parametrize("line, reason", [
    (b"{not json", "invalid JSON"),
    (b"[1, 2]", "expected a JSON object"),
    (b'{"id": "a"}', "missing 'text'"),
    (b'{"id": "a", "text": 5}', "'text' must be a string"),
    (b'{"id": 7, "text": "x"}', "'id' must be a non-empty string"),
    (b'{"id": "a", "text": "x", "published": "20.06.2022"}', "not a valid date"),
    (b'{"id": "a", "text": "x", "published": "99999-01-01"}', "not a valid date"),
    (b'{"id": "a", "text": "x", "title": ["t"]}', "'title' must be a string"),
    (b'{"id": "a", "text": "\xff\xfe"}', "not valid UTF-8"),
])
def test_bad_lines_become_dead_letters(tmp_path, line, reason):
    f = _write(tmp_path / "bad.jsonl", [b'{"id": "ok", "text": "gut"}', line])
    items = list(read_inputs([f]))
    assert isinstance(items[0], InputDoc)
    dead = items[1]
    assert isinstance(dead, DeadLetter)
    assert dead.line == 2 and dead.file == f
    assert reason in dead.reason


def test_blank_lines_are_skipped_but_line_numbers_kept(tmp_path):
    f = _write(tmp_path / "a.jsonl", [b'{"id": "1", "text": "a"}', b"", b'{"id": "2", "text": "b"}'])
    assert [d.line for d in read_inputs([f])] == [1, 3]


def test_missing_id_gets_a_stable_one(tmp_path):
    f = _write(tmp_path / "news.jsonl", [b'{"text": "a"}'])
    assert [d.id for d in read_inputs([f])] == ["news-1"]


def test_txt_html_gz_and_directories(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "one.txt").write_text("Ein Text aus Spandau.", encoding="utf-8")
    with gzip.open(tmp_path / "d" / "two.jsonl.gz", "wb") as fh:
        fh.write(b'{"id": "g1", "text": "aus gz"}\n')
    (tmp_path / "d" / "three.html").write_text(
        "<html><head><title>Titel</title><meta property='article:published_time' content='2023-05-02'>"
        "</head><body><nav>Menü</nav><article><h1>Titel</h1><p>Der Bezirk Neukölln saniert die "
        "Bibliothek am Richardplatz. Die Arbeiten sollen im Herbst beginnen und ein Jahr dauern.</p>"
        "</article><footer>Impressum</footer></body></html>", encoding="utf-8")
    (tmp_path / "d" / "ignored.csv").write_text("x", encoding="utf-8")
    items = {d.id: d for d in read_inputs([str(tmp_path / "d")])}
    assert set(items) == {"one", "g1", "three"}
    assert items["one"].text.startswith("Ein Text")
    assert items["g1"].text == "aus gz"
    assert items["three"].extracted and "Richardplatz" in items["three"].text
    assert items["three"].published == "2023-05-02"
    assert "Impressum" not in items["three"].text


def test_default_published_only_where_missing(tmp_path):
    lines = [b'{"id": "1", "text": "a"}', b'{"id": "2", "text": "b", "published": "2021-01-02"}']
    f = _write(tmp_path / "a.jsonl", lines)
    assert [d.published for d in read_inputs([f], default_published="2022-06-20")] == ["2022-06-20", "2021-01-02"]


def test_unknown_paths_fail_clearly(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([str(tmp_path / "nope.jsonl")])
    (tmp_path / "x.csv").write_text("a", encoding="utf-8")
    with pytest.raises(InputError, match="unknown input kind"):
        expand_inputs([str(tmp_path / "x.csv")])


def test_parse_published():
    assert parse_published("2022-06-20") == "2022-06-20"
    with pytest.raises(ValueError):
        parse_published("2022-02-30")


def test_count_items_gives_the_progress_total_where_cheap(tmp_path):
    """One per text/HTML file and per non-blank JSONL line; unknown (None) for gz and stdin."""
    from civic.read.inputs import count_items

    (tmp_path / "news.jsonl").write_text('{"id": "a", "text": "Eins."}\n\n{"id": "b", "text": "Zwei."}\n',
                                         encoding="utf-8")
    (tmp_path / "brief.txt").write_text("Das Bezirksamt Pankow informiert.", encoding="utf-8")
    (tmp_path / "seite.html").write_text("<p>Neues aus Spandau</p>", encoding="utf-8")
    files = [str(tmp_path / n) for n in ("news.jsonl", "brief.txt", "seite.html")]
    assert count_items(files) == 4
    assert len([i for i in read_inputs(files)]) == 4
    (tmp_path / "more.jsonl.gz").write_bytes(gzip.compress(b'{"id": "c", "text": "Drei."}\n'))
    assert count_items([*files, str(tmp_path / "more.jsonl.gz")]) is None
    assert count_items(["-"]) is None
