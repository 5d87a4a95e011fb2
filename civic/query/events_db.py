"""The `events` and `event_sources` tables of `civic db` (civic.query.events holds the rule).

Events are a view across all documents: a deadline joins an event with deadlines of other articles,
and the term weights are counted over every deadline. So each load recomputes both tables from the
stored `deadlines`, `documents` and `topics` rows (which already hold the records being loaded),
inside the caller's transaction. The grouping does not depend on the order articles arrive in, so
loading two halves gives the tables that loading the whole gives, and an event keeps its id.
"""

from __future__ import annotations

from civic.query.events import Event, group_events, sources_from_rows


def stored_events(db) -> list[Event]:
    """The events of every deadline in the database, grouped now."""
    documents = db.query("select document_id, url, published, title from documents")
    deadlines = db.query("select document_id, start, date, action, sentence, bezirk, districts from deadlines")
    topics = db.query("select document_id, label from topics order by document_id, rank")
    return group_events(sources_from_rows(documents, deadlines, topics))


def event_rows(events: list[Event]) -> tuple[list[dict], list[dict]]:
    """Rows of `events` (one per event) and `event_sources` (one per deadline of an event)."""
    events_rows = [{"id": e.id, "date": e.date, "action": e.action, "bezirk": e.bezirk, "n_sources": e.n_sources}
                   for e in events]
    sources = [{"event_id": e.id, "document_id": s.document_id, "start": s.start, "url": s.url,
                "published": s.published, "title": s.title, "action": s.action, "sentence": s.sentence}
               for e in events for s in e.sources]
    return events_rows, sources


def write_event_tables(db) -> None:
    """Recompute and replace `events` and `event_sources` (inside the caller's transaction)."""
    events, sources = event_rows(stored_events(db))
    for table in ("event_sources", "events"):
        if table in db.table_names():
            db[table].drop()
    db["events"].create({"id": str, "date": str, "action": str, "bezirk": str, "n_sources": int}, pk="id")
    db["event_sources"].create({"event_id": str, "document_id": str, "start": int, "url": str, "published": str,
                                "title": str, "action": str, "sentence": str},
                               pk=("document_id", "start"),
                               foreign_keys=[("event_id", "events", "id"),
                                             ("document_id", "documents", "document_id")])
    db["events"].insert_all(events)
    db["event_sources"].insert_all(sources)
    for table, cols in (("events", ["date"]), ("events", ["bezirk"]), ("event_sources", ["event_id"])):
        db[table].create_index(cols, if_not_exists=True)
