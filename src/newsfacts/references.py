"""References stage: the words that refer to an entity without naming it.

    Посол Китая Чжан Сяо ... подчеркнул Посол      a post -> the person the roles gave it
    компания Apple ... Компания сообщила           an organisation anaphor -> the last fitting ORG
    в Казахстане ... столица страны                a place anaphor -> the last fitting LOC
    Иванов заявил ... Он добавил                   a pronoun -> by agreement and salience
    Иванов, который ...                            "который" -> the name right before its clause

1. candidates: third-person pronouns from a closed list (`data/reference_pronouns.txt`),
   nouns from `data/reference_nouns.txt` and the post lexicon, found by word form before
   pymorphy is asked anything;
2. each candidate goes through `RULES` in order; the first rule that names an entity
   makes the reference, and the reference keeps the rule's name (`explain` shows them);
3. `doc.references` holds them; the pipeline hands each entity its `references`, and
   later stages add theirs (a quote's speaker named by a post or a pronoun).

`Resolver` is what later stages ask: who a pronoun or a post at some place means.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Callable, Optional

from . import morph
from .clean import QUOTE_CHARS, iter_lines
from .doc import Doc, Token
from .lexicons import load_set, load_table

SENTS_BACK = 3          # how many sentences back a pronoun or an anaphor looks for its entity
NOUN_SENTS_BACK = 6     # a noun anaphor ("ведомство") names its entity from farther away
ORGS_IN_VIEW = 1        # more organisations than this in view: "компания" alone names none
PREPOSITIONS = frozenset("в во на о об обо с со для к ко по из от до у при за над под перед через без про между".split())
CLAUSE_BREAKS = frozenset(",;:()—–")
PRONOUN_SENTS = 4          # how far back a speaker's pronoun looks for its person
OUTLET_LOOKBACK = 8        # organisations back an outlet anaphor looks for one named as an outlet
DASHES = "—–-"
# posts one person holds in an organisation: with the organisation named, its holder speaks
SINGLE_HOLDER = frozenset({"глава", "руководитель", "шеф", "председатель", "директор", "президент",
                           "лидер", "начальник", "министр", "губернатор", "мэр", "генсек"})
RELAY_VERBS = frozenset({"сообщать", "передавать", "писать", "информировать", "цитировать"})
NEWS_MEDIA = frozenset({"газета", "агентство", "информагентство", "телеканал", "журнал", "издание", "радиостанция"})
_LAST_WORD = re.compile(r"([а-яё]+)\s*[«\"„“]?\s*$", re.I)
PRONOUNS = {
    "он": "masc", "его": "masc", "него": "masc", "ему": "masc", "нему": "masc", "нем": "masc", "ним": "masc",
    "она": "femn", "ее": "femn", "нее": "femn", "ей": "femn", "ней": "femn", "ею": "femn",
    "они": "plur", "их": "plur", "них": "plur", "им": "plur", "ими": "plur",
}
POSSESSIVES = {"его", "ее", "её", "их", "свой", "своим", "своей", "своему", "моим", "нашим"}


@dataclass(slots=True)
class Reference:
    """A word of the text that refers to an entity, and the rule that found which."""
    start: int
    stop: int
    entity: str
    rule: str


@dataclass(slots=True)
class Candidate:
    """A word that may refer to an entity: where it is and what it can agree with."""
    sent: int
    token: int
    start: int
    stop: int
    word: str                    # folded: lower case, ё as е
    kind: str                    # "personal", "reflexive", "relative", "noun", "post"
    agrees: frozenset[str]       # genders and "plur" it can stand for; empty: any
    type: str = ""               # for nouns: the entity type it refers to
    fits: str = "any"            # for nouns: "country", "city", "any"


# ------------------------------------------------------------------ lexicons

def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@cache
def pronouns() -> dict[str, tuple[str, frozenset[str]]]:
    """form -> (kind, agreement)."""
    return {row[0]: (row[1], frozenset(row[2].split()) if len(row) > 2 else frozenset())
            for row in load_table("reference_pronouns")}


@cache
def reference_nouns() -> dict[str, tuple[str, str]]:
    """lemma -> (entity type, what fits)."""
    return {row[0].lower(): (row[1], row[2] if len(row) > 2 else "any") for row in load_table("reference_nouns")}


@cache
def person_titles() -> frozenset[str]:
    """Posts and professions: the nouns a role can give a person ("президент", "актриса")."""
    return load_set("posts") | load_set("professions")


@cache
def noun_forms() -> frozenset[str]:
    """Every form of the reference nouns and of the posts: a quick test before pymorphy."""
    return morph.forms_of(set(reference_nouns()) | set(person_titles()))


@cache
def countries() -> frozenset[str]:
    return frozenset(_fold(name) for name in load_set("countries"))


@cache
def speaker_nouns() -> dict[str, tuple[str, frozenset[str]]]:
    """noun lemma -> (kind, posts it covers)."""
    return {row[0].lower(): (row[1], frozenset(row[2].split()) if len(row) > 2 else frozenset())
            for row in load_table("speaker_nouns")}


# ------------------------------------------------------------------ agreement

@lru_cache(maxsize=morph.WORD_CACHE)
def gender_of_name(name: str) -> Optional[str]:
    """"masc" or "femn" from the first names, patronymics and surnames of a person's name."""
    votes = {"masc": 0, "femn": 0}
    for word in name.split():
        for parse in morph.parse(_fold(word))[:3]:
            grammemes = set(parse.tag.grammemes)
            gender = str(parse.tag.gender) if parse.tag.gender else None
            if grammemes & {"Name", "Surn", "Patr"} and gender in votes and "ms-f" not in grammemes:
                votes[gender] += 1
                break
    if votes["masc"] == votes["femn"]:
        return None
    return "masc" if votes["masc"] > votes["femn"] else "femn"


@lru_cache(maxsize=morph.WORD_CACHE)
def agreement_of(type: str, name: str) -> frozenset[str]:
    """What a pronoun standing for this entity may be: its gender, or "plur"; empty: any."""
    if type == "PER":
        gender = gender_of_name(name)
        return frozenset({gender}) if gender else frozenset({"masc", "femn"})
    words = name.split()
    if not words:
        return frozenset()
    # the first word carries the agreement: "Россия", "США", "Западная Бенгалия", "МВД"
    for parse in morph.parse(_fold(words[0])):
        if parse.tag.POS in ("NOUN", "ADJF") and parse.tag.case in ("nomn", None) or "Fixd" in parse.tag:
            if parse.tag.number == "plur" or "Pltm" in parse.tag:
                return frozenset({"plur"})
            return frozenset({str(parse.tag.gender)}) if parse.tag.gender in ("masc", "femn", "neut") else frozenset()
    return frozenset()


def agrees(candidate: Candidate, type: str, name: str) -> bool:
    """Whether the candidate can stand for the entity: a plural only for a plural name."""
    if not candidate.agrees:
        return True
    own = agreement_of(type, name)
    if not own:
        return "plur" not in candidate.agrees or bool(candidate.agrees - {"plur"})
    return bool(own & candidate.agrees)


@lru_cache(maxsize=morph.WORD_CACHE)
def _noun_reading(word: str) -> Optional[tuple[str, str, str]]:
    """(lemma, number, gender) of a common noun form, else None."""
    for parse in morph.parse(word):
        if parse.tag.POS == "NOUN" and not {"Name", "Surn", "Patr", "Geox", "Orgn"} & set(parse.tag.grammemes):
            return (parse.normal_form.replace("ё", "е"), str(parse.tag.number or "sing"),
                    str(parse.tag.gender or ""))
    return None


@lru_cache(maxsize=morph.WORD_CACHE)
def _is_nominative(word: str) -> bool:
    parses = morph.parse(_fold(word))
    return not parses or any(p.tag.case == "nomn" for p in parses) or not any(p.tag.case for p in parses)


def is_np_word(token: Token) -> bool:
    word = token.text
    if not word[:1].isalpha():
        return False
    if word[:1].isupper() or _fold(word) in PRONOUNS:
        return True
    return any(p.tag.POS in ("NOUN", "NPRO") and p.tag.case in ("nomn", "gent", "loct", "accs")
               for p in morph.parse(_fold(word)))


@lru_cache(maxsize=morph.WORD_CACHE)
def _cases(word: str) -> frozenset[str]:
    parses = morph.parse(_fold(word))
    if not parses or not re.search(r"[а-яё]", word.lower()):
        return frozenset({"*"})      # latin, abbreviations: any case
    return frozenset(p.tag.case for p in parses if p.tag.case) or frozenset({"*"})


def _same_case(a: str, b: str) -> bool:
    ca, cb = _cases(a), _cases(b)
    return "*" in ca or "*" in cb or bool(ca & cb)


def _plural(parses, case: Optional[str]) -> bool:
    """Whether a noun is plural, read in the case its place asks for ("по словам женщины":
    gent); with no case known, only when it has no singular reading."""
    fitting = [p for p in parses if case is None or p.tag.case == case] or list(parses[:1])
    return all(p.tag.number == "plur" for p in fitting)


# ------------------------------------------------------------------ the article's index

class Resolver:
    """The article's entities and where they are named, and the rules that follow a word
    back to one of them. Later stages ask `entity_for` and `person_before`."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.sents = doc.sents
        self.sent_starts = [s.start for s in doc.sents]
        self.entities = {e.id: e for e in doc.entities}
        # (start, stop, entity id) of every mention, and later of every reference found
        self.named = sorted((m.start, m.stop, e.id) for e in doc.entities for m in e.mentions)
        self.named_starts = [m[0] for m in self.named]
        self.mention_set = {(m[0], m[1]) for m in self.named}
        self.paragraph_starts = [start for start, _ in iter_lines(doc.text)]
        self._holders: Optional[dict[str, list[tuple[int, str, Optional[str]]]]] = None
        self._described: Optional[dict[str, list[tuple[int, str]]]] = None
        self.speaker_rules: dict[int, Optional[str]] = {}   # a speaker's head word -> the rule that named it

    # -- positions
    def sent_of(self, offset: int) -> int:
        return max(0, bisect_right(self.sent_starts, offset) - 1)

    def entity_at(self, start: int, stop: int):
        """(start, stop, Entity) of a name mention overlapping [start, stop), else None."""
        m = self.mention_at(start, stop)
        return (m[0], m[1], self.entities[m[2]]) if m else None

    def entities_in(self, start: int, stop: int) -> list:
        """(start, stop, Entity) of the name mentions overlapping [start, stop), in text order."""
        lo = max(0, bisect_left(self.named_starts, start) - 8)
        out = []
        for m in self.named[lo:]:
            if m[0] >= stop:
                break
            if m[1] > start and (m[0], m[1]) in self.mention_set:
                out.append((m[0], m[1], self.entities[m[2]]))
        return out

    def paragraph_of(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset) - 1

    def mention_at(self, start: int, stop: int) -> Optional[tuple[int, int, str]]:
        k = bisect_right(self.named_starts, stop - 1) - 1
        while k >= 0 and k >= bisect_right(self.named_starts, start) - 8:
            m = self.named[k]
            if m[0] < stop and start < m[1] and (m[0], m[1]) in self.mention_set:
                return m
            k -= 1
        return None

    def before(self, at: int, sents_back: int) -> list[tuple[int, int, str]]:
        """Mentions (and references found so far) from `sents_back` sentences before `at`, in text order."""
        si = self.sent_of(at)
        floor = self.sents[max(0, si - sents_back)].start if self.sents else 0
        lo, hi = bisect_left(self.named_starts, floor), bisect_left(self.named_starts, at)
        return [m for m in self.named[lo:hi] if m[1] <= at]

    @staticmethod
    def token_at(_sent: int, offset: int, tokens: list[Token]) -> int:
        """Index of the first token that ends at or after `offset`, plus one: the stop of a span."""
        return bisect_left([t.stop for t in tokens], offset) + 1

    def add_entity(self, type: str, start: int, stop: int) -> str:
        """A new entity named at text[start:stop] (the same words twice: the same entity)."""
        from .entities import normalize
        from .records import Entity, Span

        for entity in self.doc.entities:
            if any(m.start == start and m.stop == stop for m in entity.mentions):
                return entity.id
        name = normalize(self.text[start:stop], type)
        for entity in self.doc.entities:
            if entity.type == type and entity.name.lower() == name.lower():
                return entity.id     # the same organisation named again: one mention more is not needed
        number = 1 + max((int(e.id[1:]) for e in self.doc.entities if e.id[1:].isdigit()), default=0)
        entity = Entity(id=f"e{number}", type=type, name=name,
                        mentions=[Span(start=start, stop=stop, text=self.text[start:stop])])
        self.doc.entities.append(entity)
        self.entities[entity.id] = entity
        self.mention_set.add((start, stop))
        k = bisect_left(self.named_starts, start)
        self.named.insert(k, (start, stop, entity.id))
        self.named_starts.insert(k, start)
        return entity.id

    def add(self, start: int, stop: int, entity: str) -> None:
        """A reference found: later pronouns may take it as their antecedent."""
        k = bisect_left(self.named_starts, start)
        self.named.insert(k, (start, stop, entity))
        self.named_starts.insert(k, start)

    def type_of(self, entity: str) -> str:
        return self.entities[entity].type

    def name_of(self, entity: str) -> str:
        return self.entities[entity].name

    # -- indexes built on first use
    def holders(self, title: str) -> list[tuple[int, str, Optional[str]]]:
        """(where the role is stated, person, org) of each role with this title word."""
        if self._holders is None:
            self._holders = {}
            for role in self.doc.roles:
                for word in set(role.title.split()):
                    self._holders.setdefault(word, []).append((role.span.start, role.person, role.org))
        return self._holders.get(title, [])

    def described(self, lemma: str) -> list[tuple[int, str]]:
        """(start, id) of the organisations and places the text introduced with this noun
        ("компания Apple", "в городе Сочи"), in text order."""
        if self._described is None:
            self._described = {}
            for start, stop, entity in self.named:
                if self.type_of(entity) == "PER":
                    continue
                words = self.text[max(0, start - 40):start].replace("«", " ").replace('"', " ").split()[-2:]
                for word in words:
                    reading = _noun_reading(_fold(word.strip(",.;:")))
                    if reading:
                        self._described.setdefault(reading[0], []).append((start, entity))
                first = self.text[start:stop].split()[0] if self.text[start:stop].split() else ""
                reading = _noun_reading(_fold(first))
                if reading:     # "Министерство финансов", "Республика Корея"
                    self._described.setdefault(reading[0], []).append((start, entity))
        return self._described.get(lemma, [])


# ------------------------------------------------------------------ candidates

def find_candidates(doc: Doc, sents: Optional[range] = None) -> list[Candidate]:
    """Pronouns and referring nouns of the article (or of the sentences `sents`)."""
    table, forms, nouns, posts = pronouns(), noun_forms(), reference_nouns(), person_titles()
    out = []
    for si in sents if sents is not None else range(len(doc.sents)):
        for ti, token in enumerate(doc.sents[si].tokens):
            word = _fold(token.text)
            if word in table:
                kind, agreement = table[word]
                out.append(Candidate(si, ti, token.start, token.stop, word, kind, agreement))
            elif word in forms:
                reading = _noun_reading(word)
                if reading is None:
                    continue
                lemma, number, gender = reading
                if lemma in nouns:
                    if number == "plur":
                        continue     # "страны" of "лидеры двух стран" is several
                    type, fits = nouns[lemma]
                    out.append(Candidate(si, ti, token.start, token.stop, word, "noun", frozenset(), type, fits))
                elif lemma in posts and number == "sing":
                    out.append(Candidate(si, ti, token.start, token.stop, word, "post",
                                         frozenset({gender}) if gender in ("masc", "femn") else frozenset(), "PER"))
    return out


# ------------------------------------------------------------------ rules

Rule = Callable[[Resolver, Candidate], Optional[str]]


def _tokens(r: Resolver, c: Candidate) -> list[Token]:
    return r.sents[c.sent].tokens


def _next_word(r: Resolver, c: Candidate, skip_quotes: bool = True) -> Optional[Token]:
    tokens = _tokens(r, c)
    k = c.token + 1
    while skip_quotes and k < len(tokens) and tokens[k].text in "«\"„“":
        k += 1
    return tokens[k] if k < len(tokens) else None


def apposition(r: Resolver, c: Candidate) -> Optional[str]:
    """A noun right before a name of its type: "компания Apple", "президент Путин". Such
    a noun is part of the naming phrase: it resolves a speaker, but is no reference."""
    if c.kind not in ("noun", "post"):
        return None
    nxt = _next_word(r, c)
    if nxt is None:
        return None
    mention = r.mention_at(nxt.start, nxt.stop)
    if mention is None or mention[0] != nxt.start or r.type_of(mention[2]) != c.type:
        return None
    between = r.text[c.stop:mention[0]]
    return mention[2] if not between.strip(" «\"„“") else None


def _owner_after(r: Resolver, c: Candidate) -> Optional[tuple[int, int, str]]:
    """A name right after the noun, in the genitive ("президента США", "столица Украины")."""
    nxt = _next_word(r, c)
    return r.mention_at(nxt.start, nxt.stop) if nxt is not None else None


def role_holder(r: Resolver, c: Candidate) -> Optional[str]:
    """A post refers to the person the article gave that post, the last named before it:
    "Посол" -> Чжан Сяо. With an organisation after it, only a holder of that post there."""
    if c.kind != "post":
        return None
    lemma = morph.lemma(c.word)
    owner = _owner_after(r, c)
    best = None
    for at, person, org in r.holders(lemma):
        if owner is not None and org != owner[2]:
            continue
        if at >= c.start and r.sent_of(at) != c.sent:
            continue
        if not agrees(c, "PER", r.name_of(person)) or not _named_since(r, person, c.start, NOUN_SENTS_BACK):
            continue
        if best is None or at > best[0]:
            best = (at, person)
    if best is None and owner is not None and r.type_of(owner[2]) != "PER":
        return None
    return best[1] if best else None


def _named_since(r: Resolver, entity: str, at: int, sents_back: int) -> bool:
    return any(e == entity for _, _, e in r.before(at, sents_back))


def _fits_place(r: Resolver, entity: str, fits: str) -> bool:
    name = _fold(r.name_of(entity))
    if fits == "country":
        return name in countries()
    if fits == "city":
        return name not in countries()
    return True


def noun_anaphor(r: Resolver, c: Candidate) -> Optional[str]:
    """An organisation or place noun with no name of its own refers to the last entity
    of its type that fits: the one introduced with the same noun, else the last one named."""
    owner = _owner_after(r, c)
    if c.kind != "noun" or owner is not None and r.type_of(owner[2]) != "PER":
        return None       # "столица Украины": a place of its own; "страны Александр Лукашенко" is fine
    lemma = morph.lemma(c.word)
    window = r.before(c.start, NOUN_SENTS_BACK)
    floor = window[0][0] if window else c.start
    described = [(s, e) for s, e in r.described(lemma) if floor <= s < c.start]
    if described:
        return described[-1][1]
    if c.fits == "named":
        return None
    fitting = [e for _, _, e in window if r.type_of(e) == c.type and _fits_place(r, e, c.fits)]
    if not fitting:
        return None
    if c.type == "ORG" and len(set(fitting)) > ORGS_IN_VIEW:
        return None       # several organisations in view: the noun alone cannot tell which
    return fitting[-1]


def _ending_at(r: Resolver, stop: int) -> Optional[tuple[int, int, str]]:
    """The name or reference found so far that ends at `stop`."""
    k = bisect_right(r.named_starts, stop) - 1
    while k >= 0 and k >= bisect_right(r.named_starts, stop) - 8:
        if r.named[k][1] == stop:
            return r.named[k]
        k -= 1
    return None


def relative(r: Resolver, c: Candidate) -> Optional[str]:
    """"который" stands for what ends right before its clause: a name or a word found to
    refer to one ("Иванов, который", "компании «Газпром», которая", "президента, который")."""
    if c.kind != "relative":
        return None
    tokens = _tokens(r, c)
    k = c.token - 1
    if k >= 0 and _fold(tokens[k].text) in PREPOSITIONS:
        k -= 1
    if k < 1 or tokens[k].text != ",":
        return None
    k -= 1
    while k > 0 and tokens[k].text in QUOTE_CHARS:
        k -= 1
    found = _ending_at(r, tokens[k].stop)
    if found is None:
        return None
    entity = found[2]
    if c.agrees == {"place"}:
        return entity if r.type_of(entity) == "LOC" else None
    return entity if agrees(c, r.type_of(entity), r.name_of(entity)) else None


CLAUSE_OPENERS = frozenset("что чтобы который которая которое которые которого которой которому которым которых "
                           "котором которую если когда где пока хотя поскольку".split())


def reflexive(r: Resolver, c: Candidate) -> Optional[str]:
    """"свой" stands for the subject of its clause: the first name, or word found to refer
    to one, in the nominative from where the clause opens."""
    if c.kind != "reflexive":
        return None
    tokens = _tokens(r, c)
    first = 0
    for k in range(c.token - 1, -1, -1):
        if tokens[k].text in (";", ":") or _fold(tokens[k].text) in CLAUSE_OPENERS:
            first = k + 1
            break
    lo, hi = bisect_left(r.named_starts, tokens[first].start), bisect_left(r.named_starts, c.start)
    for start, stop, entity in r.named[lo:hi]:
        if stop > c.start:
            continue
        words = r.text[start:stop].split()
        if not _after_preposition(r, start) and words and _is_nominative(words[0]):
            return entity
    return None


def _is_subject(r: Resolver, mention: tuple[int, int, str]) -> bool:
    """Named in the nominative, and not as a noun's dependent ("премьер-министром РФ")."""
    si = r.sent_of(mention[0])
    tokens = r.sents[si].tokens
    k = bisect_right([t.stop for t in tokens], mention[0])
    before = tokens[k - 1].text if 0 < k <= len(tokens) else ""
    words = r.text[mention[0]:mention[1]].split()
    if not words or _fold(before) in PREPOSITIONS or not _is_nominative(words[0]):
        return False
    return not (before[:1].islower() and _noun_reading(_fold(before)) is not None)


def _same_clause(r: Resolver, start: int, stop: int) -> bool:
    return not any(ch in CLAUSE_BREAKS for ch in r.text[start:stop]) and " что " not in r.text[start:stop]


# what makes an entity the one a pronoun means: each feature's weight, summed
SALIENCE = {
    "sentence back": -1.0,          # per sentence between the name and the pronoun
    "subject": 1.0,                 # named in the nominative, not after a preposition
    "person": 1.5,                  # people are spoken of as "он", "она" most
    "after preposition": -1.0,      # "в Крым": a place of the sentence, seldom its topic
    "same paragraph": 0.5,
    "own clause subject": -3.0,     # "Иванов похвалил его": not the subject of its own clause
    "least": -100.0,                # below this, no entity is salient enough
}


def _after_preposition(r: Resolver, start: int) -> bool:
    before = r.text[max(0, start - 6):start].split()
    return bool(before) and _fold(before[-1]) in PREPOSITIONS


def pronoun(r: Resolver, c: Candidate) -> Optional[str]:
    """A personal pronoun: the entity that agrees with it and is most salient: named
    recently, as a subject, in the same paragraph; a person before a place or an
    organisation, and never the subject of the pronoun's own clause ("Иванов похвалил его")."""
    if c.kind != "personal" or c.agrees == {"plur"}:
        return None     # "они", "их": mostly a group the text never named
    window = r.before(c.start, SENTS_BACK)
    paragraph = r.paragraph_of(c.start)
    best, best_score = None, None
    for m in window:
        entity = m[2]
        type = r.type_of(entity)
        if not agrees(c, type, r.name_of(entity)):
            continue
        subject = _is_subject(r, m)
        distance = c.sent - r.sent_of(m[0])
        score = (SALIENCE["sentence back"] * distance + SALIENCE["subject"] * subject
                 + SALIENCE["person"] * (type == "PER") + SALIENCE["after preposition"] * _after_preposition(r, m[0])
                 + SALIENCE["same paragraph"] * (r.paragraph_of(m[0]) == paragraph))
        if distance == 0 and subject and c.word not in ("он", "она", "оно", "они") and _same_clause(r, m[1], c.start):
            score += SALIENCE["own clause subject"]
        if best_score is None or score >= best_score:
            best, best_score, best_at = entity, score, m[1]
    if best is None or best_score < SALIENCE["least"] or _closer_thing(r, c, best_at):
        return None
    # "он", "её" whose most salient antecedent is an organisation or a place mostly stand
    # for a thing the text never named ("закон", "ее территории"): measured right for about
    # one in four on newsru, against two in three for people
    return best if r.type_of(best) == "PER" else None


def _closer_thing(r: Resolver, c: Candidate, after: int) -> bool:
    """A common noun that agrees with the pronoun stands as a subject between the
    entity and the pronoun ("Закон принят. Он вступит в силу"): the pronoun may mean it."""
    first = max(r.sent_of(after), c.sent - 1)
    for si in range(first, c.sent + 1):
        for token in r.sents[si].tokens:
            if token.start < after or token.start >= c.start or not token.text.isalpha():
                continue
            if token.text[:1].isupper() and token.start != r.sents[si].start:
                continue
            for parse in morph.parse(_fold(token.text))[:1]:
                tag = parse.tag
                if (tag.POS == "NOUN" and tag.case == "nomn" and tag.number == "sing" and "inan" in tag
                        and str(tag.gender) in c.agrees
                        and not {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"} & set(tag.grammemes)):
                    return True
    return False


RULES: tuple[tuple[str, Rule], ...] = (
    ("role_holder", role_holder),
    ("noun_anaphor", noun_anaphor),
    ("relative", relative),
    ("reflexive", reflexive),
    ("pronoun", pronoun),
)


def resolve(r: Resolver, c: Candidate) -> Optional[Reference]:
    """The first rule that names an entity for the candidate makes its reference."""
    for name, rule in RULES:
        entity = rule(r, c)
        if entity is not None:
            return Reference(c.start, c.stop, entity, name)
    return None


# ------------------------------------------------------------------ speakers

class Speakers:
    """Who the words next to a speech cue mean ("Посол", "он", "пресс-служба МВД"), and
    the discourse around the quotes: the speakers so far, the quote being attributed.
    Quotes find the words; these rules name the entity."""

    def __init__(self, resolver: Resolver):
        self.tx = resolver
        self.doc = resolver.doc
        self.entities = resolver.entities
        mentions = sorted((m.start, m.stop, e) for e in self.doc.entities for m in e.mentions)
        self.people = [(m[0], m[2]) for m in mentions if m[2].type == "PER"]
        self.people_starts = [start for start, _ in self.people]
        self.orgs = [(m[0], m[2]) for m in mentions if m[2].type == "ORG"]
        self.org_starts = [start for start, _ in self.orgs]
        self.said: list[tuple[int, str]] = []   # (quote stop, speaker id) so far
        self.said_org: Optional[tuple[int, str]] = None     # (quote stop, id): the last organisation in `said`
        self.quote = (0, 0)                     # the quote being attributed
        # indexes built on first use, so that no lookup scans the whole article
        self._seen: Optional[dict[str, list[int]]] = None
        self._holders: Optional[dict[str, dict[tuple, int]]] = None
        self._described: Optional[dict[str, tuple[list[int], list[str]]]] = None
        self._org_names: Optional[dict[str, str]] = None
        self._org_names_of = 0
        self.told: set[int] = set()             # where an organisation is named as the one told
        self._outlets: dict[str, bool] = {}
        self.rule: Optional[str] = None         # the speaker rule that decided last
        self._name_words: Optional[list[tuple[str, int, str]]] = None
        self._named: dict[str, Optional[str]] = {}

    def resolve(self, tokens: list[Token], head: int, first: int, last: int,
                gender: Optional[str] = None, case: Optional[str] = "nomn") -> Optional[str]:
        """The entity named by the noun group tokens[first:last] with its head at `head`:
        the first of `SPEAKER_RULES` that decides says which (`self.rule` names it)."""
        words = Words(tokens, head, first, last, gender, case)
        words.word = _fold(tokens[head].text)
        words.lemma = morph.lemma(words.word)
        words.kind, words.posts = self._noun_kind(tokens, head, first)
        words.names = self.tx.entities_in(tokens[head].stop, tokens[last - 1].stop) if last > head + 1 else []
        self.rule = None
        for name, rule in SPEAKER_RULES:
            decided = rule(self, words)
            if decided is not GO_ON:
                self.rule = name
                break
        else:
            decided = None
        self.tx.speaker_rules[words.token.start] = self.rule     # for the debug view
        return decided

    # -- the speaker rules, in the order SPEAKER_RULES asks them; GO_ON: not mine to say
    def _name(self, w: "Words"):
        """The words are a name: its entity."""
        mention = self.tx.entity_at(w.token.start, w.token.stop)
        return mention[2].id if mention else GO_ON

    def _pronoun(self, w: "Words"):
        """"он", "она": the latest fitting person, the last speaker first."""
        if w.word not in PRONOUNS:
            return GO_ON
        return self.person_before(w.token.start, PRONOUNS[w.word], prefer_speaker=True)

    def _relative(self, w: "Words"):
        """"её сестра", "мать Майкла Джексона": someone's relative, unnamed."""
        if w.lemma not in load_set("person_relations"):
            return GO_ON
        if w.head > 0 and _fold(w.tokens[w.head - 1].text) in POSSESSIVES | {"ее"}:
            return None
        for start, stop, _ in w.names:
            if start == w.tokens[w.head + 1].start and "gent" in _cases(self.tx.text[start:stop].split()[0]):
                return None
        return GO_ON

    def _apposition(self, w: "Words"):
        """A person named beside the noun in its case: "Посол Китая Чжан Сяо"; a name that
        shows no case after another noun belongs to that noun ("представитель партии Цвангираи")."""
        for start, stop, entity in w.names:
            first_word = self.tx.text[start:stop].split()[0]
            if entity.type == "PER" and _same_case(w.token.text, first_word) and (
                    "*" not in _cases(first_word) or not self._noun_between(w.tokens, w.head, start)):
                return entity.id
        return GO_ON

    def _unnamed_source(self, w: "Words"):
        """"собеседник", "источник": an unnamed source names no one."""
        return None if w.kind == "none" else GO_ON

    def _organisation_speaker(self, w: "Words"):
        """"пресс-служба МВД" -> МВД; "представитель Обамы" -> no one; "пресс-служба" with
        no owner, "представители южнокорейского гиганта" -> the organisation in view."""
        if w.kind != "org":
            return GO_ON
        tokens, head, last = w.tokens, w.head, w.last
        if w.names and w.names[0][2].type == "PER":
            return None
        if w.lemma in SINGLE_HOLDER and w.names:
            holder = self.role_holder({w.lemma}, w.names, same_org=True)
            if holder is not None:
                return holder     # "глава России", "руководитель «Эха Москвы»": its head, when named
        owner = self._org_after(tokens, head, last) or (self.role_holder({w.lemma}, w.names)
                                                        if w.lemma in load_set("posts") else None)
        if owner is not None or self._owned_by_name(tokens, head, last):
            return owner   # none: a name NER missed, or the post of an unnamed person
        described = self._owner_noun(tokens, head, last)
        return (described and self.org_described(described, w.token.start)) or self.org_in_view(w.token.start)

    def _organisation_apposition(self, w: "Words"):
        """"немецкий концерн Bayer", "газета «Коммерсантъ»"; a person's title is not an
        organisation: "президент МОК" is its holder."""
        if w.lemma in person_titles():
            return GO_ON
        org = self._org_next(w.tokens, w.head, w.names)
        return org if org is not None else GO_ON

    def _organisation_noun(self, w: "Words"):
        """"в украинской милиции" -> an organisation NER missed; "в компании", "ведомство"
        -> the organisation introduced with this noun, else named with it, else in view."""
        if reference_nouns().get(w.lemma, ("",))[0] != "ORG" or w.kind == "media":
            return GO_ON
        unnamed = self.unnamed_org(w.tokens, w.head, w.first, w.last)
        if unnamed is not None:
            return unnamed
        placed = _fold(w.tokens[w.first].text) in PREPOSITIONS     # "в милиции": one place, not many
        if not self._owned(w.tokens, w.head, w.last) and (placed or not _plural(morph.parse(w.word), w.case)):
            return (self.org_described(w.lemma, w.token.start) or self.org_named(w.lemma)
                    or self.org_in_view(w.token.start))
        return GO_ON

    def _group(self, w: "Words"):
        """"эксперты", "власти": a group names nobody."""
        parses = morph.parse(w.word)
        return None if not parses or _plural(parses, w.case) else GO_ON

    def _outlet(self, w: "Words"):
        """"издание", "газета": the outlet introduced with the noun, else the last quoted."""
        if w.kind != "media":
            return GO_ON
        return self.org_described(w.lemma, w.token.start) or self.org_before(w.token.start)

    def _missed_name(self, w: "Words"):
        """A capitalised word NER missed that is a name word of a person ("Кокшаров")."""
        if not w.token.text[:1].isupper() or w.lemma in person_titles():
            return GO_ON
        named = self.person_named(w.token.text)
        return named if named is not None else GO_ON

    def _role_holder(self, w: "Words"):
        """A post or profession: the person the article gave it ("Посол", "журналистка")."""
        if w.lemma not in person_titles() and w.kind != "post":
            return GO_ON
        holder = self.role_holder({w.lemma} | w.posts, w.names)
        return holder if holder is not None else GO_ON

    def _person_noun(self, w: "Words"):
        """"спортсмен", "Сама женщина": the person of its gender the text just named."""
        parses = morph.parse(w.word)
        if self._has_dependents(w.tokens, w.head, w.first, w.last) or "anim" not in parses[0].tag:
            return GO_ON
        noun_gender = str(parses[0].tag.gender) if parses[0].tag.gender else None
        return self.person_before(w.token.start, w.gender or noun_gender)

    def _organisation_named(self, w: "Words"):
        """Any other noun: an organisation named with it ("полиция" -> "полиция РА")."""
        inanimate = "inan" in morph.parse(w.word)[0].tag
        return self.org_named(w.lemma) or (self.org_described(w.lemma, w.token.start) if inanimate else None)

    def unnamed_org(self, tokens: list[Token], head: int, first: int, last: int) -> Optional[str]:
        """An organisation NER did not tag, named by its noun with a place: "украинская
        милиция", "полиция Спрингфилда". It becomes an ORG entity of its own."""
        start = head
        while start > first and any(p.tag.POS == "ADJF" and "Apro" not in p.tag and p.tag.case
                                    for p in morph.parse(_fold(tokens[start - 1].text))[:1]):
            start -= 1
        stop = head + 1
        owner = self.tx.entity_at(tokens[stop].start, tokens[stop].stop) if stop < last else None
        if owner is not None and owner[2].type == "LOC" and owner[0] == tokens[stop].start:
            stop = self.tx.token_at(head, owner[1], tokens)
        elif start == head:
            return None      # a bare noun: an anaphor, not a name
        return self.tx.add_entity("ORG", tokens[start].start, tokens[stop - 1].stop)

    @staticmethod
    def _noun_between(tokens: list[Token], head: int, start: int) -> bool:
        """A common noun between a head and a name that shows no case ("представитель партии
        Цвангираи"): the name belongs to that noun, not to the head."""
        return any(t.text[:1].islower() and _noun_reading(_fold(t.text)) is not None
                   for t in tokens[head + 1:] if t.stop <= start)

    @staticmethod
    def _owned_by_name(tokens: list[Token], head: int, last: int) -> bool:
        """Whether the words after a noun name its owner or a post ("пресс-служба «Газпрома»",
        "пресс-секретарь губернатора"), rather than describe it."""
        if head + 1 >= last:
            return False
        word = tokens[head + 1].text
        return word[:1] in QUOTE_CHARS or word[:1].isupper() or morph.lemma(_fold(word)) in load_set("posts")

    @staticmethod
    def _owner_noun(tokens: list[Token], head: int, last: int) -> Optional[str]:
        """The lemma of the common noun in the genitive that follows a noun ("пресс-службы
        автоконцерна" -> "автоконцерн"), past adjectives."""
        for j in range(head + 1, min(last, head + 4)):
            for parse in morph.parse(_fold(tokens[j].text)):
                if parse.tag.case == "gent" and parse.tag.POS == "NOUN":
                    return parse.normal_form.replace("ё", "е")
        return None

    def _owned(self, tokens: list[Token], head: int, last: int) -> bool:
        """Whether a noun has words of its own after it ("пресс-служба МВД", "компании
        «Газпром»", "представитель Белого дома"), which name its owner."""
        if head + 1 >= last:
            return False
        word = tokens[head + 1]
        return (word.text[:1] in QUOTE_CHARS or word.text[:1].isupper()
                or any(p.tag.POS in ("NOUN", "ADJF") and p.tag.case == "gent" for p in morph.parse(_fold(word.text))))

    def org_in_view(self, at: int) -> Optional[str]:
        """The organisation a bare organisation noun means: the last one quoted, when that
        quote is in view (the discourse goes on with its speaker); else the last one named
        within a few sentences. The outlet that relays the news and the one told are not
        in view."""
        k = bisect_left(self.org_starts, at) - 1
        while k >= 0 and (self.orgs[k][0] in self.told or self.is_outlet(self.orgs[k][1].id)):
            k -= 1      # "сообщили ТАСС в пресс-службе", "как передает РИА Новости"
        floor = self.tx.sents[max(0, self.tx.sent_of(at) - NOUN_SENTS_BACK)].start if self.tx.sents else 0
        last = self.orgs[k] if k >= 0 and self.orgs[k][0] >= floor else None
        if self.said_org is not None and self.said_org[0] >= floor:
            return self.said_org[1]
        return last[1].id if last else None

    def is_outlet(self, entity: str) -> bool:
        """An organisation the text names as relaying news: after a verb of relaying
        ("сообщает РИА Новости", "передает ТАСС") or a media noun ("газета «Ведомости»")."""
        if entity not in self._outlets:
            self._outlets[entity] = any(self._relayed_by(start) for start, e in self.orgs if e.id == entity)
        return self._outlets[entity]

    def _relayed_by(self, start: int) -> bool:
        """Named right after a verb of relaying or a noun for a news medium ("передает ТАСС",
        "газета «Ведомости»"; not "портал управления": an organisation's own site)."""
        before = _LAST_WORD.search(self.tx.text, max(0, start - 40), start)
        return before is not None and morph.lemma(before.group(1).lower()) in RELAY_VERBS | NEWS_MEDIA

    def source_org(self, at: int) -> Optional[str]:
        """The organisation the article gave as its source, for a statement or release with
        no owner ("говорится в сообщении"): the last organisation quoted, else the last one
        named as a source ("сообщает сайт ЕКА", "пресс-служба МВД"). An outlet that
        relays the news is never the owner of the document it quotes."""
        if self.said_org is not None and not self.is_outlet(self.said_org[1]):
            return self.said_org[1]
        counts: dict[str, int] = {}
        for start, entity in reversed(self.orgs[:bisect_left(self.org_starts, at)]):
            if self.is_outlet(entity.id):
                continue
            before = _LAST_WORD.search(self.tx.text, max(0, start - 40), start)
            if before is not None and speaker_nouns().get(morph.lemma(before.group(1).lower()), ("",))[0] in ("org", "media"):
                return entity.id
            counts[entity.id] = counts.get(entity.id, 0) + 1
        # else the organisation the article is about: the one it names most (first, on a tie)
        return max(counts, key=lambda e: (counts[e], -self.org_starts[[o.id for _, o in self.orgs].index(e)]),
                   default=None)

    @staticmethod
    def _noun_kind(tokens: list[Token], head: int, first: int) -> tuple[str, frozenset[str]]:
        two = " ".join(morph.lemma(t.text) for t in tokens[max(first, head - 1):head + 1])
        return speaker_nouns().get(two) or speaker_nouns().get(morph.lemma(tokens[head].text), ("", frozenset()))

    @staticmethod
    def _has_dependents(tokens: list[Token], head: int, first: int, last: int) -> bool:
        """Whether the noun has a possessor ("его дочь", "собеседник ТАСС", "представитель Обамы")."""
        for k in range(first, last):
            word = _fold(tokens[k].text)
            if k == head or not word[:1].isalpha():
                continue
            if word in POSSESSIVES | {"ее"}:
                return True
            if k == head + 1 and any(p.tag.POS == "NOUN" and p.tag.case == "gent" for p in morph.parse(word)):
                return True
        return False

    def _org_next(self, tokens: list[Token], head: int, names) -> Optional[str]:
        """An organisation named right after the noun, in apposition: "агентство Рейтер"."""
        for start, stop, entity in names:
            between = self.tx.text[tokens[head].stop:start]
            if entity.type == "ORG" and not between.strip(" " + QUOTE_CHARS):
                return entity.id
        return None

    def _org_after(self, tokens: list[Token], head: int, last: int) -> Optional[str]:
        """'пресс-служба МВД', 'представитель ZANU-PF', 'глава группы наблюдателей от Афросоюза'."""
        for j in range(head + 1, last):
            if j > head + 1 and _fold(tokens[j].text) in ("в", "во", "на"):
                return None   # "пресс-служба автоконцерна в России": where it is, not whose
            mention = self.tx.entity_at(tokens[j].start, tokens[j].stop)
            if mention:
                return mention[2].id if mention[2].type in ("ORG", "LOC") else None
            lemma = morph.lemma(tokens[j].text)
            if lemma in load_set("posts") and speaker_nouns().get(lemma, ("",))[0] != "org":
                return None   # "пресс-секретарь губернатора": the post of an unnamed person
            if j == head + 1 and is_np_word(tokens[j]) and not tokens[j].text[:1].isupper():
                named = self.org_named(lemma)     # "в заявлении полиции" -> "полиция РА"
                if named is not None:
                    return named
        return None

    def org_described(self, lemma: str, at: int) -> Optional[str]:
        """The organisation last named with this noun before it: "агентство" -> "агентство Fitch"."""
        if self._described is None:
            self._described = self._index_described()
        starts, ids = self._described.get(lemma, ((), ()))
        k = bisect_left(starts, at) - 1
        return ids[k] if k >= 0 else None

    def _index_described(self) -> dict[str, tuple[list[int], list[str]]]:
        """lemma -> the organisations (starts, ids, in text order) with that word among the
        three words before them."""
        index: dict[str, tuple[list[int], list[str]]] = {}
        for start, entity in self.orgs:
            before = re.findall(r"[\w-]+", self.tx.text[max(0, start - 40):start])[-3:]
            for lemma in {morph.lemma(w) for w in before}:
                starts, ids = index.setdefault(lemma, ([], []))
                starts.append(start)
                ids.append(entity.id)
        return index

    def org_named(self, lemma: str) -> Optional[str]:
        """An organisation of the article whose name starts with this noun: полиция -> "полиция РА"."""
        if self._org_names is None or self._org_names_of != len(self.entities):
            # rebuilt when an organisation NER missed joins ("украинская милиция" -> "милиция")
            self._org_names, self._org_names_of = {}, len(self.entities)
            for entity in self.entities.values():
                words = entity.name.split()
                if entity.type == "ORG" and len(words) > 1:
                    head = next((w for w in words[:3] if _noun_reading(_fold(w))), words[0])
                    self._org_names.setdefault(morph.lemma(_fold(head)), entity.id)
        return self._org_names.get(lemma)

    def person_named(self, word: str) -> Optional[str]:
        """A person of the article with this name word, which NER missed here ("Кокшаров")."""
        stem = _fold(word)[:max(4, len(word) - 2)]
        if stem not in self._named:
            self._named[stem] = self._first_person_with(stem)
        return self._named[stem]

    def _first_person_with(self, stem: str) -> Optional[str]:
        """The first person of the article with a name word starting with `stem`."""
        if self._name_words is None:
            # (folded name word, the entity's place in the article, its id), sorted
            self._name_words = sorted((_fold(w), n, entity.id) for n, entity in enumerate(self.entities.values())
                                      if entity.type == "PER" for w in entity.name.split())
        words = self._name_words
        best = None
        for k in range(bisect_left(words, (stem,)), len(words)):
            if not words[k][0].startswith(stem):
                break
            if best is None or words[k][1] < best[1]:
                best = words[k]
        return best[2] if best else None

    def role_holder(self, titles: set[str], names, same_org: bool = False) -> Optional[str]:
        """The person whose role has one of these titles, mentioned last before the quote;
        with `same_org`, only one whose role is in an organisation among `names`."""
        if self._holders is None:
            self._seen, self._holders = self._index_roles()
        orgs = {e.id for _, _, e in names}
        at = self.quote[0]
        # roles of one person and organisation score alike: the first of them stands for all
        first: dict[tuple, int] = {}
        for title in titles:
            for pair, n in self._holders.get(title, {}).items():
                if n < first.get(pair, n + 1):
                    first[pair] = n
        best = None
        for (person, org), _ in sorted(first.items(), key=lambda item: item[1]):
            seen = self._seen.get(person, [])
            k = bisect_left(seen, at)
            key = (org in orgs, seen[k - 1] if k else -1)
            if same_org and org not in orgs:
                continue
            if best is None or key > best[0]:
                best = (key, person)
        return best[1] if best else None

    def _index_roles(self) -> tuple[dict[str, list[int]], dict[str, dict[tuple, int]]]:
        """Where each person is named (sorted starts), and for each title word the
        (person, org) pairs of the roles with it, each with its first role's place."""
        seen: dict[str, list[int]] = {}
        for start, entity in self.people:
            seen.setdefault(entity.id, []).append(start)
        holders: dict[str, dict[tuple, int]] = {}
        for n, role in enumerate(self.doc.roles):
            for title in set(role.title.split()):
                holders.setdefault(title, {}).setdefault((role.person, role.org), n)
        return seen, holders

    def _fits(self, entity, gender: Optional[str]) -> bool:
        return gender not in ("masc", "femn") or gender_of_name(entity.name) in (None, gender)

    def person_before(self, at: int, gender: Optional[str], prefer_speaker: bool = False) -> Optional[str]:
        """The latest person named before `at` (within a few sentences, outside the quote
        itself) of this gender; for a pronoun, the last speaker if no one came between."""
        if gender == "plur":
            return None
        at = min(at, self.quote[0]) if self.quote[0] < at else at
        si = self.tx.sent_of(at)
        floor = self.tx.sents[max(0, si - PRONOUN_SENTS)].start if si is not None else 0
        window = self.people[bisect_right(self.people_starts, floor - 1):bisect_right(self.people_starts, at - 1)]
        named = [(s, e) for s, e in window if self._fits(e, gender)]
        if prefer_speaker and self.said:
            start, speaker = self.said[-1]
            entity = self.entities.get(speaker)
            if (start >= floor and entity is not None and entity.type == "PER" and self._fits(entity, gender)
                    and not any(s > start and e.id != speaker for s, e in named)):
                return speaker
        return named[-1][1].id if named else None

    def org_before(self, at: int) -> Optional[str]:
        """The outlet an anaphor ("издание", "газета") means: the last organisation quoted,
        unless one was named as an outlet since ("рейтинг журнала Forbes"); else the last
        organisation named."""
        k = bisect_left(self.org_starts, at) - 1
        if self.said_org is None:
            return self.orgs[k][1].id if k >= 0 else None
        said_at, said = self.said_org
        for j in range(k, max(-1, k - OUTLET_LOOKBACK), -1):
            start, entity = self.orgs[j]
            if start <= said_at:
                break
            if self._named_as_outlet(start):
                return entity.id
        return said

    def _named_as_outlet(self, start: int) -> bool:
        """An organisation written right after a media noun: "журнала Forbes", "газета «Ведомости»"."""
        before = _LAST_WORD.search(self.tx.text, max(0, start - 40), start)
        return before is not None and speaker_nouns().get(morph.lemma(before.group(1).lower()), ("",))[0] == "media"

    def note(self, stop: int, speaker: Optional[str]) -> None:
        """A quote ending at `stop` was attributed to `speaker`: the discourse's last speaker."""
        if speaker is not None:
            self.said.append((stop, speaker))
            entity = self.entities.get(speaker)
            if entity is not None and entity.type == "ORG":
                self.said_org = (stop, entity.id)




GO_ON = object()     # a speaker rule's answer when the words are not its case


@dataclass
class Words:
    """The words next to a cue: tokens[first:last] with their head noun at `head`."""
    tokens: list[Token]
    head: int
    first: int
    last: int
    gender: Optional[str] = None       # of the cue verb ("сказала")
    case: Optional[str] = "nomn"       # the case the cue asks of them
    word: str = ""
    lemma: str = ""
    kind: str = ""                     # from the speaker nouns lexicon: org, media, none, post
    posts: frozenset[str] = frozenset()
    names: list = None                 # (start, stop, Entity) named after the head in the group

    @property
    def token(self) -> Token:
        return self.tokens[self.head]


# ordered: the first rule that decides names the speaker (None included)
SPEAKER_RULES: tuple[tuple[str, Callable], ...] = (
    ("name", Speakers._name),
    ("pronoun", Speakers._pronoun),
    ("relative", Speakers._relative),
    ("apposition", Speakers._apposition),
    ("unnamed_source", Speakers._unnamed_source),
    ("organisation_speaker", Speakers._organisation_speaker),
    ("organisation_apposition", Speakers._organisation_apposition),
    ("organisation_noun", Speakers._organisation_noun),
    ("group", Speakers._group),
    ("outlet", Speakers._outlet),
    ("missed_name", Speakers._missed_name),
    ("role_holder", Speakers._role_holder),
    ("person_noun", Speakers._person_noun),
    ("organisation_named", Speakers._organisation_named),
)


def find_references(resolver: Resolver) -> list[Reference]:
    found = []
    for candidate in find_candidates(resolver.doc):
        if resolver.mention_at(candidate.start, candidate.stop) is not None or apposition(resolver, candidate):
            continue      # a word inside a name, or right before it, is part of the name
        reference = resolve(resolver, candidate)
        if reference is not None:
            found.append(reference)
            resolver.add(reference.start, reference.stop, reference.entity)
    return found


def refers_to(doc: Doc, start: int) -> Optional[Reference]:
    """Whom the pronoun or noun starting at `start` means, for a stage that runs before
    this one ("Он занимает пост министра": roles ask who "Он" is)."""
    resolver = Resolver(doc)
    si = resolver.sent_of(start)
    for candidate in find_candidates(doc, range(si, si + 1)):
        if candidate.start == start and not resolver.mention_at(candidate.start, candidate.stop):
            return resolve(resolver, candidate)
    return None


def extract_references(doc: Doc) -> None:
    """Fill `doc.references`: every word that refers to an entity of the article without
    naming it, and `doc.resolver`, which later stages ask. Needs `doc.entities` and `doc.roles`."""
    doc.resolver = Resolver(doc)
    doc.references = find_references(doc.resolver)


def explain(doc: Doc) -> list[tuple[str, str, str]]:
    """(words, entity name, rule) of each reference, in text order: the debug view of this
    stage. A quote's speaker words show the speaker rule too ("speaker/organisation_noun")."""
    names = {e.id: e.name for e in doc.entities}
    decided = getattr(doc.resolver, "speaker_rules", {})
    rows = []
    for ref in sorted(doc.references, key=lambda ref: ref.start):
        rule = ref.rule
        if rule == "speaker":
            inner = [name for at, name in decided.items() if ref.start <= at < ref.stop and name]
            rule += f"/{inner[0]}" if inner else ""
        rows.append((doc.text[ref.start:ref.stop], names.get(ref.entity, ref.entity), rule))
    return rows
