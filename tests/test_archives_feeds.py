"""WARC/ARC and RSS/Atom input: archives and feeds that the tests write themselves."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
from collections import Counter
from pathlib import Path

import orjson
import pytest

from civic.read.documents import DeadLetter, InputDoc
from civic.read.inputs import read_inputs

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = (
    "<html><head><title>Bürgerversammlung in Pankow</title>{meta}</head><body><nav>Start | Presse</nav>"
    "<article><h1>Bürgerversammlung in Pankow</h1><p>Das Bezirksamt Pankow lädt alle Anwohnerinnen und "
    "Anwohner am 12. Dezember zur Bürgerversammlung in das Rathaus Pankow ein. Fragen können bis zum "
    "10. Dezember eingereicht werden. {extra}</p></article></body></html>"
)


def _page(meta: str = "", extra: str = "") -> bytes:
    return ARTICLE.format(meta=meta, extra=extra).encode("utf-8")


def write_warc(path: Path, truncate: bool = True) -> None:
    """HTML (one with its own date, one without), an image, a revisit, a duplicate, a truncated record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)

    def response(uri, payload, ctype, date, status="200 OK"):
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                        warc_headers_dict={"WARC-Date": date})
        writer.write_record(rec)
        return rec

    dated = _page('<meta property="article:published_time" content="2026-11-20T09:00:00+01:00">')
    first = response("https://www.berlin.de/ba-pankow/a.html", dated, "text/html; charset=utf-8",
                     "2026-12-01T10:00:00Z")
    response("https://www.berlin.de/ba-pankow/b.html", _page(extra="Zweiter Artikel ohne Datum."),
             "text/html; charset=utf-8", "2026-12-02T10:00:00Z")
    response("https://www.berlin.de/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png",
             "2026-12-02T10:00:01Z")
    revisit = writer.create_revisit_record(
        "https://www.berlin.de/ba-pankow/a.html", first.rec_headers.get_header("WARC-Payload-Digest"),
        "https://www.berlin.de/ba-pankow/a.html", "2026-12-01T10:00:00Z")
    writer.write_record(revisit)
    response("https://www.berlin.de/ba-pankow/a-copy.html", dated, "text/html; charset=utf-8",
             "2026-12-03T10:00:00Z")
    good_end = buf.tell()
    response("https://www.berlin.de/ba-pankow/c.html", _page(extra="Abgeschnitten." * 50),
             "text/html; charset=utf-8", "2026-12-04T10:00:00Z")
    data = buf.getvalue()
    path.write_bytes(data[: good_end + (len(data) - good_end) // 2] if truncate else data)


def test_warc_documents_skips_and_truncated_record(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    skipped: Counter = Counter()
    items = list(read_inputs([str(path)], skipped=skipped))
    docs = [i for i in items if isinstance(i, InputDoc)]
    dead = [i for i in items if isinstance(i, DeadLetter)]
    assert [d.url for d in docs] == ["https://www.berlin.de/ba-pankow/a.html", "https://www.berlin.de/ba-pankow/b.html"]
    assert all(d.id.startswith("urn:uuid:") for d in docs)
    assert docs[0].published == "2026-11-20" and docs[0].published_from == "html-meta"
    assert docs[1].published == "2026-12-02" and docs[1].published_from == "crawl"
    assert "Bezirksamt Pankow lädt" in docs[0].text and "Start | Presse" not in docs[0].text
    assert skipped == Counter({"revisit": 1, "duplicate": 1, "not HTML": 1})
    assert len(dead) == 1 and "truncated record at byte offset" in dead[0].reason
    offset = int(dead[0].reason.split("byte offset ")[1].split()[0])
    assert 0 < offset < path.stat().st_size


def test_warc_page_without_any_date_takes_the_input_date(tmp_path):
    """`--published` fills in for a capture with neither a page date nor a WARC-Date, and the record
    says so the way it does for files and feeds."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "undated.warc"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record("https://www.berlin.de/ba-pankow/d.html", "response",
                                        payload=io.BytesIO(_page()), http_headers=http)
        rec.rec_headers.remove_header("WARC-Date")
        writer.write_record(rec)
    given = list(read_inputs([str(path)], default_published="2026-12-05"))
    assert [(d.published, d.published_from) for d in given] == [("2026-12-05", "input")]
    bare = list(read_inputs([str(path)]))
    assert [(d.published, d.published_from) for d in bare] == [(None, None)]


def test_broken_bytes_become_a_dead_letter(tmp_path):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"<html>this is no archive</html>\n" * 3)
    items = list(read_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], DeadLetter) and "byte offset 0" in items[0].reason


def test_arc_record_gets_a_stable_id(tmp_path):
    body = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + _page()
    fields = b"1 0 civic\nURL IP-address Archive-date Content-type Archive-length\n"
    header = b"filedesc://t.arc 0.0.0.0 20261201100000 text/plain %d\n" % len(fields) + fields
    rec = b"https://www.berlin.de/x.html 1.2.3.4 20261201100000 text/html %d\n" % len(body) + body + b"\n"
    path = tmp_path / "old.arc"
    path.write_bytes(header + b"\n" + rec)
    docs = [i for i in read_inputs([str(path)]) if isinstance(i, InputDoc)]
    again = [i for i in read_inputs([str(path)]) if isinstance(i, InputDoc)]
    assert len(docs) == 1 and docs[0].id.startswith("arc-") and docs[0].id == again[0].id
    assert docs[0].url == "https://www.berlin.de/x.html" and docs[0].published == "2026-12-01"


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Pressemitteilungen Pankow</title><link>https://www.berlin.de/ba-pankow/</link>
<item><title>Bürgerversammlung in Pankow</title><link>https://www.berlin.de/ba-pankow/pm/1</link>
<guid>pm-1</guid><pubDate>Tue, 01 Dec 2026 00:30:00 +0100</pubDate>
<description><![CDATA[<p>Das Bezirksamt Pankow lädt am 12. Dezember 2026 zur Bürgerversammlung ein.</p>]]>
</description></item>
<item><title>Baumpflanzung</title><link>https://www.berlin.de/ba-pankow/pm/2</link>
<description>&lt;p&gt;Im Bürgerpark werden morgen Bäume gepflanzt.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Neukölln</title><id>urn:neukoelln</id><updated>2026-12-02T10:00:00Z</updated>
<entry><title>Kiezfest in Neukölln</title><id>urn:neukoelln:1</id><link href="https://www.berlin.de/ba-neukoelln/1"/>
<published>2026-12-02T10:00:00+01:00</published><updated>2026-12-03T10:00:00+01:00</updated>
<summary>Kurz</summary>
<content type="html">&lt;p&gt;Das Bezirksamt Neukölln feiert am 5. Dezember 2026 ein Kiezfest.&lt;/p&gt;
</content></entry>
</feed>"""


def test_rss_entries(tmp_path):
    path = tmp_path / "pankow.rss"
    path.write_text(RSS, encoding="utf-8")
    docs = list(read_inputs([str(path)], default_published="2026-12-07"))
    assert [d.id for d in docs] == ["pm-1", "https://www.berlin.de/ba-pankow/pm/2"]
    assert docs[0].published == "2026-12-01" and docs[0].published_from == "feed"  # the feed's own day, not UTC
    assert docs[1].published == "2026-12-07" and docs[1].published_from == "input"  # --published, as for files
    assert docs[0].title == "Bürgerversammlung in Pankow" and docs[0].url.endswith("/pm/1")
    assert docs[0].text.startswith("Bürgerversammlung in Pankow\n") and "12. Dezember 2026" in docs[0].text
    assert "<p>" not in docs[1].text and "Bäume gepflanzt" in docs[1].text


def test_atom_content_wins_over_summary(tmp_path):
    path = tmp_path / "neukoelln.atom"
    path.write_text(ATOM, encoding="utf-8")
    (doc,) = list(read_inputs([str(path)]))
    assert doc.id == "urn:neukoelln:1" and doc.published == "2026-12-02" and doc.url.endswith("/1")
    assert "Kiezfest" in doc.text and "Kurz" not in doc.text


def test_not_a_feed_is_a_dead_letter(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_text("<urlset><url><loc>x</loc></url></urlset>", encoding="utf-8")
    (item,) = list(read_inputs([str(path)]))
    assert isinstance(item, DeadLetter)


@pytest.mark.slow
def test_extract_warc_and_feed_end_to_end(tmp_path):
    """`civic extract` on a WARC and a feed, resumed halfway and with two workers: same records."""
    write_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "pankow.rss").write_text(RSS, encoding="utf-8")
    inputs = [str(tmp_path / "crawl.warc.gz"), str(tmp_path / "pankow.rss")]

    def run(out, *extra):
        return subprocess.run([sys.executable, "-m", "civic.cli", "extract", *inputs, "-o", str(out), "--model",
                               "none", *extra], capture_output=True, text=True, cwd=ROOT, check=True)

    done = run(tmp_path / "a.jsonl")
    assert "read 5, written 4, dead-lettered 1" in done.stderr
    assert "skipped 3 archive records (duplicate 1, not HTML 1, revisit 1)" in done.stderr
    records = [orjson.loads(x) for x in (tmp_path / "a.jsonl").read_bytes().splitlines()]
    assert records[1]["source"]["published_from"] == "crawl" and records[1]["source"]["published"] == "2026-12-02"
    assert any(d["name"] == "Pankow" for d in records[0]["districts"])
    errors = (tmp_path / "a.errors.jsonl").read_text(encoding="utf-8")
    assert "byte offset" in errors
    run(tmp_path / "b.jsonl", "--workers", "2")
    strip = [{k: v for k, v in r.items() if k != "meta"} for r in records]
    other = [{k: v for k, v in orjson.loads(x).items() if k != "meta"}
             for x in (tmp_path / "b.jsonl").read_bytes().splitlines()]
    assert other == strip


def test_warc_gzipped_whole_is_read_to_the_end(tmp_path):
    """Found by `make fuzz`: a WARC gzipped as one member (not one per record) lost every record
    after the first, and the dead letter claimed line 1 and a negative offset."""
    plain = tmp_path / "crawl.warc"
    write_warc(plain, truncate=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(gzip.decompress(plain.read_bytes())))  # write_warc gzips each record
    urls = [i.url for i in read_inputs([str(plain)]) if isinstance(i, InputDoc)]
    items = list(read_inputs([str(whole)]))
    assert len(urls) == 3 and [i.url for i in items if isinstance(i, InputDoc)] == urls
    assert not [i for i in items if isinstance(i, DeadLetter)]
