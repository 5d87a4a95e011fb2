"""Which events go into which feed: one feed per Bezirk, and one for all of Berlin.

- Only upcoming events: date on or after the start day (default today), and with `days` not after
  start + days (the window of `civic deadlines --from/--days`).
- A Bezirk's feed holds the events of that Bezirk **and the Berlin-wide ones**: an event whose
  articles name no Bezirk (a Senate notice, `Heizkostenzuschuss bis 31.12.`) applies in every
  Bezirk, and a desk that follows one Bezirk must not miss it. An event whose sentence names two
  Bezirke (`bezirk` is `Pankow, Mitte`) is in both their feeds.
- The `Berlin` feed holds every upcoming event, for a city desk.

Events keep the order of civic.query.events.group_events (date, Bezirk, id), so files are stable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from civic.analyse.components.districts import bezirke, slug
from civic.query.events import Event

BERLIN = "Berlin"  # the name of the all-city feed (slug `berlin`)


@dataclass
class Feed:
    """One feed: a Bezirk (or Berlin), its file slug and its events."""

    name: str
    slug: str
    events: list[Event] = field(default_factory=list)

    @property
    def ics(self) -> str:
        return f"{self.slug}.ics"

    @property
    def atom(self) -> str:
        return f"{self.slug}.atom"

    @property
    def title(self) -> str:
        return f"Fristen in {self.name}"


def upcoming(events: Iterable[Event], start: dt.date, end: dt.date | None = None) -> list[Event]:
    """The events on or after `start` and, when `end` is given, not after it."""
    return [e for e in events
            if dt.date.fromisoformat(e.date) >= start and (end is None or dt.date.fromisoformat(e.date) <= end)]


def window_end(start: dt.date, days: int | None) -> dt.date | None:
    """The last day of `--days N` from `start` (inclusive, as in civic deadlines); None for no limit."""
    return start + dt.timedelta(days=days) if days is not None else None


def bezirk_feeds(events: Sequence[Event]) -> list[Feed]:
    """The 12 Bezirk feeds in the gazetteer's order, then the Berlin feed (see module docstring)."""
    feeds = [Feed(name, slug(name), [e for e in events if not e.bezirke or name in e.bezirke]) for name in bezirke()]
    return [*feeds, Feed(BERLIN, slug(BERLIN), list(events))]
