"""Events as an iCalendar file (RFC 5545) for calendar subscriptions: one all-day VEVENT each.

Built with the `icalendar` library. The UID is `<event.id>@civic-pipeline`: the event id is a hash
of the date, Bezirk and first wording (civic.query.events.event_id), so a calendar app that
re-fetches the file updates the event in place when another article joins it instead of adding a
second one. DTSTAMP is the newest `published` day of the event's sources (civic.write.stamps).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar
from icalendar import Event as VEvent

from civic.query.events import Event, Source
from civic.write.stamps import day_start, last_changed

PRODID = "-//civic-pipeline//feeds//DE"
UID_DOMAIN = "civic-pipeline"


def event_uid(event: Event) -> str:
    """The calendar UID of an event, stable across runs and across the feeds that hold it."""
    return f"{event.id}@{UID_DOMAIN}"


def first_url(event: Event) -> str | None:
    """The link of the event: the URL of its first (earliest published) source that has one."""
    return next(iter(event.urls), None)


def describe_source(source: Source) -> str:
    """One source as lines of text: title, URL, published day (what a reader checks first)."""
    published = f"veröffentlicht {source.published}" if source.published else "ohne Datum"
    return "\n".join(part for part in (source.title or source.document_id, source.url, published) if part)


def vevent(event: Event) -> VEvent:
    """One event as an all-day VEVENT: DTSTART the day, DTEND the next (RFC 5545 3.6.1)."""
    day = dt.date.fromisoformat(event.date)
    entry = VEvent()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", last_changed(event) or day_start(day))
    entry.add("dtstart", day)
    entry.add("dtend", day + dt.timedelta(days=1))
    entry.add("summary", event.action)
    entry.add("location", event.bezirk or "Berlin")
    entry.add("description", "Quellen:\n\n" + "\n\n".join(describe_source(s) for s in event.sources))
    if url := first_url(event):
        entry.add("url", url)
    return entry


def event_calendar(events: Iterable[Event], name: str) -> bytes:
    """A calendar named `name` (shown by calendar apps) with one VEVENT per event, in the order given."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(vevent(event))
    return cal.to_ical()
