"""The rules that follow a pronoun or a description back to an entity, in order: the
first that names one makes the reference."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Callable, Optional

from .. import morph
from ..clean import QUOTE_CHARS
from ..doc import Doc, Token
from ..entities import adjective_of_place
from ..lexicons import load_set
from .lexicon import (DASHES, HEAD_NOUNS, MINISTRY_STEMS, PREPOSITIONS, capitals, cases, countries, country_of_capital,
                      demonym_gender, fold, genitive_reading, in_field, in_quoted_title, is_ministry, is_nominative,
                      is_np_word, is_people_name, known_places, known_regions, lemma_forms, noun_forms, noun_reading,
                      office_field, participle_genders, person_titles, post_reading, pronouns, reference_nouns,
                      sentence_before, source_phrases, speech_verb_lemmas)
from .resolver import Resolver

SENTS_BACK = 3          # how many sentences back a pronoun or an anaphor looks for its entity
NOUN_SENTS_BACK = 6     # a noun anaphor ("ведомство") names its entity from farther away
ORGS_IN_VIEW = 1        # more organisations than this in view: "компания" asks how each is named
CLAUSE_BREAKS = frozenset(",;:()—–")


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
    kind: str                    # "personal", "reflexive", "relative", "noun", "post", "introduced"
    agrees: frozenset[str]       # genders and "plur" it can stand for; empty: any
    type: str = ""               # for nouns: the entity type it refers to
    fits: str = "any"            # for nouns: what fits (see data/reference_nouns.txt)
    lemma: str = ""              # for posts: the post it reads as


def agrees(candidate: Candidate, own: frozenset[str]) -> bool:
    """Whether the candidate can stand for an entity that agrees as `own` (see
    `Resolver.agreement`): a plural only for a plural name."""
    if not candidate.agrees:
        return True
    if not own:
        return "plur" not in candidate.agrees or bool(candidate.agrees - {"plur"})
    return bool(own & candidate.agrees)


# ------------------------------------------------------------------ candidates

def find_candidates(doc: Doc, sents: Optional[range] = None) -> list[Candidate]:
    """Pronouns and referring nouns of the article (or of the sentences `sents`)."""
    table, forms, nouns, participles = pronouns(), noun_forms(), reference_nouns(), participle_genders()
    out = []
    for si in sents if sents is not None else range(len(doc.sents)):
        for ti, token in enumerate(doc.sents[si].tokens):
            word = fold(token.text)
            if word in table:
                kind, agreement = table[word]
                if word == "им" and ti > 0 and _agent_slot(doc.sents[si].tokens[ti - 1].text):
                    agreement = AGENT_AGREEMENT     # "побитый им Полонский": his, not their
                out.append(Candidate(si, ti, token.start, token.stop, word, kind, agreement))
            elif word in forms:
                reading = noun_reading(word)
                if reading is None:
                    continue
                lemma, number, gender = reading
                if lemma in nouns:
                    if number == "plur" or _plural_subject(doc.sents[si].tokens, ti, word):
                        continue     # "страны" of "лидеры двух стран" is several
                    type, fits = nouns[lemma]
                    out.append(Candidate(si, ti, token.start, token.stop, word, "noun", frozenset(), type, fits))
                    continue
                post = post_reading(word)
                if post is not None and post[1] == "sing":
                    lemma, _, gender = post
                    # a masculine post is said of women too ("министр", "юрист"); a feminine one is not
                    out.append(Candidate(si, ti, token.start, token.stop, word, "post",
                                         frozenset({"femn"}) if gender == "femn" else frozenset(), "PER",
                                         lemma=lemma))
            elif token.text[:1].islower() and (gender := demonym_gender(word)) is not None:
                out.append(Candidate(si, ti, token.start, token.stop, word, "demonym", frozenset({gender}), "PER"))
            elif (token.text[:1].islower() or ti == 0) and is_people_name(word):
                out.append(Candidate(si, ti, token.start, token.stop, word, "people", frozenset({"plur"}), "LOC"))
            elif word in participles:
                out.append(Candidate(si, ti, token.start, token.stop, word, "participle",
                                     frozenset({participles[word]}), "PER"))
    return out


def _plural_subject(tokens: list[Token], ti: int, word: str) -> bool:
    """A noun that can be a plural nominative, followed by a plural verb: "Авиакомпании
    вынуждены", "компании заявили" are several, not one's genitive."""
    if ti + 1 >= len(tokens) or not any(p.tag.number == "plur" and p.tag.case == "nomn" for p in morph.parse(word)):
        return False
    nxt = morph.parse(fold(tokens[ti + 1].text))[:1]
    if not nxt or nxt[0].tag.POS not in ("VERB", "PRTS", "ADJS") or nxt[0].tag.number != "plur":
        return False
    before = fold(tokens[ti - 1].text) if ti > 0 else ""
    if before in PREPOSITIONS:
        return False    # "из республики будут выведены"
    if before.isalpha():
        parses = morph.parse(before)
        if parses[0].tag.POS == "NOUN" or (parses[0].tag.POS in ("ADJF", "PRTF") and not any(
                p.tag.number == "plur" and p.tag.case == "nomn" for p in parses)):
            return False    # "представители компании заявили", "российского государства противоречат"
    return True


AGENT_AGREEMENT = frozenset({"masc", "neut"})
PLURAL = frozenset({"plur"})      # what "они", "их" agree with


def _agent_slot(word: str) -> bool:
    """A passive participle or a noun of an action, after which "им" is the instrumental of
    "он" naming the doer ("данных им показаний", "признание им вины"), not a plural's dative."""
    folded = fold(word)
    parses = morph.parse(folded)
    return (any(p.tag.POS == "PRTF" and "pssv" in p.tag for p in parses)
            or bool(parses) and parses[0].tag.POS == "NOUN" and folded.endswith(ACTION_NOUN_STEMS))


def introduced_nouns(r: Resolver) -> dict[str, list[tuple[int, str]]]:
    """Common nouns the article introduced an entity with, and where: "Басманный суд",
    "ансамбль «Берёзка»", "итальянец Марко Росси" -> "суд", "ансамбль", "итальянец":
    (start, entity id) of each, in text order. The head noun of an organisation's or a
    place's name (its first common noun), the noun right before a quoted name, and an
    animate noun right before a person count."""
    found: dict[str, list[tuple[int, str]]] = {}
    for start, stop, entity in r.named:
        if (start, stop) not in r.mention_set:
            continue
        if r.type_of(entity) == "PER":
            # "россиянин Олег Маскаев", "защитник Иван Петров": the noun right before a person
            before = r.text[max(0, start - 30):start].split("\n")[-1].split()[-1:]
            reading = _first_noun(fold(before[0])) if before else None
            if reading is not None and "anim" in morph.parse(fold(before[0]))[0].tag:
                found.setdefault(reading[0], []).append((start, entity))
            continue
        name = r.text[start:stop].split()
        # a noun right before a quoted name is its descriptor ("ансамбль «Берёзка»"); before
        # another name it is seldom one ("рынок России", "председателя Банка России")
        quoted = start > 0 and r.text[start - 1] in "«\"„“"
        # in its own nominative only: a quoted name in another case is the noun's owner
        # ("приз «Кинотавра»", "по подъему «Булгарии»"), not what the noun calls it
        quoted = quoted and fold(r.text[start:stop]) == fold(r.name_of(entity))
        words = sentence_before(r.text, start - 1, 30).split()[-1:] if quoted else []
        words += name[:3] if len(name) > 1 else []
        for word in words:
            word = fold(word.strip(",.;:«»\"()"))
            reading = _first_noun(word)
            if reading is not None and reading[0].endswith(ACTION_NOUN_ENDINGS):
                break       # "отдали предпочтение «Хамас»": an action, not the kind of thing named
            if reading is not None:
                found.setdefault(reading[0], []).append((start, entity))
                break
    return found


ACTION_NOUN_ENDINGS = ("ние", "тие")     # "выделение", "участие": nouns of an action
ACTION_NOUN_STEMS = ACTION_NOUN_ENDINGS + ("ния", "нию", "нии", "тия", "тию", "тии")


def _first_noun(word: str) -> Optional[tuple[str, str, str]]:
    """A singular common noun by its first reading ("суд"; not "и", read as a letter)."""
    if len(word) < 3 or not word.isalpha():
        return None
    parses = morph.parse(word)
    if not parses or parses[0].tag.POS != "NOUN" or parses[0].tag.number != "sing" or any(
            p.tag.POS in ("ADJF", "ADJS") and "Abbr" not in p.tag for p in parses):
        return None     # "главное" of "Главное управление" is an adjective's
    reading = noun_reading(word)
    return reading if reading is not None and reading[0] not in PREPOSITIONS else None


def find_introduced(r: Resolver) -> list[Candidate]:
    """Later words of the nouns an entity was introduced with (see `introduced_nouns`),
    where they name nothing themselves: candidates of `introduced_noun`."""
    nouns = {lemma: where for lemma, where in introduced_nouns(r).items()
             if lemma not in reference_nouns() and lemma not in person_titles()}
    if not nouns:
        return []
    forms = {form: lemma for lemma in nouns for form in lemma_forms(lemma)}
    out = []
    for si in range(r.sent_of(min(where[0][0] for where in nouns.values())), len(r.sents)):
        sent = r.sents[si]
        for ti, token in enumerate(sent.tokens):
            text = token.text
            if len(text) < 3 or not text[0].isalpha() or (text[0].isupper() and token.start != sent.start):
                continue    # a common noun, lower case but at a sentence start
            word = fold(text)
            lemma = forms.get(word)
            if lemma is None:
                continue
            reading = noun_reading(word)
            if reading is None or reading[0] != lemma or reading[1] != "sing":
                continue
            first = nouns[lemma][0][0]
            if token.start > first:
                type = r.type_of(nouns[lemma][0][1])
                agree = frozenset({reading[2]}) if type == "PER" and reading[2] in ("masc", "femn") else frozenset()
                out.append(Candidate(si, ti, token.start, token.stop, word, "introduced", agree, type, "named"))
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
    if (c.kind != "post" or _predicate(r, c, c.lemma) or _names_the_office(r, c)
            or _describes_name_before(r, c)):
        return None
    lemma = c.lemma
    owner = _owner_after(r, c) or _owner_in_group(r, c)
    # "украинский лидер": a holder of the post in that country, or one whose role names none
    country = country_of_adjective(r, c) if owner is None else None
    titles = head_of(r, c) if owner is None else None
    best = None
    holders = [h for title in titles for h in r.holders(title)] if titles else r.holders(lemma)
    if owner is None and titles is None:
        holders = _field_office_heads(r, c) or _of_noun_after(r, c, holders)
    for at, person, org in holders:
        if owner is not None and org != owner[2] or country is not None and org not in (None, country):
            continue
        if at >= c.start and r.sent_of(at) != c.sent:
            continue
        if not agrees(c, r.agreement(person)) or not _named_since(r, person, c.start, NOUN_SENTS_BACK):
            continue
        if best is None or at > best[0]:
            best = (at, person)
    if best is None and _in_headline(r, c):
        # "Госсекретарь США опроверг слухи ...": a headline names its person in the lead after it
        after = [(at, person) for at, person, org in holders
                 if at > c.start and r.sent_of(at) <= c.sent + HEADLINE_LEAD and (owner is None or org == owner[2])
                 and agrees(c, r.agreement(person))]
        best = min(after) if after else None
    if best is None and owner is not None and r.type_of(owner[2]) != "PER":
        return None
    return best[1] if best else None


# the head of an office named by its noun is its minister ("глава ведомства")
OFFICE_HEADS = {"ведомство": ("министр",), "министерство": ("министр",)}
OFFICE_HEAD_TITLES = frozenset({"министр", "глава", "руководитель", "начальник", "директор"})


def _field_office_heads(r: Resolver, c: Candidate) -> list:
    """"глава военного ведомства" with no ministry named: the heads whose post names that
    field ("Министр обороны Олег Петров"; `data/office_fields.txt`)."""
    if c.lemma not in HEAD_NOUNS:
        return []
    tokens = _tokens(r, c)
    k = c.token + 1
    while k < len(tokens) and is_modifier(fold(tokens[k].text)):
        k += 1
    if k >= len(tokens) or morph.lemma(fold(tokens[k].text)) not in OFFICE_HEADS:
        return []
    field = office_field([token.text for token in tokens[c.token + 1:k]])
    if field is None:
        return []
    return [(role.span.start, role.person, role.org) for role in r.doc.roles
            if role.span is not None and role.person in r.entities and role.title in OFFICE_HEAD_TITLES
            and in_field(role.span.text, field)]


def _of_noun_after(r: Resolver, c: Candidate, holders: list) -> list:
    """"главы поселения": of the post's holders, those whose organisation or place is named
    with the noun after the post ("Сосновское сельское поселение"), when any is."""
    nxt = _next_word(r, c, skip_quotes=False)
    reading = noun_reading(fold(nxt.text)) if nxt is not None and nxt.text.isalpha() and nxt.text.islower() else None
    if reading is None:
        return holders
    named = [h for h in holders if h[2] is not None
             and any(noun_reading(word) is not None and noun_reading(word)[0] == reading[0]
                     for word in fold(r.name_of(h[2])).split())]
    return named or holders


# "глава государства", "руководитель правительства": the posts of the head of each
REGION_HEADS = ("губернатор", "аким", "хоким")
CITY_HEADS = ("мэр", "градоначальник", "аким", "хоким")
HEADS_OF = {"государство": ("президент", "король", "монарх"), "страна": ("президент", "король", "монарх"),
            "правительство": ("премьер", "премьер-министр"), "кабинет": ("премьер", "премьер-министр"),
            "регион": REGION_HEADS, "область": REGION_HEADS, "край": REGION_HEADS, "губерния": REGION_HEADS,
            "республика": ("глава", "президент", "раис"),
            "город": CITY_HEADS, "столица": CITY_HEADS}


def head_of(r: Resolver, c: Candidate) -> Optional[tuple[str, ...]]:
    """The posts a head noun before "государства", "правительства" stands for: "глава
    государства" is the president (or the monarch), "глава правительства" the premier,
    "глава региона" the governor (or the аким), "глава города" the mayor."""
    if c.lemma not in HEAD_NOUNS:
        return None
    tokens = _tokens(r, c)
    k = c.token + 1
    while k < len(tokens) and is_modifier(fold(tokens[k].text)):
        k += 1      # "главы украинского государства"
    if k >= len(tokens):
        return None
    return HEADS_OF.get(morph.lemma(fold(tokens[k].text)))


def _predicate(r: Resolver, c: Candidate, lemma: str) -> bool:
    """The noun is said of something here, not referring back: a predicate in the
    instrumental ("назначен главным тренером", "Сочи стал столицей"; "встретился с
    министром" refers)."""
    if not all(p.tag.case == "ablt" for p in morph.parse(c.word) if p.normal_form.replace("ё", "е") == lemma):
        return False
    tokens = _tokens(r, c)
    k = c.token - 1
    while k >= 0 and is_modifier(fold(tokens[k].text)):
        k -= 1
    if k < 0:
        return False
    word = fold(tokens[k].text)
    # "с министром", "над этим городом", "управлении страной": governed, so referring
    return word not in PREPOSITIONS and not (tokens[k].text.islower() and noun_reading(word) is not None)


def _describes_name_before(r: Resolver, c: Candidate) -> bool:
    """"Борис Петров - заместитель министра", "Иван Орлов (оператор)": a post after a dash
    or in brackets right after a name says what that person is; it refers to no one."""
    tokens = _tokens(r, c)
    k = c.token - 1
    while k >= 0 and is_modifier(fold(tokens[k].text)):
        k -= 1      # "- бывший начальник", "(первый заместитель"
    if k < 1 or tokens[k].text not in DESCRIBING_MARKS:
        return False
    return _ending_at(r, tokens[k - 1].stop) is not None


DESCRIBING_MARKS = frozenset(DASHES) | {"("}
OFFICE_NOUNS = frozenset({"пост", "должность", "кресло"})


def _names_the_office(r: Resolver, c: Candidate) -> bool:
    """"на пост губернатора", "на должность министра": the office, not its holder."""
    tokens = _tokens(r, c)
    k = c.token - 1
    while k >= 0 and is_modifier(fold(tokens[k].text)):
        k -= 1
    return k >= 0 and morph.lemma(fold(tokens[k].text)) in OFFICE_NOUNS


def is_modifier(word: str) -> bool:
    """An adjective, a participle or a pronoun that can stand before a noun."""
    return word.isalpha() and any(p.tag.POS in ("ADJF", "PRTF") or "Apro" in p.tag for p in morph.parse(word)[:2])


def _set_apart(r: Resolver, c: Candidate, entity: str) -> bool:
    """A word before the noun says it is not the entity: a plural ("другие страны",
    "развивающиеся страны") or an adjective of another place ("итальянской столице" of
    a fountain in Rome, "британскую столицу" of a town near London)."""
    if c.token == 0:
        return False
    word = fold(_tokens(r, c)[c.token - 1].text)
    parses = [p for p in morph.parse(word)[:3] if p.tag.POS in ("ADJF", "PRTF") or "Apro" in p.tag]
    if not word.isalpha() or not parses:
        return False
    plural_cases = {p.tag.case for p in morph.parse(c.word) if p.tag.number == "plur"}
    if all(p.tag.number == "plur" for p in parses) and any(p.tag.case in plural_cases for p in parses):
        return True
    if r.type_of(entity) == "LOC" and morph.lemma(c.word) in GOVERNMENTS:
        # "временного правительства", "японское правительство": another one than the place's
        first = morph.parse(word)[0]
        return (first.tag.POS in ("ADJF", "PRTF") and "Apro" not in first.tag
                and first.tag.case in {p.tag.case for p in morph.parse(c.word)}
                and not adjective_of_place(word, r.name_of(entity)))
    if r.type_of(entity) != "LOC" or not any(PLACE_ADJECTIVE.search(p.normal_form) for p in parses):
        return False
    country = country_of_capital(r.name_of(entity)) if morph.lemma(c.word) == CAPITAL else None
    return not (adjective_of_place(word, r.name_of(entity)) or country is not None and adjective_of_place(word, country))


PLACE_ADJECTIVE = re.compile(r"[^аеиоуыэюя]ский$|[^аеиоуыэюя]цкий$")     # "итальянский", "немецкий"


CAPITAL = "столица"


def capital_of_adjective(r: Resolver, c: Candidate) -> Optional[str]:
    """"итальянская столица", "в британской столице": the capital of the country the
    adjective is made from, when the article has named that city."""
    if c.kind != "noun" or c.token == 0 or morph.lemma(c.word) != CAPITAL:
        return None
    adjective = fold(_tokens(r, c)[c.token - 1].text)
    if not PLACE_ADJECTIVE.search(morph.lemma(adjective)):
        return None
    cities = {capital for country, capital in capitals().items() if adjective_of_place(adjective, country)}
    for _, _, entity in reversed(r.named[:bisect_left(r.named_starts, c.start)]):
        if r.type_of(entity) == "LOC" and r.name_of(entity) in cities:
            return entity
    return None


def _owner_in_group(r: Resolver, c: Candidate) -> Optional[tuple[int, int, str]]:
    """A name closing the post's genitive group: "министр иностранных дел Израиля"."""
    tokens = _tokens(r, c)
    for k in range(c.token + 1, min(len(tokens), c.token + 5)):
        mention = r.mention_at(tokens[k].start, tokens[k].stop)
        if mention is not None:
            return mention if k > c.token + 1 else None
        if not (tokens[k].text.isalpha() and tokens[k].text.islower()
                and any(p.tag.case == "gent" for p in morph.parse(fold(tokens[k].text)))):
            return None
    return None


HEADLINE_LEAD = 2       # the sentences after a headline that name who it is about


def _in_headline(r: Resolver, c: Candidate) -> bool:
    """The candidate stands in the article's first line, a headline of one sentence."""
    return c.sent == 0 and r.paragraph_of(c.start) == 0 and (
        len(r.sents) < 2 or r.paragraph_of(r.sents[1].start) > 0)


def _named_since(r: Resolver, entity: str, at: int, sents_back: int) -> bool:
    return any(e == entity for _, _, e in r.before(at, sents_back))


def fits(r: Resolver, entity: str, kind: str) -> bool:
    """Whether the entity is what a noun of this kind of fit can refer to (see
    `data/reference_nouns.txt`); the kinds not checked on the name fit any."""
    name = fold(r.name_of(entity))
    if kind == "country":
        return name in countries()
    if kind == "office":        # a state body is named plainly ("ГИБДД", "Роспотребнадзор"), not "Bentley"
        if fits(r, entity, "court"):
            return False        # a court is no "ведомство"
        # and with a body's noun when named in words: not "Павлодарский нефтехимический завод"
        words, bodies = r.name_of(entity).split(), load_set("state_body_nouns")
        return all(named_as(r, m.start, m.stop) == "office" for m in r.entities[entity].mentions) and (
            len(words) == 1 or any(word.isupper() or morph.lemma(fold(word)) in bodies
                                   or word[:1].isupper() and fold(word).startswith(MINISTRY_STEMS) for word in words))
    if kind == "company":       # no state body: "Следственный комитет" is no "компания"
        bodies = load_set("state_body_nouns")
        return not (is_ministry(name) or fits(r, entity, "court")
                    or any(morph.lemma(word) in bodies for word in name.split()))
    if kind == "court":         # "Мосгорсуд", "Верховный суд", "Гаагский трибунал"; not "Twitter"
        return any(word.endswith(COURT_WORDS) for word in name.split())
    if kind == "ministry":
        return is_ministry(name)
    if kind == "republic":      # a country or a region ("Беларусь", "Чечня"; not "Европа")
        return name in countries() or fits(r, entity, "region")
    if kind == "city":
        # no country, part of the world or region, nor a feature named with a common noun
        # ("Воробьевые горы")
        return name not in known_places() and not fits(r, entity, "region") and all(
            word[:1].isupper() for word in r.name_of(entity).split())
    if kind == "region":
        words = name.split()
        return bool(REGION_WORDS & set(words)) or name in known_regions() or (
            len(words) == 1 and name.endswith("ия") and name not in known_places())
    return True


COURT_WORDS = ("суд", "суда", "трибунал", "трибунала")     # a court's name in the nominative or the genitive

# the words of a region's name ("Свердловская область"); a one-word region mostly ends in
# "-ия" ("Башкирия", "Калифорния")
REGION_WORDS = frozenset({"область", "край", "округ", "республика", "штат", "провинция"})


# a government is named by its place ("Правительство России"); alone, it is that place's
GOVERNMENTS = frozenset({"правительство", "кабмин"})


def noun_anaphor(r: Resolver, c: Candidate) -> Optional[str]:
    """An organisation or place noun with no name of its own refers to the last entity
    of its type that fits: the one introduced with the same noun, else the last one named
    (of several organisations, the one named as the noun's kind, else the only one named
    since the sentence before, else the most named);
    none when the noun is a predicate or a word before it sets it apart (`_set_apart`)."""
    owner = _owner_after(r, c)
    if c.kind != "noun" or owner is not None and (r.type_of(owner[2]) != "PER" or c.fits == "party"):
        return None       # "столица Украины", "партии Олега Сидорова": one of its own; "страны Александр Лукашенко" is fine
    lemma = morph.lemma(c.word)
    if _predicate(r, c, lemma):
        return None
    if _own_dependents(r, c):
        return None
    found = capital_of_adjective(r, c) or _noun_antecedent(r, c, lemma)
    if found is not None and c.fits == "party" and _described_otherwise(r, c, found):
        return None     # "правящей партии", "первую партию" (of goods): another one, or no party
    return None if found is None or _set_apart(r, c, found) or _indefinite(r, c) else found


def _own_dependents(r: Resolver, c: Candidate) -> bool:
    """Words after the noun that say which one it is ("агентство ядерной безопасности",
    "агентстве недвижимости"): a thing of its own, not the one named before. Only a word
    that can be nothing but a genitive counts ("россиян" may be the verb's object)."""
    nxt = _next_word(r, c, skip_quotes=False)
    if nxt is None or not nxt.text.isalpha() or not nxt.text.islower():
        return False
    parses = morph.parse(fold(nxt.text))
    # an adjective's animate accusative is its genitive form ("финансового")
    return bool(parses) and all(p.tag.POS in ("NOUN", "ADJF") and "Apro" not in p.tag and (
        p.tag.case == "gent" or p.tag.POS == "ADJF" and p.tag.case == "accs" and "anim" in p.tag) for p in parses)


def _noun_antecedent(r: Resolver, c: Candidate, lemma: str) -> Optional[str]:
    """The entity `noun_anaphor` takes for the noun, before the words around it are asked."""
    window = r.before(c.start, NOUN_SENTS_BACK)
    floor = window[0][0] if window else c.start
    tokens = _tokens(r, c)
    field = office_field([t.text for t in tokens[max(0, c.token - 2):c.token]]) if c.type == "ORG" else None

    def fit(e: str) -> bool:     # "военное ведомство": of the offices, the one of defence
        return fits(r, e, c.fits) and (field is None or in_field(r.name_of(e), field))
    described = [(s, e) for s, e in r.described(lemma)
                 if floor <= s < c.start and r.type_of(e) == c.type and fit(e)]
    if lemma in GOVERNMENTS:    # "Правительство Эстонии ... решение кабмина": the place's own
        described = sorted(described + [(s, e) for noun in GOVERNMENTS for s, e in r.described(noun)
                                        if floor <= s < c.start and r.type_of(e) == "LOC"])
    if described:
        return described[-1][1]
    if _in_headline(r, c):
        # "Каждый десятый нотариус получил место по блату, установил суд": the lead names it
        lead = [e for s, e in r.described(lemma) if s > c.start and r.sent_of(s) <= c.sent + HEADLINE_LEAD
                and r.type_of(e) == c.type and fit(e)]
        if lead:
            return lead[0]
    if c.fits == "named":
        return None
    if c.fits == "side":        # "российская сторона": the country of the adjective
        return country_of_adjective(r, c)
    if c.fits == "outlet":      # "собеседник агентства": the outlet that relays the news
        return r.outlet_before(c.start)
    if c.fits == "country":
        own = _country_of_sentence(r, c)
        if own is not None:
            return own
    fitting = [e for _, _, e in window if r.type_of(e) == c.type and fit(e)]
    if c.type == "ORG":     # "сообщает РИА Новости" relays; "ведомство", "компания" are who it reports on
        fitting = [e for e in fitting if e not in r.outlets()]
    if not fitting:
        return r.main_country(c.start) if c.fits == "country" else None
    if c.type == "ORG" and len(set(fitting)) > ORGS_IN_VIEW:
        # several organisations in view: only the way a company or an office is named tells
        kind = body_kind(lemma)
        named = {e for s, t, e in window if e in fitting and (s, t) in r.mention_set and named_as(r, s, t) == kind}
        if kind is not None and len(named) == 1:
            return named.pop()
        near = {e for _, _, e in r.before(c.start, 1) if e in fitting}
        if len(near) == 1:
            return near.pop()
        return _most_named(r, set(fitting), c.start)
    return fitting[-1]


def _country_of_sentence(r: Resolver, c: Candidate) -> Optional[str]:
    """"Иранский генерал, которому запрещен выезд из страны", "французы объясняют ...
    престижа страны": the one country an adjective or a people's name of the sentence
    before the noun is made from, when no country is named between."""
    tokens = _tokens(r, c)
    sent_start = r.sents[c.sent].start
    if any(e.type == "LOC" and fits(r, e.id, "country") for _, _, e in r.entities_in(sent_start, c.start)):
        return None
    countries_named = {e for _, _, e in r.named[:bisect_left(r.named_starts, c.start)]
                       if r.type_of(e) == "LOC" and fits(r, e, "country")}
    found = set()
    for token in tokens[:c.token]:
        word = fold(token.text).lower()
        if len(word) >= 5 and word.isalpha() and r.mention_at(token.start, token.stop) is None:
            found |= _places_made_from(r, c.start, word, countries_named)
    return found.pop() if len(found) == 1 else None


def _most_named(r: Resolver, entities: set[str], before: int) -> Optional[str]:
    """Of several organisations in view, the one the article has named most often so far,
    when no other has been named as often: what the article is about ("Toyota" against the
    "GM" it is compared with). Right for about two in five such links on RuCoCo, against
    none found before."""
    counts = {e: 0 for e in entities}
    for _, _, e in r.named[:bisect_left(r.named_starts, before)]:
        if e in counts:
            counts[e] += 1
    top = sorted(counts.values(), reverse=True)
    return max(counts, key=counts.get) if len(top) == 1 or top[0] > top[1] else None


def body_kind(lemma: str) -> Optional[str]:
    """How an organisation a noun means is named: "company", in quotation marks or in Latin
    letters ("«Газпром»", "Renault"), for a company's noun; "office", plainly in Cyrillic
    ("Минфин", "ФАС", "Министерство образования"), for a state office's; else None."""
    kind = reference_nouns().get(lemma, ("", ""))[1]
    return "company" if kind == "company" else "office" if kind in ("office", "ministry") else None


def named_as(r: Resolver, start: int, stop: int) -> str:
    # in quotation marks, or after a legal form in capitals ("ТОО «Карагандинские тепловые сети»")
    words = r.text[start:stop].split()
    quoted = start > 0 and r.text[start - 1] in QUOTE_CHARS or (
        len(words) > 1 and words[0].isupper() and fold(words[0]) in load_set("org_descriptors"))
    latin = any("a" <= ch.lower() <= "z" for ch in r.text[start:stop])
    return "company" if quoted or latin else "office"


def country_of_adjective(r: Resolver, c: Candidate) -> Optional[str]:
    """The place named before whose name shares its stem with the adjective before the
    noun: "германская сторона" -> Германия, "российской стороны" -> Россия."""
    tokens = _tokens(r, c)
    if c.token == 0:
        return None
    adjective = fold(tokens[c.token - 1].text)
    if len(adjective) < 6 or not any(p.tag.POS == "ADJF" for p in morph.parse(adjective)[:2]):
        return None
    places = _places_made_from(r, c.start, adjective)
    return places.pop() if len(places) == 1 else None


def _places_made_from(r: Resolver, before: int, word: str, places: Optional[set[str]] = None) -> set[str]:
    """The places named before `before` whose name an adjective or a people's name is made
    from ("германская" of Германия, "англичане" of Англия); of `places` when given."""
    if places is None:
        places = {e for _, _, e in r.named[:bisect_left(r.named_starts, before)] if r.type_of(e) == "LOC"}
    return {e for e in places if adjective_of_place(word, r.name_of(e))}


def introduced_noun(r: Resolver, c: Candidate) -> Optional[str]:
    """A noun an entity was introduced with refers to the last one introduced with it
    that agrees: "Басманный суд ... суд постановил", "итальянец Марко Росси ... итальянец
    выиграл"."""
    if c.kind != "introduced" or _owner_after(r, c) is not None:
        return None
    lemma = noun_reading(c.word)[0]
    before = [e for s, e in r.introduced().get(lemma, ()) if s < c.start and agrees(c, r.agreement(e))]
    if not before or not _named_since(r, before[-1], c.start, NOUN_SENTS_BACK):
        return None     # out of view: the noun is more likely another of its kind
    if _described_otherwise(r, c, before[-1]) or _indefinite(r, c):
        return None
    return before[-1]


# words that bring in one not named before ("другой итальянец", "неизвестный мужчина")
INDEFINITE = frozenset({"неизвестный", "некий", "какой-то", "другой", "неназванный", "анонимный", "один"})


def _indefinite(r: Resolver, c: Candidate) -> bool:
    """A word before the noun that brings in a new one ("другой суд")."""
    tokens = _tokens(r, c)
    return c.token > 0 and morph.lemma(fold(tokens[c.token - 1].text)) in INDEFINITE


def _described_otherwise(r: Resolver, c: Candidate, entity: str) -> bool:
    """The noun has a word before it that sets it apart from the entity: a number ("2007
    года") or an adjective not in the entity's name ("нового стадиона", "русского цирка";
    "петербургского цирка" of "петербургский Цирк на Фонтанке" is the same)."""
    if c.token == 0:
        return False
    word = _tokens(r, c)[c.token - 1].text
    if word[:1].isdigit():
        return True
    folded = fold(word)
    if not folded.isalpha() or not any(p.tag.POS == "ADJF" and "Apro" not in p.tag for p in morph.parse(folded)[:1]):
        return False
    stems = [fold(name_word)[:5] for name_word in r.name_of(entity).split()]
    return folded[:5] not in stems


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
    if c.word in GENITIVE_RELATIVES:    # "холдинга «Медиа-Мост», счета которого": its noun may come first
        while k > c.token - 5 and k >= 1 and tokens[k].text.isalpha() and tokens[k].text.islower():
            k -= 1
    elif k >= 0 and fold(tokens[k].text) in PREPOSITIONS:
        k -= 1
    if k < 1 or tokens[k].text != ",":
        return None
    k -= 1
    if tokens[k].text == ")":       # "группировка «Таухид» («Единобожие»), которую": past the aside
        while k > 0 and tokens[k].text != "(":
            k -= 1
        k -= 1
    found = _name_ending(r, tokens, k)
    if found is None and c.agrees == {"place"}:
        found = _before_apposition(r, tokens, k)
    if found is None:
        return None
    if r.type_of(found[2]) == "LOC" and c.agrees != {"place"}:
        # "Нацбанку Казахстана, который", "МИД России, который": the organisation the place owns
        body = _ending_at(r, found[0] - 1) if r.text[found[0] - 1:found[0]] == " " else None
        if body is not None and r.type_of(body[2]) == "ORG" and agrees(c, r.agreement(body[2])):
            found = body
    entity = found[2]
    if c.agrees == {"place"}:
        return entity if r.type_of(entity) in ("LOC", "ORG") else None
    if agrees(c, r.agreement(entity)) or _descriptor_agrees(r, c, found[0]):
        return entity
    return None


APPOSITION_REACH = 5    # words of an apposition between a name and "где" ("одной из редких территорий")


def _before_apposition(r: Resolver, tokens: list[Token], k: int) -> Optional[tuple[int, int, str]]:
    """The name before an apposition that ends at token k: "в Лапландию, одну из самых
    холодных областей, где", "в «Олимпийский» - концертную площадку, где", "на Тверскую
    улицу, дом 29, где": a place's "где" may follow what the name is said to be."""
    j = k
    while j > 0 and k - j < APPOSITION_REACH and (tokens[j].text.isalnum() and not tokens[j].text[:1].isupper()):
        j -= 1
    if j == k or tokens[j].text not in (",", *DASHES) or j == 0 or fold(tokens[j + 1].text) in PREPOSITIONS:
        return None     # "МЧС Казахстана, в районной больнице, куда": a place of its own
    if not any(noun_reading(fold(t.text)) is not None for t in tokens[j + 1:k + 1]):
        return None     # an apposition has a noun: not "… Москву, а затем, где"
    return _name_ending(r, tokens, j - 1)


def _name_ending(r: Resolver, tokens: list[Token], k: int) -> Optional[tuple[int, int, str]]:
    """The mention that ends with token k, or with the quoted name that closes there
    (АЭС "Северная-2" holds its closing quote; «Олимпийский» does not)."""
    found = _ending_at(r, tokens[k].stop)
    while found is None and k > 0 and tokens[k].text in QUOTE_CHARS:
        k -= 1
        found = _ending_at(r, tokens[k].stop)
    return found


def owned_before(r: Resolver, c: Candidate) -> bool:
    """The name a relative follows is the genitive of the noun that heads the phrase, so the
    relative's clause is said of that noun, not of the name: someone serving or kin to a
    person ("представителя Березовского, который"), or a thing an organisation owns
    ("владельцев смартфонов Samsung, которые"). `relative` still links the name, as the
    one the phrase names; who speaks in the clause is the head."""
    tokens = _tokens(r, c)
    if c.token < 2 or tokens[c.token - 1].text != ",":
        return False
    found = _ending_at(r, tokens[c.token - 2].stop)
    if found is None:
        return False
    word = _word_before(r, found[0])
    if r.type_of(found[2]) != "PER":
        reading = noun_reading(fold(word)) if word.islower() else None
        return reading is not None and reading[0].rsplit("-", 1)[-1] not in reference_nouns()
    return _served_before(r, c, found)


def _served_before(r: Resolver, c: Candidate, found: tuple[int, int, str]) -> bool:
    """A person named in the genitive after a noun for someone who serves or is kin to
    them ("представителя Березовского", "сына Иванова"), the noun agreeing with the
    relative: the relative stands for that unnamed noun, not for the name."""
    word = fold(_word_before(r, found[0]))
    if r.type_of(found[2]) != "PER" or not word.isalpha() or "gent" not in cases(r.text[found[0]:found[1]].split()[0]):
        return False
    parses = [p for p in morph.parse(word) if p.tag.POS == "NOUN" and p.tag.case == "gent"
              and p.normal_form in load_set("person_serving_posts") | load_set("person_relations")]
    return any(("plur" if p.tag.number == "plur" else p.tag.gender) in c.agrees for p in parses)


def _word_before(r: Resolver, start: int) -> str:
    """The word right before a name, past an opening quotation mark ("компании «X»"), else ""."""
    before = r.text[max(0, start - 30):start].rstrip(" «\"„“").split()
    return before[-1] if before else ""


def _descriptor_agrees(r: Resolver, c: Candidate, start: int) -> bool:
    """The noun right before the name agrees with the relative: "телеканала «Россия»,
    который", "компании «Аэрофлот», принадлежащий которой"."""
    word = _word_before(r, start)
    if not word.replace("-", "").isalpha() or c.agrees == frozenset():
        return False
    if word.islower() or word[1:].islower():    # "телеканала", "интернет-издание", "Компания" opening its sentence
        reading = noun_reading(fold(word))
        number, gender = (reading[1], reading[2]) if reading else ("", "")
    else:                           # an abbreviation: "ООО «Евразия», которое"
        parses = [p for p in morph.parse(fold(word))[:1] if "Abbr" in p.tag and p.tag.POS == "NOUN"]
        number, gender = (str(parses[0].tag.number), str(parses[0].tag.gender)) if parses else ("", "")
    return ("plur" if number == "plur" else gender) in c.agrees


NOMINATIVE_RELATIVES = frozenset({"который", "которая", "которое", "которые"})
GENITIVE_RELATIVES = frozenset({"которого", "которой", "которых"})
CLAUSE_OPENERS = frozenset("что чтобы который которая которое которые которого которой которому которым которых "
                           "котором которую если когда где пока хотя поскольку чего".split())


def reflexive(r: Resolver, c: Candidate) -> Optional[str]:
    """"свой" stands for the subject of its clause: the first name, or word found to refer
    to one, in the nominative from where the clause opens; else the subject named after it;
    in a clause with no subject of its own, the subject of the clause it hangs on."""
    if c.kind != "reflexive":
        return None
    tokens = _tokens(r, c)
    first = 0
    for k in range(c.token - 1, -1, -1):
        if tokens[k].text in (";", ":") or fold(tokens[k].text) in CLAUSE_OPENERS:
            # "Клеричи, которая ... со своей собакой": a "которая" in the nominative is the subject
            first = k if fold(tokens[k].text) in NOMINATIVE_RELATIVES else k + 1
            break
        if (tokens[k].text == "," and k + 1 < c.token and morph.lemma(fold(tokens[k + 1].text)) in speech_verb_lemmas()
                and _nominative_between(r, c, tokens[k + 1].stop, c.start) is not None):
            first = k + 1   # "Q, сообщил министр Рустем Умеров в своем Telegram-канале": the attribution's own clause
            break
    found = _subject_before(r, c, tokens[first].start, c.start) or _body_speaking(r, c, first) \
        or _group_subject(r, tokens, first, c.token) or _subject_after(r, c, first)
    if found is not None or first == 0 or _unnamed_subject(tokens, first, c.token):
        return found
    return _main_clause_subject(r, c, first)


def _group_subject(r: Resolver, tokens: list[Token], first: int, last: int) -> Optional[str]:
    """The clause's subject is a group of an organisation's or a place's people ("Власти
    Омска начали ремонт своих дорог", "Эксперты МОК"): that organisation or place, as RuCoCo
    links "свой" of such a group."""
    for k in range(first, last):
        parses = morph.parse(fold(tokens[k].text))
        if not parses or k > 0 and fold(tokens[k - 1].text) in PREPOSITIONS:
            continue
        if any(p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "plur"
               and ("anim" in p.tag or p.normal_form in GROUP_BODIES) for p in parses[:2]):
            return _group_owner(r, tokens, k)
        if parses[0].tag.POS in ("NOUN", "NPRO") and parses[0].tag.case == "nomn":
            return None     # another subject comes first
    return None


GROUP_BODIES = frozenset({"власть"})    # "власти Омска": inanimate for pymorphy, a group of people all the same


def _body_speaking(r: Resolver, c: Candidate, first: int) -> Optional[str]:
    """"В ГУВД отрицают ... и в подтверждение своих слов": a clause with no subject whose
    verb is a plural after "в <organisation>" has that organisation for its subject."""
    tokens = _tokens(r, c)
    for k in range(max(first, 1), c.token - 1):
        if fold(tokens[k - 1].text) not in ("в", "во"):
            continue
        mention = r.mention_at(tokens[k].start, tokens[k].stop)
        if mention is None or r.type_of(mention[2]) != "ORG" or mention[0] != tokens[k].start:
            continue
        after = bisect_left(r.token_stops(c.sent), mention[1]) + 1     # the token after the name
        if after < c.token and any(p.tag.POS == "VERB" and p.tag.number == "plur" and p.tag.person == "3per"
                                   for p in morph.parse(fold(tokens[after].text))[:1]):
            return mention[2]
    return None


def _subject_before(r: Resolver, c: Candidate, start: int, stop: int) -> Optional[str]:
    """The first name (or word found to refer to one) in the nominative between `start`
    and `stop`, outside an aside that gives a source ("По данным газеты X, ...")."""
    mention = _nominative_between(r, c, start, stop)
    return mention[2] if mention is not None else None


def _nominative_between(r: Resolver, c: Candidate, start: int, stop: int) -> Optional[tuple[int, int, str]]:
    lo, hi = bisect_left(r.named_starts, start), bisect_left(r.named_starts, stop)
    for mention in r.named[lo:hi]:
        if (mention[1] <= stop and _nominative_mention(r, mention[0], mention[1])
                and not _in_source_aside(r, c.sent, mention[0]) and not _owner_of_post(r, mention)):
            return mention
    return None


def _owner_of_post(r: Resolver, mention: tuple[int, int, str]) -> bool:
    """An organisation or place right after a post ("Глава МИД Украины Андрей Сибига"):
    the post's owner, whatever case its indeclinable name reads in, not the subject."""
    if r.type_of(mention[2]) == "PER":
        return False
    word = _word_before(r, mention[0])
    if not word.isalpha():
        return False
    lemma = morph.lemma(fold(word))
    return lemma in person_titles() or lemma in HEAD_NOUNS


def _main_clause_subject(r: Resolver, c: Candidate, first: int) -> Optional[str]:
    """"Кличко объяснил, что собирается ... своей страны": the subject before the clause
    opener, unless it depends on a noun that is the real subject ("Лидер партии X заявила, что")."""
    tokens = _tokens(r, c)
    mention = _nominative_between(r, c, tokens[0].start, tokens[first].start)
    if mention is None:
        return None
    k = bisect_right(r.token_stops(c.sent), mention[0])
    return None if k > 1 and _unnamed_subject(tokens, 0, k - 1) else mention[2]


def _unnamed_subject(tokens: list[Token], first: int, last: int) -> bool:
    """A common noun or a pronoun in the nominative, not after a preposition, among the
    tokens first..last-1: a subject of the clause that the text did not name."""
    for k in range(first, last):
        parses = morph.parse(fold(tokens[k].text))[:1]
        if (parses and parses[0].tag.POS in ("NOUN", "NPRO") and parses[0].tag.case == "nomn"
                and not (k > 0 and fold(tokens[k - 1].text) in PREPOSITIONS)):
            return True
    return False


def _nominative_mention(r: Resolver, start: int, stop: int) -> bool:
    words = r.text[start:stop].split()
    return not _after_preposition(r, start) and bool(words) and is_nominative(words[0])


ASIDE_START = re.compile(r"[,.;:!?(—–-]")


def _in_source_aside(r: Resolver, sent: int, start: int) -> bool:
    """The name stands in an aside that gives a source, not in the clause's subject: one
    that opens with a source phrase ("По данным газеты Globo, форвард ...") or with "как"
    and a verb of saying ("как сообщает газета X, ...")."""
    words = fold(ASIDE_START.split(r.text[r.sents[sent].start:start])[-1]).split()
    if words[:1] == ["как"] and len(words) > 1:
        return morph.lemma(words[1]) in speech_verb_lemmas()
    return any(tuple(words[:len(phrase)]) == phrase for phrase in source_phrases())


SINGULAR_SUBJECTS = frozenset({"он", "она"})      # a personal pronoun that can be a clause's subject


def _subject_after(r: Resolver, c: Candidate, first: int) -> Optional[str]:
    """A subject named later in the clause: "В своей книге Иванов пишет", "берёт на себя
    группировка X"; past the comma of a clause that opens with a gerund ("Выражая своё
    мнение, Лавров ...")."""
    tokens = _tokens(r, c)
    commas = 1 if any(p.tag.POS == "GRND" for p in morph.parse(fold(tokens[first].text))[:1]) else 0
    for k in range(c.token + 1, len(tokens)):
        text = tokens[k].text
        if text in (";", ":", "(") or fold(text) in CLAUSE_OPENERS:
            return None
        if text == ",":
            if commas == 0:
                return None
            commas -= 1
            continue
        mention = r.mention_at(tokens[k].start, tokens[k].stop)
        if mention is not None and mention[0] == tokens[k].start and _nominative_mention(r, mention[0], mention[1]):
            return mention[2]
        if fold(text) in SINGULAR_SUBJECTS:     # "Назначение своей жены он считает законным"
            kind, agreement = pronouns()[fold(text)]
            return pronoun(r, Candidate(c.sent, k, tokens[k].start, tokens[k].stop, fold(text), kind, agreement))
    return None


def is_subject(r: Resolver, mention: tuple[int, int, str]) -> bool:
    """Named in the nominative, and not as a noun's dependent ("премьер-министром РФ");
    asked once a mention (every pronoun after it weighs the same mention again)."""
    key = (mention[0], mention[1])
    if key not in r.subjects:
        r.subjects[key] = _reads_as_subject(r, mention)
    return r.subjects[key]


def _reads_as_subject(r: Resolver, mention: tuple[int, int, str]) -> bool:
    si = r.sent_of(mention[0])
    tokens = r.sents[si].tokens
    k = bisect_right(r.token_stops(si), mention[0])
    before = tokens[k - 1].text if 0 < k <= len(tokens) else ""
    words = r.text[mention[0]:mention[1]].split()
    if not words or fold(before) in PREPOSITIONS or not is_nominative(words[0]):
        return False
    if 1 < k and (fold(tokens[k - 2].text) in PREPOSITIONS or tokens[k - 2].text.isdigit()) \
            and genitive_reading(words[0]) is None:
        return True     # "во вторник Госсовет", "22 февраля Рада": the noun is a time's, not the name's head
    return not (before[:1].islower() and noun_reading(fold(before)) is not None)


def _same_clause(r: Resolver, start: int, stop: int) -> bool:
    """No punctuation, "что" or a spaced hyphen standing for a dash ("Хакаби - у него 34%") between."""
    words = r.text[start:stop]
    return not any(ch in CLAUSE_BREAKS for ch in words) and " что " not in words and " - " not in words


# what makes an entity the one a pronoun means: each feature's weight, summed. Fitted on
# the pronouns of RuCoCo's even half and checked on its odd half (the same gain on both)
SALIENCE = {
    "sentence back": -1.0,          # per sentence between the name and the pronoun
    "subject": 1.0,                 # named in the nominative, not after a preposition
    "person": 1.5,                  # people are spoken of as "он", "она" most
    "same paragraph": 1.0,
    "own clause subject": -2.5,     # "Иванов похвалил его": not the subject of its own clause
    "topic": 1.5,                   # the first person the article names is what it is about
    "through a reference": -2.0,    # a pronoun found before is a weaker antecedent than a name
}
LEAST_SALIENCE = -100.0             # below this, no entity is salient enough


def _after_preposition(r: Resolver, start: int) -> bool:
    before = r.text[max(0, start - 6):start].split()
    return bool(before) and fold(before[-1]) in PREPOSITIONS


def salience_features(r: Resolver, c: Candidate, m: tuple[int, int, str]) -> dict[str, float]:
    """What speaks for the mention `m` being what the pronoun `c` means (see SALIENCE)."""
    entity = m[2]
    type = r.type_of(entity)
    subject = is_subject(r, m)
    distance = c.sent - r.sent_of(m[0])
    own_clause = (distance == 0 and subject and c.word not in ("он", "она", "оно", "они")
                  and _same_clause(r, m[1], c.start))
    return {"sentence back": distance, "subject": subject, "person": type == "PER",
            "same paragraph": r.paragraph_of(m[0]) == r.paragraph_of(c.start),
            "own clause subject": own_clause, "topic": entity == r.first_person(),
            "through a reference": (m[0], m[1]) not in r.mention_set}


def salience(features: dict[str, float]) -> float:
    return sum(SALIENCE[name] * value for name, value in features.items())


def demonym(r: Resolver, c: Candidate) -> Optional[str]:
    """"россиянин", "американка" with no name beside: the person of that gender the text
    is about, as "он" or "она" would be ("Давыденко вышел в финал. Россиянин ...")."""
    if c.kind != "demonym" or _indefinite(r, c) or _predicate(r, c, noun_reading(c.word)[0]):
        return None
    nxt = _next_word(r, c)
    if nxt is not None and nxt.text[:1].isupper():
        return None     # "россиянин Квят": a name of its own, tagged or not
    return person_in_view(r, c)


def people(r: Resolver, c: Candidate) -> Optional[str]:
    """A country's natives in the plural ("израильтяне", "американцы") stand for the one
    country named before whose name theirs is made from, as RuCoCo links them; not with a
    name right after ("россияне Иван и Олег Петровы")."""
    if c.kind != "people" or _indefinite(r, c) or not _acting(r, c):
        return None
    nxt = _next_word(r, c)
    if nxt is not None and nxt.text[:1].isupper():
        return None
    places = _places_made_from(r, c.start, c.word)
    return places.pop() if len(places) == 1 else None


def _acting(r: Resolver, c: Candidate) -> bool:
    """The people's name is a subject in the nominative with nothing before it that picks
    some of them out ("израильтяне предложили", not "37% россиян", "большинство японцев",
    "многие китайцы"): the nation acting, not a population."""
    if not any(p.tag.case == "nomn" for p in morph.parse(c.word)[:2]):
        return False
    if c.token == 0:
        return True
    before = fold(_tokens(r, c)[c.token - 1].text)
    return not (before.isalpha() and before.islower()) or not any(
        p.tag.POS in ("ADJF", "PRTF", "NUMR", "PREP") or "Apro" in p.tag for p in morph.parse(before)[:2])


def person_in_view(r: Resolver, c: Candidate) -> Optional[str]:
    """The person a noun for one means when nothing beside it names them: whom "он" or
    "она" (by the noun's gender) would mean there."""
    word = "она" if c.agrees == {"femn"} else "он"
    found = salient_person(r, Candidate(c.sent, c.token, c.start, c.stop, word, "personal", c.agrees))
    return found if found is not None and r.type_of(found) == "PER" else None


def person_noun(r: Resolver, c: Candidate) -> Optional[str]:
    """An occupation no role of the article holds ("артист", "учёный"), read as one first
    ("критика" is criticism), with no name or owner beside it: the person of its gender
    in view, as "он" would be."""
    # occupations, not offices: an office ("министр") with no holder in the roles is mostly
    # someone the article never named; an occupation ("артист", "учёный") mostly the person in
    # view (about half such links right on RuCoCo, against a quarter with offices too)
    if (c.kind != "post" or c.lemma not in load_set("professions") or morph.lemma(c.word) != c.lemma
            or _predicate(r, c, c.lemma) or _names_the_office(r, c) or _describes_name_before(r, c)
            or _indefinite(r, c) or _own_dependents(r, c)):
        return None
    nxt = _next_word(r, c)
    if nxt is not None and (nxt.text[:1].isupper() or r.mention_at(nxt.start, nxt.stop) is not None):
        return None
    if r.titled(c.start, c.stop) is not None:
        return None     # "агент футболиста Андрей Сафронов": the title of the name after it
    return person_in_view(r, c)


def case_party(r: Resolver, c: Candidate) -> Optional[str]:
    """"задержанный", "пострадавшая" said alone (not "задержанный автомобиль", not
    "задержанный Петров"): the person of that gender in view, as "он" or "она" would be."""
    if c.kind != "participle" or _indefinite(r, c):
        return None
    before = r.text[max(0, c.start - 14):c.start].lower().split()
    if before[-2:] == ["в", "качестве"] or (before and any("Anum" in p.tag for p in morph.parse(before[-1])[:1])):
        return None     # "допрошен в качестве обвиняемого" says what he is; "четвёртый подозреваемый" is another
    nxt = _next_word(r, c)
    if nxt is not None and (nxt.text[:1].isupper() or is_np_word(nxt) or is_modifier(fold(nxt.text))):
        return None     # a name of its own, or a noun the participle describes
    person = person_in_view(r, c)
    return person if person is not None and _said_of(r, c, person) else None


PARTY_STEM = 5      # letters of a participle that name its verb ("задер-жан", "постр-адавший")
PARTY_REACH = 2     # words between the verb and the name it was said of ("задержан 25-летний Иван Петров")


def _said_of(r: Resolver, c: Candidate, person: str) -> bool:
    """The verb of the participle was said of the person right beside a name of theirs
    before ("Иван Петров был задержан", "задержали Ивана Петрова"): not the victim named
    in "задержали мужчину, подозреваемого в убийстве Олега Кузнецова"."""
    stem = c.word[:PARTY_STEM]
    for start, stop, entity in r.before(c.start, SENTS_BACK):
        if entity != person or (start, stop) not in r.mention_set:
            continue
        tokens = r.sents[r.sent_of(start)].tokens
        stops = [token.stop for token in tokens]
        first, last = bisect_right(stops, start), bisect_left(stops, stop)     # the name's first and last token
        near = tokens[max(0, first - PARTY_REACH - 1):first] + tokens[last + 1:last + PARTY_REACH + 2]
        if any(fold(token.text).startswith(stem) for token in near):
            return True
    return False


def pronoun(r: Resolver, c: Candidate) -> Optional[str]:
    """A personal pronoun: the entity that agrees with it and is most salient: named
    recently, as a subject, in the same paragraph; a person before a place or an
    organisation, and never the subject of the pronoun's own clause ("Иванов похвалил его")."""
    if c.kind != "personal" or c.agrees == PLURAL:
        return None     # "они", "их": mostly a group the text never named
    return _named_in_brackets(r, c) or salient_person(r, c) or _headline_person(r, c)


def _headline_person(r: Resolver, c: Candidate) -> Optional[str]:
    """"он" in a headline that names no person before it ("Постпред возмущен: он не
    запрещал ..."): the first person the article names, when of its gender."""
    if not _in_headline(r, c) or any(r.type_of(e) == "PER" for _, _, e in r.before(c.start, 0)):
        return None
    person = r.first_person()
    return person if person is not None and agrees(c, r.agreement(person)) else None


PARTITIVE = frozenset({"из", "среди"})
GROUP_REACH = 4     # words between a group's noun and the name of its organisation ("хоккеистки сборной России")


def group_pronoun(r: Resolver, c: Candidate) -> Optional[str]:
    """"они", "их" whose nearest plural noun, in their sentence or the one before, is a
    group of people: the organisation or place named right after it ("эксперты МОК. Им
    покажут", "представители Google ... они", "жители Омска ... они", as RuCoCo links
    them), or the country of a people's name ("англичане ... они"). A plural thing (but
    one after a preposition) or an unnamed group nearer stops the search."""
    if c.kind != "personal" or c.agrees != PLURAL:
        return None
    if c.token > 0 and fold(_tokens(r, c)[c.token - 1].text) in PARTITIVE:
        return None     # "двое из них", "среди них": some of a group, seldom an organisation's
    for si in (c.sent, c.sent - 1):
        if si < 0:
            return None
        tokens = r.sents[si].tokens
        end = c.token if si == c.sent else len(tokens)
        for k in range(end - 1, -1, -1):
            word = tokens[k].text
            if not word.isalpha() or r.mention_at(tokens[k].start, tokens[k].stop) is not None or not (
                    word[:1].islower() or k == 0):
                continue
            parses = morph.parse(fold(word))
            if not parses:
                continue
            parse = parses[0]
            if k == 0:  # a sentence opens with its subject: "Хоккеистки сборной" are several
                parse = next((p for p in parses if p.tag.POS == "NOUN" and {"plur", "nomn"} <= p.tag.grammemes), parse)
            if parse.tag.POS != "NOUN" or parse.tag.number != "plur":
                continue
            if "anim" not in parse.tag:
                if k > 0 and fold(tokens[k - 1].text) in PREPOSITIONS:
                    continue    # "прибыли на переговоры. Позже они": a thing after a preposition is seldom "они"
                return None
            return _group_owner(r, tokens, k) or _country_of_people(r, c, fold(word))
    return None


def _group_owner(r: Resolver, tokens: list[Token], k: int) -> Optional[str]:
    """The organisation or place named in the genitive right after a group's noun, whose
    people act for it or live there ("эксперты МОК", "жители Омска")."""
    for j in range(k + 1, min(len(tokens), k + 1 + GROUP_REACH)):
        mention = r.mention_at(tokens[j].start, tokens[j].stop)
        if mention is not None:
            return mention[2] if r.type_of(mention[2]) in ("ORG", "LOC") else None
        if tokens[j].text in QUOTE_CHARS:
            continue
        if not (tokens[j].text.isalpha() and tokens[j].text.islower() and fold(tokens[j].text) not in PREPOSITIONS
                and any(p.tag.case == "gent" for p in morph.parse(fold(tokens[j].text))[:2])):
            return None
    return None


def _country_of_people(r: Resolver, c: Candidate, word: str) -> Optional[str]:
    """The one place named before whose name shares its stem with a people's name
    ("англичане" of Англия, "израильтяне" of Израиль)."""
    places = _places_made_from(r, c.start, word)
    return places.pop() if len(places) == 1 else None


def _named_in_brackets(r: Resolver, c: Candidate) -> Optional[str]:
    """"Он (Березовский) заявил": the name the writer put in brackets after the pronoun."""
    tokens = _tokens(r, c)
    k = c.token + 1
    if k + 2 >= len(tokens) or tokens[k].text != "(":
        return None
    mention = r.mention_at(tokens[k + 1].start, tokens[k + 1].stop)
    return mention[2] if mention is not None and r.type_of(mention[2]) == "PER" else None


def salient_person(r: Resolver, c: Candidate) -> Optional[str]:
    """The most salient entity that agrees with `c`, when it is a person (see `pronoun`),
    or an organisation or place that `_thing_in_view` allows."""
    best, best_score = None, None
    for m in r.before(c.start, SENTS_BACK):
        if not (agrees(c, r.agreement(m[2])) or _noun_agrees(r, c, m)) or in_quoted_title(r.text, m[0], m[1]):
            continue    # "закона Димы Яковлева" in quotation marks names a law, not whom "он" means
        score = salience(salience_features(r, c, m))
        if best_score is None or score >= best_score:
            best, best_score = m[2], score
    if best is None or best_score < LEAST_SALIENCE:
        return None
    # "он", "её" whose most salient antecedent is an organisation or a place mostly stand
    # for a thing the text never named ("закон", "ее территории"): measured right for about
    # one in four on newsru, against two in three for people
    if r.type_of(best) == "PER":
        return best
    return best if _thing_in_view(r, c, best) else None


def _noun_agrees(r: Resolver, c: Candidate, m: tuple[int, int, str]) -> bool:
    """An organisation or place the text calls by a noun of the pronoun's gender, there or
    right before its name: "Компания «Содэксим» ... Компания обратилась ... она"."""
    if r.type_of(m[2]) == "PER":
        return False
    if (m[0], m[1]) in r.mention_set:
        return _descriptor_agrees(r, c, m[0]) and _descriptor_noun(r, m[0]) or _predicate_agrees(r, c, m[1])
    reading = noun_reading(fold(r.text[m[0]:m[1]].split()[-1]))
    return reading is not None and ("plur" if reading[1] == "plur" else reading[2]) in c.agrees


PREDICATE_REACH = 4     # words of a predicate before its noun ("- первая негосударственная литературная премия")


def _predicate_agrees(r: Resolver, c: Candidate, stop: int) -> bool:
    """A name that a dash says is something ("«Русский Букер» - первая литературная
    премия"): the predicate's noun agrees with the pronoun."""
    si = r.sent_of(stop)
    tokens = r.sents[si].tokens
    k = bisect_left(r.token_stops(si), stop) + 1
    while k < len(tokens) and tokens[k].text in QUOTE_CHARS:
        k += 1
    if k >= len(tokens) or tokens[k].text not in DASHES:
        return False
    for token in tokens[k + 1:k + 2 + PREDICATE_REACH]:
        reading = noun_reading(fold(token.text)) if token.text.isalpha() and token.text.islower() else None
        if reading is not None:
            return ("plur" if reading[1] == "plur" else reading[2]) in c.agrees
        if not token.text.isalpha() and not token.text.isdigit():
            return False
    return False


def _descriptor_noun(r: Resolver, start: int) -> bool:
    """The word right before a name is a noun for an organisation or place ("компания")."""
    word = _word_before(r, start)
    return bool(word) and morph.lemma(fold(word)) in reference_nouns()


def _thing_in_view(r: Resolver, c: Candidate, entity: str) -> bool:
    """An organisation or a place is what "он", "её" mean when it is the subject of the
    pronoun's own sentence with no person named after it ("Компания заявила, что её
    прибыль выросла", "Иван Петров выступил. Эстония заявила, что она готова"; an outlet
    after "как пишет" is no subject), or when no person was named in the last two sentences
    and no unnamed noun of the pronoun's gender came after it ("поддержку Израилю и его
    позиции"; not "приняли закон о парках. Его обсуждали"). Measured right for about half
    such links on RuCoCo, against about one in four for any organisation or place in view."""
    window = r.before(c.start, 2)
    own = [m for m in window if m[2] == entity]
    if own and r.sent_of(own[-1][0]) == c.sent and is_subject(r, own[-1]) and entity not in r.outlets() \
            and not any(r.type_of(e) == "PER" for s, _, e in window if s > own[-1][0]):
        return True
    if any(r.type_of(e) == "PER" for _, _, e in window):
        return False
    last = max(m for m in r.before(c.start, SENTS_BACK) if m[2] == entity)
    # the predicate's own noun is the entity, no rival: "X - первая премия. Она"
    return _predicate_agrees(r, c, last[1]) or not _unnamed_noun_between(r, c, last[1], c.start)


def _unnamed_noun_between(r: Resolver, c: Candidate, start: int, stop: int) -> bool:
    """A lower-case singular noun between `start` and `stop` whose gender the pronoun `c`
    agrees with: a thing or an unnamed person ("грабитель") it may stand for instead."""
    genders = c.agrees - {"plur"}
    for si in range(r.sent_of(start), c.sent + 1):
        for token in r.sents[si].tokens:
            if token.start < start or token.stop > stop or not token.text[:1].islower():
                continue
            parses = morph.parse(fold(token.text))[:1]
            if (parses and parses[0].tag.POS == "NOUN" and parses[0].tag.number == "sing"
                    and parses[0].tag.gender in genders):
                return True
    return False


LOCATIVES = frozenset({"в", "во", "на"})


def place_adverb(r: Resolver, c: Candidate) -> Optional[str]:
    """"там" is the place (or the body, as a place) the text last put something in, in
    its sentence or the one before: "вылетел в Брюссель. Там", "попало в ФСБ. Там"; not
    the "там" of "там, где"."""
    if c.kind != "locative":
        return None
    nxt = _next_word(r, c, skip_quotes=False)
    if nxt is not None and nxt.text == ",":
        return None
    for start, stop, entity in reversed(r.before(c.start, 1)):
        if r.type_of(entity) in ("LOC", "ORG") and (start, stop) in r.mention_set and _put_in(r, start):
            return entity
    return None


PUT_IN_REACH = 3    # words between the preposition and the name ("в горном селе Каменка")


def _put_in(r: Resolver, start: int) -> bool:
    """A name after "в" or "на", straight or past a few lower-case words of its kind."""
    words = r.text[max(0, start - 60):start].split()[-(PUT_IN_REACH + 1):]
    for word in reversed(words):
        if fold(word) in LOCATIVES:
            return True
        if not (word.isalpha() and word.islower()):
            return False
    return False


RULES: tuple[tuple[str, Rule], ...] = (
    ("role_holder", role_holder),
    ("noun_anaphor", noun_anaphor),
    ("introduced_noun", introduced_noun),
    ("relative", relative),
    ("reflexive", reflexive),
    ("demonym", demonym),
    ("people", people),
    ("person_noun", person_noun),
    ("case_party", case_party),
    ("group_pronoun", group_pronoun),
    ("pronoun", pronoun),
    ("place_adverb", place_adverb),
)


def resolve(r: Resolver, c: Candidate) -> Optional[Reference]:
    """The first rule that names an entity for the candidate makes its reference."""
    for name, rule in RULES:
        entity = rule(r, c)
        if entity is not None:
            return Reference(c.start, c.stop, entity, name)
    return None
