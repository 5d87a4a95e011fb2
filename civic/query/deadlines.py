"""Deadline queries for journalists: what closes where, and when — as a table, CSV, JSON or ICS.

Two views with the same filters: events (the default of `civic deadlines`: one row per deadline
across articles, civic.query.events, with its number of sources) and deadlines per article (one
row per deadline of each article, `--per-article`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import orjson

from civic.record.files import iter_records
from civic.record.rows import deadline_rows

COLUMNS = ("date", "days_left", "districts", "action", "title", "url", "id", "topics", "sentence")
#: The events view: `id` is the event's (stable across loads), `documents` and `urls` its sources'.
EVENT_COLUMNS = ("date", "days_left", "n_sources", "bezirk", "districts", "action", "title", "url", "id",
                 "documents", "urls", "topics", "sentence")


def district_name(form: str) -> str:
    """Any form the gazetteer knows (Neuköllner, Bezirksamt Pankow, marzahn hellersdorf, Neukoelln)
    -> the official name; raises ValueError for unknown forms. The spellings live in the gazetteer
    (analyse.components.districts), not here."""
    from civic.analyse.components.districts import district_by_form

    return district_by_form(form).name


def topic_label(topic: str) -> str:
    """A topic as typed (`Beteiligung`, `beteiligung`) -> its slug in the taxonomy; an unknown
    topic is a ValueError that lists the valid ones, because a misspelt filter would otherwise
    answer "0 deadlines" as if nothing were due (issue 18)."""
    from civic.analyse.components.topics import TOPIC_LABELS

    label = topic.strip().casefold()
    if label not in TOPIC_LABELS:
        raise ValueError(f"unknown topic {topic!r}: use one of {', '.join(TOPIC_LABELS)}")
    return label


@dataclass
class DeadlineQuery:
    start: dt.date | None
    end: dt.date | None
    district: str | None
    topic: str | None

    @classmethod
    def build(cls, upcoming: bool = False, start: str | None = None, days: int | None = None,
              district: str | None = None, topic: str | None = None, today: dt.date | None = None):
        begin = dt.date.fromisoformat(start) if start else (today or dt.date.today()) if (upcoming or days) else None
        end = begin + dt.timedelta(days=days) if begin and days is not None else None
        return cls(begin, end, district_name(district) if district else None,
                   topic_label(topic) if topic else None)

    def _keeps(self, day: str, districts: Iterable[str], topics: Iterable[str]) -> bool:
        """The filters, one rule for both views. Districts are where the deadline applies
        (rows.deadline_row: civic.record.places), not every district the article names."""
        if self.district is not None and self.district not in districts:
            return False
        if self.topic and self.topic not in topics:
            return False
        date = dt.date.fromisoformat(day)
        return not (self.start and date < self.start or self.end and date > self.end)

    def _days_left(self, day: str) -> int | None:
        return (dt.date.fromisoformat(day) - self.start).days if self.start else None

    def run(self, paths: Iterable[Path | str]) -> list[dict]:
        """One row per deadline of each article (`civic deadlines --per-article`)."""
        rows = []
        for record, doc, deadline in deadline_rows(iter_records(paths)):
            topics = [t["label"] for t in record.get("topics", [])]
            names = (deadline["bezirk"] or "").split(", ") + deadline["districts"].split(", ")
            if not self._keeps(deadline["date"], names, topics):
                continue
            rows.append({
                "date": deadline["date"],
                "days_left": self._days_left(deadline["date"]),
                "districts": deadline["districts"],
                "action": deadline["action"], "title": doc["title"] or "",
                "url": doc["url"] or "", "id": doc["document_id"],
                "topics": ", ".join(topics), "sentence": deadline["sentence"],
            })
        rows.sort(key=lambda r: (r["date"], r["id"]))
        return rows

    def run_events(self, paths: Iterable[Path | str]) -> list[dict]:
        """One row per event (the default of `civic deadlines`). All deadlines are grouped first, so
        the grouping (and each event's id) does not depend on the filters; an event is kept when any
        of its sources passes them. Title, URL and sentence are the earliest source's."""
        from civic.query.events import events_of_records

        rows = []
        for event in events_of_records(iter_records(paths)):
            districts = list(dict.fromkeys(n for s in event.sources for n in s.districts))
            topics = list(dict.fromkeys(t for s in event.sources for t in s.topics))
            if not any(self._keeps(event.date, s.districts, s.topics) for s in event.sources):
                continue
            first = event.sources[0]
            rows.append({
                "date": event.date, "days_left": self._days_left(event.date), "n_sources": event.n_sources,
                "bezirk": event.bezirk or "", "districts": ", ".join(d for d in districts if d != event.bezirk),
                "action": event.action, "title": first.title or "", "url": first.url or "", "id": event.id,
                "documents": ", ".join(s.document_id for s in event.sources), "urls": " ".join(event.urls),
                "topics": ", ".join(topics), "sentence": first.sentence,
            })
        rows.sort(key=lambda r: (r["date"], r["bezirk"], r["id"]))
        return rows


def _table(rows: list[dict], events: bool) -> str:
    shown = ("date", "days_left", "n_sources", "bezirk", "action", "url") if events else (
        "date", "days_left", "districts", "action", "title", "url")
    widths = {"date": 10, "days_left": 4, "n_sources": 7, "bezirk": 26, "districts": 28, "action": 44, "title": 40,
              "url": 40}
    header = {"date": "date", "days_left": "left", "n_sources": "sources", "bezirk": "Bezirk", "districts": "district",
              "action": "action", "title": "title", "url": "url (first source)" if events else "url"}

    def cell(value, width):
        text = "" if value is None else str(value)
        return (text[: width - 1] + "…") if len(text) > width else text.ljust(width)

    lines = ["  ".join(cell(header[c], widths[c]) for c in shown)]
    lines.append("  ".join("-" * widths[c] for c in shown))
    lines += ["  ".join(cell(row[c], widths[c]) for c in shown) for row in rows]
    if events:
        lines.append(f"{len(rows)} event(s) from {sum(r['n_sources'] for r in rows)} deadline(s) in articles")
    else:
        lines.append(f"{len(rows)} deadline(s)")
    return "\n".join(lines) + "\n"


def to_ics(rows: list[dict]) -> bytes:
    """An iCalendar file with one all-day event per deadline."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//civic-pipeline//deadlines//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "civic-pipeline: Fristen")
    for row in rows:
        day = dt.date.fromisoformat(row["date"])
        event = Event()
        event.add("uid", f"{row['id']}-{row['date']}@civic-pipeline")
        event.add("dtstamp", dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", f"Frist: {row['action']}")
        links = row.get("urls") or row["url"]
        event.add("description", f"{row['title']}\n{row['sentence']}\n{links}".strip())
        if row["districts"]:
            event.add("location", row["districts"])
        if row["url"]:
            event.add("url", row["url"])
        cal.add_component(event)
    return cal.to_ical()


def render(rows: list[dict], fmt: str, start: dt.date | None = None, events: bool = False) -> bytes:
    """The rows (of `run`, or of `run_events` with events=True) in the chosen format."""
    if fmt == "table":
        return _table(rows, events).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EVENT_COLUMNS if events else COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8")
    if fmt == "json":
        return orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b"\n"
    if fmt == "ics":
        return to_ics(rows)
    raise ValueError(f"unknown format {fmt!r}: use table, csv, json or ics")
