"""Role phrases around a name: where a role phrase before a name ends (so the role-before-name
recognizer knows where the name starts), and the roles the merger attaches to each mention
(`Bezirksstadträtin für Bildung, Kultur und Sport`, `Sprecherin der Polizei Berlin`, `Dr.`)."""

from __future__ import annotations

from spacy.tokens import Doc

from civic.analyse.components.people.cues import PersonCues
from civic.analyse.components.people.names import NameShapes

PERSON_LABELS = {"PER", "PERSON"}


class RolePhrases:
    """Role words with their portfolio and complements, before or after a name."""

    def __init__(self, cues: PersonCues, names: NameShapes) -> None:
        self.cues = cues
        self.names = names
        self.titles = cues.words.titles
        self.is_role = cues.words.is_role

    def capitalised_run(self, doc: Doc, j: int, limit: int, joiners: bool) -> int:
        """The end of a run of capitalised words from j (`Polizei Berlin`, `ADFC Steglitz-Zehlendorf`;
        with ``joiners`` also `Bildung, Kultur und Sport`), never past ``limit``."""
        start = j
        speech_verbs, role_joiners = self.cues.words.speech_verbs, self.cues.role_joiners
        while j < limit:
            text = doc[j].text
            if text[:1].isupper() and text not in speech_verbs and text.replace("-", "").isalnum():
                j += 1
            elif j > start and j + 1 < limit and doc[j + 1].text[:1].isupper() and (
                    joiners and (text in role_joiners or text == ",")
                    or text in role_joiners and doc[j - 1].text.endswith("-")):  # Kinder- und Jugend…
                j += 1
            else:
                break
        while j > start and (doc[j - 1].text in role_joiners or doc[j - 1].text == ","):
            j -= 1  # `für Schule und Sport, Dr. …`: the comma before a title is not part of the role
        return j

    def skip_role_phrase(self, doc: Doc, i: int) -> int:
        """After a role word, the position where the name starts.

        `Bezirksstadträtin Anna Beispiel` -> right away; `Bezirksstadtrat für Umwelt und Natur,
        Henrik Almstedt,` or `die Geschäftsführerin der Stadtbau Ost, Daniela Wutke-Haas.` -> the
        name after the comma that closes the role phrase (it must be followed by 2–4 name tokens
        and then punctuation or a lower-case word); `Stadträtin für Jugend Anna Beispiel` -> after
        the portfolio words."""
        is_name_token, not_name = self.names.is_name_token, self.cues.not_name
        j = i
        while j < len(doc) and j - i < 14 and not doc[j].is_sent_end and doc[j].text not in ".:;„“\"()":
            if doc[j].text == "," and j > i:
                first = j + 1
                while first < len(doc) and doc[first].text in self.titles:  # `…, Dr. Anna Beispiel`
                    first += 1
                k = first
                while k < len(doc) and is_name_token(doc[k].text):
                    k += 1
                if 2 <= k - first <= 4 and (k == len(doc) or doc[k].is_punct or doc[k].is_lower):
                    return j + 1
            j += 1
        if i < len(doc) and doc[i].lower_ == "für":
            # `Bezirksstadträtin für Bildung, Kultur und Sport Karin Wolff-Adebayo`: the model's
            # person span tells where the portfolio ends; without one, known portfolio words do
            run_end = self.capitalised_run(doc, i + 1, len(doc), joiners=True)
            person = next((e.start for e in doc.ents if e.label_ in PERSON_LABELS and i < e.start < run_end), None)
            if person is not None:
                return person
            i += 1
            while i < len(doc) and (doc[i].text in not_name or doc[i].lower_ in ("und", "&")
                                    or doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].text in not_name):
                i += 1
        return i

    def role_phrase(self, doc: Doc, k: int, limit: int | None = None) -> str:
        """Role word at k with what follows it, never past ``limit`` (the name after a role):
        a `für …` portfolio (`Bezirksstadträtin für Bildung, Kultur und Sport`) and complements
        (`Sprecherin der Polizei Berlin`, `Leiterin der Wirtschaftsförderung im Bezirksamt`)."""
        limit = len(doc) if limit is None else limit
        end = k + 1
        if end < limit and doc[end].lower_ == "für":
            j = self.capitalised_run(doc, end + 1, limit, joiners=True)
            if j > end + 1:
                end = j
        for _ in range(2):  # up to two complements: der Wirtschaftsförderung | im Bezirksamt
            j = end
            if j >= limit or doc[j].text not in self.cues.role_complement_starts:
                break
            j += 1
            if doc[j - 1].text == "in":  # `in der BVV` belongs to the role, `in Weißensee` is where
                if j >= limit or doc[j].text not in ("der", "den", "dem", "des"):
                    break
                j += 1
            while j < limit and doc[j].is_lower and doc[j].is_alpha and doc[j].text.endswith(("e", "en", "er", "es")):
                j += 1
            run_end = self.capitalised_run(doc, j, limit, joiners=False)
            if run_end == j:
                break
            end = run_end
        return doc[k:end].text

    def roles_for(self, doc: Doc, start: int, end: int) -> list[str]:
        """The titles and role phrases of the mention doc[start:end], in text order: right before
        it, `zum/zur <Rolle>` after it, and `, <Rolle>` after it."""
        roles: list[str] = []
        # titles and role words right before the name (role phrase may sit between)
        i = start
        while i > 0 and doc[i - 1].text in self.titles:
            roles.insert(0, doc[i - 1].text)
            i -= 1
        for k in range(i - 1, max(i - 16, -1), -1):
            if self.is_role(doc[k].text):
                if self.skip_role_phrase(doc, k + 1) == i:
                    roles.insert(0, self.role_phrase(doc, k, limit=i))
                break
            if doc[k].is_punct and doc[k].text != ",":
                break
        # `Name zur neuen Bezirksstadträtin für … (gewählt)`
        if end + 1 < len(doc) and doc[end].lower_ in ("zum", "zur"):
            k = end + 1
            while k < len(doc) and doc[k].is_lower and doc[k].is_alpha:
                k += 1
            if k < len(doc) and self.is_role(doc[k].text):
                roles.append(self.role_phrase(doc, k))
        # `Name, Rolle …`
        if end + 1 < len(doc) and doc[end].text == ",":
            k = end + 1
            while k < len(doc) and doc[k].text in self.titles:
                roles.append(doc[k].text)
                k += 1
            if k < len(doc) and self.is_role(doc[k].text):
                roles.append(self.role_phrase(doc, k))
        # a signature: the name alone on its line, the role on the next (`Vorstandsvorsitzender`)
        if end + 1 < len(doc) and "\n" in doc[end].text and doc[end].is_space and self.is_role(doc[end + 1].text):
            roles.append(self.role_phrase(doc, end + 1))
        return roles
