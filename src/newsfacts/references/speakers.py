"""Who the words next to a speech cue mean ("Посол", "он", "пресс-служба МВД"): an
ordered table of named speaker rules, and the discourse around the quotes."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

from .. import morph
from ..clean import OPENING_QUOTES, QUOTE_CHARS
from ..doc import Token
from ..entities import ARABIC_ARTICLE
from ..lexicons import load_mapping, load_set
from ..records import Entity
from ..roles import minister_of
from .lexicon import (DASHES, POSSESSIVES, PREPOSITIONS, PRONOUNS, body_synonyms, cases, deputy_title, document_nouns,
                      field_reading, fold, genitive_reading, in_field, in_quoted_title, is_compound_of, is_nominative,
                      is_np_word, lemma_before, named_as_outlet, noun_lemma, noun_reading, office_field,
                      past_locative_adjectives, person_titles, plural, pronouns, reference_nouns, role_keys, same_case,
                      sentence_before, speaker_nouns, staff_nouns, told_outlet)
from .resolver import Resolver
from .rules import (CLAUSE_BREAKS, INDEFINITE, NOMINATIVE_RELATIVES, NOUN_SENTS_BACK, OFFICE_HEADS, Candidate,
                    body_kind, country_of_adjective, fits, head_of, is_modifier, is_subject, named_as,
                    person_in_view, owned_before, place_adverb, relative)

# posts one person holds in an organisation: with the organisation named, its holder speaks
PRONOUN_SENTS = 4          # how far back a speaker's pronoun looks for its person
UNNAMED_SENTS = 2          # how far back an unnamed source looks for the organisation that spoke
OUTLET_LOOKBACK = 8        # organisations back an outlet anaphor looks for one named as an outlet
DOCUMENT_SENTS_BACK = 2    # sentences back an ownerless document looks for where it was introduced
SINGLE_HOLDER = frozenset({"глава", "руководитель", "шеф", "председатель", "директор", "гендиректор", "президент",
                           "лидер", "начальник", "министр", "губернатор", "мэр", "генсек"})
# the titles of an organisation's, a country's or a city's head: "лидер Франции" is its "президент",
# "глава ФСБ" its "директор"
HEAD_TITLES = frozenset({"глава", "руководитель", "лидер", "шеф", "председатель", "президент", "генсек", "директор",
                         "гендиректор", "начальник", "министр", "губернатор", "мэр", "аким", "хоким"})
# the bodies of a place: "в мэрии", "в прокуратуре", "в правительстве" mean one named so, never
# any organisation in view
PLACE_BODIES = frozenset({"мэрия", "акимат", "хокимият", "администрация", "полиция", "милиция", "прокуратура",
                          "правительство", "кабмин", "парламент"})
# an outlet's own people: they speak for the outlet named right after them, else for no one
# ("корреспондент ТАСС" -> ТАСС; "по подсчетам парламентских корреспондентов" -> none)
OUTLET_STAFF = {"корреспондент", "собкор", "спецкор"}
# the circles of an organisation an unnamed source is in ("источник в структурах ЕС")
SOURCE_CIRCLES = frozenset({"структурах", "кругах", "руководстве", "окружении", "аппарате", "рядах"})
# an unnamed source alone or the outlet's ("собеседник агентства"): someone of the organisation that just spoke
UNNAMED_SOURCES = frozenset({"собеседник", "источник"})
CITED = re.compile(r"(?:со\s+ссылкой|ссылаясь)\s+на\s+(?:[а-яё]+\s+)?[«\"„“]?\s*$", re.I)  # the source cited
PLACED = re.compile(r"(?<!\w)во?\s+$", re.I)      # "в" right before a speaker's words: its people spoke
JOINED = re.compile(r"[»\"“”]?\s*(?:,|и)\s*[«\"„“]?\s*")     # ", " or " и " between two names
JOIN_REACH = 6     # characters between two names of a list (", ", " и ")


def _said_words(word: str) -> bool:
    """A pronoun or a verb in the present or the past: words of speech, not of a name."""
    parses = morph.parse(fold(word))[:1]
    return bool(parses) and (parses[0].tag.POS == "NPRO"
                             or parses[0].tag.POS == "VERB" and parses[0].tag.tense is not None)


def _guessed(word: str) -> bool:
    """A word pymorphy does not know, whose case it only guesses ("Синсике")."""
    return not any(p.is_known for p in morph.parse(fold(word)))


@lru_cache(maxsize=1024)
def _name_noun(name: str) -> Optional[str]:
    """The lemma of the noun an organisation's name is made with: "полиция" of "полиция РА",
    "суд" of "Мировой суд" (not "мировой", a noun read second) and of "Мосгорсуд"."""
    words = name.split()
    if len(words) == 1:
        return _compounded(name)
    head = next((w for w in words[:3] if morph.parse(fold(w))[0].tag.POS == "NOUN"),
                next((w for w in words[:3] if noun_reading(fold(w))), words[0]))
    return morph.lemma(fold(head))


def _compounded(name: str) -> Optional[str]:
    """The organisation noun a one-word name is a compound of: "Мосгорсуд" -> "суд"."""
    nouns = [noun for noun, (type, _) in reference_nouns().items() if type == "ORG" and is_compound_of(name, noun)]
    return max(nouns, key=len) if nouns else None


CLAUSE_HEADS = frozenset({"VERB", "INFN", "GRND", "PRTS"})      # words no noun phrase runs across


def _kind_word(word: str) -> bool:
    """A noun in the genitive that tells an organisation's kind ("агентство [недвижимости]")."""
    return word.isalpha() and word.islower() and morph.parse(fold(word))[0].tag.POS == "NOUN" \
        and genitive_reading(word) is not None


PHRASE_BREAK = re.compile("[" + re.escape("".join(sorted(CLAUSE_BREAKS))) + "]")


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
        self._people_stops = {m[0]: m[1] for m in mentions if m[2].type == "PER"}
        self.orgs = [(m[0], m[2]) for m in mentions if m[2].type == "ORG"]
        self._org_stops = [m[1] for m in mentions if m[2].type == "ORG"]
        self._orgs_indexed: Optional[tuple[list[Optional[str]], dict[str, list[int]]]] = None
        self.org_starts = [start for start, _ in self.orgs]
        self.said: list[tuple[int, str]] = []   # (quote stop, speaker id) so far
        self.said_org: Optional[tuple[int, str]] = None     # (quote stop, id): the last organisation in `said`
        self.quote = (0, 0)                     # the quote being attributed
        self.voiced: Optional[str] = None       # the organisation the last words resolved named through a person
        self.said_voiced: Optional[tuple[int, str]] = None  # (quote stop, id): the last such speaker
        self.said_unnamed = False               # whether the last speaker spoke through unnamed people
        self.unnamed_said: Optional[int] = None  # the stop of the last quote, when an unnamed source said it
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
        words.word = fold(tokens[head].text)
        words.lemma = noun_lemma(words.word)
        words.kind, words.posts = self._noun_kind(tokens, head, first)
        if words.kind == "media" and head + 1 < last and words.lemma in load_set("state_body_nouns") and (
                fold(tokens[head + 1].text) == "по"
                or tokens[head + 1].text[:1].islower() and field_reading(tokens[head + 1].text) is not None):
            words.kind = ""     # "агентство по защите конкуренции", "агентство туризма" are bodies, no news agencies
        words.names = [m for m in self.tx.entities_in(tokens[head].stop, tokens[last - 1].stop)
                       if m[0] not in self.told] if last > head + 1 else []     # the one told names no one
        self.rule = None
        for name, rule in SPEAKER_RULES:
            decided = rule(self, words)
            if decided is not GO_ON:
                self.rule = name
                break
        else:
            decided = None
        if isinstance(decided, str) and self._a_place(decided):
            decided = None      # "пояснили в России", "Вашингтон заявил": a country or a city is no speaker
        self.tx.speaker_rules[words.token.start] = self.rule     # for the debug view
        self.voiced = decided if self._voices(words, decided) else None
        return decided

    def _a_place(self, entity_id: str) -> bool:
        """A country, a region or a city, as pymorphy knows its name (not "Кремль", "Белый
        дом": the office a place's name stands for speaks)."""
        entity = self.entities.get(entity_id)
        return entity is not None and entity.type == "LOC" and any(
            "Geox" in p.tag for p in morph.parse(fold(entity.name.split()[-1])))

    def _voices(self, w: "Words", decided) -> bool:
        """"собеседник агентства", "представитель МЧС": a person (not the organisation's own
        name, "Правоцентристы") who speaks for an organisation."""
        entity = self.entities.get(decided) if isinstance(decided, str) else None
        return (entity is not None and entity.type != "PER" and self.rule not in ("name", "quoted_name")
                and w.word not in PRONOUNS and "anim" in morph.parse(w.word)[0].tag)

    # -- the speaker rules, in the order SPEAKER_RULES asks them; GO_ON: not mine to say
    def _name(self, w: "Words"):
        """The words are a name: its entity; after "управления" the regional office of it
        the article named ("в пресс-службе областного управления ФСБ" -> "УФСБ по ...")."""
        mention = self.tx.entity_at(w.token.start, w.token.stop)
        if not mention:
            return GO_ON
        after = self._name_after(mention)
        if after is not None and after.type == "PER":
            return after.id      # "пояснил Москомстройинвест Константин Тимофеев": the person of the body
        return self._office_of(w.tokens, w.head, mention[2]) or self.parent_of(mention)

    def parent_of(self, mention: tuple[int, int, Entity]) -> str:
        """A department named as an organisation of its own speaks for the organisation
        named right after it ("Департамент информации и печати МИД" -> МИД, "Главный штаб
        Сил обороны", "ДЭБ МВД"), as its words would ("департамент информации МИД"); any
        other name for itself."""
        start, stop, entity = mention
        words = self.tx.text[start:stop].split()
        # its noun, past adjectives ("Главный штаб Сил обороны"), or an abbreviation ("ДЭБ МВД")
        noun = next((fold(word) for word in words if not is_modifier(fold(word))), fold(words[0]))
        abbreviation = len(words) == 1 and words[0].isupper() and len(words[0]) > 1
        if entity.type != "ORG" or not abbreviation and speaker_nouns().get(noun_lemma(noun), ("",))[0] != "org":
            return entity.id
        after = self._name_after(mention)
        return after.id if after is not None and after.type == "ORG" else entity.id

    def _name_after(self, mention: tuple[int, int, Entity]) -> Optional[Entity]:
        """The entity of another name that starts one space after the mention's end."""
        stop = mention[1]
        after = self.tx.entity_at(stop + 1, stop + 2) if self.tx.text[stop:stop + 1] == " " else None
        return after[2] if after is not None and after[0] == stop + 1 and after[2].id != mention[2].id else None

    def _office_of(self, tokens: list[Token], head: int, entity: Entity) -> Optional[str]:
        """The article's "УФСБ …", "ГУ МВД …" for the organisation named at `head` right after
        "управления"; None when it names none, or several."""
        k = head - 1
        if entity.type != "ORG" or k < 0 or morph.lemma(fold(tokens[k].text)) != OFFICE_NOUN:
            return None
        short = fold(entity.name)
        keys = ("у" + short, "гу" + short, "гу " + short, OFFICE_NOUN + " " + short)
        found = {e.id for e in self.doc.entities if e.type == "ORG" and e.id != entity.id
                 and any(fold(e.name) == key or fold(e.name).startswith(key + " ") for key in keys)}
        return found.pop() if len(found) == 1 else None

    def _quoted_name(self, w: "Words"):
        """A capitalised name in quotation marks NER did not tag ("«Ведомости» пишут"): the
        name of an organisation (a person is not quoted), which becomes an ORG entity."""
        tokens, head = w.tokens, w.head
        if head == 0 or tokens[head - 1].text not in OPENING_QUOTES or not tokens[head].text[:1].isupper():
            return GO_ON
        for k in range(head + 1, min(len(tokens), head + 5)):
            if tokens[k].text in QUOTE_CHARS:
                if any(_said_words(token.text) for token in tokens[head:k]):
                    return GO_ON    # "«Мы готовы»": words someone said, no name
                return self.tx.add_entity("ORG", tokens[head].start, tokens[k - 1].stop)
            if not tokens[k].text[:1].isalnum():
                break
        return GO_ON

    def _organisation_word(self, w: "Words"):
        """A word in lower case that pymorphy knows as an organisation's name ("сообщили в
        минобороны", "минфин считает"), which NER left untagged: the organisation named so
        before, else an ORG entity of its own ("Минобороны", "МВД")."""
        token = w.token
        if not token.text[:1].islower() or w.last > w.head + 1:
            return GO_ON
        parses = morph.parse(w.word)[:1]
        if not parses or "Orgn" not in parses[0].tag:
            return GO_ON
        lemma = parses[0].normal_form
        for entity in self.entities.values():
            if entity.type == "ORG" and fold(entity.name).split()[:1] == [lemma]:
                return entity.id     # "Минобороны России" ... "в минобороны"
        name = lemma.upper() if "Abbr" in parses[0].tag else lemma[:1].upper() + lemma[1:]
        return self.tx.add_entity("ORG", token.start, token.stop, name)

    def _pronoun(self, w: "Words"):
        """"он", "она": the latest fitting person, the last speaker first."""
        if w.word not in PRONOUNS:
            return GO_ON
        if PRONOUNS[w.word] == "plur":
            return self._group_before(w.token.start)
        if self._unnamed_spoke_last(w.token.start):
            return None     # "— сказал собеседник агентства. По его данным": the same unnamed person
        return self._voice_before(w.token.start) or self.person_before(w.token.start, PRONOUNS[w.word],
                                                                      prefer_speaker=True)

    def _unnamed_spoke_last(self, at: int) -> bool:
        """The quote before was an unnamed source's ("собеседник агентства", "источник"), in
        this sentence or the one before, with no person named since."""
        if self.unnamed_said is None:
            return False
        stop = self.unnamed_said
        at = min(at, self.quote[0]) if self.quote[0] < at else at
        named = bisect_right(self.people_starts, at - 1) - bisect_right(self.people_starts, stop)
        return named == 0 and self.tx.sent_of(at) - self.tx.sent_of(stop) <= 1

    def _group_before(self, at: int) -> Optional[str]:
        """"Аналитики Halyk Finance ожидали ... По их оценкам": "они", "их" after the people of
        an organisation named in its sentence or the one before speak for it (as
        "аналитики агентства" do); no one else."""
        at = min(at, self.quote[0]) if self.quote[0] < at else at
        si = self.tx.sent_of(at)
        found = None
        for sent in self.tx.sents[max(0, si - 1):si + 1]:
            tokens = sent.tokens
            for k in range(len(tokens) - 1):
                if tokens[k].start >= at:
                    break
                mention = self.tx.entity_at(tokens[k + 1].start, tokens[k + 1].stop)
                if (mention is not None and mention[2].type == "ORG" and mention[0] == tokens[k + 1].start
                        and tokens[k].text.isalpha() and plural(morph.parse(fold(tokens[k].text)), "nomn")
                        and "anim" in morph.parse(fold(tokens[k].text))[0].tag):
                    found = mention[2].id
        return found

    def _voice_before(self, at: int) -> Optional[str]:
        """"— сказал собеседник агентства в МЧС. По его словам, ...": a pronoun after a
        person who spoke for an organisation, with no one named since, is that person
        again, and the organisation speaks."""
        if self.said_voiced is None or not self.said or self.said[-1] != self.said_voiced:
            return None
        stop, speaker = self.said_voiced
        at = min(at, self.quote[0]) if self.quote[0] < at else at
        if self.tx.sent_of(at) - self.tx.sent_of(stop) > PRONOUN_SENTS:
            return None
        named = bisect_right(self.people_starts, at - 1) - bisect_right(self.people_starts, stop)
        return speaker if named == 0 else None

    def _place_adverb(self, w: "Words"):
        """"Там также отметили": the body the text last put something in ("в управлении
        уточнили"), as the references stage reads "там"; a place does not speak."""
        if w.word != "там":
            return GO_ON
        candidate = Candidate(self.tx.sent_of(w.token.start), w.head, w.token.start, w.token.stop, w.word,
                              "locative", frozenset())
        found = place_adverb(self.tx, candidate)
        if found is not None and self.entities[found].type == "ORG":
            return found
        # "сообщали в пресс-службе МЧС. Вместе с тем там отмечали": the body that spoke last
        said = self.said_org
        return said[1] if said is not None and candidate.sent - self.tx.sent_of(max(0, said[0] - 1)) <= 1 else None

    def _relative_pronoun(self, w: "Words"):
        """"Иванов, который заявил": what "который" stands for."""
        if w.word not in NOMINATIVE_RELATIVES:
            return GO_ON
        sent = self.tx.sent_of(w.token.start)
        candidate = Candidate(sent, w.head, w.token.start, w.token.stop, w.word, "relative", pronouns()[w.word][1])
        found = relative(self.tx, candidate)
        if found is not None and owned_before(self.tx, candidate):
            return None     # "представителя Березовского, который заявил": the unnamed representative spoke
        if found is not None and self.entities[found].type != "PER":
            return self._person_of_place(w.tokens, w.head) or self._owned_org(w.tokens, w.head) or found
        return found

    def _before_relative(self, tokens: list[Token], k: int) -> tuple[Optional[tuple], int]:
        """The name the relative at k follows (past its comma), and the index of that
        name's first token."""
        j = k - 1
        if j > 0 and tokens[j].text == ",":
            j -= 1
        mention = self.tx.mention_at(tokens[j].start, tokens[j].stop) if j >= 0 else None
        if mention is None:
            return None, -1
        return mention, bisect_right(self.tx.token_stops(self.tx.sent_of(mention[0])), mention[0])

    def _owned_org(self, tokens: list[Token], k: int) -> Optional[str]:
        """"Центробанку Кипра, который утверждал": the organisation a place right before the
        relative owns speaks, not the place."""
        place, first = self._before_relative(tokens, k)
        if place is None or self.entities[place[2]].type != "LOC":
            return None
        org = self.tx.mention_at(tokens[first - 1].start, tokens[first - 1].stop) if first > 0 else None
        return org[2] if org is not None and self.entities[org[2]].type == "ORG" else None

    def _person_of_place(self, tokens: list[Token], k: int) -> Optional[str]:
        """"Стивен Пинкер из Гарварда, который настаивает": a person named right before "из
        X", "от X" speaks, not the place or organisation the relative is next to."""
        place, first = self._before_relative(tokens, k)
        if place is None or first < 2 or fold(tokens[first - 1].text) not in ("из", "от"):
            return None
        person = self.tx.mention_at(tokens[first - 2].start, tokens[first - 2].stop)
        return person[2] if person is not None and self.entities[person[2]].type == "PER" else None

    def _relative(self, w: "Words"):
        """"её сестра", "мать Майкла Джексона": someone's relative, unnamed (a name of their
        own after the genitive is left to `_apposition`)."""
        if w.lemma not in load_set("person_relations"):
            return GO_ON
        if w.head > 0 and fold(w.tokens[w.head - 1].text) in POSSESSIVES | {"ее"}:
            # "Его коллега Дарла Зеленицки": the relative's own name, when it follows
            return GO_ON if w.head + 1 < len(w.tokens) and any(
                s == w.tokens[w.head + 1].start and e.type == "PER" for s, _, e in w.names) else None
        for start, stop, _ in w.names:
            if start == w.tokens[w.head + 1].start and "gent" in cases(self.tx.text[start:stop].split()[0]):
                # "друг Панина Геннадий Русин": the relative's own name, when one follows
                named = any(s > start and e.type == "PER" for s, _, e in w.names)
                return GO_ON if named else None
        return GO_ON

    def _apposition(self, w: "Words"):
        """A person named beside the noun in its case: "Посол Китая Чжан Сяо"; a name that
        shows no case after another noun belongs to that noun ("представитель партии Цвангираи")."""
        found = []
        people = [(start, stop) for start, stop, entity in w.names if entity.type == "PER"]
        for start, stop, entity in w.names:
            first_word = self.tx.text[start:stop].split()[0]
            if entity.type != "PER":
                continue
            if any(after == stop + 1 and self.tx.text[stop:after] == " " for after, _ in people):
                continue    # "Адвокат Мельниченко Николай Недилько": a name right before another is its genitive
            if self._oblique_name(entity, start, stop) and cases(w.token.text) == {"nomn"}:
                continue    # "Представитель Дерипаски": the name is written otherwise than named, his genitive
            if w.head + 1 < len(w.tokens) and w.tokens[w.head + 1].start == start and _guessed(first_word):
                return entity.id    # "тележурналист Синсике Исикава": a name pymorphy only guesses at
            # a name written as named is in the nominative, whatever pymorphy guesses ("Шуппе")
            if w.kind == "none" and any(fold(t.text) in ("в", "во") for t in w.tokens[w.head + 1:] if t.stop <= start):
                continue    # "источник в окружении Ивана Петрова": an unnamed source near him, not he
            # ("замначальника" keeps its base's genitive in the nominative)
            nominative = "nomn" in cases(w.token.text) or deputy_title(w.token.text)
            in_case = same_case(w.token.text, first_word) or (
                nominative and not self._oblique_name(entity, start, stop))
            if in_case and not self._verb_between(w.tokens, w.head, start) and (
                    "*" not in cases(first_word) or not self._noun_between(w.tokens, w.head, start)
                    or self._verb_agrees(w, entity, start, stop)):
                found.append((start, entity.id))
        if len(found) > 1 and self._genitive_after_noun(w.tokens, found[0][0]):
            return found[1][1]      # "друг и директор Панина Геннадий Русин": Панина is whose
        return found[0][1] if found else GO_ON

    def _verb_agrees(self, w: "Words", entity: Entity, start: int, stop: int) -> bool:
        """A full name that shows no case, whose gender the cue's verb has ("заявила
        представитель китайского ведомства Хуа Чуньин"): the verb's subject, not an owner."""
        return (len(self.tx.text[start:stop].split()) > 1 and w.gender in ("masc", "femn")
                and self.tx.gender_of(entity.id) == w.gender)

    def _oblique_name(self, entity: Entity, start: int, stop: int) -> bool:
        """A person's mention written otherwise than the name's nominative ("Дерипаски" of
        Олег Дерипаска): in an oblique case, whatever pymorphy guesses for it."""
        named = {fold(word) for word in entity.name.split()}
        return not all(fold(word) in named for word in self.tx.text[start:stop].split())

    def _genitive_after_noun(self, tokens: list[Token], start: int) -> bool:
        """A name that can be in the genitive right after a common noun: that noun's owner."""
        k = bisect_left([t.start for t in tokens], start)
        if k == 0 or not tokens[k - 1].text[:1].islower() or noun_reading(fold(tokens[k - 1].text)) is None:
            return False
        return "gent" in cases(self.tx.text[start:start + 40].split()[0])

    def _unnamed_source(self, w: "Words"):
        """"собеседник", "источник": an unnamed source names no one, but speaks for the
        organisation it is in ("источник в МЧС", "собеседник агентства в ведомстве")."""
        if w.kind != "none":
            return GO_ON
        tokens = w.tokens
        for j in range(w.head + 1, w.last - 1):
            if fold(tokens[j].text) not in ("в", "во"):
                continue
            if fold(tokens[j + 1].text) in SOURCE_CIRCLES and j + 2 < w.last:
                j += 1      # "источник в структурах ЕС", "в руководстве МВД": the organisation after
            mention = self.tx.entity_at(tokens[j + 1].start, tokens[j + 1].stop)
            if mention is not None:
                return mention[2].id if mention[2].type == "ORG" else None    # "источник в Киеве": a place
            body = past_locative_adjectives(tokens, j + 1, w.last)     # "источник в иркутском правительстве"
            lemma = noun_lemma(tokens[body].text)
            if reference_nouns().get(lemma, ("",))[0] == "ORG" or speaker_nouns().get(lemma, ("",))[0] == "org":
                return (self.org_named(lemma) or self.org_described(lemma, tokens[body].start)
                        or self.unnamed_org(tokens, body, j + 1, w.last))
            return None
        if w.lemma not in UNNAMED_SOURCES or w.names or any(
                speaker_nouns().get(noun_lemma(t.text), ("",))[0] != "media" for t in tokens[w.head + 1:w.last]):
            return None     # "Источники агентства Reuters", "очевидцы": no organisation's people
        return self._org_said_before(w.token.start)

    def _org_said_before(self, at: int) -> Optional[str]:
        """"Как сообщили «Интерфаксу» в суде, … — сказал собеседник агентства": an unnamed
        source with no organisation of its own, right after an organisation spoke (the
        quote before, in this sentence or the two before, with no person named since), is
        someone of that organisation."""
        if not self.said or self.said_org is None or self.said[-1] != self.said_org or not self.said_unnamed:
            return None
        stop, speaker = self.said_org
        if self.is_outlet(speaker) or self.tx.sent_of(min(at, self.quote[0])) - self.tx.sent_of(stop) > UNNAMED_SENTS:
            return None
        named = bisect_right(self.people_starts, min(at, self.quote[0]) - 1) - bisect_right(self.people_starts, stop)
        return speaker if named == 0 else None

    def _speaking_person(self, w: "Words"):
        """"спикер", "докладчик" with nothing after it: the one who spoke last, else the
        person named last, in view ("рассказал Нурлан Абдуллаев. По словам спикера");
        "спикер парламента" is a post, left to the rules after."""
        if w.kind != "speaking" or w.head + 1 < w.last:
            return GO_ON
        return self.person_before(w.token.start, w.gender, prefer_speaker=True)

    def _organisation_speaker(self, w: "Words"):
        """"пресс-служба МВД" -> МВД; "представитель Обамы" -> no one; "глава государства" ->
        the president; "пресс-служба" with no owner, "представители южнокорейского гиганта"
        -> the organisation in view."""
        if w.kind not in ("org", "speaking"):    # "спикер МИД" speaks for it
            return GO_ON
        tokens, head, last = w.tokens, w.head, w.last
        if w.names and w.names[0][2].type == "PER":
            return None
        heads = head_of(self.tx, self._as_post(w))
        if heads:   # "глава государства": the president, "глава правительства": the premier
            speaker = self._speaker_in_view(w.token.start, w.gender) if not w.names else None
            if speaker is not None and self._holds(speaker, heads):
                return speaker  # "сообщил глава Башкирии. Глава республики утверждает": the same head
            return self.role_holder(set(heads), w.names)
        if w.lemma in HEAD_TITLES and office_field([token.text for token in tokens[head + 1:last]]) is not None:
            head_of_field = self._referred_at(tokens[head].start)
            if head_of_field is not None and self.entities[head_of_field].type == "PER":
                return head_of_field    # "глава военного ведомства" after "Министр обороны Олег Петров"
        office = OFFICE_HEADS.get(self._owner_noun(tokens, head, last) or "") if w.lemma in HEAD_TITLES else None
        holder = self.role_holder(set(office), w.names) if office else None
        if holder is not None:
            return holder   # "глава ведомства" after "Министр здравоохранения Алексей Цой"
        if w.lemma in SINGLE_HOLDER and w.names:
            # "лидер Франции": its head under any head's title ("президент Франции")
            holder = self.role_holder({w.lemma}, w.names, same_org=True) or (
                self.role_holder(HEAD_TITLES, w.names, same_org=True)
                if w.lemma in HEAD_TITLES and self._heads_name(w) else None)
            if holder is not None:
                return holder     # "глава России", "руководитель «Эха Москвы»": its head, when named
        if w.lemma in HEAD_TITLES and w.names and w.names[0][2].type == "ORG":
            minister = minister_of(self.doc, w.names[0][2])
            if minister is not None:
                return minister   # "глава МИД" after "Министр иностранных дел Белоруссии Максим Рыженков"
        if (morph.lemma(w.word) in load_set("state_body_nouns") and not any(e.type == "ORG" for _, _, e in w.names)
                and (w.first < head or self._field_stop(tokens, head, last) > head + 1)):
            # "По данным областного штаба", "в департаменте здравоохранения Москвы": a body of its
            # own; a department of a named organisation speaks for it ("департамент информации МИД")
            unnamed = self.unnamed_org(tokens, head, w.first, last)
            if unnamed is not None:
                return unnamed
        possessor = self._possessor(w)
        if possessor is not None:
            if self.entities[possessor].type != "PER":
                return possessor    # "Минфин ... его представитель": speaks for it
            # "его пресс-секретарь" of a person: only a holder of the post in no organisation
            return self.role_holder({w.lemma}, w.names, unowned=True) if w.lemma in load_set("posts") else None
        holder = self._post_owner(w)
        if holder is not None:
            return holder   # "пресс-служба президента Украины": the one who holds the post
        if any(fold(t.text) == "из" and fold(p.text) in ("одного", "одной", "одним", "одном")
               for p, t in zip(tokens[head + 1:last], tokens[head + 2:last])):
            return None     # "сотрудник одного из банков лондонского Сити": of an organisation not named
        owner = self._org_after(tokens, head, last)
        if owner is not None and w.lemma in load_set("posts") and self.entities[owner].type == "ORG":
            # "добавила представитель ЕС" after "представитель службы Евросоюза Майя Косьянчич":
            # the one the article gave that post in that organisation
            holder = self.role_holder({w.lemma}, w.names, same_org=True, gender=w.gender)
            if holder is not None:
                return holder
        owner = owner or (self.role_holder({w.lemma}, w.names) if w.lemma in load_set("posts") else None)
        if owner is not None and w.names and w.names[0][2].id == owner:
            at = next(k for k in range(head, last) if tokens[k].start >= w.names[0][0])
            owner = self._office_of(tokens, at, w.names[0][2]) or owner
        if owner is not None or self._owned_by_name(tokens, head, last) or w.lemma in OUTLET_STAFF:
            return owner   # none: a name NER missed, or the post of an unnamed person
        described = self._owner_noun(tokens, head, last)
        if described and self._described_by_genitive(tokens, head, last):
            # "представители службы безопасности": a body of its own, unless introduced so
            return self._its_head(w, self.org_described(described, w.token.start))
        if described and reference_nouns().get(described, ("",))[0] == "ORG":
            # "пресс-служба суда": an organisation the noun fits, as the noun alone would mean
            return self._its_head(w, self._org_of_noun(described, w.token.start))
        if not described and "anim" in morph.parse(w.word)[0].tag and self._country_before(w):
            return self._of_country(w)  # "американский представитель": the country's, no organisation in view
        org = (described and self.org_described(described, w.token.start)) or self.org_in_view(w.token.start)
        return self._its_head(w, org)

    def _post_owner(self, w: "Words") -> Optional[str]:
        """The person a body's noun belongs to through a post in the genitive right after it
        ("пресс-служба президента", "аппарат губернатора"), as the references stage read
        the post."""
        k = w.head + 1
        if k >= w.last or "anim" in morph.parse(w.word)[0].tag or noun_lemma(w.tokens[k].text) not in load_set("posts"):
            return None
        found = self._referred_at(w.tokens[k].start)
        return found if found is not None and self.entities[found].type == "PER" else None

    def _possessor(self, w: "Words") -> Optional[str]:
        """Whom a possessive pronoun right before the noun means ("его пресс-секретарь"), as
        the references stage read it."""
        if w.head == 0 or fold(w.tokens[w.head - 1].text) not in ("его", "ее", "её", "их"):
            return None
        return self._referred_at(w.tokens[w.head - 1].start)

    def _referred_at(self, start: int) -> Optional[str]:
        """The entity the references stage gave the word at `start` ("его", "президента")."""
        found = next((ref.entity for ref in self.doc.references if ref.start == start), None)
        return found if found in self.entities else None

    def _holds(self, person: str, titles) -> bool:
        """Whether the article gave the person a role under one of the titles."""
        holders = self._roles()[1]
        return any(holder == person for title in titles for holder, _ in holders.get(title, {}))

    def _its_head(self, w: "Words", org: Optional[str]) -> Optional[str]:
        """Under a head's title ("Глава авиакомпании"), the organisation's head when the
        article named one ("Генеральный директор «Аэрофлота» Сергей Александровский"),
        else the organisation itself."""
        if org is None or w.lemma not in HEAD_TITLES or org not in self.entities:
            return org
        return self.role_holder(HEAD_TITLES, [(0, 0, self.entities[org])], same_org=True) or org

    def _organisation_apposition(self, w: "Words"):
        """"немецкий концерн Bayer", "газета «Коммерсантъ»"; a person's title is not an
        organisation: "президент МОК" is its holder."""
        if w.lemma in person_titles() or "anim" in morph.parse(w.word)[0].tag:
            return GO_ON    # a person ("слова финна Sky Sports") is no organisation's apposition
        org = self._org_next(w.tokens, w.head, w.names)
        return org if org is not None else GO_ON

    def _organisation_noun(self, w: "Words"):
        """"в украинской милиции" -> an organisation NER missed; "в компании", "ведомство"
        -> the organisation introduced with this noun, else named with it, else in view."""
        if reference_nouns().get(w.lemma, ("",))[0] != "ORG" or w.kind == "media":
            return GO_ON
        placed = fold(w.tokens[w.first].text) in PREPOSITIONS     # "в милиции": one place, not many
        several = not placed and plural(morph.parse(w.word), w.case)
        field = office_field([t.text for t in w.tokens[w.first:w.head]])
        if field is not None and not several:
            # "в военном ведомстве": the office of that field in view, else a body of its own
            found = self.org_in_view(w.token.start, lambda entity: fits(self.tx, entity, "office")
                                     and in_field(self.entities[entity].name, field))
            if found is not None:
                return found
        unnamed = self.unnamed_org(w.tokens, w.head, w.first, w.last) if not several else None
        if unnamed is not None:
            return unnamed      # not "трех крупнейших банков": several are no organisation
        if not self._owned(w.tokens, w.head, w.last) and not several:
            return None if field else self._org_of_noun(w.lemma, w.token.start)
        return GO_ON

    def _org_of_noun(self, lemma: str, at: int) -> Optional[str]:
        """The organisation an organisation noun with no owner means: the one introduced or
        named with it, else the one in view that the noun fits ("министерство" a ministry,
        "ведомство" a state body, "суд" a court); a body of a place ("мэрия") only when named so."""
        found = self._org_by_noun(lemma, at) or self._introduced_body(lemma, at) or self._body_by_abbreviation(lemma)
        if found is not None or lemma in PLACE_BODIES:
            return found    # "в мэрии" is a mayor's office the article named so, not any organisation
        kind, company = reference_nouns()[lemma][1], body_kind(lemma) == "company"

        def fitting(entity: str) -> bool:
            # a company's noun ("холдинг") means one named as a company is ("«Газпром»", "Renault")
            return fits(self.tx, entity, kind) and (not company or any(
                named_as(self.tx, m.start, m.stop) == "company" for m in self.entities[entity].mentions))
        return self.org_in_view(at, fitting)

    def _body_by_abbreviation(self, lemma: str) -> Optional[str]:
        """"в милиции", "полиция" alone: the one body of that kind the article named by its
        abbreviation ("УВД ЮАО", "МВД"; `data/body_abbreviations.txt`)."""
        nouns = body_synonyms().get(lemma, frozenset({lemma}))
        kinds = load_mapping("body_abbreviations")
        found = {e.id for e in self.entities.values()
                 if e.type == "ORG" and kinds.get(fold(e.name.split()[0])) in nouns}
        return found.pop() if len(found) == 1 else None

    def _introduced_body(self, lemma: str, at: int) -> Optional[str]:
        """A state body the article named before by its noun and its place, which NER did
        not tag ("Правительство России продлило запрет ... сообщили в пресс-службе кабмина",
        "полиция Алматы ... в полиции"): an ORG of its own, the last one so named."""
        same = body_synonyms().get(lemma, frozenset({lemma}))
        if not same & load_set("state_body_nouns"):
            return None
        for si in range(self.tx.sent_of(at), -1, -1):
            tokens = self.tx.sents[si].tokens
            for k in range(len(tokens) - 2, -1, -1):
                if tokens[k].start >= at or noun_lemma(fold(tokens[k].text)) not in same:
                    continue
                place = self.tx.entity_at(tokens[k + 1].start, tokens[k + 1].stop)
                if place is not None and place[2].type == "LOC" and place[0] == tokens[k + 1].start \
                        and genitive_reading(tokens[k + 1].text) is not None:
                    return self.tx.add_entity("ORG", tokens[k].start, place[1])
        return None

    def _org_by_noun(self, lemma: str, at: int) -> Optional[str]:
        """The organisation introduced with a reference noun before `at`, else one named with
        it, when it fits the noun ("министерство" a ministry, "ведомство" a state body)."""
        kind = reference_nouns()[lemma][1]
        return next((found for found in (self.org_described(lemma, at), self.org_named(lemma))
                     if found is not None and fits(self.tx, found, kind)), None)

    def _organisation_group(self, w: "Words"):
        """"аналитики агентства «Автостат»", "один из учёных Бернского университета": people
        of a named organisation speak for it."""
        one_of = morph.lemma(w.word) == "один" and w.head + 1 < w.last and fold(w.tokens[w.head + 1].text) == "из"
        if not one_of and not plural(morph.parse(w.word), w.case):
            return GO_ON
        for j in range(w.head + 1, min(len(w.tokens), w.head + 5)):
            mention = self.tx.entity_at(w.tokens[j].start, w.tokens[j].stop)
            if mention is not None:
                org = mention[2]
                return org.id if org.type == "ORG" else GO_ON
            word = fold(w.tokens[j].text)
            if one_of and speaker_nouns().get(noun_lemma(word), ("",))[0] == "none":
                return None     # "один из собеседников РБК": an unnamed source, as "собеседник РБК" is
            if j == w.head + 1 and j + 1 == w.last and reference_nouns().get(morph.lemma(word), ("",))[0] == "ORG":
                # "аналитики агентства" after "Агентство «Автостат»": the organisation the noun means
                found = self._org_by_noun(morph.lemma(word), w.token.start)
                return found if found is not None else GO_ON
            if word not in ("из", "от") and word.strip(QUOTE_CHARS) and not any(
                    p.tag.POS in ("NOUN", "ADJF") and p.tag.case in ("gent", "ablt") for p in morph.parse(word)[:2]):
                return GO_ON    # only the organisation the group belongs to: "аналитики агентства X"
        return GO_ON

    def _staff(self, w: "Words"):
        """"Следователи", "спасатели" (people of a kind of body) or "следствие" (the body's
        common noun) with no organisation after them speak for the body of that kind the
        article named last ("СКР", "МЧС")."""
        stems = staff_nouns().get(w.lemma)
        if stems is None or w.last > w.head + 1:
            return GO_ON
        parses = morph.parse(w.word)
        if not plural(parses, w.case) and any("anim" in p.tag for p in parses[:1]):
            return GO_ON    # one "следователь" is a person; "следствие" is the body
        k = bisect_left(self.org_starts, w.token.start) - 1
        for j in range(k, -1, -1):
            words = fold(self.orgs[j][1].name).split()
            # short stems are abbreviations ("мчс"), matched whole; longer ones begin a word
            if any(word == stem or (len(stem) > 4 and word.startswith(stem)) for word in words for stem in stems):
                return self.orgs[j][1].id
        return GO_ON

    def _group(self, w: "Words"):
        """"эксперты", "власти": a group names nobody."""
        parses = morph.parse(w.word)
        return None if not parses or plural(parses, w.case) else GO_ON

    def _outlet(self, w: "Words"):
        """"издание", "газета": the outlet introduced with the noun, else the last quoted."""
        if w.kind != "media":
            return GO_ON
        # "газета" after «Независимая газета»: the outlet last named with the noun, before the last quoted
        before = self.orgs[:bisect_left(self.org_starts, w.token.start)]
        named = next((e.id for start, e in reversed(before) if _name_noun(e.name) == w.lemma), None)
        found = self.org_described(w.lemma, w.token.start) or named
        # an outlet named as one since ("излагает газета «МК». По данным издания"), or told
        # ("рассказал «Новым известиям». Газета напоминает"), is meant; one that relays the
        # news ("передает Digit.ru") is not
        recent = next(((start, e.id) for start, e in reversed(before[-OUTLET_LOOKBACK:])
                       if self._named_as_outlet(start) or told_outlet(self.tx.text, start)), None)
        if found is not None and recent is not None and \
                recent[0] > max((start for start, e in before if e.id == found), default=-1):
            return recent[1]
        return found or self.org_before(w.token.start)

    def _missed_name(self, w: "Words"):
        """A capitalised word NER missed that is a name word of a person ("Кокшаров",
        "эль-Барадеи" after an Arabic article)."""
        word = ARABIC_ARTICLE.sub("", w.token.text)
        if not word[:1].isupper() or w.lemma in person_titles():
            return GO_ON
        named = self.person_named(word)
        return named if named is not None else GO_ON

    def _role_holder(self, w: "Words"):
        """A post or profession: the person the article gave it ("Посол", "журналистка"); the
        head of a named organisation or country under another head's title."""
        if w.lemma not in person_titles() and w.kind != "post":
            return GO_ON
        names = w.names or self._country_before(w)
        # with no name in the words, the verb's gender says who: "— сказала сенатор" is no man
        gender = w.gender if not w.names else None
        possessor = self._possessor(w)
        # "ее адвокат" of a person: a holder of the post in no organisation ("адвокат Иван Петров")
        unowned = possessor is not None and self.entities[possessor].type == "PER"
        holder = self.role_holder({w.lemma} | w.posts, names, gender=gender, unowned=unowned)
        if holder is None and w.lemma in HEAD_TITLES and names and self._heads_name(w):
            holder = self.role_holder(HEAD_TITLES, names, same_org=True, gender=gender)   # "лидер Франции"
        if holder is not None and not names:
            # "— сказал Омельченко. ... — сообщил депутат": the speaker in view, whose post the
            # article has not given, goes on speaking; the post's holder named before is another
            speaker = self._speaker_in_view(w.token.start, gender)
            if speaker is not None and not any(role.person == speaker for role in self.doc.roles):
                return speaker
        return holder if holder is not None else GO_ON

    def _heads_name(self, w: "Words") -> bool:
        """The organisation or country is named right after the head noun, or after a noun
        for its state body ("глава военного ведомства РФ"), so its head is meant ("глава
        МАГАТЭ"), not the head of a part of it ("председатель совета директоров ГМК"); a
        country before the noun counts ("украинский лидер")."""
        if not w.names:
            return True
        for token in w.tokens[w.head + 1:]:
            if token.start >= w.names[0][0]:
                return token.start == w.names[0][0]
            if token.text in OPENING_QUOTES or is_modifier(fold(token.text)):
                continue
            if reference_nouns().get(noun_lemma(token.text), ("", ""))[1] not in ("office", "ministry"):
                return False
        return False

    def _country_before(self, w: "Words") -> list:
        """The country of an adjective right before the post, as if named after it:
        "украинский лидер" is "лидер Украины"."""
        country = country_of_adjective(self.tx, self._as_post(w))
        return [(w.token.start, w.token.start, self.entities[country])] if country is not None else []

    def _as_post(self, w: "Words") -> Candidate:
        """The head word as the references stage's post candidate, for its rules to read."""
        at = w.token.start
        return Candidate(self.tx.sent_of(at), w.head, at, w.token.stop, w.word, "post", frozenset(), lemma=w.lemma)

    def _person_noun(self, w: "Words"):
        """"спортсмен", "Сама женщина": the person of its gender the text just named, the
        last speaker first (as for a pronoun)."""
        # read as the noun its lemma says ("политика" of "политик", not politics)
        parses = [p for p in morph.parse(w.word) if p.normal_form == w.lemma] or morph.parse(w.word)
        if self._has_dependents(w.tokens, w.head, w.first, w.last) or "anim" not in parses[0].tag:
            return GO_ON
        if any(morph.lemma(fold(t.text)) in INDEFINITE for t in w.tokens[w.first:w.head]):
            return None     # "неизвестный мужчина", "другой участник": someone not named before
        gender = str(parses[0].tag.gender) if parses[0].tag.gender in ("masc", "femn") else None
        if gender == "masc" and w.lemma in person_titles():
            gender = None       # "юрист", "педагог" are said of women too
        return self._of_country(w) or self._salient_person(w, w.gender or gender)

    def _of_country(self, w: "Words") -> Optional[str]:
        """"Американский дипломат" after "госсекретарь США Энтони Блинкен": the person
        whose post the article gave in the country of the adjective, the last named."""
        country = self._country_before(w)
        if not country:
            return None
        seen, holders = self._roles()
        holder = self.role_holder(set(holders), country, same_org=True)
        named_before = holder is not None and seen.get(holder, [self.quote[0]])[0] < self.quote[0]
        return holder if named_before else None

    def _salient_person(self, w: "Words", gender: Optional[str]) -> Optional[str]:
        """The last speaker, when no one was named since; else the most salient person of
        the gender, by the weights pronouns use ("бразилец" after a list of the people he
        played against is still the one the article is about)."""
        speaker = self.person_before(w.token.start, gender, prefer_speaker=True)
        word = {"masc": "он", "femn": "она"}.get(gender or "")
        if word is None or speaker != self.person_before(w.token.start, gender) or \
                speaker == self._speaker_in_view(w.token.start, gender):
            return speaker
        at = min(w.tokens[w.head].start, self.quote[0])      # outside the quote itself
        candidate = Candidate(self.tx.sent_of(at), w.head, at, at, word, "personal", frozenset({gender}))
        return person_in_view(self.tx, candidate) or speaker

    def _organisation_named(self, w: "Words"):
        """Any other noun: an organisation named with it ("полиция" -> "полиция РА")."""
        inanimate = "inan" in morph.parse(w.word)[0].tag
        return self.org_named(w.lemma) or (self.org_described(w.lemma, w.token.start) if inanimate else None)

    def unnamed_org(self, tokens: list[Token], head: int, first: int, last: int,
                    placed: bool = False) -> Optional[str]:
        """An organisation NER did not tag, named by its noun with a place: "украинская
        милиция", "полиция Спрингфилда", or a state body by its field: "комитет образования".
        It becomes an ORG entity of its own. `placed`: a body by its field only with a place
        ("пресс-служба департамента полиции Алматы"; "представители службы безопасности" are
        no one's)."""
        if morph.lemma(fold(tokens[head].text)) not in load_set("state_body_nouns"):
            return None      # "французский автопроизводитель" describes a company; "столичная мэрия" names a body
        start = head
        while start > first and any(p.tag.POS == "ADJF" and "Apro" not in p.tag and p.tag.case
                                    for p in morph.parse(fold(tokens[start - 1].text))[:1]):
            start -= 1
        stop = self._field_stop(tokens, head, last)
        owner = self.tx.entity_at(tokens[stop].start, tokens[stop].stop) if stop < last else None
        if owner is not None and owner[2].type == "LOC" and owner[0] == tokens[stop].start:
            stop = self.tx.token_at(head, owner[1], tokens)
        elif start == head and (stop == head + 1 or placed and not self._place_noun(tokens[stop - 1])):
            return None      # a bare noun: an anaphor, not a name ("акимата города" names the city's)
        return self.tx.add_entity("ORG", tokens[start].start, tokens[stop - 1].stop)

    @staticmethod
    def _place_noun(token: Token) -> bool:
        """A noun for a place ("города", "области", "района"): a body's field that places it."""
        return reference_nouns().get(noun_lemma(token.text), ("",))[0] == "LOC"

    def _field_stop(self, tokens: list[Token], head: int, last: int) -> int:
        """Past the field a state body is named by, the lower-case words in the genitive
        after its noun: "комитет [образования]", "департамент [внутренней политики]"; not
        a person ("администрация президента" is no body of its own here)."""
        stop = head + 1
        # "комитет по делам молодежи": a field after "по" is in the dative or the genitive
        reading = field_reading if stop + 1 < last and fold(tokens[stop].text) == "по" else genitive_reading
        if reading is field_reading:
            stop += 1
        while stop < last and tokens[stop].text[:1].islower() and tokens[stop].text.isalpha() \
                and self.tx.entity_at(tokens[stop].start, tokens[stop].stop) is None:
            if tokens[stop].text == "и" and stop > head + 1 and stop + 1 < last \
                    and reading(tokens[stop + 1].text) is not None:
                stop += 1   # "министерство экономики и финансов": one field of two nouns
                continue
            found = reading(tokens[stop].text)
            if found is None or "anim" in found.tag:
                break
            stop += 1
        # the field ends in a noun: "управления внутренней" is no field
        while stop > head + 1 and (reading(tokens[stop - 1].text) is None
                                   or reading(tokens[stop - 1].text).tag.POS != "NOUN"):
            stop -= 1
        return stop if stop > head + 2 or reading is genitive_reading else head + 1

    @staticmethod
    def _verb_between(tokens: list[Token], head: int, start: int) -> bool:
        """A verb between a head and a name: the name is in another clause ("Сайт X сообщает
        о расследовании убийства Мухаммада"), not beside the noun."""
        return any(t.text[:1].isalpha() and morph.parse(fold(t.text))[0].tag.POS in ("VERB", "INFN", "GRND")
                   for t in tokens[head + 1:] if t.stop <= start)

    @staticmethod
    def _noun_between(tokens: list[Token], head: int, start: int) -> bool:
        """A common noun between a head and a name that shows no case ("представитель партии
        Цвангираи"): the name belongs to that noun, not to the head; a noun after a
        preposition owns no name ("освобожденный под залог Шуппе")."""
        return any(t.text[:1].islower() and noun_reading(fold(t.text)) is not None
                   and fold(tokens[k - 1].text) not in PREPOSITIONS
                   for k, t in enumerate(tokens[head + 1:], head + 1) if t.stop <= start)

    @staticmethod
    def _owned_by_name(tokens: list[Token], head: int, last: int) -> bool:
        """Whether the words after a noun name its owner or a post ("пресс-служба «Газпрома»",
        "пресс-секретарь губернатора"), rather than describe it."""
        if head + 1 >= last:
            return False
        word = tokens[head + 1].text
        return word[:1] in QUOTE_CHARS or word[:1].isupper() or morph.lemma(fold(word)) in load_set("posts")

    @staticmethod
    def _owner_noun(tokens: list[Token], head: int, last: int) -> Optional[str]:
        """The lemma of the common noun in the genitive that follows a noun ("пресс-службы
        автоконцерна" -> "автоконцерн"), past adjectives."""
        for j in range(head + 1, min(last, head + 4)):
            for parse in morph.parse(fold(tokens[j].text)):
                if parse.tag.case == "gent" and parse.tag.POS == "NOUN":
                    return parse.normal_form.replace("ё", "е")
        return None

    @staticmethod
    def _described_by_genitive(tokens: list[Token], head: int, last: int) -> bool:
        """The noun's owner is a noun with a genitive noun of its own, a body named by what
        it does ("службы безопасности", "комиссии по этике" does not count)."""
        return head + 2 < last and all(
            tokens[k].text.isalpha() and tokens[k].text.islower()
            and any(p.tag.POS == "NOUN" and p.tag.case == "gent" and p.is_known
                    for p in morph.parse(fold(tokens[k].text)))
            for k in (head + 1, head + 2))

    def _owned(self, tokens: list[Token], head: int, last: int) -> bool:
        """Whether a noun has words of its own after it ("пресс-служба МВД", "компании
        «Газпром»", "представитель Белого дома"), which name its owner."""
        if head + 1 >= last:
            return False
        word = tokens[head + 1]
        return (word.text[:1] in QUOTE_CHARS or word.text[:1].isupper()
                or any(p.tag.POS in ("NOUN", "ADJF") and p.tag.case == "gent" for p in morph.parse(fold(word.text))))

    def org_in_view(self, at: int, fit: Callable[[str], bool] = lambda entity: True) -> Optional[str]:
        """The organisation a bare organisation noun means: the last one quoted, when that
        quote is in view (the discourse goes on with its speaker); else the last one named
        within a few sentences. The outlet that relays the news and the one told are not
        in view, nor one the noun does not `fit`."""
        k = bisect_left(self.org_starts, at) - 1
        while k >= 0 and (self.orgs[k][0] in self.told or self.is_outlet(self.orgs[k][1].id)
                          or not fit(self.orgs[k][1].id)):
            k -= 1      # "сообщили ТАСС в пресс-службе", "как передает РИА Новости"
        floor = self.tx.sents[max(0, self.tx.sent_of(at) - NOUN_SENTS_BACK)].start if self.tx.sents else 0
        last = self.orgs[k] if k >= 0 and self.orgs[k][0] >= floor else None
        if (self.said_org is not None and self.said_org[0] >= floor and not self.is_outlet(self.said_org[1])
                and fit(self.said_org[1])):
            return self.said_org[1]
        if last is not None and self._times_named(last[1].id, at) == 1:
            topic = self._topic_org(at)
            if topic is not None and fit(topic):
                return topic    # one organisation named in passing: the one the article is about
        return last[1].id if last else None

    def _times_named(self, entity: str, at: int) -> int:
        return bisect_left(self._org_index()[1].get(entity, []), bisect_left(self.org_starts, at))

    def _topic_org(self, at: int) -> Optional[str]:
        """The organisation named most before `at`, at least twice and more than any other
        (outlets left out)."""
        return self._org_index()[0][bisect_left(self.org_starts, at)]

    def _org_index(self) -> tuple[list[Optional[str]], dict[str, list[int]]]:
        """The topic organisation before each organisation mention (and after the last),
        and where each organisation is named, by mention number: built once, in one pass."""
        if self._orgs_indexed is None:
            topics: list[Optional[str]] = []
            where: dict[str, list[int]] = {}
            counts: dict[str, int] = {}
            most, leaders = 0, set()
            for k, (_, entity) in enumerate(self.orgs):
                topics.append(next(iter(leaders)) if most >= 2 and len(leaders) == 1 else None)
                where.setdefault(entity.id, []).append(k)
                if self.is_outlet(entity.id):
                    continue
                counts[entity.id] = counts.get(entity.id, 0) + 1
                if counts[entity.id] > most:
                    most, leaders = counts[entity.id], {entity.id}
                elif counts[entity.id] == most:
                    leaders.add(entity.id)
            topics.append(next(iter(leaders)) if most >= 2 and len(leaders) == 1 else None)
            self._orgs_indexed = (topics, where)
        return self._orgs_indexed

    def is_outlet(self, entity: str) -> bool:
        """An organisation the text names as relaying news: after a verb of relaying
        ("сообщает РИА Новости", "передает ТАСС") or a media noun ("газета «Ведомости»"),
        or joined to such a name ("изданий Ars Technica и The Verge")."""
        if entity not in self._outlets:
            self._outlets[entity] = any(self._relays_news(k) for k, (_, e) in enumerate(self.orgs) if e.id == entity)
        return self._outlets[entity]

    def _relays_news(self, k: int) -> bool:
        text, start = self.tx.text, self.orgs[k][0]
        if named_as_outlet(text, start, self._org_stops[k]):
            return True
        if k == 0 or not JOINED.fullmatch(text, self._org_stops[k - 1], start):
            return False
        return named_as_outlet(text, self.orgs[k - 1][0])

    def document_author(self, lemma: str, at: int) -> Optional[str]:
        """Who wrote a document the cue names with no owner ("говорится в заявлении"), when
        the text introduced it by the same noun a sentence or two before: the person or
        organisation named right after that noun ("в заявлении Госдумы"), else the subject of
        the sentence that introduced it ("Госдума выступила с заявлением", "Майк Тайсон
        подал иск"). The nearest introduction decides."""
        si = self.tx.sent_of(at)
        for s in range(si, max(-1, si - DOCUMENT_SENTS_BACK - 1), -1):
            tokens = self.tx.sents[s].tokens
            for k in range(len(tokens) - 1, -1, -1):
                if tokens[k].start >= at or self.quote[0] <= tokens[k].start < self.quote[1] \
                        or document_lemma(tokens, k) != lemma:
                    continue    # not in the quote itself
                if k + 1 < len(tokens):
                    after = self.tx.entity_at(tokens[k + 1].start, tokens[k + 1].stop)
                    if after is not None and after[0] == tokens[k + 1].start and after[2].type != "LOC" \
                            and cases(tokens[k + 1].text) & {"gent", "*"}:
                        return self.parent_of(after)    # "в письме Ивану Петрову" names whom it was sent
                subjects = [m for m in self.tx.entities_in(self.tx.sents[s].start, tokens[k].start)
                            if m[2].type != "LOC" and is_subject(self.tx, (m[0], m[1], m[2].id))]
                if not subjects:
                    # "В письме руководителям служб Онищенко подверг критике …": the subject after it
                    end = min(self.tx.sents[s].stop, at, self.quote[0] if self.quote[0] > tokens[k].stop else at)
                    subjects = [m for m in self.tx.entities_in(tokens[k].stop, end)
                                if m[2].type != "LOC" and self._verb_after(m)][:1]
                if not subjects:
                    return None
                # several named as its subject ("депутаты X, Y и Z приняли заявление"): no one of them
                stop = subjects[0][1]
                following = self.tx.entities_in(stop, stop + JOIN_REACH)
                listed = bool(following) and following[0][2].type == "PER" and bool(
                    JOINED.fullmatch(self.tx.text, stop, following[0][0]))
                return None if listed else subjects[0][2].id
        return None

    def _verb_after(self, mention: tuple[int, int, Entity]) -> bool:
        """A name in the nominative right before a finite verb: the verb's subject, whatever
        noun comes before it ("руководителям служб Онищенко подверг")."""
        si = self.tx.sent_of(mention[0])
        tokens = self.tx.sents[si].tokens
        k = bisect_left(self.tx.token_stops(si), mention[1]) + 1
        return (k < len(tokens) and is_nominative(self.tx.text[mention[0]:mention[1]].split()[0])
                and any(p.tag.POS == "VERB" for p in morph.parse(fold(tokens[k].text))[:1]))

    def source_org(self, at: int) -> Optional[str]:
        """The organisation the article gave as its source, for a statement or release with
        no owner ("говорится в сообщении"): the last organisation quoted, else the last one
        named as a source ("сообщает сайт ЕКА", "пресс-служба МВД"). An outlet that
        relays the news is never the owner of the document it quotes."""
        if self.said_org is not None and not self.is_outlet(self.said_org[1]):
            return self.said_org[1]
        counts: dict[str, int] = {}
        for k in range(bisect_left(self.org_starts, at) - 1, -1, -1):
            start, entity = self.orgs[k]
            if self.quote[0] <= start < self.quote[1] and not is_subject(self.tx, (start, self._org_stops[k], entity.id)):
                continue    # the quote names itself as a subject ("Министерство приняло к сведению"), no other
            if CITED.search(self.tx.text, max(0, start - 40), start):
                return entity.id     # "сообщает InoPressa со ссылкой на газету The Times": the Times
            if self.is_outlet(entity.id):
                continue
            if speaker_nouns().get(lemma_before(self.tx.text, start), ("",))[0] in ("org", "media"):
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
        after, described = head + 1, False
        while after < last - 1 and any(p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "gent" for p in morph.parse(
                fold(tokens[after].text))[:1]):
            # "адвокат американского сержанта": the noun after its adjectives; a participle
            # ("владелец обстрелянного дома") makes any noun a possessor, as no post's title has one
            described |= morph.parse(fold(tokens[after].text))[0].tag.POS == "PRTF"
            after += 1
        for k in range(first, last):
            word = fold(tokens[k].text)
            if k == head or not word[:1].isalpha():
                continue
            if word in POSSESSIVES | {"ее"}:
                return True
            if k == after and word not in PREPOSITIONS and any(
                    p.tag.POS == "NOUN" and p.tag.case == "gent" and (after == head + 1 or described or "anim" in p.tag)
                    for p in morph.parse(word)):
                return True     # not "в", which pymorphy also reads as a noun; past adjectives a person's
        return False

    def _org_next(self, tokens: list[Token], head: int, names) -> Optional[str]:
        """An organisation named right after the noun, in apposition: "агентство Рейтер",
        past the noun's kind: "агентство недвижимости «Спектр»"."""
        kind_first = reference_nouns().get(noun_lemma(tokens[head].text), ("",))[0] == "ORG"
        for start, stop, entity in names:
            between = self.tx.text[tokens[head].stop:start].strip(" " + QUOTE_CHARS).split()
            if entity.type == "ORG" and (not between or kind_first and len(between) == 1 and _kind_word(between[0])):
                return entity.id
        return None

    def _org_after(self, tokens: list[Token], head: int, last: int) -> Optional[str]:
        """'пресс-служба МВД', 'представитель ZANU-PF', 'глава группы наблюдателей от Афросоюза'."""
        for j in range(head + 1, last):
            if j > head + 1 and fold(tokens[j].text) in ("в", "во", "на"):
                return None   # "пресс-служба автоконцерна в России": where it is, not whose
            mention = self.tx.entity_at(tokens[j].start, tokens[j].stop)
            if mention:
                return mention[2].id if mention[2].type in ("ORG", "LOC") else None
            lemma = noun_lemma(tokens[j].text)
            if lemma in load_set("posts") and speaker_nouns().get(lemma, ("",))[0] != "org":
                return None   # "пресс-секретарь губернатора": the post of an unnamed person
            if j == head + 1 and is_np_word(tokens[j]) and not tokens[j].text[:1].isupper():
                named = self.org_named(lemma)     # "в заявлении полиции" -> "полиция РА"
                if named is not None:
                    return named
                if reference_nouns().get(lemma, ("",))[0] == "ORG":
                    # "пресс-служба администрации Ачинска": the body of the place, not the place
                    unnamed = self.unnamed_org(tokens, j, j, last, placed=True)
                    if unnamed is not None:
                        return unnamed
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
            # only words of the name's own phrase: not "газеты" of "По версии газеты, принятое МВД"
            phrase = PHRASE_BREAK.split(sentence_before(self.tx.text, start))[-1]
            before = re.findall(r"[\w-]+", phrase)[-3:]
            # and not across a preposition ("источника издания в Минрегионе" is no издание)
            # or a verb ("милиция ищет водителя Bentley" is no милиция)
            cut = max((k + 1 for k, word in enumerate(before)
                       if fold(word) in PREPOSITIONS or morph.parse(fold(word))[0].tag.POS in CLAUSE_HEADS), default=0)
            for lemma in {morph.lemma(w) for w in before[cut:]}:
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
                noun = _name_noun(entity.name) if entity.type == "ORG" else None
                if noun is not None:
                    self._org_names.setdefault(noun, entity.id)
        # "милиция" means what "полиция" would
        return next((self._org_names[noun] for noun in sorted(body_synonyms().get(lemma, {lemma}))
                     if noun in self._org_names), None)

    def person_named(self, word: str) -> Optional[str]:
        """A person of the article with this name word, which NER missed here ("Кокшаров")."""
        stem = fold(word)[:max(4, len(word) - 2)]
        if stem not in self._named:
            self._named[stem] = self._first_person_with(stem)
        return self._named[stem]

    def _first_person_with(self, stem: str) -> Optional[str]:
        """The first person of the article with a name word starting with `stem`."""
        if self._name_words is None:
            # (folded name word, the entity's place in the article, its id), sorted
            self._name_words = sorted((fold(ARABIC_ARTICLE.sub("", w)), n, entity.id)
                                      for n, entity in enumerate(self.entities.values())
                                      if entity.type == "PER" for w in entity.name.split())
        words = self._name_words
        best = None
        for k in range(bisect_left(words, (stem,)), len(words)):
            if not words[k][0].startswith(stem):
                break
            if best is None or words[k][1] < best[1]:
                best = words[k]
        return best[2] if best else None

    def role_holder(self, titles: set[str], names, same_org: bool = False,
                    gender: Optional[str] = None, unowned: bool = False) -> Optional[str]:
        """The person whose role has one of these titles, mentioned last before the quote;
        with `same_org`, only one whose role is in an organisation among `names`; with the
        cue verb's `gender`, only a person it fits ("сказала сенатор" is no man); `unowned`,
        only a role in no organisation (a person's own lawyer, not "пресс-секретарь Кремля")."""
        seen_at, holders = self._roles()
        orgs = {e.id for _, _, e in names}
        at = self.quote[0]
        # roles of one person and organisation score alike: the first of them stands for all
        first: dict[tuple, int] = {}
        for title in titles:
            for pair, n in holders.get(title, {}).items():
                if n < first.get(pair, n + 1):
                    first[pair] = n
        best = None
        for (person, org), _ in sorted(first.items(), key=lambda item: item[1]):
            seen = seen_at.get(person, [])
            k = bisect_left(seen, at)
            key = (org in orgs, seen[k - 1] if k else -1)
            if same_org and org not in orgs or gender is not None and not self._fits(self.entities[person], gender) \
                    or unowned and org is not None:
                continue
            if best is None or key > best[0]:
                best = (key, person)
        return best[1] if best else None

    def _roles(self) -> tuple[dict[str, list[int]], dict[str, dict[tuple, int]]]:
        """`_index_roles`, built once, when first asked."""
        if self._holders is None:
            self._seen, self._holders = self._index_roles()
        return self._seen, self._holders

    def _index_roles(self) -> tuple[dict[str, list[int]], dict[str, dict[tuple, int]]]:
        """Where each person is named (sorted starts), and for each title word the
        (person, org) pairs of the roles with it, each with its first role's place."""
        seen: dict[str, list[int]] = {}
        for start, entity in self.people:
            seen.setdefault(entity.id, []).append(start)
        holders: dict[str, dict[tuple, int]] = {}
        for n, role in enumerate(self.doc.roles):
            org = self.entities[role.org].name if role.org in self.entities else None
            for title in role_keys(role.title, org):
                holders.setdefault(title, {}).setdefault((role.person, role.org), n)
        return seen, holders

    def _fits(self, entity, gender: Optional[str]) -> bool:
        return gender not in ("masc", "femn") or self.tx.gender_of(entity.id) in (None, gender)

    def person_before(self, at: int, gender: Optional[str], prefer_speaker: bool = False) -> Optional[str]:
        """The latest person named before `at` (within a few sentences, outside the quote
        itself) of this gender; for a pronoun, the last speaker if no one came between."""
        if gender == "plur":
            return None
        named = self._people_in_view(at, gender)
        speaker = self._speaker_in_view(at, gender) if prefer_speaker else None
        if speaker is not None or not named:
            return speaker
        if prefer_speaker:
            # a pronoun that speaks: of the people of the last sentence that named any, its
            # subject ("Жириновский отреагировал на задержание Фургала. Он добавил")
            last = self.tx.sent_of(named[-1][0])
            subjects = [e for s, e in named if self.tx.sent_of(s) == last and self._as_subject(s, e)
                        and self._opens_clause(s)]
            if subjects:
                return subjects[0].id
        return named[-1][1].id

    def _view(self, at: int) -> tuple[int, int]:
        """Where the view back from `at` ends (outside the quote being attributed) and where
        it starts, a few sentences before."""
        at = min(at, self.quote[0]) if self.quote[0] < at else at
        si = self.tx.sent_of(at)
        return at, self.tx.sents[max(0, si - PRONOUN_SENTS)].start if si is not None else 0

    def _people_in_view(self, at: int, gender: Optional[str]) -> list[tuple[int, Entity]]:
        """(start, entity) of the people of the gender named in view of `at`."""
        at, floor = self._view(at)
        window = self.people[bisect_right(self.people_starts, floor - 1):bisect_right(self.people_starts, at - 1)]
        return [(s, e) for s, e in window if self._fits(e, gender)
                and not in_quoted_title(self.tx.text, s, self._people_stops[s])]

    def _speaker_in_view(self, at: int, gender: Optional[str]) -> Optional[str]:
        """The last speaker, a person of the gender who spoke within a few sentences, when
        no other person was named as a subject since."""
        if not self.said:
            return None
        start, speaker = self.said[-1]
        entity = self.entities.get(speaker)
        if start < self._view(at)[1] or entity is None or entity.type != "PER" or not self._fits(entity, gender):
            return None
        # a person named since only as a noun's dependent ("заявил Козак, представитель
        # Путина") leaves the speaker in view; one named as a subject takes the pronoun
        named = self._people_in_view(at, gender)
        return None if any(s > start and e.id != speaker and self._as_subject(s, e) for s, e in named) else speaker

    def _opens_clause(self, start: int) -> bool:
        """Only titles in the nominative and names stand between the clause's start and
        the name at `start` ("Лидер ЛДПР Владимир Жириновский"; not "на встрече главы МИД
        Израиля X", "разыграли пранкеры X")."""
        si = self.tx.sent_of(start)
        tokens = self.tx.sents[si].tokens
        k = bisect_right(self.tx.token_stops(si), start) - 1     # the token before the name
        while k >= 0:
            word = tokens[k].text
            if word in ",;:" or word in DASHES:
                return True
            if word[:1].isalpha() and word[:1].islower() and (
                    not is_nominative(word) or any(p.tag.POS == "VERB" for p in morph.parse(fold(word))[:1])):
                return False    # an oblique word, or a verb: the name is no clause's opening subject
            k -= 1
        return True

    def _as_subject(self, start: int, entity: Entity) -> bool:
        """Named in the nominative, not after a preposition ("Земан пообещал", "сказал
        президент Путин"), nor in the genitive after a noun ("представителем Путина")."""
        words = self.tx.text[start:self._people_stops[start]].split()
        before = self.tx.text[max(0, start - 30):start].split()
        word_before = fold(before[-1]) if before else ""
        if not words or not is_nominative(words[0], self.tx.gender_of(entity.id)) or word_before in PREPOSITIONS:
            return False
        if fold(words[-1]) not in fold(entity.name).split():
            return False    # "Дахланом": not the form the name has in the nominative, whatever pymorphy guesses
        owner = bool(before) and before[-1][:1].islower() and noun_reading(word_before) is not None \
            and not is_nominative(word_before)
        return not (owner and "gent" in cases(words[0]))

    def org_before(self, at: int) -> Optional[str]:
        """The outlet an anaphor ("издание", "газета") means: the last organisation quoted,
        unless one was named as an outlet since ("рейтинг журнала Forbes"); with none quoted,
        the last one named as an outlet ("пишет The Times"), and no other organisation. A
        state office quoted ("заявили в Минпромторге": named plainly, not in quotation marks
        or Latin letters as outlets are) is no "издание" when an outlet was named before."""
        if self.said_org is None:
            return self.tx.outlet_before(at)
        if not self.is_outlet(self.said_org[1]) and self._named_as_office(self.said_org[1]):
            outlet = self.tx.outlet_before(at)
            if outlet is not None:
                return outlet
        k = bisect_left(self.org_starts, at) - 1
        said_at, said = self.said_org
        for j in range(k, max(-1, k - OUTLET_LOOKBACK), -1):
            start, entity = self.orgs[j]
            if start <= said_at:
                break
            if self._named_as_outlet(start):
                return entity.id
        return said

    def _named_as_office(self, entity: str) -> bool:
        """Named plainly in Cyrillic everywhere, as a state office is ("Минпромторг"), not in
        quotation marks or Latin letters, as a newspaper or a company is."""
        return fits(self.tx, entity, "office")

    def _named_as_outlet(self, start: int) -> bool:
        """An organisation written right after a media noun: "журнала Forbes", "газета «Ведомости»"."""
        return speaker_nouns().get(lemma_before(self.tx.text, start), ("",))[0] == "media"

    def note(self, stop: int, speaker: Optional[str], words: Optional[tuple[int, int]] = None) -> None:
        """A quote ending at `stop` was attributed to `speaker` (named by the `words`): the
        discourse's last speaker."""
        self.said_voiced = (stop, speaker) if speaker is not None and speaker == self.voiced else None
        # "сообщили в суде", "источник в МЧС": unnamed people of the organisation spoke
        said = self.tx.text[words[0]:words[1]].split() if words is not None else []
        # "сказал собеседник агентства": an unnamed source, whom "он" may go on to mean
        self.unnamed_said = stop if speaker is None and any(
            speaker_nouns().get(noun_lemma(fold(word)), ("",))[0] == "none" for word in said[:3]) else None
        self.said_unnamed = speaker is not None and bool(said) and (
            bool(PLACED.search(self.tx.text, max(0, words[0] - 4), words[0])) or fold(said[0]) in ("в", "во")
            or any(speaker_nouns().get(noun_lemma(fold(word)), ("",))[0] in ("none", "org") for word in said[:4]))
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
    kind: str = ""                     # from the speaker nouns lexicon: org, media, none, post, speaking
    posts: frozenset[str] = frozenset()
    names: list = None                 # (start, stop, Entity) named after the head in the group

    @property
    def token(self) -> Token:
        return self.tokens[self.head]


OFFICE_NOUN = "управление"     # a regional office of a body: "управление ФСБ" is the article's "УФСБ по ..."

# ordered: the first rule that decides names the speaker (None included)
SPEAKER_RULES: tuple[tuple[str, Callable], ...] = (
    ("name", Speakers._name),
    ("quoted_name", Speakers._quoted_name),
    ("pronoun", Speakers._pronoun),
    ("organisation_word", Speakers._organisation_word),
    ("place_adverb", Speakers._place_adverb),
    ("relative_pronoun", Speakers._relative_pronoun),
    ("relative", Speakers._relative),
    ("apposition", Speakers._apposition),
    ("unnamed_source", Speakers._unnamed_source),
    ("speaking_person", Speakers._speaking_person),
    ("organisation_speaker", Speakers._organisation_speaker),
    ("organisation_apposition", Speakers._organisation_apposition),
    ("organisation_noun", Speakers._organisation_noun),
    ("organisation_group", Speakers._organisation_group),
    ("staff", Speakers._staff),
    ("missed_name", Speakers._missed_name),     # before "group": "эль-Барадеи" reads as a plural
    ("group", Speakers._group),
    ("outlet", Speakers._outlet),
    ("role_holder", Speakers._role_holder),
    ("person_noun", Speakers._person_noun),
    ("organisation_named", Speakers._organisation_named),
)


def document_lemma(tokens: list[Token], k: int) -> Optional[str]:
    """The lemma of a document's noun at k ("заявлении" -> "заявление"; "исковом заявлении"
    -> "иск", as the suit was named), or None for a word that names no document."""
    lemma = morph.lemma(fold(tokens[k].text))
    if lemma not in document_nouns():
        return None
    if lemma == "заявление" and k > 0 and fold(tokens[k - 1].text).startswith("исков"):
        return "иск"
    return lemma
