"""Entities stage: NER mentions -> normal forms -> one `Entity` per thing.

1. make NER spans into names (lists, brackets and quoted names split, edges trimmed)
   and drop mentions that name nothing: post nouns ("Посол"), words of the
   not-entities lexicon, a quoted title after "стратегия" ("Новый Казахстан");
2. normalise each mention with pymorphy3 ("Си Цзиньпина" -> "Си Цзиньпин");
3. give every mention of one name one type (majority; countries are places);
4. group: a person's surname or first name joins the full name; organisations and
   places join by normal form, by the alias lexicon (КНР = Китай) and by an
   abbreviation in brackets or made of initials ("Комитет защиты журналистов (КЗЖ)").
"""
from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from . import morph
from .clean import CAPS_DATELINE, CLOSING_QUOTES, OPENING_QUOTES, QUOTE_CHARS
from .doc import Doc, Mention
from .lexicons import load_set, load_table, person_titles
from .morph import NAME_GRAMMEMES
from .records import Entity, Span

PER, ORG, LOC = "PER", "ORG", "LOC"
MAX_NAME_WORDS = 5  # "Мохаммед бин Рашид Аль Мактум"
NAME_CACHE = 4096   # normal forms kept: the names of the recent articles of a stream
AGE = re.compile(r"^(?:\d+-?|[а-яё]+)летн(?:ий|яя|его|ей|ему|им|юю)$", re.I)  # "34-летний ТиДжей", "Шестидесятилетняя ..."
# a word keeps an apostrophe between its letters: "О’Коннор", "Д'Артаньян", "Christie’s"
_WORD = re.compile(r"[\w\-.]+(?:['’ʼ`][\w\-.]+)*|[^\w\s]", re.U)
# characters that show nothing: a byte-order mark, a soft hyphen, zero-width spaces and
# joiners, directional marks and isolates; never part of a name, never a word break
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
NAME_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@dataclass
class _Group:
    type: str
    mentions: list[Mention] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    key: str = ""
    tokens: set = field(default_factory=set)  # name tokens of a person, lower case
    gender: str | None = None  # a person's, when the first name tells it
    starts: list = field(default_factory=list)  # where its mentions start, sorted
    surname: str = ""  # a person's last name word, as first written
    joined: "_Group | None" = None  # the group this one's mentions went to
    owner: str = ""  # the place named after it that tells it from a namesake ("России" of "МИД России")


# ------------------------------------------------------------------ normalise

def _fold(word: str, original: str) -> str:
    # pymorphy writes ё; keep е where the article does
    return word if "ё" in original.lower() else word.replace("ё", "е").replace("Ё", "Е")


CYRILLIC = re.compile(r"[а-яё]", re.I)
INITIALS = re.compile(r"(?:[А-ЯЁA-Z]\.)+")
INITIAL_AND_SURNAME = re.compile(r"((?:[А-ЯЁA-Z]\.)+)([А-ЯЁA-Z][а-яёa-z\-]+)")
NON_SPACE = re.compile(r"\S+")
DASH_AFTER = re.compile(r"\s+[—–-]\s")
ADJECTIVE_BEFORE = re.compile(r"(?<![\w-])([а-яё]+(?:-[а-яё]+)?) $")


DOMAIN = re.compile(r"\.(?:ру|рф|ru|com|net|org|info|ua|kz|by|uz)$", re.I)     # a site's name: "Фонтанка.ру"


def _looks_fixed(word: str) -> bool:
    # abbreviations, latin names, numbers, sites' names: never inflected
    # "БелТА", "ВКонтакте": a capital at the end or inside marks an abbreviation or a brand
    return (word.isupper() and len(word) > 1) or not CYRILLIC.search(word) or any(c.isdigit() for c in word) \
        or (len(word) > 2 and word[-1].isupper()) or DOMAIN.search(word) is not None


def _gender_fits(parse, gender: str) -> bool:
    # pymorphy marks common-gender surnames "ms-f", outside the gender attribute
    return "ms-f" in parse.tag or parse.tag.gender in (gender, None)


@dataclass(frozen=True)
class Cue:
    """What the words around a mention say about its case and gender."""
    cases: frozenset = frozenset()
    gender: str | None = None
    strength: float = 1.0  # a preposition governs its case; a verb after a name only hints


NO_CUE = Cue()


@dataclass(frozen=True)
class Reading:
    """One way to read a word of a name: its case, gender (None: any) and nominative.
    `case` None is an indeclinable reading, the same in every case."""
    case: str | None
    gender: str | None
    nominative: str
    weight: float


VOWELS = "аеёиоуыэюя"
PLURAL_ENDINGS = ("ям", "ями", "ях", "ами")
VELARS = "гкх"
HUSHING = "жшчщц"     # after these "-ем" is a hard stem's instrumental: "Шольцем", "Бабичем"
CUE_BONUS = 1.0  # a case the context shows outweighs any reading's prior
GENDER_BONUS = 0.5
EXACT_CASE_BONUS = 0.3
PYMORPHY_GUESS_WEIGHT = 0.6
VERB_CUE_STRENGTH = 0.5
NOMINATIVE_PRIOR = 0.05
UNEXPLAINED = 0.5


@cache
def _name_endings() -> tuple:
    rows = []
    for ending, nominative, cases, gender, stem, weight in load_table("name_endings"):
        rows.append((ending, "" if nominative == "-" else nominative, tuple(cases.split()),
                     None if gender == "any" else gender, stem, float(weight)))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _stem_fits(stem: str, kind: str) -> bool:
    last = stem[-1:].lower()
    if len(stem) < 2 or not last.isalpha():
        return False
    if kind == "consonant":
        return last not in VOWELS + "йь"
    if kind == "vowel":
        return last in VOWELS
    if kind == "velar":
        return last in VELARS
    if kind in ("hushing", "soft"):
        return last not in VOWELS + "йь" and (last in HUSHING) == (kind == "hushing")
    return True


def written_readings(word: str) -> list[Reading]:
    """The word as written taken for a nominative, weighted by how a nominative ends."""
    last = word[-1:].lower()
    if last in "ы":
        # a plural name ("Нидерланды") is rare; a genitive in -ы common
        return [Reading("nomn", None, word, 0.15)]
    if last in "ая":
        # "Шакира", "Ннека" are women's; "Фелипе Масса", "Синдзи Харада" men's
        return [Reading("nomn", None, word, 0.45)]
    if word.lower().endswith(("ой", "ей")):
        # "Толстой", "Андрей"; "Стингрей", a woman's, does not decline
        return [Reading("nomn", "masc", word, 0.4), Reading(None, None, word, 0.3)]
    if last in VOWELS:
        # "Кими", "Нисипяну", "Сидибе": a foreign name ending in a vowel does not decline;
        # but -у, -ю end many more datives than names
        return [Reading(None, None, word, 0.3 if last in "ую" else 0.4)]
    if word.lower().endswith(PLURAL_ENDINGS):
        # "Викиновостям": no name ends so in the nominative
        return [Reading("nomn", None, word, 0.1)]
    if word.lower().endswith("ом"):
        # "Блинкеном", "Шредером": an instrumental far more often than a name so written
        return [Reading("nomn", "masc", word, 0.3), Reading(None, None, word, 0.3)]
    # a consonant: a man's nominative, or a name left undeclined: a woman's ("Джоанны
    # Стингрей"), a Chinese or Korean family name before the given name ("Дэн Сяопина")
    return [Reading("nomn", "masc", word, 0.6), Reading(None, None, word, 0.3)]


@lru_cache(maxsize=morph.WORD_CACHE)
def guessed_readings(word: str) -> tuple[Reading, ...]:
    """Readings of a name pymorphy does not know: its case endings (name_endings.txt)
    and the word as written."""
    readings = written_readings(word)
    lower = word.lower()
    for ending, nominative, cases, gender, stem_kind, weight in _name_endings():
        if lower.endswith(ending) and _stem_fits(word[:-len(ending)], stem_kind):
            stem = word[:-len(ending)]
            for case in cases:
                readings.append(Reading(case, gender, stem + nominative, weight))
    return tuple(readings)


def _parse_readings(word: str, parses) -> list[Reading]:
    readings = []
    for p in parses:
        tag = p.tag
        grammemes = tag.grammemes
        pos = tag.POS
        if pos not in ("NOUN", "ADJF") or "Geox" in grammemes or "Orgn" in grammemes:
            continue
        number = tag.number
        fixed = "Fixd" in grammemes
        if (pos == "ADJF" and number != "sing") or (number == "plur" and not fixed):
            continue
        gender = None if "ms-f" in grammemes else tag.gender
        weight = p.score * (2 if NAME_GRAMMEMES & grammemes else 1)
        # nouns before adjectives: "Кадырова" is a surname before it is "кадыровый"
        weight *= 1 if pos == "NOUN" else 0.5
        readings.append(Reading(None if fixed else tag.case, gender, p, weight))
    return readings


def _nominative_of(reading: Reading, word: str, gender: str) -> str:
    if isinstance(reading.nominative, str):
        return reading.nominative
    p = reading.nominative
    if reading.case in (None, "nomn"):
        return word
    wanted = {"nomn", "sing"} | ({gender} if p.tag.POS == "ADJF" else set())
    inflected = p.inflect(wanted) or p.inflect({"nomn"})
    return morph.match_case(word, _fold(inflected.word, word)) if inflected is not None else word


ADJECTIVE_ENDINGS = ("ий", "ый", "ой", "ого", "его", "ому", "ему", "ым", "им", "ом", "ем", "ая", "яя", "ую", "юю", "ей")


def _adjectival(word: str, parses) -> bool:
    # "Рымашевского", "Долгорукому": a surname that declines as an adjective
    lower = word.lower()
    return any(p.tag.POS == "ADJF" for p in parses) and (
        lower.endswith(("ский", "ского", "скому", "ским", "ском", "цкий", "цкого", "цкому", "цким", "цком", "ская",
                        "ской", "скую", "цкая", "цкой", "цкую"))
        or (any(p.is_known and p.tag.POS == "ADJF" for p in parses) and lower.endswith(ADJECTIVE_ENDINGS)))


@lru_cache(maxsize=morph.WORD_CACHE)
def person_readings(word: str) -> tuple[Reading, ...]:
    """A word's readings, scaled so its likeliest weighs 1: every word of a name has one
    vote, however pymorphy spreads its scores."""
    readings = _person_readings(word)
    top = max((r.weight for r in readings), default=0.0)
    return tuple(Reading(r.case, r.gender, r.nominative, r.weight / top) for r in readings) if top else tuple(readings)


def _person_readings(word: str) -> list[Reading]:
    if _looks_fixed(word) or word.endswith("."):
        return [Reading(None, None, word, 0.5)]
    head, _, tail = word.rpartition("-")
    if head and tail.islower() and morph.has_pos(tail, "ADJF"):
        return _with_epithet(head, tail)
    parses = morph.parse(word)
    known = [p.tag.grammemes for p in parses if p.is_known]
    if any("Fixd" in g for g in known) and not any("Fixd" not in g and NAME_GRAMMEMES & g for g in known):
        return [Reading(None, None, word, 0.5)]
    surname = _possessive_surname(word, parses)
    if surname:
        return surname
    adjectival = _adjectival(word, parses)
    if adjectival or any(NAME_GRAMMEMES & g for g in known) or any("Surn" in p.tag.grammemes for p in parses):
        readings = _parse_readings(word, parses)
        if readings and all(r.case == "nomn" for r in readings) and _one_syllable(word) \
                and any("Name" in g for g in known):
            # "Дэн Сяопина", "Ким Чен Ына": a one-syllable family name before the given
            # name does not decline; the other words tell the case
            readings.append(Reading(None, readings[0].gender, word, max(r.weight for r in readings)))
        if readings and word[-1:].lower() not in VOWELS + "ь" and not adjectival \
                and not any("Name" in g for g in known):
            # a woman's surname ending in a consonant does not decline ("Варвара Визбор");
            # a first name pymorphy knows has its own forms
            readings.append(Reading(None, "femn", word, max(r.weight for r in readings) / 2))

        if readings:
            return readings
    if known:
        # a common word as a name ("Амаду Тумани Туре", "Любови Соболь"): its parses, weakly,
        # and the readings of a name pymorphy does not know
        return [Reading(r.case, r.gender, r.nominative, r.weight / 2) for r in _parse_readings(word, parses)] \
            + list(guessed_readings(word))
    return list(guessed_readings(word))


# a surname in -ов/-ин that pymorphy reads only as an adjective in -овый ("Сомовым" is not
# "сомовый"): the short declension of such surnames, masculine instrumental or feminine
POSSESSIVE_SURNAME = re.compile(r"^(.*[а-яё](?:ов|ев|ёв|ин|ын))(ым|ой)$", re.I)


def _possessive_surname(word: str, parses) -> list[Reading]:
    match = POSSESSIVE_SURNAME.match(word)
    if match is None or not word[:1].isupper() or any("Surn" in p.tag.grammemes for p in parses) \
            or not any(p.tag.POS == "ADJF" and p.normal_form.endswith(("овый", "евый", "ёвый", "иный", "ыный"))
                       for p in parses):
        return []
    stem = match.group(1)
    if match.group(2).lower() == "ым":
        return [Reading("ablt", "masc", stem, 1.0)]
    return [Reading(case, "femn", stem + "а", 1.0) for case in ("gent", "datv", "ablt", "loct")]


def _one_syllable(word: str) -> bool:
    return sum(c in VOWELS for c in word.lower()) == 1


def _with_epithet(head: str, tail: str) -> list[Reading]:
    """"Буша-младшего", "Лукашенко-старшего": the epithet tells the case and gender, the
    name declines with it or stays as it is."""
    readings = []
    heads = _person_readings(head)
    for adjective in morph.parse(tail):
        tag = adjective.tag
        if tag.POS != "ADJF" or tag.number != "sing" or tag.gender not in GENDERS:
            continue
        nominative = adjective.inflect({"nomn", "sing", tag.gender})
        for r in heads:
            if r.case in (None, tag.case) and r.gender in (None, tag.gender) and nominative is not None:
                name = _nominative_of(r, head, tag.gender)
                readings.append(Reading(tag.case, tag.gender, f"{name}-{nominative.word}", r.weight * adjective.score))
    return readings or [Reading(None, None, f"{head}-{tail}", 0.5)]


KEYS = tuple((case, gender) for case in NAME_CASES for gender in ("masc", "femn"))


GENDERS = ("masc", "femn")


@lru_cache(maxsize=morph.WORD_CACHE)
def word_scores(word: str) -> dict:
    """{(case, gender): (how well the word fits it, the reading that gives its nominative)},
    as `_score` gives them, in one pass over the readings."""
    scores = {key: 0.0 for key in KEYS}
    best = {key: (0.0, None) for key in KEYS}
    for r in person_readings(word):
        cases = NAME_CASES if r.case is None else (r.case,) if r.case in NAME_CASES else ()
        genders = GENDERS if r.gender is None else (r.gender,) if r.gender in GENDERS else ()
        for case in cases:
            weight = r.weight + (EXACT_CASE_BONUS if r.case == case else 0)
            for gender in genders:
                key = (case, gender)
                if r.weight > scores[key]:
                    scores[key] = r.weight
                if weight > best[key][0]:
                    best[key] = (weight, r)
    return {key: (scores[key], best[key][1]) for key in KEYS}


def _best_case(words, cue: Cue) -> tuple[tuple[str, str], float]:
    """The (case, gender) the words' readings and the context agree on best, and by how
    much it beats the next best."""
    return _best_case_of(tuple(words), cue)


@lru_cache(maxsize=morph.WORD_CACHE)
def _best_case_of(words: tuple[str, ...], cue: Cue) -> tuple[tuple[str, str], float]:
    tables = [word_scores(w) for w in words]
    scored = []
    for case, gender in KEYS:
        # a word with no reading in this case and gender speaks against it ("Наталья" is
        # no genitive: "Наталья Солженицына" is a woman's name in the nominative)
        total = sum(table[case, gender][0] or -UNEXPLAINED for table in tables)
        if case in cue.cases:
            total += CUE_BONUS * cue.strength
        if gender == cue.gender:
            total += GENDER_BONUS * cue.strength
        elif gender == "masc":
            # news name more men than women: the tie-breaker
            total += 0.05
        if case == "nomn":
            # and name them in the nominative more than in any other case
            total += NOMINATIVE_PRIOR
        scored.append((total, -len(scored), (case, gender)))
    scored.sort(reverse=True)
    return scored[0][2], scored[0][0] - next((t for t, _, k in scored if k[0] != scored[0][2][0]), 0.0)


SURE_GENDER = 0.3


def person_gender(words: list[str], cue: Cue = NO_CUE) -> str | None:
    """A person's gender where the name or its context settle it ("Варвара Визбор";
    "Визбор подарил"; "Визбора", declined, is a man's), else None."""
    tables = [word_scores(w) for w in words]
    best = {}
    for gender in ("masc", "femn"):
        best[gender] = max(sum(table[case, gender][0] for table in tables) for case in NAME_CASES)
        if gender == cue.gender:
            best[gender] += GENDER_BONUS * cue.strength
    if abs(best["masc"] - best["femn"]) < SURE_GENDER:
        return None
    return max(best, key=best.get)


def person_case(words: list[str], cue: Cue = NO_CUE) -> tuple[str, float]:
    """The case a person's name is in, and how sure the words make it."""
    (case, _), margin = _best_case(words, cue)
    return case, margin


def normalize_person(words: list[str], cue: Cue = NO_CUE) -> str:
    """Nominative of a person's name, one case and gender for all its words.

    Every (case, gender) is scored by the best reading each word has in it (pymorphy's
    parses, weighted by its score, name and surname parses twice; for a name pymorphy
    does not know, its case endings), plus what the context shows (`cue`); the best
    one gives each word its nominative.
    """
    return _normalized_person(tuple(words), cue)


@lru_cache(maxsize=morph.WORD_CACHE)
def _normalized_person(words: tuple[str, ...], cue: Cue) -> str:
    if not any(r.case for w in words for r in person_readings(w)):
        return " ".join(words)
    (case, gender), _ = _best_case(words, cue)
    out = []
    for word in words:
        reading = word_scores(word)[case, gender][1]
        out.append(word if reading is None else _nominative_of(reading, word, gender))
    return " ".join(out)


PREFERRED_TAG = {LOC: "Geox", ORG: "Orgn"}
# "Аль Аин": an Arabic article read as a conjunction is no head noun
FUNCTION_POS = {"CONJ", "PRCL", "PREP", "INTJ"}
CONJUNCTIONS = {"и", "или"}


def _guess_head(word: str, cue: Cue, type: str) -> str:
    """The nominative of a one-word place or organisation name pymorphy does not know:
    its case endings and pymorphy's guesses (sure of Russian suffixes:
    "Росприроднадзору"), weighed by the case its context shows ("в Тусоне" -> "Тусон")."""
    compound = _stump_compound(word, cue)
    if compound is not None:
        return compound
    scores: Counter = Counter()
    for reading in guessed_readings(word):
        # "Хезболла", "Медуза": organisations end in -а as often as not
        weight = reading.weight + (0.2 if reading.nominative == word and type == ORG else 0)
        if reading.case in cue.cases:
            weight += CUE_BONUS * cue.strength
        elif reading.case is None and cue.cases:
            weight += CUE_BONUS * cue.strength / 2
        scores[reading.nominative] = max(scores[reading.nominative], weight)
    parses = [p for p in morph.parse(word) if p.tag.POS == "NOUN" and p.tag.case]
    if any(p.is_known for p in parses):
        # a common word as a name ("канет в Лету"): every reading of it, by its score
        singular = any(p.tag.number == "sing" for p in parses)
        for p in parses:
            nominative = _inflected_like(p, word)
            if nominative:
                bonus = CUE_BONUS * cue.strength if p.tag.case in cue.cases else 0
                # a place or an organisation is one before it is many ("реки Славянки")
                weight = p.score * (0.5 if p.tag.number == "plur" and singular else 1)
                scores[nominative] += weight + bonus * weight
        return max(scores, key=lambda n: (scores[n], n == word))
    if any(NAME_GRAMMEMES & set(p.tag.grammemes) for p in parses):
        # a guess from a person's name ("Тоттенхэме" as a woman's) says nothing of a place
        parses = []
    guesses = {word if p.tag.case == "nomn" else _inflected_like(p, word) for p in parses}
    if len(guesses) == 1 and None not in guesses:
        # pymorphy's guesser agreeing with itself knew the suffix
        scores[guesses.pop()] += PYMORPHY_GUESS_WEIGHT
    return max(scores, key=lambda n: (scores[n], n == word))


# the first parts of Russian stump compounds ("Мосбиржа", "Росгвардия", "Главгосэкспертиза")
STUMP_PREFIX = re.compile(r"(?:мос|рос|гос|мин|глав|обл|гор|спец|фед)+", re.I)
STUMP_TAIL = 4      # letters of the common noun a compound ends in, at least


def _stump_compound(word: str, cue: Cue) -> str | None:
    """A stump compound pymorphy does not know declines as the noun it ends in:
    "на Мосбирже" -> "Мосбиржа" (a "биржа"), "Мосгордумы" -> "Мосгордума"."""
    prefix = STUMP_PREFIX.match(word)
    if prefix is None:
        return None
    for cut in range(prefix.end(), len(word) - STUMP_TAIL + 1):
        tail = word[cut:].lower()
        parses = [p for p in morph.parse(tail) if p.is_known and p.tag.POS == "NOUN" and p.tag.case
                  and "Abbr" not in p.tag and not NAME_GRAMMEMES & set(p.tag.grammemes)]
        parses.sort(key=lambda p: p.tag.case not in cue.cases)
        if parses and parses[0].tag.number == "sing":
            return word[:cut] + _fold(parses[0].normal_form, tail)
    return None


def _inflected_like(p, word: str) -> str | None:
    if p.tag.number != "plur":
        return morph.match_case(word, _fold(p.normal_form, word))
    form = p.inflect({"nomn", "plur"})
    return morph.match_case(word, _fold(form.word, word)) if form is not None else None


# an abbreviation with a case ending: "ВГИКе", "МИДа", "ЦРУ" does not decline
INFLECTED_ABBREVIATION = re.compile(r"([А-ЯЁ]{2,})(а|у|е|ом|ой|ы|ам|ах|ами|ов)")


def _abbreviation_of(word: str) -> str:
    match = INFLECTED_ABBREVIATION.fullmatch(word)
    return match.group(1) if match else word


def _foreign_compound(words: list[str]) -> bool:
    """"Манчестер Юнайтеда", "Сан Луисе": capitalised words that are names, not common
    nouns or adjectives ("Университета Рочестера", "Совет Евромайдана" decline on the
    first), and a last word pymorphy does not know."""
    if len(words) < 2 or not all(w[:1].isupper() and not w.isupper() and w.isalpha() for w in words):
        return False
    if any(p.is_known for p in morph.parse(words[-1])):
        return False
    return all(all(not p.is_known or NAME_TAGS & p.tag.grammemes for p in morph.parse(w)) for w in words[:-1])


def _agrees_with_next(parses, words: list[str], i: int) -> bool:
    """A word read first as a noun that is an adjective of the noun after it: "Главного
    управления" ("главное" is also a noun)."""
    if i + 1 >= len(words) or not words[i + 1][:1].islower():
        return False
    nouns = [p for p in morph.parse(words[i + 1]) if p.tag.POS == "NOUN"]
    return any(a.tag.case == n.tag.case and a.tag.number == n.tag.number
               and (a.tag.number == "plur" or a.tag.gender == n.tag.gender or a.tag.gender is None)
               for a in parses if a.tag.POS in ("ADJF", "PRTF") for n in nouns)


def normalize_phrase(words: list[str], type: str = ORG, cue: Cue = NO_CUE) -> str:
    """Nominative of an organisation or place name: the head noun and the words agreeing with it."""
    words = [_abbreviation_of(w) for w in words]
    if len(words) > 1 and words[0][:1].islower() and words[1][:1].isupper() and morph.has_pos(words[0], "ADJF"):
        # "японского МИДа": the adjective agrees with the name after it
        rest = normalize_phrase(words[1:], type, cue)
        name = rest.split()[0]
        head = [p for p in morph.parse(name) if p.tag.POS == "NOUN" and p.tag.number == "sing"]
        # the reading whose nominative is the name as written first: "Минприроды" is indeclinable
        # and neuter, not a form of "минприрода"
        head.sort(key=lambda p: p.normal_form != name.lower())
        gender = head[0].tag.gender if head and head[0].tag.gender else "masc"
        if _ministry_compound(name):
            gender = "neut"     # "Минцифры", which pymorphy does not know: a ministry
        adjective = morph.inflect(words[0], frozenset({"nomn", "sing", gender}), lambda p: p.tag.POS == "ADJF")
        return f"{_fold(adjective, words[0]) if adjective else words[0]} {rest}"
    if not words or _looks_fixed(words[0]) or any(c in QUOTE_CHARS for c in words[0]):
        return " ".join(words)
    if cue.cases and _foreign_compound(words):
        # "Манчестер Юнайтеда": a foreign name of capitalised words declines on its last
        # word, which pymorphy does not know; its context tells the case
        return " ".join(words[:-1] + [_guess_head(words[-1], cue, type)])
    head = None
    for i, word in enumerate(words):
        if _looks_fixed(word):
            break
        if word.lower() in CONJUNCTIONS:
            continue
        parses = morph.parse(word)
        if parses and (parses[0].tag.POS == "NOUN" and not _agrees_with_next(parses, words, i) or (
                not any(p.tag.POS in ("ADJF", "PRTF") for p in parses) and parses[0].tag.POS not in FUNCTION_POS)):
            head = i
            break
        if word[:1].isupper() and i + 1 == len(words) \
                and any(p.is_known and p.tag.POS == "NOUN" and PREFERRED_TAG.get(type) in p.tag for p in parses):
            # "с Владивостоком и Хабаровском": a place's name read first as an adjective,
            # with no noun after it to agree with (not "Советском Союзе")
            head = i
            break
    if head is None:
        return " ".join(words)
    if words[head][:1].isupper() and (not any(p.is_known for p in morph.parse(words[head])) or (
            len(words) == 1 and not any(NAME_TAGS & p.tag.grammemes for p in morph.parse(words[head])))):
        # a name pymorphy does not know: "в Тусоне", "газета Кориера делла Сера"
        return " ".join(words[:head] + [_guess_head(words[head], cue if head == 0 else NO_CUE, type)] + words[head + 1:])
    noun_parses = [p for p in morph.parse(words[head]) if p.tag.POS == "NOUN"] or list(morph.parse(words[head]))
    # "Астану" is the city before it is a man's name in the dative
    preferred = PREFERRED_TAG.get(type)
    # "Ливан": a place's nominative before a plural "Ливаны" in the genitive
    # "глава Банка России": a case the context shows picks the word ("банк", not "банка")
    # with no case to go by, an organisation's noun before a thing's ("Банка Японии" of a
    # bank, not a jar)
    descriptors = load_set("org_descriptors") if type == ORG else frozenset()
    # a verb's gender the reading does not share says the verb is another word's
    # ("Управляющий Банка Японии выступил": not a feminine "банка")
    noun_parses.sort(key=lambda p: (preferred not in p.tag, bool(NAME_GRAMMEMES & set(p.tag.grammemes)),
                                    type == ORG and bool(cue.gender) and p.tag.gender not in (cue.gender, None),
                                    bool(cue.cases) and p.tag.case not in cue.cases,
                                    bool(descriptors) and p.normal_form not in descriptors,
                                    p.tag.case != "nomn" or p.tag.number != "sing"))
    modifiers = words[:head]

    def agrees(p) -> bool:
        # every adjective before the head has a parse of the head's case and number
        for word in modifiers:
            if word.lower() in CONJUNCTIONS:
                continue
            if not any(a.tag.case == p.tag.case and a.tag.number == p.tag.number for a in morph.parse(word)
                       if a.tag.POS in ("ADJF", "PRTF", "NUMR", "ADJS")):
                return False
        return True

    chosen = next((p for p in noun_parses if agrees(p)), noun_parses[0])
    if chosen.tag.case == "nomn" or chosen.tag.case is None:
        return " ".join(words)
    number = chosen.tag.number or "sing"
    head_form = chosen.inflect({"nomn", number})
    if head_form is None:
        return " ".join(words)
    out = []
    for word in modifiers:
        if word.lower() in CONJUNCTIONS:
            out.append(word)
            continue
        grammemes = {"nomn", number} | ({chosen.tag.gender} if number == "sing" and chosen.tag.gender else set())
        form = None
        for a in morph.parse(word):
            if a.tag.POS in ("ADJF", "PRTF", "NUMR") and a.tag.case == chosen.tag.case:
                form = morph.inflect_parse(a, grammemes, word)
                if form is not None:
                    break
        out.append(morph.match_case(word, _fold(form, word)) if form else word)
    out.append(morph.match_case(words[head], _fold(head_form.word, words[head])))
    out.extend(words[head + 1:])
    return " ".join(out)


def words_of(text: str) -> list[str]:
    return list(_words_of(text))


@lru_cache(maxsize=morph.WORD_CACHE)
def _words_of(text: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(INVISIBLE.sub("", text)) if w not in QUOTE_CHARS)


def _split_initials(words: list[str]) -> list[str]:
    # "А.Колчака" -> "А.", "Колчака": the surname declines, the initial does not
    out = []
    for word in words:
        match = INITIAL_AND_SURNAME.fullmatch(word)
        out.extend(match.groups() if match else [word])
    return out


def _glue_initials(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if out and INITIALS.fullmatch(out[-1]):
            out[-1] += word
        else:
            out.append(word)
    return out


@lru_cache(maxsize=NAME_CACHE)
def normalize(text: str, type: str, cue: Cue = NO_CUE) -> str:
    """The nominative of a mention's name; `cue` is what its context shows of its case
    (cached: an article names its people and places again and again)."""
    words = words_of(text)
    if not words:
        return INVISIBLE.sub("", text).strip()
    if type == PER:
        split = _split_initials(words)
        if split != words:
            name = normalize_person(split, cue).split()
            # glue the initials back as the article wrote them
            return " ".join(_glue_initials(name))
    if type == ORG and len(words) == 1 and _ministry_compound(words[0]):
        return words[0]     # "Минцифры" does not decline
    site = DOMAIN.search(words[0]) if type != PER and len(words) == 1 else None
    if site is not None and CYRILLIC.search(words[0][:site.start()]):
        # "Фонтанки.ру": the name before the site's domain declines, the domain does not
        return normalize_phrase([words[0][:site.start()]], type, cue) + site.group()
    return normalize_person(words, cue) if type == PER else normalize_phrase(words, type, cue)


# ------------------------------------------------------------------ context

_LAST_WORD = re.compile(r"([\w\-]+)[^\w\n]*$")
_FIRST_WORD = re.compile(r"^[^\w\n]*?([\w\-]+)")


@cache
def _case_words() -> dict[str, frozenset]:
    return {row[0]: frozenset(row[1].split()) for row in load_table("case_words")}


@cache
def _subject_verbs() -> frozenset[str]:
    # verbs of saying whose subject may follow them ("заявил Наттавута Сайкыа"); not
    # those whose object names the speaker ("цитирует Хвана Чжан Епа")
    return frozenset(row[0].lower() for row in load_table("speech_verbs") if "obj" not in row[1:])


def _verb_gender(parses) -> str | None:
    genders = {p.tag.gender for p in parses if p.tag.POS == "VERB" and p.tag.tense == "past" and p.tag.number == "sing"}
    return genders.pop() if len(genders) == 1 else None


def context_cue(text: str, start: int, stop: int, type: str = PER) -> Cue:
    """The case (and gender) the words next to a mention show: a preposition before it
    ("у Кими Райкконена"), an adjective agreeing with it ("известная Ванга"), a speech
    verb before it or a verb or a dash after it ("Мэтью Брайза призвал", "Ннека Угбома -
    руководитель"), a list bullet or a line start before it."""
    before = text[max(0, start - 40):start]
    match = _LAST_WORD.search(before)
    tail = before[match.end(1):] if match else before
    if not match or "\n" in tail or "•" in tail:
        # a list item, a heading, a line's first words: most often a nominative
        return Cue(frozenset({"nomn"}), strength=VERB_CUE_STRENGTH)
    previous = match.group(1).lower()
    if previous in _case_words() and not tail.strip():
        return Cue(_case_words()[previous])
    if type == LOC and not tail.strip() and morph.lemma(previous) in load_set("state_body_nouns"):
        return Cue(frozenset({"gent"}))     # "Акимат Шымкента выделит": the place a body is of
    before_cue = NO_CUE
    if type == PER and not tail.strip() and match.group(1).isupper() and len(previous) > 1:
        # "генерального секретаря ООН Кофи Аннана": past an organisation's abbreviation, the
        # post's case
        post = _post_before(before, match)
        if post:
            before_cue = Cue(frozenset(p.tag.case for p in post if p.tag.number == "sing"),
                             strength=VERB_CUE_STRENGTH)
    # a lower-case word, or a capital at a sentence start ("Известная Ванга"); another
    # capitalised word is mostly another name, not worth asking pymorphy about
    # an opening quotation mark between is no word: "аналитика «Финама»"
    if not tail.strip(" \t«\"„“") and previous.replace("-", "").isalpha() and (
            match.group(1).islower() or _starts_sentence(before, match.start(1))):
        parses = [p for p in morph.parse(previous) if p.tag.POS == "ADJF" and p.is_known]
        if parses and previous[-1:].isalpha() and not morph.has_pos(previous, "PRTF"):
            cases = frozenset(p.tag.case for p in parses)
            genders = {p.tag.gender for p in parses if p.tag.number == "sing"}
            return Cue(cases, genders.pop() if len(genders) == 1 else None)
        if morph.lemma(previous) in _subject_verbs() and morph.parse(previous)[0].tag.POS == "VERB":
            # "заявил Наттавута Сайкыа", but also "сказал Путину": a hint
            return Cue(frozenset({"nomn"}), _verb_gender(morph.parse(previous)), VERB_CUE_STRENGTH)
        # a post pymorphy reads by its prefix ("экс-министра") counts as known
        parses = morph.parse(previous)
        nouns = [p for p in parses if p.tag.POS == "NOUN" and (p.is_known or p.normal_form in load_set("posts"))]
        if nouns and previous.islower() and nouns[0] is parses[0]:
            lemma = morph.lemma(previous)
            if lemma in load_set("posts") and type == PER:
                # "маршала Е Цзяньина": a name in apposition to a post is in its case
                # (unless a verb after it says otherwise)
                before_cue = Cue(frozenset(p.tag.case for p in nouns if p.tag.number == "sing"),
                                 strength=VERB_CUE_STRENGTH)
                before_post = _LAST_WORD.search(before, 0, match.start(1))
                if "nomn" not in before_cue.cases and not (
                        before_post is not None and morph.lemma(before_post.group(1).lower()) in load_set("posts")):
                    # "Мать блогера Руслана Гайнуллина обратилась": a verb after the name is
                    # another subject's and the post's oblique case holds; not in a chain of
                    # posts, whose head the name may follow ("помощник заместителя госсекретаря X")
                    return before_cue
            elif type == PER and all(p.tag.animacy == "inan" for p in nouns):
                # "с одобрения Дэн Сяопина", "произведение Глинки": a person after a thing
                # is its owner, in the genitive (a verb after the name says otherwise); after
                # a post's organisation, the post's holder in its case ("пресс-секретарь
                # телеканала Анастасия Казакова", "по словам режиссера картины Альберто Мораиса")
                post = _post_before(before, match)
                cases = frozenset(p.tag.case for p in post if p.tag.number == "sing") if post else {"gent"}
                before_cue = Cue(frozenset(cases), strength=VERB_CUE_STRENGTH)
            elif type != PER and lemma not in load_set("org_descriptors") and lemma not in load_set("place_descriptors"):
                # "по данным Росстата", "в заявлении Нацфронта", "членом Совфеда": an
                # organisation after a noun (a post's too) is its genitive; not after a kind
                # of place or organisation, which a name follows in any case ("поселка Петро-Славянка"), nor a person ("женой Анной");
                # sure in quotation marks ("аналитика «Финама»"), which a noun's apposition would not need
                quoted = bool(tail.strip())
                before_cue = Cue(frozenset({"gent"}), strength=1.0 if quoted else VERB_CUE_STRENGTH)
    after = text[stop:stop + 40]
    if DASH_AFTER.match(after):
        return Cue(frozenset({"nomn"}), strength=VERB_CUE_STRENGTH)
    match = _FIRST_WORD.search(after)
    if match and after[:match.start(1)].strip() == "," and morph.has_pos(match.group(1).lower(), "ADVB"):
        # "Синдзи Харада, ранее возглавлявший": past the adverb
        match = _FIRST_WORD.search(after, match.end(1))
    if (match and after[:match.start(1)].strip(" ,") == "" and after[:match.start(1)].count(",") <= 1
            and match.group(1).islower()):
        parses = morph.parse(match.group(1))
        top = parses[0].tag if parses else None
        if (top is not None and top.POS == "VERB" and top.mood == "indc" and top.number != "plur"
                and not after[:match.start(1)].strip()):
            # "Мэтью Брайза призвал": the name is likely the verb's subject
            return Cue(frozenset({"nomn"}), _verb_gender(parses[:1]), VERB_CUE_STRENGTH)
        if top is not None and (top.POS == "ADJS" or (top.POS == "PRTF" and top.case == "nomn")) \
                and all(p.tag.POS not in ("NOUN", "ADJF") for p in parses):
            # "Синдзи Харада, ранее возглавлявший", "Маэхара должен"
            gender = top.gender if top.number == "sing" else None
            return Cue(frozenset({"nomn"}), gender)
    return before_cue


def _post_before(before: str, match: re.Match) -> list:
    """The noun readings of a post right before the word `match` found in `before`: the
    name after that word is the post's holder, in apposition to it; else none."""
    word = _LAST_WORD.search(before, 0, match.start(1))
    if word is None or before[word.end(1):match.start(1)].strip():
        return []
    lower = word.group(1).lower()
    if morph.lemma(lower) not in load_set("posts"):
        return []
    return [p for p in morph.parse(lower) if p.tag.POS == "NOUN"]


COORDINATION = re.compile(r"\s*(?:,|и|или)\s*$|\s*,?\s+(?:и|или)\s+$")
SURE_CASE = 0.3  # how much a neighbour's case must beat any other to lend it


def _sure_case(mention: Mention, cue: Cue) -> str | None:
    """The case a mention is surely in: a person's by their name's words, a place's or an
    organisation's when pymorphy knows its first word in one case only."""
    words = words_of(mention.text)
    if not words:
        return None
    if mention.type == PER:
        case, margin = person_case(words, cue)
        return case if margin >= SURE_CASE else None
    cases = {p.tag.case for p in morph.parse(words[0]) if p.is_known and p.tag.POS == "NOUN"}
    return cases.pop() if len(cases) == 1 else None


def _coordinated_cues(text: str, mentions: list[Mention], cues: list[Cue]) -> list[Cue]:
    """A name in a list with others is in their case: "Луиса Суареса, Неймара и Жерара
    Пике" -> "Неймара" is a genitive too; "Тайваня, Синьцзяна и Тибета" -> "Синьцзяна"."""
    out = list(cues)
    for i, mention in enumerate(mentions):
        if cues[i] != NO_CUE or not _needs_cue(mention):
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(mentions) or (mentions[j].type == PER) != (mention.type == PER):
                continue
            left, right = sorted((mention, mentions[j]), key=lambda m: m.start)
            if not COORDINATION.fullmatch(text[left.stop:right.start]):
                continue
            case = _sure_case(mentions[j], cues[j])
            if case:
                out[i] = Cue(frozenset({case}), strength=VERB_CUE_STRENGTH)
                break
    return out


# ------------------------------------------------------------------ refine

EDGE_JUNK = "()" + QUOTE_CHARS + ",;:—–"
NON_NAME_POS = {"ADJF", "PRTF", "PRTS", "ADJS", "VERB", "INFN", "ADVB", "GRND", "CONJ", "PRCL", "PREP", "NPRO"}


def _is_edge_junk(char: str) -> bool:
    return char.isspace() or char in EDGE_JUNK or bool(INVISIBLE.match(char))


def _trimmed(text: str, start: int, stop: int, type: str) -> Mention | None:
    # strip spaces, invisible characters, stray brackets and quotation marks at the edges
    while start < stop and _is_edge_junk(text[start]):
        start += 1
    while stop > start and _is_edge_junk(text[stop - 1]):
        stop -= 1
    if start >= stop or not any(c.isalnum() for c in text[start:stop]):
        return None
    return Mention(start, stop, type, text[start:stop])


def _cut_at_verb(text: str, mention: Mention) -> Mention | None:
    """"Петербургского университета произошел пожар": NER ran a name on into the clause;
    a name holds no finite verb in lower case outside quotation marks."""
    if any(c in QUOTE_CHARS for c in mention.text):
        return mention
    for word in NON_SPACE.finditer(mention.text):
        token = word.group().strip(",.;:")
        # only ever a verb: "стали" of "Уральской стали" is also a noun; "ас-Сувейди" is a surname
        if token[:1].islower() and word.start() > 0 and not _article_name(token) \
                and all(p.tag.POS == "VERB" for p in morph.parse(token)):
            return _trimmed(text, mention.start, mention.start + word.start(), mention.type)
    return mention


def _split_brackets(text: str, mention: Mention) -> list[Mention]:
    # "Джоэл Саймон (Joel Simon)", "Комитет защиты журналистов (КЗЖ)": two names, NER saw one
    inner = text[mention.start:mention.stop]
    cut = inner.find("(")
    if cut <= 0:
        return [mention]
    close = inner.find(")", cut)
    parts = [(mention.start, mention.start + cut)]
    if close > cut:
        if inner[close + 1:].strip():
            # "Кировоградской (Кропивницкой) области": an aside inside one name
            return [mention]
        parts.append((mention.start + cut + 1, mention.start + close))
    else:
        parts.append((mention.start + cut + 1, mention.stop))
    return [m for a, b in parts if (m := _trimmed(text, a, b, mention.type))]


LATIN_NAME = re.compile(r"\s+(?=[A-Z0-9])")


def _drop_descriptor(text: str, mention: Mention) -> Mention:
    """"ИА Regnum", "агентство France-Presse": a kind of organisation before a name in
    Latin letters is no part of it."""
    if mention.type != ORG or (mention.start > 0 and text[mention.start - 1] in OPENING_QUOTES):
        # «Газета Daily»: inside quotation marks the word is the name's own
        return mention
    first = re.match(r"[\w-]+", mention.text)
    if not first or morph.lemma(first.group().lower()) not in load_set("org_descriptors"):
        return mention
    gap = LATIN_NAME.match(mention.text, first.end())
    if not gap:
        return mention
    start = mention.start + gap.end()
    return Mention(start, mention.stop, ORG, text[start:mention.stop])


def _split_quoted_name(text: str, mention: Mention) -> list[Mention]:
    # "концерн «Майкрософт»" -> "Майкрософт"; "Русской службе «Голоса Америки»" -> both names
    inner = text[mention.start:mention.stop]
    cut = next((i for i, c in enumerate(inner) if c in OPENING_QUOTES), -1)
    if cut <= 0 or mention.type == PER:
        return [mention]
    before = _trimmed(text, mention.start, mention.start + cut, mention.type)
    quoted = _trimmed(text, mention.start + cut, mention.stop, mention.type)
    if quoted is None:
        return [mention]
    if before is None or morph.lemma(words_of(before.text)[0].lower()) in load_set("org_descriptors"):
        return [quoted]
    if _is_abbreviation(before.text) and not text[before.stop:quoted.start].strip(" " + OPENING_QUOTES):
        # «РИА "Новости"»: an abbreviation and the quoted rest of one name, its closing mark too
        stop = quoted.stop + (quoted.stop < len(text) and text[quoted.stop] in CLOSING_QUOTES)
        return [Mention(before.start, stop, mention.type, text[before.start:stop])]
    return [before, quoted]


def _is_abbreviation(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


NAME_TAGS = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}


def _is_common_word(mention: Mention, sentence_start: bool) -> bool:
    """A capitalised word that names nothing: "Речная экосистема", "Побритый наголо",
    "Замглавы ведомства"; a common noun only where a capital says nothing (sentence start)
    or in lower case."""
    words = words_of(mention.text)
    if len(words) != 1 or not words[0].replace("-", "").isalpha() or words[0].isupper():
        return False
    word = words[0].lower()
    if morph.lemma(word) in load_set("posts") or "-" in word and morph.lemma(word.rsplit("-", 1)[1]) in person_titles():
        return True     # "Экс-офицер", "Арт-дилер": a post or an occupation with a prefix
    parses = morph.parse(word)
    if not parses or not all(p.is_known for p in parses):
        return False
    if all(p.tag.POS in {"VERB", "INFN", "PRTS", "GRND", "ADVB", "CONJ", "PRCL", "PREP", "NPRO"} for p in parses):
        return True
    if words[0][:1].islower() and "а" <= word[:1] <= "я":
        # a common Russian word in lower case ("области" left of "Аким области"): no name
        return not any(NAME_TAGS & set(p.tag.grammemes) for p in parses)
    if not sentence_start:
        return False
    return all(p.tag.POS in NON_NAME_POS for p in parses) or not any(NAME_TAGS & set(p.tag.grammemes) for p in parses)


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip(" \t" + QUOTE_CHARS + "—–-")
    return not before or before[-1] in ".!?\n"


SEPARATORS = re.compile(r"\s*[,;•|·]\s*")


def _split_dateline(text: str, mention: Mention) -> list[Mention]:
    """An outlet's dateline NER ran into the name after it ("КАЗИНФОРМ - Аким Алматы"):
    the outlet and the name apart."""
    dateline = CAPS_DATELINE.match(text, mention.start, mention.stop)
    if dateline is None or dateline.end() >= mention.stop:
        return [mention]
    named = _trimmed(text, dateline.end(), mention.stop, mention.type)
    outlet = Mention(mention.start, dateline.end("outlet"), ORG, dateline.group("outlet"))
    return [outlet] + ([named] if named else [])


def _split_lists(text: str, mention: Mention) -> list[Mention]:
    # "Овечкин, Фёдоров", "Йемен • Замбия": a list NER read as one name
    parts, start = [], mention.start
    for match in SEPARATORS.finditer(text, mention.start, mention.stop):
        if text[match.end():match.end() + 1].islower():
            # "Федеральной службы по надзору в сфере связи, информационных технологий и
            # массовых коммуникаций": a comma inside one name; a list's names are capitalised
            continue
        parts.append((start, match.start()))
        start = match.end()
    parts.append((start, mention.stop))
    return [m for a, b in parts if (m := _trimmed(text, a, b, mention.type))]


@lru_cache(maxsize=morph.WORD_CACHE)
def _is_person_noun(word: str) -> bool:
    """A common noun for a person that is no name: "сын", "вдова", "демократ",
    "подросток-араб" (every part of a hyphenated one); not "Лев", "Роза" (names too),
    not "Носик" (a thing: more likely a surname)."""
    parts = word.split("-")
    for part in parts:
        parses = morph.parse(part)
        if not parses or not all(p.is_known for p in parses) \
                or any(NAME_GRAMMEMES & p.tag.grammemes or {"Geox", "Orgn"} & p.tag.grammemes for p in parses) \
                or not any(p.tag.POS == "NOUN" and "anim" in p.tag for p in parses):
            return False
    return True


@lru_cache(maxsize=morph.WORD_CACHE)
def _is_relation_or_trade(word: str) -> bool:
    # "Сын Андрей", "Друг Котова": a relative or a trade before a name (lexicons of lemmas;
    # a hyphenated word by its last part, "рок-музыкант")
    lemma = morph.lemma(word.split("-")[-1])
    return lemma in load_set("person_relations") or lemma in load_set("professions")


def _drop_lead_words(text: str, mention: Mention) -> Mention:
    # "Всё-таки Проди": a sentence adverb or particle before a name; "Полковник Квачков",
    # "34-летний ТиДжей": a post or an age before a person's name (the post is a Role);
    # "Сын Андрей", "Вдова Котова": a relative, a trade, or at a sentence start any
    # noun for a person ("Демократ Обама", "Подросток-араб Мухаммед") before a name; a
    # post before a place ("Аким Алматы")
    words = list(NON_SPACE.finditer(mention.text))
    if len(words) > 1:
        first = words[0].group().lower()
        parses = morph.parse(first)
        if (parses and all(p.is_known and p.tag.POS in {"ADVB", "PRCL", "CONJ", "INTJ", "PREP"} for p in parses)) \
                or (mention.type == LOC and morph.lemma(first) in load_set("posts")) \
                or (mention.type == PER and (morph.lemma(first) in load_set("posts") or AGE.match(first)
                                             or _is_relation_or_trade(first)
                                             or (_starts_sentence(text, mention.start) and _is_person_noun(first)))):
            start = mention.start + words[1].start()
            return Mention(start, mention.stop, mention.type, text[start:mention.stop])
    return mention


def _split_owner(text: str, mention: Mention) -> list[Mention]:
    """"Депутат Мажилиса Азат Перуашев", "Аким Караганды Ерлан Абдикаримов": NER ran a
    body's or a place's name in the genitive into the person after it. A word that is only
    ever an inanimate noun in the genitive is no part of a person's name."""
    words = list(NON_SPACE.finditer(mention.text))
    if mention.type != PER or len(words) < 3 or not words[0].group()[:1].isupper():
        return [mention]
    # "Мажилиса", "Караганды"; an indeclinable place ("Алматы") reads in every case; a
    # first name's plural ("Алматы" read as the plural of "Алмат") is no reading of a person
    parses = [p for p in morph.parse(words[0].group().lower())
              if not (p.tag.number == "plur" and NAME_GRAMMEMES & p.tag.grammemes)]
    ministry = _ministry_compound(words[0].group())
    if not ministry and (not parses or not all(
            p.is_known and p.tag.POS == "NOUN" and p.tag.animacy == "inan" and p.tag.number == "sing"
            and (p.tag.case == "gent" or "Fixd" in p.tag and "Geox" in p.tag) for p in parses)):
        return [mention]     # not "Хамад бен Джасем" ("хамад" is also a plural's genitive)
    owner_stop = mention.start + words[0].end()
    start = mention.start + words[1].start()
    owner_type = LOC if not ministry and any("Geox" in p.tag for p in parses) else ORG
    return [Mention(mention.start, owner_stop, owner_type, text[mention.start:owner_stop]),
            Mention(start, mention.stop, PER, text[start:mention.stop])]


def _ministry_compound(word: str) -> bool:
    """"Минцифры", "Минкультуры": "Мин" and a noun in the genitive, a ministry's short
    name that pymorphy does not know (it knows "Минтранса" as a form of "Минтранс"). A
    masculine noun joins by its stem and declines ("Минспорта" is of "Минспорт")."""
    rest = word[3:].lower()
    return (word[:3] == "Мин" and len(rest) >= 4 and not any(p.is_known for p in morph.parse(word.lower()))
            and any(p.is_known and p.tag.POS == "NOUN" and p.tag.case == "gent" and p.tag.gender != "masc"
                    for p in morph.parse(rest)))


def _split_place_pairs(text: str, mention: Mention) -> list[Mention]:
    # "Китай-Европа" (a route, a match): two known places joined by a hyphen
    if mention.type == PER or "-" not in mention.text or " " in mention.text.strip():
        return [mention]
    parts = mention.text.split("-")
    if len(parts) != 2 or not all(known_type(normalize(p, LOC)) == LOC for p in parts):
        return [mention]
    cut = mention.start + len(parts[0])
    return [Mention(mention.start, cut, LOC, parts[0]), Mention(cut + 1, mention.stop, LOC, parts[1])]


def _join_initials(text: str, mentions: list[Mention]) -> list[Mention]:
    """"Дж.Коми" tagged as two persons, "Дж" and "Коми": one name."""
    joined: list[Mention] = []
    for mention in mentions:
        last = joined[-1] if joined else None
        if (last is not None and last.type == PER == mention.type and text[last.stop:mention.start] == "."
                and len(last.text) <= 3 and last.text.isalpha() and last.text[0].isupper()):
            joined[-1] = Mention(last.start, mention.stop, PER, text[last.start:mention.stop])
        else:
            joined.append(mention)
    return joined


# "ГУ МВД", "ТУ Росимущества": a main or territorial office of a body, written before its name
UNIT_ABBREVIATIONS = re.compile(r"(?<![\w-])(?:ГУ|ТУ)\s+$")


def _join_units(text: str, mentions: list[Mention]) -> list[Mention]:
    """"ГУ МВД по Петербургу", tagged as "ГУ" and "МВД по Петербургу" or as the body
    alone: one organisation, the office of the body."""
    joined: list[Mention] = []
    for mention in mentions:
        unit = UNIT_ABBREVIATIONS.search(text, max(0, mention.start - 4), mention.start)
        if unit is None or mention.type != ORG:
            joined.append(mention)
            continue
        if joined and joined[-1].start == unit.start():
            joined.pop()        # "ГУ" tagged on its own
        joined.append(Mention(unit.start(), mention.stop, ORG, text[unit.start():mention.stop]))
    return joined


def _agrees_with(adjective, word: str) -> bool:
    return any(p.tag.POS == "NOUN" and p.tag.case == adjective.tag.case and p.tag.number == adjective.tag.number
               for p in morph.parse(word.lower()))


def _relational_adjective_before(text: str, mention: Mention):
    """The lower-case relational adjective right before an organisation's name, if
    one agrees with it: "японского МИДа", "синодального Отдела"."""
    match = ADJECTIVE_BEFORE.search(text[max(0, mention.start - 40):mention.start])
    if not match or not match.group(1).endswith(ADJECTIVE_ENDINGS + ("ые", "ие", "ых", "их", "ыми", "ими")):
        return None
    first = words_of(mention.text)[:1]
    for p in morph.parse(match.group(1)):
        # relational adjectives only: not "нового" (Qual), "этого" (Apro), "1-го" (Anum)
        if (p.tag.POS == "ADJF" and p.is_known and not {"Qual", "Apro", "Anum", "Subx"} & set(p.tag.grammemes)
                and first and _agrees_with(p, first[0])):
            return match
    return None


def _with_adjective(text: str, mention: Mention) -> Mention:
    # "японского МИДа", "государственной Комиссии по атомной энергии": the adjective is part of the name
    if mention.type != ORG:
        return mention
    match = _relational_adjective_before(text, mention)
    if match is None:
        return mention
    start = mention.start - (len(text[max(0, mention.start - 40):mention.start]) - match.start(1))
    return Mention(start, mention.stop, ORG, text[start:mention.stop])


@cache
def _org_tails() -> tuple[frozenset, frozenset]:
    rows = load_table("org_tails")
    return (frozenset(r[1].lower() for r in rows if r[0] == "head"),
            frozenset(r[1].lower().replace("ё", "е") for r in rows if r[0] == "stop"))


TAIL_WORD = re.compile(r"[ \t]+([\w\-]+)")
MAX_TAIL_WORDS = 6


def _takes_tail(mention: Mention) -> bool:
    words = words_of(mention.text)
    if len(words) <= 2 and all(_is_abbreviation(word) for word in words):
        # "МЧС по Санкт-Петербургу", "ГУ МВД по Москве"; not a country's ("Бюро США по
        # патентам": the tail is the bureau's)
        return known_type(words[-1]) != LOC
    heads, _ = _org_tails()
    noun = next((w for w in words if morph.has_pos(w.lower(), "NOUN")), None)
    return noun is not None and morph.lemma(noun.lower()) in heads


def _tail_stop(text: str, mention: Mention, persons: list[int]) -> int:
    """Where a "по ..."/"при ..." tail of an organisation's name ends, or its own stop:
    a run of nouns, adjectives, names and "и" up to punctuation, a verb or another
    preposition ("Европейского суда по правам человека", "МЧС по Санкт-Петербургу и Ленобласти")."""
    match = TAIL_WORD.match(text, mention.stop)
    if not match or match.group(1).lower() not in ("по", "при"):
        return mention.stop
    _, stops = _org_tails()
    stop, count, position = mention.stop, 0, match.end()
    while count < MAX_TAIL_WORDS:
        word = TAIL_WORD.match(text, position)
        if not word:
            break
        lower = word.group(1).lower().replace("ё", "е")
        parses = morph.parse(lower)
        if count == 0 and lower in stops:
            return mention.stop
        if word.start(1) in persons:
            # "Следственного комитета при прокуратуре Владимир Маркин": the person is not the name's
            break
        if lower == "и" and count > 0:
            position = word.end()
            continue
        if not parses or not any(p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in parses[:2]) \
                or any(p.tag.POS in ("PREP", "VERB", "CONJ", "NPRO") for p in parses[:1]):
            break
        if count > 0 and word.group(1)[:1].islower() and (all(p.tag.case == "nomn" for p in parses[:2])
                                                         or any(p.tag.POS == "VERB" for p in parses[:3])):
            break       # "МВД по Москве инспектор допустил", "… области начало проверку": the clause after it
        stop, count, position = word.end(), count + 1, word.end()
    return stop


def _with_tail(text: str, mention: Mention, mentions: list[Mention]) -> Mention:
    if mention.type != ORG or not _takes_tail(mention):
        return mention
    stop = _tail_stop(text, mention, [m.start for m in mentions if m.type == PER])
    if stop == mention.stop:
        return mention
    return Mention(mention.start, stop, ORG, text[mention.start:stop])


NOUN_AFTER = re.compile(r" ([а-яё]+(?:-[а-яё]+)?)")


def _with_noun_after(text: str, mention: Mention) -> Mention:
    """An organisation tagged as its adjective alone ("Российской" of "Российской
    премьер-лиги"): the noun after it that agrees is the rest of its name."""
    if mention.type != ORG or not mention.text.isalpha():
        return mention
    match = NOUN_AFTER.match(text, mention.stop)
    if match is None:
        return mention
    words = [mention.text]
    adjectives = [p for p in morph.parse(words[0].lower()) if p.tag.POS == "ADJF"]
    if not adjectives or any(p.tag.POS == "NOUN" for p in morph.parse(words[0].lower())):
        return mention
    noun = match.group(1)
    if not any(p.tag.POS == "NOUN" and any(a.tag.case == p.tag.case and a.tag.number == p.tag.number and (
            p.tag.number == "plur" or a.tag.gender == p.tag.gender) for a in adjectives) for p in morph.parse(noun)):
        return mention
    return Mention(mention.start, match.end(), ORG, text[mention.start:match.end()])


def _name_pieces(text: str, mention: Mention) -> list[Mention]:
    """The names one NER span holds: cut before a verb, a dateline's outlet and a list's
    names apart, a post before a name left out, a body run into a person split off."""
    trimmed = _cut_at_verb(text, mention)
    if trimmed is None:
        return []
    return [pair for listed in _split_dateline(text, trimmed) for piece in _split_lists(text, listed)
            for part in _split_owner(text, _drop_lead_words(text, piece)) for pair in _split_place_pairs(text, part)]


def refine_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """NER spans made into names: lists, brackets and quoted names split, edges trimmed."""
    refined = []
    pieces = []
    for mention in _join_units(text, _join_initials(text, mentions)):
        trimmed = _trimmed(text, mention.start, mention.stop, mention.type)
        if trimmed is not None:
            pieces.extend(_name_pieces(text, _with_noun_after(text, trimmed)))
    for trimmed in pieces:
        for part in _split_brackets(text, trimmed):
            for name in _split_quoted_name(text, _drop_descriptor(text, part)):
                if not _is_common_word(name, _starts_sentence(text, name.start)):
                    refined.append(name)
    return _quoted_after_kinds(text, refined)


QUOTED_NAME = re.compile(r"\s*[«\"„“]([^«»\"„“\n]{2,60})[»\"“”]")


def _quoted_after_kinds(text: str, mentions: list[Mention]) -> list[Mention]:
    """"Украинская газета «Сегодня»": an adjective and a kind of organisation tagged before a
    quoted name are no name; the quoted name is (tagged or not)."""
    starts = {m.start for m in mentions}
    out = []
    for mention in mentions:
        words = mention.text.split()
        quoted = QUOTED_NAME.match(text, mention.stop) if mention.type == ORG and len(words) == 2 else None
        if (quoted is None or not quoted.group(1)[:1].isupper() or not morph.has_pos(words[0].lower(), "ADJF")
                or morph.lemma(words[1].lower()) not in load_set("org_descriptors")):
            out.append(mention)
        elif quoted.start(1) not in starts:
            out.append(Mention(quoted.start(1), quoted.end(1), ORG, quoted.group(1)))
    return out


# ------------------------------------------------------------------ filter

def _is_nameless(mention: Mention) -> bool:
    text = mention.text.strip(QUOTE_CHARS + " ")
    if not text or text.lower() in load_set("not_entities"):
        return True
    if mention.type != PER and text.lower() in load_set("org_descriptors"):
        # "ООО", "компания" alone: a kind of organisation, no name
        return True
    words = words_of(text)
    if mention.type == PER:
        if not any(w[:1].isupper() for w in words):
            return True
        if len(words) > MAX_NAME_WORDS:
            # NER ran a clause together (seen on Kazakh text): no one's name is this long
            return True
        # "Посол", "Президент": a post noun is a person only through a Role
        if all(morph.lemma(w) in load_set("posts") or _is_relation_or_trade(w.lower()) or not w[:1].isupper()
               for w in words):
            return True
    return False


def _is_domain(text: str, mention: Mention) -> bool:
    """"в зоне .РФ", "сайт news.Kz": a name glued to a dot before it is part of an address
    (not "В.Лукашенко": an initial is a capital)."""
    if mention.start == 0 or text[mention.start - 1] != ".":
        return False
    before = text[mention.start - 2] if mention.start > 1 else " "
    return before.isspace() or before.islower()


def _is_titled_work(text: str, mention: Mention) -> bool:
    """A quoted name after a noun like "стратегия", "фильм", "шаттл": a title, not an organisation."""
    before = text[max(0, mention.start - 40):mention.start].rstrip()
    if not before or before[-1] not in OPENING_QUOTES:
        return False
    words = words_of(before[:-1])
    if not words:
        return False
    lemma = morph.lemma(words[-1].lower())
    return lemma in load_set("title_nouns") or lemma in load_set("craft_nouns")


def _drop_titles(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions that are no titles; a craft's name ("шаттл «Дискавери»") is one in the
    whole article ("после «Дискавери»"), a work's only where its noun says so."""
    titled = [m for m in mentions if m.type != PER and _is_titled_work(text, m)]
    crafts = {m.text for m in titled if _after_craft_noun(text, m)}
    return [m for m in mentions if m not in titled and (m.type == PER or m.text not in crafts)]


def _after_craft_noun(text: str, mention: Mention) -> bool:
    words = words_of(text[max(0, mention.start - 40):mention.start])
    return bool(words) and morph.lemma(words[-1].lower()) in load_set("craft_nouns")


# ------------------------------------------------------------------ group

@cache
def _aliases() -> dict[str, tuple[str, str]]:
    return {row[0].lower().replace("ё", "е"): (row[1], row[2]) for row in load_table("aliases")}


def canonical(name: str) -> str:
    return _aliases().get(name.lower().replace("ё", "е"), (name, ""))[0]


@cache
def _names_of() -> dict[str, frozenset[str]]:
    names: dict[str, set[str]] = {}
    for alias, (name, _) in _aliases().items():
        names.setdefault(name.lower().replace("ё", "е"), {name.lower().replace("ё", "е")}).add(alias)
    return {name: frozenset(found) for name, found in names.items()}


def alias_names(name: str) -> frozenset[str]:
    """Every name the aliases lexicon gives the thing, in lower case: "США" -> "сша",
    "америка", "штаты", ..."""
    key = canonical(name).lower().replace("ё", "е")
    return _names_of().get(key, frozenset({key}))


def adjective_of_place(adjective: str, place: str) -> bool:
    """The adjective is made from a word of one of the place's names: "японская" of
    Япония, "американский" of США (as of "Америка", an alias of it), "турецкий" of Турция
    (`data/place_adjectives.txt`: stems the name does not share)."""
    names = alias_names(place)
    return any(_shared_stem(adjective, word) for name in names for word in name.split()) or any(
        adjective.startswith(row[0]) and row[1].lower().replace("ё", "е") in names for row in load_table("place_adjectives"))


def _shared_stem(adjective: str, name: str) -> bool:
    """"японская" and "япония", "российская" and "россия": a prefix of at least four
    letters that leaves at most three of the name's; "узбекская" and "узбекистан": the
    name's stem before "-истан"."""
    if name.endswith("истан") and len(name) > 8 and adjective.startswith(name[:-5]):
        return True
    common = 0
    for a, b in zip(adjective, name):
        if a != b:
            break
        common += 1
    return common >= max(4, len(name) - 3)


def known_type(name: str) -> str | None:
    """The type the alias lexicon or the country list gives a name, if any."""
    alias = _aliases().get(name.lower().replace("ё", "е"))
    if alias:
        return alias[1] or None
    return LOC if name.lower() in load_set("countries") else None


SHORT_NAME_ENDINGS = {"а", "у", "ом", "е"}


# an Arabic article opening a name: "аз-Захири" is "Захири"
ARABIC_ARTICLE = re.compile(r"^(?:аль|ал|аз|ас|ад|ан|ат|ар|аш|эль|эд|эс|эш)-(?=\w{3})")
DOUBLED = re.compile(r"([бвгджзклмнпрстфхцчшщ])\1")


@lru_cache(maxsize=morph.WORD_CACHE)
def _spelling(word: str) -> str:
    """One spelling of a name's transliteration variants: "аз-Захири" and "Захири",
    "Хиллари" and "Хилари", "Мэдисон" and "Медисон"."""
    word = ARABIC_ARTICLE.sub("", word.lower().replace("ё", "е"))
    return DOUBLED.sub(r"\1", word.replace("э", "е"))


@lru_cache(maxsize=morph.WORD_CACHE)
def _same_word(a: str, b: str) -> bool:
    # one name in two cases or genders: "Путина"/"Путин", "Александра"/"Александр"; or
    # in two spellings ("Хиллари"/"Хилари")
    a, b = a.lower().replace("ё", "е"), b.lower().replace("ё", "е")
    if _same_form(a, b):
        return True
    spelt_a, spelt_b = _spelling(a), _spelling(b)
    return (spelt_a, spelt_b) != (a, b) and _same_form(spelt_a, spelt_b)


def _same_form(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) == 2:
        # a two-letter name and its case: "Ын"/"Ына" ("Ким Чен Ын")
        return short[-1] not in VOWELS and long.startswith(short) and long[2:] in SHORT_NAME_ENDINGS
    if a[:3] != b[:3]:
        return False    # they share less than the three letters every case below needs
    shorter = min(len(a), len(b))
    common = len(os.path.commonprefix([a, b]))
    if shorter == 3 and common == 3:
        # a short name and its case: "Кок"/"Кока", "Ким"/"Кима"
        return max(len(a), len(b)) - common <= 2 and min(a, b, key=len)[-1] not in VOWELS
    return shorter >= 4 and common >= max(4, shorter - 2) and max(len(a), len(b)) - common <= 3


def _closeness(starts: list[int], offset: int) -> tuple[int, int]:
    """How near a group's mentions are to a mention: a name given before it first (a
    surname points back to the full name just written), the nearest of those; else the
    nearest one after it."""
    if not starts:
        return 2, 0
    i = bisect.bisect_left(starts, offset)
    if i > 0:
        return 0, offset - starts[i - 1]
    return 1, starts[i] - offset


CYRILLIC_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)?", re.I)
SENTENCE_END = re.compile(r"[.!?\n]")
DEDICATION = re.compile(r"(?:имени|им\.)\s*$", re.I)


def _context_nouns(text: str, start: int) -> frozenset:
    """The lemmas of the nouns among the two words before a mention, in its sentence."""
    window = text[max(0, start - 60):start]
    ends = SENTENCE_END.split(window)
    words = CYRILLIC_WORD.findall(ends[-1])[-2:]
    return frozenset(morph.lemma(w.lower()) for w in words if len(w) > 2 and morph.has_pos(w.lower(), "NOUN"))


def _is_dedication(text: str, start: int) -> bool:
    # "мечеть имени Ахмата Кадырова": the person a thing is named after is no one the
    # article goes on about, so a bare surname after it is not theirs for being near
    return bool(DEDICATION.search(text[max(0, start - 8):start]))


def _initials_fit(initials: list[str], group: _Group) -> bool:
    # "В. Лукашенко" is not Александр Лукашенко
    return all(any(token.lower().startswith(initial) for token in group.tokens) for initial in initials)


@cache
def _diminutives() -> dict[str, frozenset]:
    full: dict[str, set] = {}
    for short, name in load_table("diminutives"):
        full.setdefault(short.replace("ё", "е"), set()).add(name.replace("ё", "е"))
    return {short: frozenset(names) for short, names in full.items()}


@cache
def _diminutive_openings() -> frozenset:
    return frozenset(short[:3] for short in _diminutives())


@lru_cache(maxsize=morph.WORD_CACHE)
def _full_names(word: str) -> frozenset:
    """The full first names a short one stands for: "Васе" -> {"василий"}."""
    lower = word.lower().replace("ё", "е")
    if not word[:1].isupper() or lower[:3] not in _diminutive_openings():
        return frozenset()
    return _diminutives().get(morph.lemma(lower).replace("ё", "е"), frozenset())


@lru_cache(maxsize=morph.WORD_CACHE)
def _may_fit_loosely(word: str) -> bool:
    # a word that may fit a person by more than its case forms: a patronymic, a short
    # first name, a hyphenated name
    return _is_patronymic(word) or bool(_full_names(word)) or bool(_name_parts(word))


PATRONYMIC = re.compile(r"(?:ьевич|ьевна|евич|евна|ович|овна|инична|ична|ьич|ич)$")
FIRST_NAME_ENDINGS = ("", "й", "ий", "а", "я", "ья", "ь")


@lru_cache(maxsize=morph.WORD_CACHE)
def _is_patronymic(word: str) -> bool:
    """"Юрьевич", "Марковна": made of a first name pymorphy knows (Юрий, Марк); not
    "Абрамович" (a surname too), not "Малинович" (no name "Малин")."""
    lower = word.lower().replace("ё", "е")
    match = PATRONYMIC.search(lower)
    if not match or match.start() < 2:
        return False
    parses = morph.parse(lower)
    if not any("Patr" in p.tag for p in parses) or any("Surn" in p.tag for p in parses):
        return False
    stem = lower[:match.start()]
    return any(_known_first_name(stem + end) for end in FIRST_NAME_ENDINGS)


def _token_fits(token: str, group_tokens) -> bool:
    if any(_same_word(token, g) for g in group_tokens):
        return True
    full = _full_names(token)
    if full and any(morph.lemma(g.lower()).replace("ё", "е") in full for g in group_tokens):
        # "Вася" is Василий
        return True
    # "Абу-Салех" written "Абу Салех" elsewhere: each part fits
    parts = _name_parts(token)
    return len(parts) > 1 and all(any(_same_word(p, g) for g in group_tokens) for p in parts)


UNSTRESSED_VOWELS = str.maketrans("аи", "ое")


def _misspelt_fits(tokens: list[str], group: _Group) -> bool:
    """"Сергей Копитанов" for "Сергей Капитанов": a full name whose other words fit, one
    word spelt with another unstressed vowel (а/о, е/и) in a long name."""
    if len(tokens) < 2 or not any(_same_word(tokens[0], g) for g in group.tokens):
        return False
    loose = [t for t in tokens if not any(_same_word(t, g) for g in group.tokens)]
    if len(loose) != 1 or len(loose[0]) < 6 or loose[0] == tokens[0]:
        return False
    folded = loose[0].lower().translate(UNSTRESSED_VOWELS)
    return any(len(g) >= 6 and _same_word(folded, g.lower().translate(UNSTRESSED_VOWELS)) for g in group.tokens)


def _part_fits(tokens: list[str], group: _Group) -> bool:
    # "Абу Салех" is "Абу-Салех": the parts of a hyphenated name, when no whole name fits
    # (a bare "Мура" is Том Мур's, not Ханна Ингрэм-Мур's)
    parts = {p for p in _name_parts(group.surname) if len(p) > 2}
    return bool(parts) and all(_token_fits(t, group.tokens | parts) for t in tokens if not _is_patronymic(t))


def _name_parts(token: str) -> list[str]:
    """The parts of a hyphenated name, when each is a name ("Абу-Салех", "Юнус-Бек"; not
    "Бодров-младший")."""
    parts = token.split("-")
    return parts if len(parts) > 1 and all(len(p) > 1 and p[:1].isupper() for p in parts) else []


def _person_fits(tokens: list[str], group: _Group, start: int = -1) -> bool:
    if all(any(_same_word(t, g) for g in group.tokens) for t in tokens):
        return True
    if not any(_may_fit_loosely(t) for t in tokens):
        return False
    named = [t for t in tokens if not _is_patronymic(t)]
    if len(named) < len(tokens) and (any(_is_patronymic(g) for g in group.tokens)
                                     or not group.starts or group.starts[0] > start):
        # "Сергей Юрьевич" is Сергей Сомов named before, unless his patronymic is
        # known and another ("Михаил Малинович и Михаил Тарасов": a surname like one)
        named = tokens
    return bool(named) and all(_token_fits(t, group.tokens) for t in named)



INITIALS_SKIP = frozenset({"и", "по", "в", "на", "с", "для"})


@lru_cache(maxsize=morph.WORD_CACHE)
def _initials(name: str) -> str:
    # asked of every group for every abbreviation: once a name
    return "".join(w[0] for w in name.split() if w[:1].isalpha() and w.lower() not in INITIALS_SKIP).upper()


HONORARY_NAME = re.compile(r"\s(?:имени|им\.)\s", re.I)
COMPOUND_LENGTH = 8     # letters of a word that may be a compound of two stems ("туроператоров")


@lru_cache(maxsize=morph.WORD_CACHE)
def _abbreviates(abbreviation: str, name: str) -> bool:
    """The abbreviation is made of the name's words, each giving its first letter, and a
    compound (a long word) maybe more of its letters in order: "МИД", and "АТОР" of
    "Ассоциация туроператоров России" (not "ГУВД" of "городское УВД")."""
    # "Московский государственный университет имени М. В. Ломоносова" is "МГУ": the
    # honorary name after "имени" is no part of the abbreviation
    words = [w.upper() for w in HONORARY_NAME.split(name)[0].split()
             if w[:1].isalpha() and w.lower() not in INITIALS_SKIP]
    abbreviation = abbreviation.upper()
    if not words or len(abbreviation) < len(words) or len(abbreviation) > 2 * len(words):
        return False

    @lru_cache(maxsize=None)
    def fits(k: int, w: int) -> bool:
        """abbreviation[k:] is made of words[w:]."""
        if w == len(words):
            return k == len(abbreviation)
        if k == len(abbreviation) or abbreviation[k] != words[w][0]:
            return False
        # the word gives abbreviation[k:j], its first letter and then letters in order
        j, at = k + 1, 1
        while True:
            if fits(j, w + 1):
                return True
            if j == len(abbreviation) or len(words[w]) < COMPOUND_LENGTH:
                return False
            at = words[w].find(abbreviation[j], at) + 1
            if at == 0:
                return False
            j += 1

    return fits(0, 0)


def _vote_types(mentions: list[Mention], names: list[str]) -> list[str]:
    by_key: dict[str, Counter] = {}
    keys = []
    for mention, name in zip(mentions, names):
        key = canonical(name).lower()
        keys.append(key)
        by_key.setdefault(key, Counter())[mention.type] += 1
    types = []
    for mention, name, key in zip(mentions, names, keys):
        fixed = known_type(name)
        if fixed:
            types.append(fixed)
            continue
        if mention.type == PER and _is_abbreviation(mention.text) and len(mention.text) <= 5 \
                and CYRILLIC.search(mention.text):
            types.append(ORG)       # "сказал Генсек СЕ": an abbreviation names no person ("TJ", a nickname, may)
            continue
        counts = by_key[key]
        best = max(counts.values())
        # a tie keeps the mention's own label
        types.append(mention.type if counts[mention.type] == best else counts.most_common(1)[0][0])
    return types


def _names_like(words: list[str], others: list[list[str]]) -> bool:
    return any(len(o) == len(words) and all(_same_word(a, b) for a, b in zip(o, words)) for o in others)


def _split_two_people(text: str, mentions: list[Mention]) -> list[Mention]:
    """"сын Кэтрин Жермен Джексон": NER ran two people together. A name of three or more
    words is two when the article names its first word with the last apart ("Кэтрин
    Джексон") and its other words as a full name of their own ("Жермен Джексон")."""
    persons = [words_of(m.text) for m in mentions if m.type == PER]
    out = []
    for mention in mentions:
        words = list(NON_SPACE.finditer(mention.text))
        names = words_of(mention.text)
        if mention.type == PER and len(words) >= 3 and len(names) == len(words):
            others = [p for p in persons if p != names]
            first, rest = names[:1], names[1:]
            # two people: the first named with the family name too ("Кэтрин Джексон"), or
            # named apart with the second's name opening on a first name ("матери Анны
            # Людмила Котова"); not "Хван Чжан Еп", one person, though "Хван" and a
            # "Чжан Епа" cut by NER stand apart
            if _names_like(rest, others) and (_names_like(first + names[-1:], others) or (
                    _names_like(first, others) and _known_first_name(rest[0]))):
                cut = mention.start + words[0].end()
                start = mention.start + words[1].start()
                out.append(Mention(mention.start, cut, PER, text[mention.start:cut]))
                out.append(Mention(start, mention.stop, PER, text[start:mention.stop]))
                continue
        out.append(mention)
    return out


SURE_WITHOUT_CONTEXT = 0.6


def _one_name_a_form(mentions: list[Mention], cues: list[Cue], names: list[str]) -> list[str]:
    """A place or an organisation written the same way is named the same way: as its
    mention with the surest context says ("из Агентства" -> "Агентство" for every
    "Агентства")."""
    best: dict[tuple, tuple] = {}
    for mention, cue, name in zip(mentions, cues, names):
        if mention.type == PER:
            continue
        key = (mention.type, mention.text)
        sureness = cue.strength if cue.cases else 0.0
        if key not in best or sureness > best[key][0]:
            best[key] = (sureness, name)
    return [name if m.type == PER else best[(m.type, m.text)][1] for m, name in zip(mentions, names)]


def _needs_cue(mention: Mention) -> bool:
    """Whether a mention's context is worth reading: a bare surname (its gender picks
    between two people), a name its own words leave in doubt ("Кими Райкконена"), a
    place or an organisation whose first word pymorphy does not know or reads as two
    nouns ("Банка России": банк or банка), or whose last word it does not know
    ("Манчестер Юнайтеда")."""
    words = words_of(mention.text)
    if not words:
        return False
    if mention.type == PER:
        return len(words) == 1 or person_case(words)[1] < SURE_WITHOUT_CONTEXT
    parses = morph.parse(words[0])
    return not any(p.is_known for p in parses) or (len(words) == 1 and not any(NAME_TAGS & p.tag.grammemes for p in parses)) \
        or _foreign_compound(words) or _two_nouns(words[0])


@lru_cache(maxsize=morph.WORD_CACHE)
def _two_nouns(word: str) -> bool:
    """A word pymorphy reads as forms of two nouns ("Банка": банк or банка)."""
    return len({p.normal_form for p in morph.parse(word) if p.tag.POS == "NOUN"}) > 1


def _as_person(mention: Mention) -> Mention:
    """"Ахмат-Хаджи Кадырова" tagged a place: a name and a surname, nothing of a place or
    an organisation in it, is a person."""
    if mention.type == PER:
        return mention
    words = words_of(mention.text)
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and not w.isupper() for w in words):
        return mention
    parses = [morph.parse(w) for w in words]
    if any({"Geox", "Orgn"} & p.tag.grammemes for ps in parses for p in ps):
        return mention
    surname = any("Surn" in p.tag.grammemes for p in parses[-1])
    first = any("Name" in p.tag.grammemes for p in parses[0]) or not any(p.is_known for p in parses[0])
    return Mention(mention.start, mention.stop, PER, mention.text) if surname and first else mention


def _absorb_tails(text: str, mentions: list[Mention]) -> list[Mention]:
    """Organisation names carried on over their "по ..."/"при ..." tail; the mentions the
    tail held ("по Санкт-Петербургу") are part of the name now."""
    out: list[Mention] = []
    for mention in mentions:
        if out and mention.start < out[-1].stop:
            continue
        out.append(_with_tail(text, mention, mentions))
    return out


def group_mentions(text: str, mentions: list[Mention]) -> list[Entity]:
    mentions = refine_mentions(text, mentions)
    kept = _drop_titles(text, [m for m in mentions if not _is_nameless(m) and not _is_domain(text, m)])
    kept = _absorb_tails(text, [_with_adjective(text, _as_person(m)) for m in _split_two_people(text, kept)])
    cues = _coordinated_cues(text, kept, [context_cue(text, m.start, m.stop, m.type) if _needs_cue(m) else NO_CUE
                                          for m in kept])
    names = _one_name_a_form(kept, cues, [normalize(m.text, m.type, cue) for m, cue in zip(kept, cues)])
    types = _vote_types(kept, names)
    groups: list[_Group] = []

    # persons: longest names first, so "Чжан" finds "Чжан Сяо"
    persons = [(m, n, c) for m, n, t, c in zip(kept, names, types, cues) if t == PER]
    # (a patronymic does not count: "Сергей Юрьевич" finds "Сергей Сомов")
    order = sorted(range(len(persons)), key=lambda i: (-sum(not _is_patronymic(w) for w in persons[i][1].split()),
                                                       persons[i][0].start))
    person_groups: list[_Group] = []
    contexts: dict[int, frozenset] = {}

    def context_at(start: int) -> frozenset:
        if start not in contexts:
            contexts[start] = _context_nouns(text, start)
        return contexts[start]

    for i in order:
        mention, name, cue = persons[i]
        words = name.replace(".", ". ").split()     # "С.Антуфьев": an initial glued to the surname
        tokens = [w for w in words if not w.endswith(".")] or words
        initials = [w[:-1].lower() for w in words if w.endswith(".") and w[:-1].isalpha()]
        fits = [g for g in person_groups if _person_fits(tokens, g, mention.start) and _initials_fit(initials, g)] \
            or [g for g in person_groups if _part_fits(tokens, g) and _initials_fit(initials, g)]
        if not fits and person_groups:
            fits = [g for g in person_groups if _misspelt_fits(tokens, g) and _initials_fit(initials, g)]
            if len(fits) == 1:
                # a misspelt name: its spelling fits the person's later mentions too ("Татосовой")
                fits[0].tokens |= set(tokens)
        gender = person_gender(words_of(mention.text), cue) if len(fits) > 1 or not fits else None
        if len(fits) > 1 and gender:
            # a surname two people share: the one its gender fits ("Визбор подарил" is
            # Юрий Визбор's, not Варвара Визбор's)
            fits = [g for g in fits if g.gender in (gender, None)] or fits
        if len(fits) > 1 and (context := context_at(mention.start)):
            # a surname two people share, after a noun one of them came with: theirs
            # ("убийству журналиста Олега Ларина" ... "убийству Ларина")
            fits = [g for g in fits if any(context & context_at(m.start) for m in g.mentions)] or fits
        if fits:
            # when two people still fit, the one named last before it
            group = min(fits, key=lambda g: _closeness(g.starts, mention.start))
        else:
            group = _Group(PER, tokens=set(tokens), gender=gender if len(tokens) > 1 else None,
                           surname=tokens[-1] if len(tokens) > 1 else "")
            person_groups.append(group)
        group.mentions.append(mention)
        group.names.append(name)
        if not _is_dedication(text, mention.start):
            bisect.insort(group.starts, mention.start)
    groups.extend(person_groups)

    # organisations and places, in text order
    others = sorted(((m, n, t) for m, n, t in zip(kept, names, types) if t != PER), key=lambda x: x[0].start)
    by_key: dict[tuple[str, str], _Group] = {}
    previous: tuple[Mention, _Group] | None = None
    for mention, name, type in others:
        key = canonical(name).lower()
        group = by_key.get((type, key))
        if group is None and previous is not None and mention.text.isupper():
            # "Комитет защиты журналистов (КЗЖ)": an abbreviation in brackets right after a name
            prev_mention, prev_group = previous
            between = text[prev_mention.stop:mention.start]
            # not "в Детройте (США)": an abbreviation the lexicon knows as another thing
            if between.strip() == "(" and prev_group.type == type and (
                    _initials(prev_group.key) == mention.text.upper() or known_type(mention.text) is None):
                group = prev_group
        if group is None and mention.text.isupper() and len(mention.text) >= 2:
            group = next((g for (t, k), g in by_key.items()
                          if t == type and " " in k and _abbreviates(mention.text, k)), None)
        if group is None and " " in key:
            # "ЕБРР" first, "Европейский банк реконструкции и развития" later: an
            # abbreviation alone, made of the name's initials
            group = next((g for (t, k), g in by_key.items() if t == type and " " not in k and len(k) >= 2
                          and _abbreviates(k, key) and all(_is_abbreviation(n) for n in g.names)), None)
        if group is None:
            # "Генпрокуратура" and "Генеральная прокуратура": a compound of a name's
            # first syllables, either one first
            group = next((g for (t, k), g in by_key.items() if t == type and k[:3] == key[:3]
                          and (" " in k) != (" " in key)
                          and _is_stump_compound(*((key, k) if " " in k else (k, key)))), None)
        if group is None and type == ORG and " " not in key and not mention.text.isupper():
            # "Верховная Рада" ... "Рады", "Международное агентство по атомной энергии" ...
            # "Агентства": a capitalised head noun alone is the one organisation it heads
            heads = [g for (t, k), g in by_key.items() if t == ORG and " " in k and _head_noun(k) == key]
            group = heads[0] if len(heads) == 1 else None
        if group is None and " " not in key:
            # "Ромой", "Ромы", "Рома" normalised apart: one word whose forms fit each other
            stem = _first_letters(mention)     # forms of one word share their first three letters
            group = next((g for (t, k), g in by_key.items() if t == type and " " not in k
                          and _first_letters(g.mentions[0]) == stem and _forms_fit(g, mention)), None)
        if group is None:
            group = _Group(type, key=key)
            groups.append(group)
        by_key[(type, key)] = group
        group.mentions.append(mention)
        group.names.append(name)
        previous = (mention, group)

    groups = _split_by_owner(text, _join_opening_abbreviations(_join_latin_glosses(text, groups)))
    return _to_entities(_join_place_abbreviations(text, _join_country_adjectives(text, groups)))


def _split_by_owner(text: str, groups: list[_Group]) -> list[_Group]:
    """"МИД России" ... "МИД Украины": one name followed by two countries is two
    organisations, each named with its own ("МИД России", "МИД Украины"); a mention with
    none goes with the one named last before it (else the first)."""
    places = {m.start: (g, m) for g in groups if g.type == LOC for m in g.mentions}
    out = []
    for group in groups:
        if group.type != ORG or len(group.mentions) < 2:
            out.append(group)
            continue
        owners = []
        for mention in group.mentions:
            owners.append(places.get(mention.stop + 1) if text[mention.stop:mention.stop + 1] == " " else None)
        if len({id(o[0]) for o in owners if o is not None}) < 2:
            out.append(group)
            continue
        order = sorted(range(len(group.mentions)), key=lambda i: group.mentions[i].start)
        first_owned = next(i for i in order if owners[i] is not None)
        parts: dict[int, _Group] = {}
        current = first_owned
        for i in order:
            if owners[i] is not None:
                current = i
            owner_group, owner_mention = owners[current]
            part = parts.get(id(owner_group))
            if part is None:
                part = parts[id(owner_group)] = _Group(ORG, key=f"{group.key} {owner_group.key}")
                part.owner = owner_mention.text
            part.mentions.append(group.mentions[i])
            part.names.append(group.names[i])
        for part in parts.values():
            part.names = [f"{name} {part.owner}" for name in part.names]
            out.append(part)
    return out


def _join_country_adjectives(text: str, groups: list[_Group]) -> list[_Group]:
    """"российский МИД" ... "МИД РФ": an organisation named with a country's adjective is
    the one named with that country after it (not "японский МИД" beside "МИД России")."""
    places = {m.start: (g, n) for g in groups if g.type == LOC for m, n in zip(g.mentions, g.names)}
    owned: dict[str, list[tuple[_Group, str]]] = {}    # a name's key -> (group, the place after it)
    for group in groups:
        if group.type != ORG:
            continue
        for mention, name in zip(group.mentions, group.names):
            place = places.get(mention.stop + 1) if text[mention.stop:mention.stop + 1] == " " else None
            if place is not None:
                owned.setdefault(canonical(name[:len(name) - len(group.owner)].strip()).lower(), []).append(
                    (group, place[1]))
    for group in groups:
        words = group.key.split(" ", 1)
        if group.type != ORG or len(words) < 2 or not group.mentions or not morph.has_pos(words[0], "ADJF"):
            continue
        fits = {id(g): g for g, place in owned.get(words[1], []) if g is not group and adjective_of_place(words[0], place)}
        if len(fits) == 1:
            (other,) = fits.values()
            # the organisation keeps the name it had ("МИД", not "российский МИД")
            other.names.extend([_entity_name(other)] * len(group.mentions))
            other.mentions.extend(group.mentions)
            group.mentions, group.names = [], []
            group.joined = other
    return [g for g in groups if g.mentions]


def _join_place_abbreviations(text: str, groups: list[_Group]) -> list[_Group]:
    """"Союза гребцов Казахстана" ... "СГК": an abbreviation made of a name and the place
    named right after it (NER tags the place apart) is that organisation."""
    places = {m.start: n for g in groups if g.type == LOC for m, n in zip(g.mentions, g.names)}
    with_place: dict[int, tuple[_Group, set[str]]] = {}
    for group in groups:
        if group.type == ORG and " " in group.key:
            after = {places[m.stop + 1] for m in group.mentions
                     if text[m.stop:m.stop + 1] == " " and m.stop + 1 in places}
            if after:
                with_place[id(group)] = (group, after)
    if not with_place:
        return groups
    for group in groups:
        if group.type != ORG or " " in group.key or not all(_is_abbreviation(n) for n in group.names):
            continue
        fits = [other for other, after in with_place.values()
                if any(_abbreviates(group.key, f"{other.key} {place}") for place in after)]
        if len(fits) == 1:
            (other,) = fits
            other.names.extend([_entity_name(other)] * len(group.mentions))
            other.mentions.extend(group.mentions)
            group.mentions, group.names = [], []
            group.joined = other
    return [g for g in groups if g.mentions]


LATIN_GLOSS_AFTER = re.compile(r"\s*[),;]")


def _is_latin_gloss(text: str, name: Mention, gloss: Mention) -> bool:
    """"Джошуа Вольфа (Joshua Wolf)", "Международная амнистия (Amnesty International)": a
    name in Latin letters in brackets right after a Cyrillic one spells the same name."""
    if CYRILLIC.search(gloss.text) or not CYRILLIC.search(name.text) or not gloss.text[:1].isalpha():
        return False
    if text[name.stop:gloss.start].strip() != "(" or not LATIN_GLOSS_AFTER.match(text, gloss.stop):
        return False
    # a person's name has as many words in both scripts ("Ши Тао (Shi Tao)"); another
    # name may gain an article ("Раскассэ (La Rascasse)"), but a gloss of a longer name
    # is not a gloss of its last word ("колледжа Лондона (King's College London)")
    extra = len(words_of(gloss.text)) - len(words_of(name.text))
    return extra == 0 if name.type == PER else extra <= 1


def _join_latin_glosses(text: str, groups: list[_Group]) -> list[_Group]:
    """The group of a name's Latin spelling in brackets joins the group of the name."""
    owner = {}
    for group in groups:
        for mention in group.mentions:
            owner[mention.start] = (mention, group)
    ordered = sorted(owner.values(), key=lambda x: x[0].start)
    for (name, group), (gloss, other) in zip(ordered, ordered[1:]):
        while group.joined is not None:
            group = group.joined
        if other is group or not other.mentions or other.type != group.type \
                or not _is_latin_gloss(text, name, gloss):
            continue
        group.mentions.extend(other.mentions)
        group.names.extend(other.names)
        group.tokens |= other.tokens
        other.mentions, other.names = [], []
        other.joined = group
    return groups


@lru_cache(maxsize=4096)
def _head_noun(name: str) -> str:
    """The first noun of a normalised name, in the nominative: "международное агентство по
    атомной энергии" -> "агентство"."""
    for word in name.split():
        if word in NAME_FUNCTION_WORDS:
            return ""
        if any(p.tag.POS == "NOUN" and p.tag.case == "nomn" for p in morph.parse(word)):
            return word
    return ""


NAME_FUNCTION_WORDS = frozenset({"и", "по", "в", "на", "с", "для", "при", "о", "об"})


@lru_cache(maxsize=4096)
def _is_stump_compound(word: str, phrase: str) -> bool:
    """Whether a one-word name is a compound of a phrase's word beginnings, in order
    ("госдума": "государственная дума"; "минпромторг": "министерство промышленности и
    торговли"; "центризбирком": "центральная избирательная комиссия"); its last part may
    end as its own word does ("совбез", "минприроды": "министерство природных ресурсов")."""
    word = word.lower().replace("ё", "е")
    words = [w for w in phrase.lower().replace("ё", "е").split() if w not in NAME_FUNCTION_WORDS]
    if len(word) < 5 or not word.isalpha() or not 2 <= len(words) <= 4:
        return False

    def fits(rest: str, i: int) -> bool:
        if i >= len(words) or len(rest) < 3:
            return False
        target = words[i]
        if i > 0:
            # the last part: the word itself or its beginning, ending its own way
            common = len(os.path.commonprefix([rest, target]))
            if common == len(rest) or (common >= 4 and len(rest) - common <= 3):
                return True
        for cut in range(min(len(target), len(rest) - 2), 2, -1):
            if rest.startswith(target[:cut]) and (fits(rest[cut:], i + 1) or (
                    rest[cut] == "о" and target[cut:cut + 1] != "о" and fits(rest[cut + 1:], i + 1))):
                # "центробанк": a linking vowel between the parts
                return True
        return False

    return fits(word, 0)


def _first_letters(mention: Mention) -> str:
    words = words_of(mention.text)
    return words[0][:3].lower() if words else ""


def _forms_fit(group: _Group, mention: Mention) -> bool:
    """Whether a one-word mention and a one-word group's mentions can be one word's cases."""
    words = words_of(mention.text)
    if len(words) != 1 or _looks_fixed(words[0]):
        return False
    word = words[0]
    for other in group.mentions:
        others = words_of(other.text)
        if len(others) != 1 or len(os.path.commonprefix([word.lower(), others[0].lower()])) < 3:
            return False
        if not _nominatives_of(word) & _nominatives_of(others[0]):
            return False
    return True


def _join_opening_abbreviations(groups: list[_Group]) -> list[_Group]:
    """"РИА" and "РИА Новости": an organisation named only by an abbreviation that
    opens another organisation's name is that organisation."""
    for group in groups:
        if group.type != ORG or not group.mentions or not all(_is_abbreviation(n) for n in group.names):
            continue
        key = group.names[0].lower() + " "
        owner = next((g for g in groups if g is not group and g.type == ORG and g.key.startswith(key)), None)
        if owner is not None:
            owner.mentions.extend(group.mentions)
            owner.names.extend(group.names)
            group.mentions, group.names = [], []
    return groups


@lru_cache(maxsize=morph.WORD_CACHE)
def _nominatives_of(form: str) -> frozenset[str]:
    """Every nominative a word form may be of: its case endings, pymorphy's lemmas."""
    found = {form} | {r.nominative for r in guessed_readings(form) if r.case}
    for p in morph.parse(form):
        if p.tag.POS == "NOUN" and p.tag.number != "plur" and not ("Surn" in p.tag and p.tag.gender == "femn"):
            # a noun's lemma is its nominative (a woman's surname's is the man's: her forms
            # come from the endings)
            found.add(morph.match_case(form, _fold(p.normal_form, form)))
    return frozenset(found)


def _known_first_name(word: str) -> bool:
    return any(p.is_known and "Name" in p.tag.grammemes for p in morph.parse(word))


def _known_nominative(word: str) -> bool:
    return any(p.is_known and p.tag.case == "nomn" and NAME_GRAMMEMES & p.tag.grammemes for p in morph.parse(word))


def attested_nominative(word: str, forms: list[str]) -> str:
    """The word, or the one of the article's forms of it that all its forms can be cases
    of when the word itself cannot: seen as "Райкконен" once and "Райкконена" twice, the
    word is "Райкконен"; seen as "Шакира" and "Шакирой", "Шакира"."""
    distinct = list(dict.fromkeys(forms))
    if len(distinct) < 2:
        return word
    fits = [f for f in dict.fromkeys([word] + distinct) if all(f in _nominatives_of(g) for g in distinct)]
    # where several fit ("Джеймса" could be a woman's), a name pymorphy knows in the
    # nominative: the word itself first ("Солженицына" is a woman's, not "Солженицын")
    known = [f for f in fits if _known_nominative(f)]
    if known:
        return word if word in known else known[0]
    if word in fits or not fits:
        return word
    return fits[0] if len(fits) == 1 else word


def _settled_by_forms(name: str, group: _Group) -> str:
    """A person's name with each word put in the form the article's other forms of it
    settle ("Бесселя Кока", "Бессель Кок", "Бесселю Коку" -> "Бессель Кок"). A word so
    settled tells the case of the mention it came from, and so the other words' forms
    ("Гаррета Рейсмана" with "Рейсман", "Рейсманом" -> "Гаррет Рейсман")."""
    surface_words = [w for m in group.mentions for w in words_of(m.text)]
    if len(set(surface_words)) == len(name.split()):
        # one form of each word: nothing to settle
        return name
    words = name.split()
    settled = [attested_nominative(w, [f for f in surface_words if f[:1].isupper() and _same_word(f, w)])
               for w in words]
    if settled == words:
        return name
    source = next((m for m, n in zip(group.mentions, group.names) if n == name), None)
    written = words_of(source.text) if source is not None else []
    if len(written) == len(words):
        cases = frozenset(r.case for w, old, new in zip(written, words, settled) if old != new
                          for r in guessed_readings(w) if r.nominative == new and r.case)
        if cases:
            again = normalize_person(written, Cue(cases)).split()
            settled = [new if new != old else re_done for old, new, re_done in zip(words, settled, again)]
    return " ".join(settled)


def _entity_name(group: _Group) -> str:
    counts = Counter(group.names)
    surfaces = {" ".join(words_of(m.text)) for m in group.mentions}
    if group.type == PER:
        # the fullest name; among those, one in the article's own (Cyrillic) letters, the
        # most used, one the text writes as it is
        longest = max(len(n.split()) for n in group.names)
        # (a family name rather than a patronymic: "Александра Завьялова", not "Александра Семёновна")
        best = max((n for n in group.names if len(n.split()) == longest),
                   key=lambda n: (bool(CYRILLIC.search(n)), not _is_patronymic(n.split()[-1]), counts[n],
                                  n in surfaces, -group.names.index(n)))
        return _settled_by_forms(best, group)
    # the lexicon's name where the article uses it or uses only abbreviations ("КНР",
    # "Китай" -> "Китай"; "РФ" -> "Россия"), else the article's own name ("Беларусь",
    # "Англия"; "Министерство юстиции", not "Минюст")
    canon = [canonical(n) for n in group.names if canonical(n) != n]
    if canon and (canon[0] in group.names or all(_is_abbreviation(n) for n in group.names)):
        return canon[0]
    # the full name rather than its abbreviation, in Cyrillic rather than in Latin letters
    # ("Международная амнистия (Amnesty International)"), then the most used; but an
    # abbreviation the article opens with and uses most is the name it goes by ("DST",
    # spelt out once as "Digital Sky Technologies")
    abbreviations = [n for n in group.names if _is_abbreviation(n)]
    full_name_first = not _is_abbreviation(group.names[0]) or 2 * len(abbreviations) < len(group.names)
    # a head noun used alone ("Агентство") names the group only when nothing else does
    heads = {_head_noun(n.lower()) for n in group.names if " " in n} if group.type == ORG else set()
    names = [n for n in group.names if n.lower() not in heads] or group.names
    name = max(names, key=lambda n: (not n.isupper() if full_name_first else n.isupper(),
                                     bool(CYRILLIC.search(n)), counts[n], -group.names.index(n)))
    if " " not in name and not _looks_fixed(name):
        # one word: the form its other forms settle ("Роме", "Рома", "Рому" -> "Рома")
        surfaces = [w for m in group.mentions for w in words_of(m.text)]
        name = attested_nominative(name, [w for w in surfaces if _same_word(w, name)])
    return name


def _to_entities(groups: list[_Group]) -> list[Entity]:
    groups = [g for g in groups if g.mentions]
    groups.sort(key=lambda g: min(m.start for m in g.mentions))
    entities = []
    for number, group in enumerate(groups, 1):
        mentions = sorted(group.mentions, key=lambda m: m.start)
        entities.append(Entity(
            id=f"e{number}", type=group.type, name=_entity_name(group),
            mentions=[Span(start=m.start, stop=m.stop, text=m.text) for m in mentions],
        ))
    return entities


@cache
def _place_prefixes() -> frozenset[str]:
    return frozenset(name[:PREFIX] for name in load_set("countries"))


PREFIX = 4


def _is_country_form(word: str) -> bool:
    # the first letters rule out nearly every word before pymorphy is asked
    lower = word.lower().replace("ё", "е")
    if lower[:PREFIX] not in _place_prefixes():
        return False
    countries = load_set("countries")
    return any(p.normal_form.replace("ё", "е") in countries for p in morph.parse(lower) if p.tag.POS == "NOUN")


def spot_known_places(text: str, sents, mentions: list[Mention]) -> list[Mention]:
    """Countries NER left untagged ("чемпион Европы"): a capitalised word of the country
    list, outside every mention and every quoted title («Колумбии», a shuttle)."""
    taken = sorted((m.start, m.stop) for m in mentions)
    found = []
    for sent in sents:
        for i, token in enumerate(sent.tokens):
            word = token.text
            if not word[:1].isupper() or word.isupper():
                continue
            j = bisect.bisect_right(taken, (token.start, len(text)))
            if (j > 0 and taken[j - 1][1] > token.start) or (j < len(taken) and taken[j][0] < token.stop):
                continue
            if i > 0 and (sent.tokens[i - 1].text in OPENING_QUOTES or (i > 1 and sent.tokens[i - 1].text[:1].isupper())):
                continue
            if i + 1 < len(sent.tokens) and sent.tokens[i + 1].text[:1].isupper():
                # "Голос Америки", "Новая Зеландия": part of a longer name NER did not see
                continue
            if _is_country_form(word):
                found.append(Mention(token.start, token.stop, LOC, word))
    return sorted(mentions + found, key=lambda m: m.start) if found else mentions


def spot_repeated_names(text: str, sents, entities: list[Entity]) -> list[Entity]:
    """A one-word name NER tagged in one place but not in another ("Bentley", "Википедия",
    «Ростелекома» after «Ростелеком»): each untagged occurrence of a form it was written in
    becomes a mention of that entity, unless a capitalised word stands beside it (a part
    of a longer name: "Банк России"), it is an adjective of the name ("Российской") or it
    is a title ("шаттла «Дискавери»")."""
    owners: dict[str, set[str]] = {}
    # "ас-Сейид" of "Джамиль ас-Сейид", written alone in lower case ("генерал ас-Сейид"): the
    # surname of one person only (not "аль-Файеда" of a father and a son)
    surnames: dict[str, set[str]] = {}
    for entity in entities:
        for m in entity.mentions:
            word = m.text.strip("«»\"„“")
            if len(word) >= 3 and word[:1].isupper() and " " not in word and not word.isdigit():
                owners.setdefault(word, set()).add(entity.id)
            last = m.text.split()[-1]
            if entity.type == PER and _article_name(last):
                surnames.setdefault(ARABIC_ARTICLE.sub("", last.lower())[:PREFIX + 1], set()).add(entity.id)
    for entity in entities:
        for m in entity.mentions:
            last = m.text.split()[-1]
            if entity.type == PER and _article_name(last) and \
                    len(surnames[ARABIC_ARTICLE.sub("", last.lower())[:PREFIX + 1]]) == 1:
                owners.setdefault(last[:1].upper() + last[1:], set()).add(entity.id)
    by_id = {e.id: e for e in entities}
    by_prefix: dict[str, list[str]] = {}
    for word in owners:
        if len(word) >= 4 and not word.isupper():
            by_prefix.setdefault(word[:3], []).append(word)
    taken = sorted((m.start, m.stop) for e in entities for m in e.mentions)
    found = []
    for sent in sents:
        tokens = sent.tokens
        for i, token in enumerate(tokens):
            if not token.text[:1].isupper() and not _article_name(token.text):
                continue    # every name kept is capitalised, or opens with an Arabic article ("ас-Сейид")
            ids = owners.get(token.text[:1].upper() + token.text[1:])
            if ids is None and len(token.text) >= 4:
                ids = _owners_of_form(token.text, by_prefix.get(token.text[:3], ()), owners)
            if ids is None or len(ids) > 1:
                continue
            j = bisect.bisect_right(taken, (token.start, len(text)))
            if (j > 0 and taken[j - 1][1] > token.start) or (j < len(taken) and taken[j][0] < token.stop):
                continue
            quoted = i > 0 and tokens[i - 1].text in OPENING_QUOTES      # the quoted name is whole
            if (i > 0 and not quoted and _name_word(tokens[i - 1].text, i - 1)) or (
                    i + 1 < len(tokens) and tokens[i + 1].text[:1].isupper()):
                continue
            entity = next(iter(ids))
            found.append((Mention(token.start, token.stop, by_id[entity].type, token.text), entity))
    # a quoted title or a craft's name ("шаттла «Дискавери»") is no organisation anywhere
    titled = [m for m, _ in found if _is_titled_work(text, m)]
    crafts = {m.text for m in titled if _after_craft_noun(text, m)}
    grown = set()
    for mention, entity in found:
        if mention not in titled and mention.text not in crafts:
            by_id[entity].mentions.append(Span(start=mention.start, stop=mention.stop, text=mention.text))
            grown.add(entity)
    for entity in grown:
        by_id[entity].mentions.sort(key=lambda m: m.start)
    return entities


def _article_name(word: str) -> bool:
    """"ас-Сейид", "аль-Асад": a name that opens with an Arabic article in lower case."""
    match = ARABIC_ARTICLE.match(word)
    return match is not None and word[match.end():match.end() + 1].isupper()


def _owners_of_form(word: str, names: list[str], owners: dict[str, set[str]]) -> set[str] | None:
    """The entities with a name `word` is a case of: the same word by its letters and its
    lemma, not an adjective of it ("Ростелекома" of "Ростелеком"; not "Российской")."""
    forms = [name for name in names if _same_word(name, word)]
    if not forms or _adjective_like(word):
        return None
    lemma = morph.lemma(word.lower())
    forms = [name for name in forms if morph.lemma(name.lower()) == lemma]
    return set().union(*(owners[name] for name in forms)) if forms else None


def _name_word(word: str, place: int) -> bool:
    """A capitalised word that may begin a longer name ("Банк России"); a sentence's
    first word only when it is no preposition or other function word ("В России")."""
    if not word[:1].isupper():
        return False
    parses = morph.parse(word.lower())
    return place > 0 or not parses or parses[0].tag.POS not in ("PREP", "CONJ", "PRCL", "ADVB", "NPRO", "INTJ")


def _adjective_like(word: str) -> bool:
    """"Российской" is no form of "Россия": a word pymorphy reads as an adjective first."""
    parses = morph.parse(word.lower())
    return bool(parses) and parses[0].tag.POS in ("ADJF", "PRTF", "ADJS", "VERB", "INFN")


def extract_entities(doc: Doc) -> None:
    entities = group_mentions(doc.text, spot_known_places(doc.text, doc.sents, doc.mentions))
    doc.entities = spot_repeated_names(doc.text, doc.sents, entities)
