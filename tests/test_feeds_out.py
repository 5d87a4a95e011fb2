"""Issue 19 (feeds): `civic feeds` writes a calendar and an Atom feed per Bezirk and for Berlin, and
an index.html, from the events of corpus/events. The files are read back with the libraries a
subscriber's software would use (icalendar, feedparser), not compared as text."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar

from civic.analyse.components.districts import bezirke, slug
from civic.api import write_feeds
from civic.query.events import events_of_records

from .conftest import ROOT

EVENTS = ROOT / "corpus" / "events" / "input.jsonl"
START = "2026-11-25"
SLUGS = ["mitte", "friedrichshain-kreuzberg", "pankow", "charlottenburg-wilmersdorf", "spandau",
         "steglitz-zehlendorf", "tempelhof-schoeneberg", "neukoelln", "treptow-koepenick", "marzahn-hellersdorf",
         "lichtenberg", "reinickendorf"]


@pytest.fixture(scope="module")
def records(pipe) -> list[dict]:
    """Records of the 36 articles of corpus/events, extracted once."""
    from civic.read.inputs import read_inputs

    return [r for r in pipe.stream(read_inputs([str(EVENTS)])) if isinstance(r, dict)]


@pytest.fixture(scope="module")
def records_file(records, tmp_path_factory) -> Path:
    from civic.write.jsonl import dumps

    path = tmp_path_factory.mktemp("records") / "events.jsonl"
    path.write_bytes(b"".join(dumps(r) + b"\n" for r in records))
    return path


@pytest.fixture(scope="module")
def events(records):
    return events_of_records(records)


@pytest.fixture(scope="module")
def out(records, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("feeds")
    write_feeds(records, folder, start=START)
    return folder


def _calendar(path: Path) -> list:
    return list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def _expected(events, bezirk: str | None) -> list:
    """Upcoming events of a Bezirk feed: its own and the Berlin-wide ones (None: every event)."""
    return [e for e in events if e.date >= START and (bezirk is None or e.bezirk in (bezirk, None))]


def test_slugs_of_the_twelve_bezirke():
    assert [slug(b) for b in bezirke()] == SLUGS
    assert slug("Weißensee") == "weissensee" and slug("Prenzlauer Berg") == "prenzlauer-berg"


def test_one_calendar_and_feed_per_bezirk_and_berlin(out):
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{s}.{ext}" for s in [*SLUGS, "berlin"] for ext in ("ics", "atom")] + ["index.html"])
    assert not list(out.glob("*.tmp"))


@pytest.mark.parametrize("bezirk", [*bezirke(), None])
def test_calendar_holds_the_upcoming_events_as_all_day_events(out, events, bezirk):
    expected = _expected(events, bezirk)
    vevents = _calendar(out / f"{slug(bezirk or 'Berlin')}.ics")
    assert [str(v["uid"]) for v in vevents] == [f"{e.id}@civic-pipeline" for e in expected]
    for vevent, event in zip(vevents, expected, strict=True):
        day = dt.date.fromisoformat(event.date)
        start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
        assert type(start) is dt.date and start == day and end == day + dt.timedelta(days=1)
        assert str(vevent["summary"]) == event.action
        assert str(vevent["url"]) == event.sources[0].url
        assert str(vevent["location"]) == (event.bezirk or "Berlin")
        description = str(vevent["description"])
        for source in event.sources:
            assert source.title in description and source.url in description and source.published in description
        newest = max(s.published for s in event.sources)
        assert vevent.decoded("dtstamp") == dt.datetime.fromisoformat(newest).replace(tzinfo=dt.UTC)


def test_calendar_of_pankow_has_the_stadtteilbudget_once_with_three_sources(out, events):
    [budget] = [e for e in events if e.date == "2026-12-11" and {s.document_id for s in e.sources} == {
        "e01-pm-bezirksamt", "e01-newsletter", "e01-lokalblatt"}]
    uids = [str(v["uid"]) for v in _calendar(out / "pankow.ics")]
    assert uids.count(f"{budget.id}@civic-pipeline") == 1
    assert f"{budget.id}@civic-pipeline" not in [str(v["uid"]) for v in _calendar(out / "neukoelln.ics")]


def test_berlin_wide_event_is_in_every_bezirk(out, events):
    [heating] = [e for e in events if e.bezirk is None]
    for name in SLUGS:
        assert f"{heating.id}@civic-pipeline" in [str(v["uid"]) for v in _calendar(out / f"{name}.ics")]


@pytest.mark.parametrize("name", [*SLUGS, "berlin"])
def test_atom_feed_is_valid_atom_1_0(out, events, name):
    parsed = feedparser.parse((out / f"{name}.atom").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    bezirk = next((b for b in bezirke() if slug(b) == name), None)
    expected = _expected(events, bezirk)
    assert parsed.feed.id == f"tag:civic-pipeline,2026:feeds/{name}"
    assert parsed.feed.title == f"Fristen in {bezirk or 'Berlin'}"
    assert any(link.rel == "self" and link.href.endswith(f"{name}.atom") for link in parsed.feed.links)
    assert [e.id for e in parsed.entries] == [f"tag:civic-pipeline,2026:events/{e.id}" for e in expected]
    newest = max(s.published for e in expected for s in e.sources)
    assert parsed.feed.updated.startswith(newest)
    for entry, event in zip(parsed.entries, expected, strict=True):
        assert event.action in entry.title
        assert entry.link == event.sources[0].url
        assert entry.updated.startswith(max(s.published for s in event.sources))


def test_rerun_gives_byte_identical_files(out, records, tmp_path):
    write_feeds(records, tmp_path, start=START)
    for path in out.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_entry_ids_stay_when_an_article_joins_an_event(records, events, tmp_path):
    """A feed reader polls again after a newsletter repeats a deadline: same entry, updated, no second one."""
    [budget] = [e for e in events if {s.document_id for s in e.sources} >= {"e01-pm-bezirksamt", "e01-lokalblatt"}]
    without_last = [r for r in records if r["id"] != "e01-lokalblatt"]
    write_feeds(without_last, tmp_path / "before", start=START)
    write_feeds(records, tmp_path / "after", start=START)
    before, after = (feedparser.parse((tmp_path / run / "pankow.atom").read_bytes()) for run in ("before", "after"))
    assert [e.id for e in before.entries] == [e.id for e in after.entries]
    entry = f"tag:civic-pipeline,2026:events/{budget.id}"
    old, new = (next(e for e in p.entries if e.id == entry) for p in (before, after))
    assert old.updated < new.updated
    assert [str(v["uid"]) for v in _calendar(tmp_path / "before" / "pankow.ics")] == \
        [str(v["uid"]) for v in _calendar(tmp_path / "after" / "pankow.ics")]


def test_days_limits_the_window_and_empty_feeds_stay_valid(records, events, tmp_path):
    counts = write_feeds(records, tmp_path / "ten", start=START, days=10)
    assert counts["berlin"] == len([e for e in events if START <= e.date <= "2026-12-05"]) > 0
    counts = write_feeds(records, tmp_path / "later", start="2027-06-01")
    assert set(counts.values()) == {0}
    for name in [*SLUGS, "berlin"]:
        parsed = feedparser.parse((tmp_path / "later" / f"{name}.atom").read_bytes())
        assert parsed.bozo == 0 and parsed.version == "atom10" and parsed.entries == []
        assert _calendar(tmp_path / "later" / f"{name}.ics") == []


def test_index_links_every_feed_with_its_count(out, events):
    page = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', page)
    assert sorted(links) == sorted(f"{s}.{ext}" for s in [*SLUGS, "berlin"] for ext in ("ics", "atom"))
    assert all((out / link).is_file() for link in links)
    for bezirk in [*bezirke(), None]:
        name = bezirk or "Berlin"
        row = re.search(rf"<tr><td>{re.escape(name)}</td><td>(\d+)</td>", page)
        assert row and int(row.group(1)) == len(_expected(events, bezirk)), name


def _civic(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "civic.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}, timeout=120)


def test_cli_writes_the_feeds(records_file, out, tmp_path):
    result = _civic("feeds", str(records_file), str(tmp_path / "feeds"), "--from", START)
    assert result.returncode == 0, result.stderr
    assert "13 calendars and feeds" in result.stderr
    assert (tmp_path / "feeds" / "neukoelln.atom").read_bytes() == (out / "neukoelln.atom").read_bytes()


@pytest.mark.parametrize("args, words", [
    (("feeds", "out/nope.jsonl", "{tmp}/feeds"), "nope.jsonl"),
    (("feeds", str(EVENTS), "{tmp}/feeds"), "input file"),
    (("feeds", "{records}", "{tmp}/feeds", "--from", "25.11.2026"), "'25.11.2026' is not a date YYYY-MM-DD"),
])
def test_cli_errors_are_one_line(records_file, tmp_path, args, words):
    result = _civic(*(a.format(tmp=tmp_path, records=records_file) for a in args))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("civic: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert words in result.stderr
    assert not (tmp_path / "feeds").exists() or not list((tmp_path / "feeds").iterdir())


def test_base_url_makes_the_self_links_absolute(records, tmp_path):
    write_feeds(records, tmp_path, start=START, base_url="https://news.example/feeds")
    for name in ("pankow", "berlin"):
        parsed = feedparser.parse((tmp_path / f"{name}.atom").read_bytes())
        assert [link.href for link in parsed.feed.links if link.rel == "self"] == [
            f"https://news.example/feeds/{name}.atom"]


def test_an_event_of_two_bezirke_is_in_both_feeds_and_no_other():
    from civic.query.bezirk_feeds import bezirk_feeds
    from civic.query.events import Event

    both = Event("e1", "2026-12-10", "Vorschläge einreichen", "Pankow, Mitte")
    feeds = {f.slug: [e.id for e in f.events] for f in bezirk_feeds([both])}
    assert feeds["pankow"] == ["e1"] and feeds["mitte"] == ["e1"] and feeds["berlin"] == ["e1"]
    assert feeds["spandau"] == []
