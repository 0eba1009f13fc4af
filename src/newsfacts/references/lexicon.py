"""The words the references stage reads: its lexicons, and the agreement of names and
pronouns (gender, number, case) from pymorphy3."""
from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Optional

from .. import morph
from ..clean import CAPS_DATELINE
from ..morph import NAME_GRAMMEMES, fold
from ..doc import Token
from ..lexicons import load_set, load_table, person_titles

PREPOSITIONS = frozenset("в во на о об обо с со для к ко по из от до у при за над под перед через без про между".split())
DASHES = "—–-"
PRONOUNS = {
    "он": "masc", "его": "masc", "него": "masc", "ему": "masc", "нему": "masc", "нем": "masc", "ним": "masc",
    "она": "femn", "ее": "femn", "нее": "femn", "ей": "femn", "ней": "femn", "ею": "femn",
    "они": "plur", "их": "plur", "них": "plur", "им": "plur", "ими": "plur",
}
POSSESSIVES = {"его", "ее", "её", "их", "свой", "своим", "своей", "своему", "моим", "нашим"}


# ------------------------------------------------------------------ lexicons

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
def _office_fields() -> dict[str, tuple[str, ...]]:
    return {row[0].lower(): tuple(stem.strip() for stem in row[1].split(",")) for row in load_table("office_fields")}


def office_field(words: list[str]) -> Optional[tuple[str, ...]]:
    """The name stems of the field the adjectives before an office's noun name ("военном
    ведомстве" -> "оборон"), or None when they name none (`data/office_fields.txt`)."""
    return next((_office_fields()[lemma] for lemma in (morph.lemma(fold(word)) for word in words)
                 if lemma in _office_fields()), None)


def in_field(name: str, stems: tuple[str, ...]) -> bool:
    """An office's name holds one of the field's stems ("Минобороны России": "оборон")."""
    return any(stem in fold(name) for stem in stems)


@cache
def noun_forms() -> frozenset[str]:
    """Every form of the reference nouns and of the posts: a quick test before pymorphy."""
    return morph.forms_of(set(reference_nouns()) | set(person_titles()))


@lru_cache(maxsize=1024)
def lemma_forms(lemma: str) -> frozenset[str]:
    """Every form of one noun ("компания" -> "компании", "компанией" ...)."""
    return morph.forms_of({lemma})


@cache
def countries() -> frozenset[str]:
    """The countries of `data/countries.txt` (not its parts of the world or regions)."""
    return frozenset(fold(row[0]) for row in load_table("countries") if len(row) == 1)


@cache
def capitals() -> dict[str, str]:
    """Country -> its capital (`data/capitals.txt`)."""
    return {row[0]: row[1] for row in load_table("capitals")}


def country_of_capital(city: str) -> Optional[str]:
    """The country whose capital the city is ("Рим" -> Италия), else None."""
    return next((country for country, capital in capitals().items() if capital == city), None)


@cache
def known_regions() -> frozenset[str]:
    return frozenset(fold(row[0]) for row in load_table("countries") if row[1:] == ("region",))


@cache
def known_places() -> frozenset[str]:
    """Every name of `data/countries.txt`: countries, parts of the world, regions."""
    return frozenset(fold(name) for name in load_set("countries"))


@cache
def speaker_nouns() -> dict[str, tuple[str, frozenset[str]]]:
    """noun lemma -> (kind, posts it covers)."""
    return {row[0].lower(): (row[1], frozenset(row[2].split()) if len(row) > 2 else frozenset())
            for row in load_table("speaker_nouns")}


@cache
def document_nouns() -> dict[str, str]:
    """A document's noun -> "source" or "party" (`data/document_nouns.txt`)."""
    return {row[0]: row[1] for row in load_table("document_nouns")}


@cache
def source_phrases() -> tuple[tuple[str, ...], ...]:
    """The words of each phrase that gives a source ("по словам", "по данным"): the
    "source" rows of the quotes' phrase lexicon, `data/speech_phrases.txt`."""
    return tuple(tuple(row[0].lower().replace("ё", "е").split()) for row in load_table("speech_phrases")
                 if row[1].split()[0] == "source")


@cache
def speech_verb_lemmas() -> frozenset[str]:
    """The verbs of saying of `data/speech_verbs.txt`, by lemma."""
    return frozenset(row[0].lower() for row in load_table("speech_verbs"))


@cache
def staff_nouns() -> dict[str, tuple[str, ...]]:
    """noun lemma -> the stems a name of the body its people work for begins with."""
    return {row[0].lower(): tuple(row[1].split()) for row in load_table("staff_nouns")}


# ------------------------------------------------------------------ agreement

# the endings that tell a surname's gender ("Гайнуллина", "Петровский") when pymorphy
# only guesses at the word
GENDERED_ENDINGS = {"masc": ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий"),
                    "femn": ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая")}


@lru_cache(maxsize=morph.WORD_CACHE)
def gender_of_name(name: str) -> Optional[str]:
    """"masc" or "femn" from the first names, patronymics and surnames of a person's name."""
    votes = {"masc": 0, "femn": 0}
    for word in name.split():
        # a name is in the nominative: "Иванова" is a woman, not Иванов's genitive, and
        # "Никол" is no genitive plural of "Никола"
        parses = [p for p in morph.parse(fold(word))[:3] if p.tag.case in ("nomn", None)]
        for parse in parses:
            grammemes = set(parse.tag.grammemes)
            gender = str(parse.tag.gender) if parse.tag.gender else None
            if not parse.is_known and not fold(word).endswith(GENDERED_ENDINGS.get(gender, ())):
                continue    # pymorphy's guess for a word it does not know ("Уэда" is no woman's name)
            if grammemes & NAME_GRAMMEMES and gender in votes and "ms-f" not in grammemes:
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
    for parse in morph.parse(fold(words[0])):
        if parse.tag.POS in ("NOUN", "ADJF") and parse.tag.case in ("nomn", None) or "Fixd" in parse.tag:
            if parse.tag.number == "plur" or "Pltm" in parse.tag:
                return frozenset({"plur"})
            return frozenset({str(parse.tag.gender)}) if parse.tag.gender in ("masc", "femn", "neut") else frozenset()
    return frozenset()


@lru_cache(maxsize=morph.WORD_CACHE)
def noun_reading(word: str) -> Optional[tuple[str, str, str]]:
    """(lemma, number, gender) of a common noun form, else None."""
    for parse in morph.parse(word):
        if parse.tag.POS == "NOUN" and not {"Name", "Surn", "Patr", "Geox", "Orgn"} & set(parse.tag.grammemes):
            return (parse.normal_form.replace("ё", "е"), str(parse.tag.number or "sing"),
                    str(parse.tag.gender or ""))
    return None


@cache
def participle_genders() -> dict[str, str]:
    """Each singular form of the person participles ("задержанного", "пострадавшей") ->
    the gender it is said of (`data/person_participles.txt`)."""
    forms: dict[str, str] = {}
    for word in load_set("person_participles"):
        for parse in morph.parse(fold(word)):
            if parse.tag.POS not in ("PRTF", "ADJF") or parse.tag.case != "nomn" or parse.tag.gender != "masc":
                continue
            for gender in ("masc", "femn"):
                for case in ("nomn", "gent", "datv", "accs", "ablt", "loct"):
                    # a person in the accusative takes the genitive's form ("задержанного")
                    animate = {"anim"} if case == "accs" and gender == "masc" else set()
                    form = parse.inflect({case, gender, "sing"} | animate)
                    # "задержанным" is the plural's dative too: several people
                    if form is not None and not any(p.tag.number == "plur" for p in morph.parse(form.word)):
                        forms.setdefault(form.word.replace("ё", "е"), gender)
            break
    return forms


DEMONYM_ENDINGS = ("анин", "янин", "анка", "янка", "ец", "ка", "ин")


@lru_cache(maxsize=morph.WORD_CACHE)
def demonym_gender(word: str) -> Optional[str]:
    """"masc" or "femn" of a singular noun for a country's native ("россиянин",
    "американка", "француз" is missed: no ending): an animate noun with a demonym's
    ending that begins as a country's name does; else None."""
    if word[:4] not in _place_openings() or not word.endswith(
            ("нин", "нина", "нину", "нином", "нине", "ец", "ца", "цу", "цем", "це", "ка", "ки", "ке", "ку", "кой",
             "ин", "ина", "ину", "ином", "ине")):
        return None     # the letters rule out nearly every word before pymorphy is asked
    for parse in morph.parse(word)[:1]:
        lemma = parse.normal_form.replace("ё", "е")
        if (parse.tag.POS == "NOUN" and "anim" in parse.tag and parse.tag.number == "sing"
                and lemma.endswith(DEMONYM_ENDINGS) and lemma[:4] in _place_openings()):
            return str(parse.tag.gender) if parse.tag.gender in ("masc", "femn") else None
    return None


@lru_cache(maxsize=morph.WORD_CACHE)
def is_people_name(word: str) -> bool:
    """A plural noun for a country's natives ("израильтяне", "американцев", "россиян")."""
    if word[:4] not in _place_openings():
        return False
    parses = morph.parse(word)
    return bool(parses) and parses[0].tag.POS == "NOUN" and "anim" in parses[0].tag \
        and parses[0].tag.number == "plur" and parses[0].normal_form.replace("ё", "е").endswith(DEMONYM_ENDINGS)


@cache
def _place_openings() -> frozenset[str]:
    return frozenset(name[:4] for name in known_places() if len(name) >= 5)


FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "ADVB", "INTJ"})


@lru_cache(maxsize=morph.WORD_CACHE)
def post_reading(word: str) -> Optional[tuple[str, str, str]]:
    """(lemma, number, gender) of a post or profession form, read as one even when
    another noun is likelier: "премьера" is the premier's genitive as well as a premiere."""
    titles = person_titles()
    parses = morph.parse(word)
    if parses and parses[0].tag.POS in FUNCTION_WORDS:
        return None     # "после" is "after" far more often than the ambassador's prepositional
    for parse in parses:
        lemma = parse.normal_form.replace("ё", "е")
        if parse.tag.POS == "NOUN" and lemma in titles:
            return (lemma, str(parse.tag.number or "sing"), str(parse.tag.gender or ""))
    return None


def noun_lemma(word: str) -> str:
    """The lemma of a noun form, a post's where the form can be one ("премьера" -> "премьер")."""
    post = post_reading(fold(word))
    return post[0] if post is not None else morph.lemma(word)


@cache
def body_synonyms() -> dict[str, frozenset[str]]:
    """Each noun of `data/body_synonyms.txt` -> the nouns of its body ("кабмин" ->
    {"кабмин", "правительство"})."""
    out: dict[str, frozenset[str]] = {}
    for row in load_table("body_synonyms"):
        for word in row:
            out[word] = out.get(word, frozenset({word})) | frozenset(row)
    return out


@cache
def _post_synonyms() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """(the words of one name of an office, its one-word names) for each name in the
    lexicon: ({"генеральный", "директор"}, {"гендиректор"})."""
    out = []
    for row in load_table("post_synonyms"):
        names = [name.lower() for name in row]
        single = frozenset(name for name in names if " " not in name)
        out += [(frozenset(name.split()), single) for name in names]
    return tuple(out)


ACTING = re.compile(r"(?:и\.\s*о\.|врио|(?:временно\s+)?исполняющ\w+\s+обязанности)\s+", re.I)


@lru_cache(maxsize=1024)
def title_keys(title: str) -> frozenset[str]:
    """The words a role's title is looked up by: its own, and the one-word names of the
    same office ("генеральный директор" -> also "гендиректор"; "премьер" -> also
    "премьер-министр")."""
    words = frozenset(title.lower().split())
    acting = ACTING.match(title)
    if acting:      # "и. о. пресс-секретаря" is called "пресс-секретарь" after
        words |= {morph.lemma(word) for word in title[acting.end():].lower().split()}
    keys = set(words)
    for name, single in _post_synonyms():
        if name <= words:
            keys |= single
    return frozenset(keys)


MINISTRY_STEMS = ("мин", "мид")
# "глава государства", "руководитель правительства": nouns for the head of what follows them
HEAD_NOUNS = frozenset({"глава", "руководитель", "лидер"})


def is_ministry(name: str) -> bool:
    """"Минфин", "МИД", "Министерство обороны"; not "НАТО"."""
    name = fold(name)
    return name.startswith(MINISTRY_STEMS) or "министерств" in name


def role_keys(title: str, org_name: Optional[str]) -> frozenset[str]:
    """`title_keys`, and "министр" for the head of a ministry ("глава Минэкономразвития" is
    the minister "министр" means)."""
    keys = title_keys(title)
    if org_name and keys & HEAD_NOUNS and is_ministry(org_name):
        return keys | {"министр"}
    return keys


@lru_cache(maxsize=morph.WORD_CACHE)
def is_nominative(word: str, gender: Optional[str] = None) -> bool:
    """Whether the word can be in the nominative; a name only as one person ("Дианы" is
    no subject: its nominative reading is a plural), and as a name of the person's gender
    when it is known ("Путина" of a man is no woman's surname)."""
    parses = morph.parse(fold(word))
    if gender is not None:
        parses = [p for p in parses if not NAME_GRAMMEMES & p.tag.grammemes or p.tag.gender in (gender, None)]
    return (not parses or not any(p.tag.case for p in parses)
            or any(p.tag.case == "nomn" and not (p.tag.number == "plur" and NAME_GRAMMEMES & p.tag.grammemes)
                   for p in parses))


def deputy_title(word: str) -> bool:
    """"замначальника", "замглавы": a deputy's title in one word, which keeps its base
    noun's genitive in any case (so it may be a subject or a name's apposition)."""
    word = fold(word)
    return word.startswith("зам") and morph.lemma(word) in person_titles()


def genitive_reading(word: str):
    """The first genitive reading of a noun or an adjective, else None (not of a
    preposition pymorphy also reads as a letter's name: "в")."""
    return _reading_in(word, ("gent",))


def _reading_in(word: str, cases: tuple[str, ...]):
    if fold(word) in PREPOSITIONS or len(word) < 3:
        return None
    return next((p for p in morph.parse(fold(word)) if p.tag.case in cases and p.tag.POS in ("NOUN", "ADJF")), None)


def field_reading(word: str):
    """The first dative or genitive reading of a noun or an adjective: a word of a body's
    field after "по" ("комитет по делам молодежи", "агентство по защите конкуренции")."""
    return _reading_in(word, ("datv", "gent"))


def past_locative_adjectives(tokens: list[Token], k: int, stop: int) -> int:
    """The first token from `k` on (before `stop`, the last one at most) that is no lower-case
    adjective in the locative: the body of "в [краевом] правительстве"."""
    while k + 1 < stop and tokens[k].text[:1].islower() and any(
            p.tag.POS == "ADJF" and p.tag.case == "loct" for p in morph.parse(fold(tokens[k].text))[:2]):
        k += 1
    return k


def is_compound_of(name: str, noun: str) -> bool:
    """A one-word name that ends in the noun, as a compound does: "Мосгорсуд" is a "суд",
    "Генпрокуратура" a "прокуратура"."""
    return " " not in name and len(name) > len(noun) + 2 and fold(name).endswith(noun)


def is_np_word(token: Token) -> bool:
    word = token.text
    if not word[:1].isalpha():
        return False
    if word[:1].isupper() or fold(word) in PRONOUNS:
        return True
    return any(p.tag.POS in ("NOUN", "NPRO") and p.tag.case in ("nomn", "gent", "loct", "accs")
               for p in morph.parse(fold(word)))


@lru_cache(maxsize=morph.WORD_CACHE)
def cases(word: str) -> frozenset[str]:
    parses = morph.parse(fold(word))
    if not parses or not re.search(r"[а-яё]", word.lower()):
        return frozenset({"*"})      # latin, abbreviations: any case
    return frozenset(p.tag.case for p in parses if p.tag.case) or frozenset({"*"})


def same_case(a: str, b: str) -> bool:
    ca, cb = cases(a), cases(b)
    return "*" in ca or "*" in cb or bool(ca & cb)


def plural(parses, case: Optional[str]) -> bool:
    """Whether a noun is plural, read in the case its place asks for ("по словам женщины":
    gent); with no case known, only when it has no singular reading."""
    fitting = [p for p in parses if case is None or p.tag.case == case] or list(parses[:1])
    return all(p.tag.number == "plur" for p in fitting)


RELAY_VERBS = frozenset({"сообщать", "передавать", "писать", "информировать", "цитировать"})
NEWS_MEDIA = frozenset({"газета", "агентство", "информагентство", "телеканал", "журнал", "издание", "радиостанция"})
OUTLET_WORDS = RELAY_VERBS | NEWS_MEDIA
# the media nouns a name of an outlet may hold; not "агентство" ("Федеральное агентство связи")
MEDIA_IN_NAMES = frozenset({"газета", "журнал", "телеканал", "радиостанция", "новость"})
_LAST_WORD = re.compile(r"([а-яё]+)\s*[«\"„“]?\s*$", re.I)


SOURCE_NOUNS = frozenset({"источник", "собеседник"})
CYRILLIC_WORD = re.compile(r"[а-яё]+")


def _quoted_oblique(text: str, start: int) -> bool:
    """A quoted name not in the nominative after a verb of saying or a source noun:
    the outlet told ("заявил «Интерфаксу»") or the outlet's source ("источник
    «Интерфакса»"), not a speaker after its verb ("обещает «Соник Дуо»")."""
    if start == 0 or text[start - 1] not in "«\"„“":
        return False
    word = CYRILLIC_WORD.match(text[start:start + 40].lower())
    parses = morph.parse(word.group(0)) if word else []
    return bool(parses) and not any(p.tag.case == "nomn" for p in parses) and any(
        p.tag.case in ("datv", "gent") for p in parses)


def told_outlet(text: str, start: int) -> bool:
    """An outlet someone spoke to: a quoted name in the dative right after a verb of saying
    ("рассказал «Новым известиям»")."""
    return lemma_before(text, start) in speech_verb_lemmas() and _quoted_oblique(text, start)


SENTENCE_END = re.compile(r"[.!?\n]")


def sentence_before(text: str, start: int, width: int = 40) -> str:
    """The text right before `start`, back to where its sentence opens (at most `width`
    characters): the words that can introduce a name ("... моделей компании. Автоконцерн
    Volkswagen" gives "Автоконцерн ")."""
    return SENTENCE_END.split(text[max(0, start - width):start])[-1]


def lemma_before(text: str, start: int) -> str:
    """The lemma of the word right before a name at `start` (an opening quotation mark
    between is allowed: "газета «Ведомости»"), else ""."""
    before = _LAST_WORD.search(text, max(0, start - 40), start)
    return morph.lemma(before.group(1).lower()) if before is not None else ""


# a city in capitals, a date, then the outlet: "МОСКВА, 5 декабря. /ТАСС/.", "МОСКВА, 5 дек — РИА Новости."
CITY_DATELINE = re.compile(r"[А-ЯЁ][А-ЯЁ-]{2,}(?:[ ,.][^\n/—–]{0,30})?\s*/|[А-ЯЁ][А-ЯЁ-]{2,}[ ,.][^\n/—–]{0,30}\d[^\n/—–]{0,20}\s[—–-]\s*[«\"]?")


def _dateline(text: str, start: int) -> bool:
    """An outlet's dateline opening its line: "АСТАНА. КАЗИНФОРМ – Министр …", "МОСКВА,
    5 декабря. /ТАСС/."."""
    line_start = text.rfind("\n", 0, start) + 1
    line = text[line_start:start]
    if CITY_DATELINE.fullmatch(line):
        return True
    return not any(ch.islower() for ch in line) and CAPS_DATELINE.match(text, start) is not None


TITLE_REACH = 40    # characters a quoted title reaches on either side of a name in it


def in_quoted_title(text: str, start: int, stop: int) -> bool:
    """A name inside a short quoted title that goes on past it ("закона Димы Яковлева"
    in quotation marks): the title's words, not a person the text speaks of."""
    before = text[max(0, start - TITLE_REACH):start]
    opening = max(before.rfind(mark) for mark in "«„“\"")
    # an opening mark: a guillemet, or a straight quote after a space, with words before the name
    if opening < 0 or before[opening] == '"' and opening > 0 and not before[opening - 1].isspace() \
            or any(mark in before[opening + 1:] for mark in "»”\n") or not before[opening + 1:].strip():
        return False
    after = text[stop:stop + TITLE_REACH]
    closing = min((k for k in (after.find(mark) for mark in "»“”\"") if k >= 0), default=-1)
    return closing >= 0 and "\n" not in after[:closing] and not SENTENCE_END.search(after[:closing])


# a time between a verb of relaying and the outlet: "в четверг", "сегодня", "накануне"
WHEN_BEFORE = re.compile(r"(?:\s(?:во?|в\s+ночь\s+на)\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)"
                         r"|\s(?:сегодня|вчера|накануне|ранее|утром|вечером|днем))\s+[«\"„“]?$", re.I)


def named_as_outlet(text: str, start: int, stop: Optional[int] = None) -> bool:
    """A name right after a verb of relaying or a noun for a news medium ("передает ТАСС",
    "газета «Ведомости»"; not "портал управления": an organisation's own site), or, given
    where it stops, a name that holds such a noun ("Новая газета", "Газета GZT.ru")."""
    before = lemma_before(text, start)
    when = WHEN_BEFORE.search(text, max(0, start - 40), start)
    if when is not None:    # "сообщает в четверг La Repubblica", "пишет сегодня The Times"
        before = lemma_before(text, when.start())
    told = before in SOURCE_NOUNS or before in speech_verb_lemmas()
    if before in OUTLET_WORDS or (told and _quoted_oblique(text, start)) or _dateline(text, start):
        return True
    return stop is not None and any(morph.lemma(word) in MEDIA_IN_NAMES
                                    for word in re.findall(r"[а-яё]+", text[start:stop].lower()))
