"""The article as the references stage sees it: its entities and where each is named
(and, as they are found, referred to), with the indexes the rules look things up in."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache
from typing import Optional

from .. import morph
from ..clean import iter_lines
from ..doc import Doc, Token
from ..lexicons import load_set
from .lexicon import (agreement_of, cases, countries, fold, gender_of_name, is_compound_of, is_nominative,
                      lemma_forms, named_as_outlet, role_keys, sentence_before)


def _country_in(words: str) -> Optional[str]:
    """The country a body's name ends with ("министерство здравоохранения КНР" -> "китай"),
    in one spelling for all its names; None when it names none."""
    from ..entities import alias_names

    for word in words.split()[1:]:
        if word[:1].isupper():
            names = alias_names(morph.lemma(fold(word)).capitalize()) or {fold(word)}
            return min(names)
    return None


@cache
def _home_country() -> str:
    """The country a ministry named without one belongs to: "Минфин" alone is Russia's."""
    return _country_in("Минфин России")


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
        self._described: dict[str, list[tuple[int, str]]] = {}
        self._outlets: Optional[list[tuple[int, str]]] = None
        self._outlet_set: Optional[frozenset[str]] = None
        self._titles: Optional[list[tuple[int, int, str]]] = None
        self._introduced: Optional[dict[str, list[tuple[int, str]]]] = None
        self._main_countries: Optional[tuple[list[int], list[Optional[str]]]] = None
        self._token_stops: dict[int, list[int]] = {}
        self._verb_genders: Optional[dict[str, str]] = None
        self._genders: dict[str, Optional[str]] = {}
        self.subjects: dict[tuple[int, int], bool] = {}     # rules.is_subject, by mention
        self._first_person = next((e for _, _, e in self.named if self.type_of(e) == "PER"), None)
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

    def add_entity(self, type: str, start: int, stop: int, name: Optional[str] = None) -> str:
        """A new entity named at text[start:stop] (the same words twice: the same entity);
        its name in normal form, unless given."""
        from ..entities import normalize
        from ..records import Entity, Span

        for entity in self.doc.entities:
            if any(m.start == start and m.stop == stop for m in entity.mentions):
                return entity.id
        name = name or normalize(self.text[start:stop], type)
        for i, entity in enumerate(self.doc.entities):
            shorter = next((m for m in entity.mentions if m.start == start and m.stop < stop), None)
            if entity.type == type and shorter is not None:
                # NER tagged the body's noun alone ("Акимат" of "Акимат Алматы"): the mention
                # grows to the whole name, and the entity takes it
                mentions = [Span(start=start, stop=stop, text=self.text[start:stop]) if m is shorter else m
                            for m in entity.mentions]
                grown = entity.model_copy(update={"name": name, "mentions": mentions})
                self.doc.entities[i] = self.entities[entity.id] = grown
                self.mention_set.discard((shorter.start, shorter.stop))
                self.mention_set.add((start, stop))
                self.named[self.named.index((shorter.start, shorter.stop, entity.id))] = (start, stop, entity.id)
                return entity.id
        for entity in self.doc.entities:
            if entity.type == type and entity.name.lower() == name.lower():
                return entity.id     # the same organisation named again: one mention more is not needed
        same_ministry = self._ministry_named(name) if type == "ORG" else None
        if same_ministry is not None:
            return same_ministry     # "министерство здравоохранения республики" after "Минздрав"
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

    def _ministry_named(self, name: str) -> Optional[str]:
        """The one organisation of the article that is the ministry of the field a
        ministry's words name ("министерство здравоохранения" and "Минздрав")."""
        from ..roles import ministry_field, names_ministry

        field = ministry_field(name)
        if field is None:
            return None
        place, home = _country_in(name), _home_country()
        found = {e.id for e in self.doc.entities if e.type == "ORG"
                 and any(names_ministry(fold(m.text), field) for m in e.mentions)
                 # of the same country: a ministry named with none is the home country's
                 and (place is None or place in ({_country_in(m.text) for m in e.mentions} - {None} or {home}))}
        return found.pop() if len(found) == 1 else None

    def add(self, start: int, stop: int, entity: str) -> None:
        """A reference found: later pronouns may take it as their antecedent."""
        k = bisect_left(self.named_starts, start)
        self.named.insert(k, (start, stop, entity))
        self.named_starts.insert(k, start)

    def token_stops(self, si: int) -> list[int]:
        """Where each token of sentence `si` stops, for bisecting."""
        if si not in self._token_stops:
            self._token_stops[si] = [t.stop for t in self.sents[si].tokens]
        return self._token_stops[si]

    def introduced(self) -> dict[str, list[tuple[int, str]]]:
        """`rules.introduced_nouns` of the article, found once."""
        if self._introduced is None:
            from .rules import introduced_nouns
            self._introduced = introduced_nouns(self)
        return self._introduced

    def outlet_before(self, at: int) -> Optional[str]:
        """The last organisation named before `at` as relaying the news ("сообщает ТАСС")."""
        if self._outlets is None:
            self._outlets = [(start, entity) for start, stop, entity in self.named
                             if (start, stop) in self.mention_set and self.type_of(entity) == "ORG"
                             and named_as_outlet(self.text, start, stop)]
        k = bisect_left(self._outlets, (at, "")) - 1
        return self._outlets[k][1] if k >= 0 else None

    def titled(self, start: int, stop: int) -> Optional[str]:
        """The person whose role's title holds the words at start..stop, before the name
        ("агент футболиста Андрей Сафронов": "агент" is Сафронов's title)."""
        if self._titles is None:
            self._titles = sorted((role.span.start, role.span.stop, role.person) for role in self.doc.roles
                                  if role.span is not None and role.person in self.entities)
        k = bisect_right(self._titles, (start, len(self.text) + 1, "")) - 1
        while k >= 0:
            first, last, person = self._titles[k]
            if first <= start and stop <= last and not any(
                    first <= m.start < stop for m in self.entities[person].mentions):
                return person
            k -= 1
        return None

    def outlets(self) -> frozenset[str]:
        """The organisations the article names as relaying the news."""
        if self._outlet_set is None:
            self.outlet_before(0)
            self._outlet_set = frozenset(entity for _, entity in self._outlets)
        return self._outlet_set

    def main_country(self, at: int) -> Optional[str]:
        """The country the article is set in: the one it names most before `at`, more
        often than any other ("в стране" far from any name)."""
        if self._main_countries is None:
            # where each country is named, and the country named most up to and with it: once
            starts, leading = [], []
            counts: dict[str, int] = {}
            most, leaders = 0, set()
            for start, stop, entity in self.named:
                if (start, stop) not in self.mention_set or self.type_of(entity) != "LOC" \
                        or fold(self.name_of(entity)) not in countries():
                    continue
                counts[entity] = counts.get(entity, 0) + 1
                if counts[entity] > most:
                    most, leaders = counts[entity], {entity}
                elif counts[entity] == most:
                    leaders.add(entity)
                starts.append(start)
                leading.append(next(iter(leaders)) if len(leaders) == 1 else None)
            self._main_countries = (starts, leading)
        starts, leading = self._main_countries
        k = bisect_left(starts, at) - 1
        # a headline's "страна" before any name: the country the whole article names most
        return leading[k] if k >= 0 else leading[-1] if leading else None

    def first_person(self) -> Optional[str]:
        """The first person the article names: most often the one it is about."""
        return self._first_person

    def type_of(self, entity: str) -> str:
        return self.entities[entity].type

    def gender_of(self, entity: str) -> Optional[str]:
        """A person's gender: as the verbs of the text agree with the name ("заявила Хуа
        Чуньин"), else as the forms of the name tell (`gender_of_name`)."""
        if self._verb_genders is None:
            self._verb_genders = self._genders_by_verbs()
        if entity not in self._genders:     # asked for every pronoun that weighs the person
            self._genders[entity] = (self._verb_genders.get(entity) or self._declined_as_man(entity)
                                     or gender_of_name(self.name_of(entity)))
        return self._genders[entity]

    def _declined_as_man(self, entity: str) -> Optional[str]:
        """"masc" when a surname ending in a consonant is declined in the text ("отчёт
        Гартнера", "Гартнеру"): such surnames decline for men only ("Эммануэль Гартнер" is a
        man whatever "Эммануэль" suggests)."""
        surname = fold(self.name_of(entity).split()[-1])
        if len(surname) < 3 or not surname[-1].isalpha() or surname[-1] in VOWELS_AND_SOFT:
            return None
        forms = {surname + ending for ending in MAN_ENDINGS}
        for mention in self.entities[entity].mentions:
            if any(fold(word) in forms for word in mention.text.split()):
                return "masc"
        return None

    def agreement(self, entity: str) -> frozenset[str]:
        """What a pronoun standing for the entity may be (`lexicon.agreement_of`), a person's
        gender as `gender_of` finds it."""
        if self.type_of(entity) == "PER":
            gender = self.gender_of(entity)
            return frozenset({gender}) if gender else frozenset({"masc", "femn"})
        return agreement_of(self.type_of(entity), self.name_of(entity))

    def _genders_by_verbs(self) -> dict[str, str]:
        """Each person's gender by the past-tense verbs (or short participles) right next to
        their name in the nominative ("Хуа Чуньин заявила", "сообщила Ким Ён") and by the
        word right before it (`_modifier_gender`): the gender most of them agree in."""
        votes: dict[str, dict[str, int]] = {}
        # where the title of a role opens, by the end of its name: "заявила представитель
        # китайского ведомства Хуа Чуньин" agrees with the name across its title
        title_opens = {role.span.stop: role.span.start for role in self.doc.roles if role.span is not None}
        for start, stop, entity in self.named:
            if (start, stop) not in self.mention_set or self.type_of(entity) != "PER":
                continue
            si = self.sent_of(start)
            tokens = self.sents[si].tokens
            first = bisect_left(self.token_stops(si), start + 1)
            last = bisect_left(self.token_stops(si), stop)
            # the verb right before or after a name in the nominative ("заявила Хуа Чуньин";
            # not "сказал Иванову"), or after a name that opens its clause ("Пашинян
            # усомнился", which pymorphy reads as a plural genitive; not "Мать Джексона рассказала")
            word = self.text[start:stop].split()[0]
            nominative = is_nominative(word) and not (first > 0 and _owned_by_thing(tokens[first - 1].text, word))
            opens = first == 0 or not tokens[first - 1].text[:1].isalnum()
            before = first - 1
            if nominative and title_opens.get(stop, start) < start:
                before = bisect_left(self.token_stops(si), title_opens[stop] + 1) - 1
            beside = (before, last + 1) if nominative else (last + 1,) if opens else ()
            said = [_past_gender(tokens[k].text) for k in beside if 0 <= k < len(tokens)]
            if first > 0:   # the word before opens the sentence in a capital ("Лыжница Марит Хаген")
                modifier = tokens[first - 1].text
                said.append(_modifier_gender(modifier.lower() if first == 1 else modifier, self.text[start:stop]))
            for gender in said:
                if gender is not None:
                    counts = votes.setdefault(entity, {"masc": 0, "femn": 0})
                    counts[gender] += 1
        return {entity: max(counts, key=counts.get) for entity, counts in votes.items()
                if counts["masc"] != counts["femn"]}

    def name_of(self, entity: str) -> str:
        return self.entities[entity].name

    # -- indexes built on first use
    def holders(self, title: str) -> list[tuple[int, str, Optional[str]]]:
        """(where the role is stated, person, org) of each role with this title word."""
        if self._holders is None:
            self._holders = {}
            for role in self.doc.roles:
                for word in role_keys(role.title, self.name_of(role.org) if role.org in self.entities else None):
                    self._holders.setdefault(word, []).append((role.span.start, role.person, role.org))
        return self._holders.get(title, [])

    def described(self, lemma: str) -> list[tuple[int, str]]:
        """(start, id) of the organisations and places the text introduced with this noun
        ("компания Apple", "в городе Сочи", "Министерство финансов"), in text order."""
        if lemma not in self._described:
            forms = lemma_forms(lemma)
            found = []
            for start, stop, entity in self.named:
                if (start, stop) not in self.mention_set or self.type_of(entity) == "PER":
                    continue
                words = sentence_before(self.text, start).replace("«", " ").replace('"', " ").split()[-2:]
                words += self.text[start:stop].split()[:3]     # "Таганский районный суд"
                if is_compound_of(self.name_of(entity), lemma) or any(fold(word.strip(",.;:")) in forms for word in words):
                    found.append((start, entity))
            self._described[lemma] = found
        return self._described[lemma]


VOWELS_AND_SOFT = frozenset("аеёиоуыэюяйьъ")
# a consonant-final surname's endings in the oblique cases, declined as a man's ("Гартнера", "Гартнером")
MAN_ENDINGS = ("а", "у", "ом", "е")


def _modifier_gender(word: str, name: str) -> Optional[str]:
    """The gender of an adjective or participle right before a name, in a case the name
    can be in ("сорокалетняя Марит Хаген", "погибшего Ивана"), or "femn" of a noun for a
    woman ("лыжница Марит Хаген"; a man's title is said of women too: "министр Ольга
    Петрова"; not a relative: "жена Тимо Лааксо" is someone else)."""
    word = word.rsplit("-", 1)[-1]
    if not word.isalpha() or not word.islower():
        return None
    word = fold(word)
    # the cases the name can be in: any, for a word pymorphy does not know ("Хаген")
    parses = [p for name_word in name.split() for p in morph.parse(fold(name_word))]
    cases = {p.tag.case if p.is_known else None for p in parses}
    genders = set()
    for parse in morph.parse(word):
        tag = parse.tag
        if not parse.is_known or tag.number != "sing" or not (tag.case in cases or None in cases):
            continue
        if tag.POS in ("ADJF", "PRTF") and "Apro" not in tag:
            genders.add(str(tag.gender))
        elif tag.POS == "NOUN" and "anim" in tag:
            # a man's title is said of women too ("министр Ольга Петрова"); "жена Тимо Лааксо" is not
            relation = parse.normal_form in load_set("person_relations")
            genders.add("femn" if tag.gender == "femn" and not relation else "")
    return genders.pop() if len(genders) == 1 and genders <= {"masc", "femn"} else None


def _past_gender(word: str) -> Optional[str]:
    """"masc" or "femn" of a singular past-tense verb or short participle ("заявила",
    "задержан"), else None."""
    if not word[:1].islower():
        return None
    parse = morph.parse(fold(word))[:1]
    if not parse or parse[0].tag.POS not in ("VERB", "PRTS") or parse[0].tag.number != "sing":
        return None
    gender = parse[0].tag.gender
    return str(gender) if gender in ("masc", "femn") else None


def _owned_by_thing(before: str, name_word: str) -> bool:
    """"Кандидатура Торлопова внесена": a name that can be a genitive right after an
    inanimate noun is that thing's owner, not the verb's subject."""
    parses = morph.parse(fold(before))[:1]
    return (bool(parses) and parses[0].tag.POS == "NOUN" and "inan" in parses[0].tag
            and not {"Geox", "Orgn", "Abbr", "Name", "Surn"} & parses[0].tag.grammemes
            and "gent" in cases(name_word))
