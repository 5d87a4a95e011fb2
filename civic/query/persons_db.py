"""The `persons` and `person_roles` tables of `civic db` (civic.query.persons holds the rule).

Persons are a view across all documents, so each load recomputes them over the whole database:
the sightings already stored in `person_roles` (for documents this load does not replace) plus the
people rows of the records being loaded. `person_roles` keeps each row's name as written, so the
stored rows are enough to merge again and re-running a load gives the same tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from civic.query.persons import PersonResolver, Sighting, person_tables


def stored_sightings(db, replaced: set[str]) -> list[Sighting]:
    """The sightings behind the stored `person_roles` rows, except those of replaced documents."""
    if "person_roles" not in db.table_names():
        return []
    grouped: dict[tuple[str, str], dict] = {}
    roles: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in db["person_roles"].rows:
        if row["document_id"] in replaced:
            continue
        key = (row["document_id"], row["name"])
        grouped.setdefault(key, row)
        if row["role"]:
            roles[key].append(row["role"])
    return [Sighting(doc, name, tuple(roles[(doc, name)]), row["published"], row["bezirk"])
            for (doc, name), row in grouped.items()]


def write_person_tables(db, new: Iterable[Sighting], replaced: set[str]) -> None:
    """Recompute and replace `persons` and `person_roles` (inside the caller's transaction)."""
    sightings = stored_sightings(db, replaced) + list(new)
    persons, roles = person_tables(PersonResolver().resolve(sightings))
    for table in ("person_roles", "persons"):
        if table in db.table_names():
            db[table].drop()
    db["persons"].create({"id": str, "name": str, "first_seen": str, "last_seen": str, "n_documents": int},
                         pk="id")
    db["person_roles"].create({"person_id": str, "name": str, "role": str, "bezirk": str, "document_id": str,
                               "published": str},
                              foreign_keys=[("person_id", "persons", "id"),
                                            ("document_id", "documents", "document_id")])
    db["persons"].insert_all(persons)
    db["person_roles"].insert_all(roles)
    for cols in (["person_id"], ["role"], ["bezirk"], ["document_id"]):
        db["person_roles"].create_index(cols, if_not_exists=True)
