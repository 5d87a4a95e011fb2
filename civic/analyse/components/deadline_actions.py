"""The action of a deadline as a short phrase in the text's words.

`Ideen fürs Stadtteilbudget können bis zum 9. Juli eingereicht werden` -> `Ideen fürs
Stadtteilbudget einreichen`; `Anmeldeschluss für den Lauf ist der 2. Juni` -> `sich für den Lauf
anmelden`. Without a parser this is a heuristic over the date's clause, with its word lists here.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[\w.\-'’]+|[^\w\s]", re.UNICODE)
_CUE_WORDS = {"bis", "Bis", "zum", "spätestens", "Spätestens", "am", "Am", "Noch", "noch", "vom", "einschließlich"}

_ATTACHED_PREPS = {"für", "fürs", "zum", "zur", "auf", "gegen", "vom", "von", "zu", "aus", "mit"}
_PLACE_PREPS = {"beim", "bei", "im", "in", "unter", "per", "via", "an", "am", "ans", "ins", "über", "auf", "online",
                "pro", "je"}
_ARTICLES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "ihre",
             "ihren", "ihr", "seine", "seinen", "alle", "alte", "neue", "neuen"}
_NOT_OBJECT_SUFFIXES = ("amt", "amts", "amtes", "büro", "stelle", "verwaltung", "zentrum", "e-mail", "mail",
                        "postkarte", "telefon", "internet", "website", "plattform", "formular", "papier",
                        "uhr", "sekretariat", "geschäftsstelle", "rathaus", "straße", "str", "allee", "platz",
                        "damm", "weg", "ufer", "chaussee", "raum", "portal", "freizeitstätte", "euro",
                        "schluss", "frist", "stichtag")  # the last three are the cue itself (Anmeldeschluss)
_GENITIVE_ARTICLES = {"des", "der"}
_PURPOSE_PREPS = {"für", "fürs", "zum", "zur", "als"}  # what a reflexive action is for: sich für … anmelden
_PRONOUNS = {"diese", "dies", "das", "sie", "ihn", "es"}
_ACTION_NOUNS_REFLEXIVE = {"Anmeldung", "Anmeldungen", "Bewerbung", "Bewerbungen", "Teilnahme", "Beteiligung",
                           "Online-Beteiligung"}


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w[0].isalnum()]


def _is_object_noun(word: str, stopwords: frozenset[str]) -> bool:
    return (word[:1].isupper() and word not in stopwords and word.isalpha() or "-" in word and word[:1].isupper()) \
        and not word.lower().endswith(_NOT_OBJECT_SUFFIXES) \
        and word.lower() not in _PRONOUNS | _ARTICLES  # `Es zählt …`, `Das …` at a sentence start


def _noun_phrase(words: list[str], i: int, stopwords: frozenset[str]) -> list[str]:
    """From the noun at i: the noun plus attached `für/zum/auf/gegen … Noun` phrases (max 7 words)."""
    phrase, j = [words[i]], i + 1
    while j < len(words) and len(phrase) < 7:
        if words[j].lower() in _ATTACHED_PREPS and not (words[j] == "auf" and j + 1 < len(words)
                                                         and words[j + 1][:1].islower()
                                                         and words[j + 1] not in _ARTICLES):
            k = j + 1
            while k < len(words) and (words[k] in _ARTICLES or words[k][:1].islower() and words[k].endswith(
                    ("e", "en", "er", "es")) and words[k] not in stopwords and k + 1 < len(words)
                    and words[k + 1][:1].isupper()):
                k += 1
            if k < len(words) and _is_object_noun(words[k], stopwords):
                phrase += words[j:k + 1]
                j = k + 1
                continue
        if words[j] == "und" and j + 1 < len(words) and _is_object_noun(words[j + 1], stopwords):
            phrase += words[j:j + 2]
            j += 2
            continue
        if words[j] in _GENITIVE_ARTICLES and j + 1 < len(words) and _is_object_noun(words[j + 1], stopwords):
            phrase += words[j:j + 2]  # a genitive attribute: Einverständniserklärung der Eltern
            j += 2
            continue
        break
    return phrase


def _is_genitive_attribute(words: list[str], i: int) -> bool:
    """`Gestaltung der Innenhöfe`, `Portal des Landes`: the noun after des/der that follows a noun
    belongs to that noun and is not the object itself."""
    return i >= 2 and words[i - 1] in _GENITIVE_ARTICLES and words[i - 2][:1].isupper()


def _following_pp(words: list[str], i: int, stopwords: frozenset[str]) -> list[str]:
    """The prepositional phrase right after the action noun at i (`Abstimmung über die Projekte`
    -> `über die Projekte`), or []."""
    j = i + 1
    if j >= len(words) or words[j].lower() not in _PURPOSE_PREPS | {"an", "über"}:
        return []
    k = j + 1
    while k < len(words) and (words[k] in _ARTICLES or words[k][:1].islower() and words[k].endswith(("e", "en"))):
        k += 1
    if k < len(words) and _is_object_noun(words[k], stopwords):
        return words[j:k] + _noun_phrase(words, k, stopwords)
    return []


def _same_stem(noun: str, infinitive: str) -> bool:
    """`Abstimmung`/`abstimmen`, `Teilnahme`/`teilnehmen`: the action's own noun is not its object."""
    a, b = noun.lower(), infinitive.lower().replace(" ", "")
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 5


def _object_candidates(words: list[str], stopwords: frozenset[str], exclude: set[str], keep: int | None) -> list[int]:
    """Indexes of nouns that can be the object: not governed by a place preposition (`beim
    Sportamt`), not a genitive attribute, not an address; ``keep`` (the action noun) always counts."""
    out = []
    for i, w in enumerate(words):
        if not _is_object_noun(w, stopwords) or w in _CUE_WORDS or w in exclude:
            continue
        if i + 1 < len(words) and words[i + 1][:1].isdigit():  # Raum 214, Turmstraße 21: addresses
            continue
        k = i - 1
        while k >= 0 and (words[k] in _ARTICLES or words[k][:1].islower() and words[k].endswith(("e", "en"))
                          and words[k].lower() not in _PLACE_PREPS | _ATTACHED_PREPS):
            k -= 1
        governed = k >= 0 and words[k].lower() in _PLACE_PREPS | _ATTACHED_PREPS | {"fürs"}
        if (governed or _is_genitive_attribute(words, i)) and i != keep:
            continue
        out.append(i)
    return out


def action_phrase(sentence: str, date_rel: tuple[int, int], found, stopwords: frozenset[str]) -> str:
    """A short phrase of what to do, in the text's words: the object noun phrase and the verb's
    infinitive (`Ideen fürs Stadtteilbudget einreichen`, `Anträge auf Zuschuss stellen`), or for
    reflexive verbs the `für …` phrase (`sich für den Familienlauf anmelden`).

    Without a parser this is a heuristic over the date's clause: the date and the cue are cut
    out, places (`beim Ordnungsamt`, `auf mein.berlin.de`), channels (`per E-Mail`) and
    addressees (`Interessierte`, `Eltern`), place and month names and genitive attributes are not
    objects; of several noun phrases the one nearest before the verb wins (German puts the verb
    last). Nouns before a reflexive verb used with `sich` are its subject; an action noun of the
    verb itself (`Abstimmung`) gives way to its phrase (`über die Projekte abstimmen`); `diese`
    with no object in the clause points to the clause before."""
    _, match, action = found
    clause_start = max(sentence.rfind(sep, 0, date_rel[0]) for sep in ",;:") + 1
    ends = [i for i in (sentence.find(sep, date_rel[1]) for sep in ",;:") if i >= 0]
    clause_end = min(ends) if ends else len(sentence)
    if not clause_start <= match.start() < clause_end:
        clause_start, clause_end = min(clause_start, match.start()), max(clause_end, match.end())
    before = _words(sentence[clause_start:date_rel[0]])
    after = _words(sentence[date_rel[1]:clause_end])
    words = [w for w in before if w not in _CUE_WORDS or before.index(w) < len(before) - 3] + after
    verb = match.group(0)
    verb_words = verb.split()
    noun_like = verb[:1].isupper()
    try:
        verb_index = next(i for i, w in enumerate(words) if w == verb_words[0])
    except StopIteration:
        verb_index = len(words)
    keep = verb_index if noun_like else None
    candidates = _object_candidates(words, stopwords, set() if noun_like else set(verb_words), keep)
    if action.reflexive and "sich" in words:
        candidates = []  # `Gruppen melden sich … an`: the nouns before a reflexive verb are its subject
    elif not candidates and not noun_like:
        # `Wer eine Ladezone braucht, kann diese bis … beantragen` (the noun `diese` points back to),
        # `Vorschläge können Vereine und Initiativen … einreichen`, `Einwände gegen die Ankündigung,
        # etwa wegen einer Härte, können … geltend gemacht werden` (the first noun of the sentence)
        earlier = _words(sentence[:clause_start])
        found_before = _object_candidates(earlier, stopwords, set(verb_words), None)
        if found_before and not (action.reflexive and "sich" in earlier):
            pick = found_before[-1] if _PRONOUNS & set(before) else found_before[0]  # `diese`: the nearest noun
            return " ".join([*_noun_phrase(earlier, pick, stopwords), action.infinitive])
    phrase: list[str] = []
    if noun_like and verb_index < len(words):
        phrase = _noun_phrase(words, verb_index, stopwords)
        if verb in _ACTION_NOUNS_REFLEXIVE or _same_stem(verb, action.infinitive):
            phrase = _following_pp(words, verb_index, stopwords)  # Teilnahme an der Umfrage -> an der Umfrage
        elif len(phrase) > 2 and phrase[1] in _GENITIVE_ARTICLES and verb[:2].lower() == action.infinitive[:2]:
            phrase = phrase[2:]  # the action's own noun: Abgabe der Papierbögen -> Papierbögen abgeben
    elif candidates:
        before_verb = [i for i in candidates if i < verb_index]
        phrase = _noun_phrase(words, before_verb[-1] if before_verb else candidates[0], stopwords)
    if not phrase and action.reflexive:
        for i, w in enumerate(words):
            if w.lower() in _PURPOSE_PREPS and i + 1 < len(words):
                k = i + 1
                while k < len(words) and words[k] in _ARTICLES:
                    k += 1
                if k < len(words) and _is_object_noun(words[k], stopwords):
                    tail = _noun_phrase(words, k, stopwords)
                    phrase = ["sich", *words[i:k], *tail]
                    break
    if not phrase:
        return ("sich " if action.reflexive else "") + action.infinitive
    phrase = [w.lower() if k < 2 and w.lower() in _PURPOSE_PREPS else w for k, w in enumerate(phrase)]  # `Für …`
    if phrase[0] in _PURPOSE_PREPS and action.reflexive:
        phrase.insert(0, "sich")
    return " ".join([*phrase, action.infinitive])


def cue_action(cue_regex: re.Pattern, default: str, sentence: str, stopwords: frozenset[str]) -> str:
    """The cue's own action, with the `für …` phrase that follows the cue when there is one:
    `Anmeldeschluss für den Lauf ist …` -> `sich für den Lauf anmelden`."""
    action = default or "handeln"
    m = cue_regex.search(sentence)
    words = _words(sentence[m.end():]) if m else []
    if words and words[0].lower() in {"für", "fürs", "zum", "zur"}:
        k = 1
        while k < len(words) and words[k] in _ARTICLES:
            k += 1
        if k < len(words) and _is_object_noun(words[k], stopwords):
            pp = " ".join(words[:k] + _noun_phrase(words, k, stopwords))
            head, _, verb = action.rpartition(" ")
            return " ".join(x for x in (head, pp, verb) if x)
    return action
