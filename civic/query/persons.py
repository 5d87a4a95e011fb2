"""One person across documents, and who held a role when (`civic people`, tables `persons` and
`person_roles` of `civic db`).

A record lists each person once per article (record.md); journalists ask across articles ("who
was Bezirksstadträtin für Jugend in Neukölln in 2019?"). This module reads the record's row views
(civic.record.rows: the people rows with the document's published day and Bezirk), never spaCy
Docs, so it runs on any record file.

The merge rule, in order:

1. A name is split into given names and a surname after dropping titles (`Dr.`, `Prof.`: the
   title lists of `person_rules.json`) and name particles (`von`, `van`, `de`, …), so `Dr. Anna
   Schmidt`, `Anna Schmidt`, `Karl von Brandt` and `Karl Brandt` give the keys (anna, schmidt) and
   (karl, brandt): first given name and surname, case-folded.
2. A name of one word (a surname or a given name alone) never makes a person.
3. Genitive: `Anna Schmidts` is `Anna Schmidt` only when `Anna Schmidt` is seen too (in any
   document); otherwise the name stays as written.
4. Namesakes: the documents of one key are grouped by their Bezirk (the Bezirk the document
   mentions most). Two Bezirk groups are one person unless both name roles and their roles
   (gender-neutral base forms of the first role word, `RoleWords.base_form`) have nothing in
   common: then the evidence says two people. Documents without a Bezirk join the group whose
   roles they share, else the largest.
5. Initial + surname (`A. Schmidt`) joins the one person with that surname whose first given name
   starts with that letter (preferring one in the same Bezirk); it never makes a person alone,
   as within an article (record.md).

A person's name is its most complete form (most words, then most often seen; never a genitive); its id is the
name's ASCII slug, with the Bezirk's slug appended when namesakes share the name.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from civic.analyse.components.districts import slug
from civic.analyse.components.people.cues import load_cues
from civic.record.files import iter_records
from civic.record.places import main_bezirk
from civic.record.rows import record_rows

PERSON_COLUMNS = ("id", "name", "first_seen", "last_seen", "n_documents")
ROLE_COLUMNS = ("person_id", "name", "role", "bezirk", "document_id", "published")
HOLDER_COLUMNS = ("name", "role", "bezirk", "first", "last", "n_documents", "person_id")
FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class Sighting:
    """One person row of one document: the name as the record has it, its roles, the day and Bezirk."""

    document_id: str
    name: str
    roles: tuple[str, ...]
    published: str | None
    bezirk: str | None


@dataclass
class CrossPerson:
    """One person across documents: the sightings merged under one id."""

    id: str
    name: str
    sightings: list[Sighting] = field(default_factory=list)

    @property
    def days(self) -> list[str]:
        return sorted(s.published for s in self.sightings if s.published)


def sightings_of(records: Iterable[dict]) -> Iterator[Sighting]:
    """The people rows of the records (civic.record.rows) with their document's day and Bezirk."""
    for record in records:
        rows = record_rows(record)
        doc = rows["documents"][0]
        bezirk = main_bezirk(record)  # one rule for an article's Bezirk (civic.record.places)
        for person in rows["people"]:
            yield Sighting(doc["document_id"], person["name"], tuple(person["roles"]), doc["published"], bezirk)


class PersonResolver:
    """The merge rule of the module docstring over the people cue lists."""

    def __init__(self) -> None:
        words = load_cues().words
        self.words = words
        self.titles = words.titles
        self.particles = {p.casefold() for p in words.particles}
        self.initial = load_cues().initial

    def core(self, name: str) -> list[str]:
        """The name's words without titles and particles."""
        return [t for t in name.split() if t not in self.titles and t.casefold() not in self.particles]

    def role_key(self, role: str) -> str:
        """A role's gender-neutral key: the base form of its first word, case-folded."""
        words = role.split()
        return self.words.base_form(words[0]).casefold() if words else ""

    def role_matches(self, role: str, query: str) -> bool:
        """`Bezirksstadträtin für Jugend` matches the query `Bezirksstadtrat` (and `… für Jugend`)."""
        def norm(text: str) -> list[str]:
            return [self.words.base_form(w).casefold() for w in text.replace(",", " ").split()]
        wanted = norm(query)
        return norm(role)[:len(wanted)] == wanted

    def is_title(self, role: str) -> bool:
        return role in self.titles

    def resolve(self, sightings: Iterable[Sighting]) -> list[CrossPerson]:
        """The persons of all sightings (rule 1–5 of the module docstring)."""
        full: list[tuple[tuple[str, str], Sighting]] = []
        initials: list[tuple[tuple[str, str], Sighting]] = []
        for s in sightings:
            core = self.core(s.name)
            if len(core) < 2:
                continue  # rule 2
            key = (core[0].casefold(), core[-1].casefold())
            (initials if self.initial.fullmatch(core[0]) else full).append((key, s))
        seen = {key for key, _ in full}
        by_key: dict[tuple[str, str], list[Sighting]] = defaultdict(list)
        genitives: set[Sighting] = set()  # never the person's name (`Bernd Kuschkes`)
        for (given, surname), s in full:
            for ending in ("s", "'", "’"):  # rule 3: the genitive when the nominative is seen
                if surname.endswith(ending) and (given, surname[:-1]) in seen:
                    surname = surname[:-1]
                    genitives.add(s)
                    break
            by_key[(given, surname)].append(s)
        persons: list[tuple[tuple[str, str], CrossPerson]] = []
        for key, group in by_key.items():
            clusters = self._split_namesakes(group)
            for cluster in clusters:
                persons.append((key, self._person(cluster, len(clusters) > 1, genitives)))
        by_surname: dict[str, list[tuple[str, CrossPerson]]] = defaultdict(list)
        for (given, surname), person in persons:
            by_surname[surname].append((given, person))
        for (letter, surname), s in initials:  # rule 5
            person = self._initial_target(letter[0], s, by_surname[surname])
            if person is not None:
                person.sightings.append(s)
        result = [p for _, p in persons]
        taken: Counter[str] = Counter()
        for person in result:  # ids unique even when two namesakes share a Bezirk slug
            taken[person.id] += 1
            if taken[person.id] > 1:
                person.id = f"{person.id}-{taken[person.id]}"
        return sorted(result, key=lambda p: p.id)

    def _roles(self, sightings: Iterable[Sighting]) -> set[str]:
        return {self.role_key(r) for s in sightings for r in s.roles if not self.is_title(r)}

    def _split_namesakes(self, group: list[Sighting]) -> list[list[Sighting]]:
        """Rule 4: Bezirk groups with disjoint, non-empty roles are different people."""
        by_bezirk: dict[str | None, list[Sighting]] = defaultdict(list)
        for s in group:
            by_bezirk[s.bezirk].append(s)
        clusters: list[list[Sighting]] = []
        for bezirk, items in sorted(by_bezirk.items(), key=lambda kv: (kv[0] is None, -len(kv[1]), kv[0] or "")):
            roles = self._roles(items)
            home = None
            for cluster in clusters:
                theirs = self._roles(cluster)
                if roles & theirs or (bezirk is not None and not (roles and theirs)):
                    home = cluster
                    break
            if home is None and bezirk is None and clusters:
                home = max(clusters, key=len)
            if home is None:
                clusters.append(list(items))
            else:
                home.extend(items)
        return clusters

    def _person(self, sightings: list[Sighting], namesakes: bool, genitives: set[Sighting]) -> CrossPerson:
        named = [s for s in sightings if s not in genitives] or sightings
        names = Counter(" ".join(t for t in s.name.split() if t not in self.titles) for s in named)
        name = max(names, key=lambda n: (len(n.split()), names[n], n))
        pid = slug(name)
        if namesakes:
            bezirke = Counter(s.bezirk for s in sightings if s.bezirk)
            pid += "-" + slug(bezirke.most_common(1)[0][0] if bezirke else "ohne-bezirk")
        return CrossPerson(pid, name, list(sightings))

    def _initial_target(self, letter: str, s: Sighting,
                        candidates: list[tuple[str, CrossPerson]]) -> CrossPerson | None:
        """The one person of that surname an initial fits (rule 5), else None."""
        fits = [p for given, p in candidates if given[:1] == letter.casefold()]
        if len(fits) > 1:
            fits = [p for p in fits if any(x.bezirk == s.bezirk for x in p.sightings)] or fits
        if len(fits) > 1 and s.roles:
            roles = self._roles([s])
            fits = [p for p in fits if roles & self._roles(p.sightings)] or fits
        return fits[0] if len(fits) == 1 else None


def resolve_persons(records: Iterable[dict]) -> list[CrossPerson]:
    """The persons of many records (the Python API: `civic.resolve_persons(iter_records(...))`)."""
    return PersonResolver().resolve(sightings_of(records))


def person_tables(persons: list[CrossPerson]) -> tuple[list[dict], list[dict]]:
    """Rows of `persons` and `person_roles`: one role row per person, document and role (titles are
    not roles here), and one row with role NULL where a document names the person without a role."""
    resolver = PersonResolver()
    person_rows, role_rows = [], []
    for person in persons:
        days = person.days
        person_rows.append({"id": person.id, "name": person.name, "first_seen": days[0] if days else None,
                            "last_seen": days[-1] if days else None,
                            "n_documents": len({s.document_id for s in person.sightings})})
        seen: set[tuple[str, str | None]] = set()
        for s in person.sightings:
            roles = [r for r in s.roles if not resolver.is_title(r)] or [None]
            for role in roles:
                if (s.document_id, role) not in seen:
                    seen.add((s.document_id, role))
                    role_rows.append({"person_id": person.id, "name": s.name, "role": role, "bezirk": s.bezirk,
                                      "document_id": s.document_id, "published": s.published})
    return person_rows, role_rows


def office_holders(persons: list[CrossPerson], role: str | None = None,
                   district: str | None = None) -> list[dict]:
    """Who held a role when: per person and role (gender-neutral), the first and last dated
    mention, optionally for one role (any gender, with or without portfolio) and one Bezirk."""
    resolver = PersonResolver()
    _, rows = person_tables(persons)
    names = {p.id: p.name for p in persons}
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        if row["role"] is None or (role and not resolver.role_matches(row["role"], role)):
            continue
        if district and row["bezirk"] != district:
            continue
        groups[(row["person_id"], resolver.role_key(row["role"]))].append(row)
    holders = []
    for (pid, _), items in groups.items():
        days = sorted(r["published"] for r in items if r["published"])
        forms = Counter(r["role"] for r in items)
        bezirke = Counter(r["bezirk"] for r in items if r["bezirk"])
        holders.append({"name": names[pid], "role": forms.most_common(1)[0][0],
                        "bezirk": ", ".join(b for b, _ in bezirke.most_common()),
                        "first": days[0] if days else None, "last": days[-1] if days else None,
                        "n_documents": len({r["document_id"] for r in items}), "person_id": pid})
    return sorted(holders, key=lambda h: (h["first"] or "9999", h["name"]))


def holders_from_files(paths: Iterable[Path | str], role: str | None, district: str | None) -> list[dict]:
    """`civic people`: office holders of record files."""
    return office_holders(resolve_persons(iter_records(paths)), role, district)


def render(rows: list[dict], format: str) -> bytes:
    """Office holders as an aligned text table, CSV or JSON."""
    if format == "json":
        return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    buffer = io.StringIO()
    if format == "csv":
        writer = csv.DictWriter(buffer, fieldnames=HOLDER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8")
    cells = [list(HOLDER_COLUMNS)] + [["" if r[c] is None else str(r[c]) for c in HOLDER_COLUMNS] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HOLDER_COLUMNS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return ("\n".join(lines) + f"\n{len(rows)} office holders\n").encode("utf-8")
