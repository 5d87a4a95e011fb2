"""When an event was published and last changed, taken from its sources, never from the clock.

Feeds and calendars are regenerated on every run; a timestamp from the wall clock would make every
run differ and make feed readers and calendar apps see every entry as changed. The input's
`published` days are the only time the files carry, so the same records and the same `--from` give
byte-identical files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from civic.query.events import Event


def day_start(day: str | dt.date) -> dt.datetime:
    """An ISO day (or date) as midnight UTC: the timestamp of a day for formats that need a time."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def first_published(event: Event) -> dt.datetime | None:
    """The earliest `published` day of the event's sources; None when no source has one."""
    days = [s.published for s in event.sources if s.published]
    return day_start(min(days)) if days else None


def last_changed(event: Event) -> dt.datetime | None:
    """The newest `published` day of the event's sources: a new article joining the event is its
    only change. None when no source has a day."""
    days = [s.published for s in event.sources if s.published]
    return day_start(max(days)) if days else None


def newest(events: Iterable[Event], default: dt.datetime) -> dt.datetime:
    """The latest change of any of the events; `default` for none (an empty feed still needs one)."""
    return max((t for t in map(last_changed, events) if t is not None), default=default)
