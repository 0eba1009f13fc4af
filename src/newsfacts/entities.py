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
from functools import cache

from . import morph
from .clean import QUOTE_CHARS
from .doc import Doc, Mention
from .lexicons import load_set, load_table
from .records import Entity, Span

PER, ORG, LOC = "PER", "ORG", "LOC"
MAX_NAME_WORDS = 5  # "Мохаммед бин Рашид Аль Мактум"
AGE = re.compile(r"^\d+-?летн", re.I)  # "34-летний ТиДжей"
_WORD = re.compile(r"[\w\-.]+|[^\w\s]", re.U)
NAME_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@dataclass
class _Group:
    type: str
    mentions: list[Mention] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    key: str = ""
    tokens: set = field(default_factory=set)  # name tokens of a person, lower case
    starts: list = field(default_factory=list)  # where its mentions start, sorted


# ------------------------------------------------------------------ normalise

def _fold(word: str, original: str) -> str:
    # pymorphy writes ё; keep е where the article does
    return word if "ё" in original.lower() else word.replace("ё", "е").replace("Ё", "Е")


def _looks_fixed(word: str) -> bool:
    # abbreviations, latin names, numbers: never inflected
    return (word.isupper() and len(word) > 1) or not re.search(r"[а-яё]", word, re.I) or any(c.isdigit() for c in word)


def _gender_fits(parse, gender: str) -> bool:
    # pymorphy marks common-gender surnames "ms-f", outside the gender attribute
    return "ms-f" in parse.tag or parse.tag.gender in (gender, None)


# case endings of a masculine foreign surname pymorphy does not know: "Райкконена"
MASCULINE_ENDINGS = {"gent": ("а", "я"), "accs": ("а", "я"), "datv": ("у", "ю"), "ablt": ("ом", "ем"), "loct": ("е",)}


def _looks_indeclinable(word: str, parses: list) -> bool:
    # a foreign name pymorphy does not know, ending in a vowel that declension never
    # leaves on a nominative it could undo: "Сидибе", "Цвангираи", "Модибо"
    return not any(p.is_known for p in parses) and word[-1:].lower() in "еиоэ"


def _strip_masculine_ending(word: str, case: str) -> str | None:
    for ending in MASCULINE_ENDINGS.get(case, ()):
        if word.lower().endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[:-len(ending)]
            if stem[-1].lower() not in "аеёиоуыэюяй":
                return stem
    return None


def normalize_person(words: list[str]) -> str:
    """Nominative of a person's name, one case and gender for all its words.

    Each word votes for the (case, gender) pairs its noun parses allow, weighted by
    pymorphy's score, name and surname parses twice; indeclinable words do not vote.
    """
    options: list[list] = []
    votes: Counter = Counter()
    for word in words:
        parses = [p for p in morph.parse(word) if p.tag.POS == "NOUN" and not {"Geox", "Orgn"} & set(p.tag.grammemes)]
        if not parses:
            # adjectival surnames: "Долгорукому", "Вознесенского"
            parses = [p for p in morph.parse(word) if p.tag.POS == "ADJF" and p.tag.number == "sing"]
        options.append(parses)
        if any("Fixd" in p.tag for p in parses) or _looks_indeclinable(word, parses):
            options[-1] = []
            continue
        best: dict = {}
        for p in parses:
            weight = p.score * (2 if {"Name", "Surn", "Patr"} & set(p.tag.grammemes) else 1)
            for gender in ("masc", "femn"):
                if p.tag.case and _gender_fits(p, gender):
                    best[(p.tag.case, gender)] = max(best.get((p.tag.case, gender), 0), weight)
        votes.update(best)
    if not votes:
        return " ".join(words)
    top = max(votes.values())
    case, gender = min((k for k, v in votes.items() if v >= top - 1e-9),
                       key=lambda k: (k[0] != "nomn", NAME_CASES.index(k[0]) if k[0] in NAME_CASES else 9, k[1]))
    out = []
    for word, parses in zip(words, options):
        if _looks_fixed(word) or word.endswith(".") or case == "nomn":
            out.append(word)
            continue
        form = None
        for p in parses:
            if p.tag.case == case and _gender_fits(p, gender) and p.tag.number != "plur":
                wanted = {"nomn", "sing"} | ({gender} if p.tag.POS == "ADJF" else set())
                inflected = p.inflect(wanted) or p.inflect({"nomn"})
                if inflected is not None:
                    form = inflected.word
                    break
        if form is None and not parses and gender == "masc":
            form = _strip_masculine_ending(word, case)
        out.append(morph.match_case(word, _fold(form, word)) if form else word)
    return " ".join(out)


PREFERRED_TAG = {LOC: "Geox", ORG: "Orgn"}
CONJUNCTIONS = {"и", "или"}


def normalize_phrase(words: list[str], type: str = ORG) -> str:
    """Nominative of an organisation or place name: the head noun and the words agreeing with it."""
    if not words or _looks_fixed(words[0]) or any(c in QUOTE_CHARS for c in words[0]):
        return " ".join(words)
    head = None
    for i, word in enumerate(words):
        if _looks_fixed(word):
            break
        if word.lower() in CONJUNCTIONS:
            continue
        parses = morph.parse(word)
        if parses and parses[0].tag.POS == "NOUN" or (parses and not any(p.tag.POS in ("ADJF", "PRTF") for p in parses)):
            head = i
            break
    if head is None:
        return " ".join(words)
    noun_parses = [p for p in morph.parse(words[head]) if p.tag.POS == "NOUN"] or list(morph.parse(words[head]))
    # "Астану" is the city before it is a man's name in the dative
    preferred = PREFERRED_TAG.get(type)
    noun_parses.sort(key=lambda p: (preferred not in p.tag, bool({"Name", "Surn", "Patr"} & set(p.tag.grammemes))))
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
                inflected = a.inflect(grammemes)
                if inflected is not None:
                    form = inflected.word
                    break
        out.append(morph.match_case(word, _fold(form, word)) if form else word)
    out.append(morph.match_case(words[head], _fold(head_form.word, words[head])))
    out.extend(words[head + 1:])
    return " ".join(out)


def words_of(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w not in QUOTE_CHARS]


def _split_initials(words: list[str]) -> list[str]:
    # "А.Колчака" -> "А.", "Колчака": the surname declines, the initial does not
    out = []
    for word in words:
        match = re.fullmatch(r"((?:[А-ЯЁA-Z]\.)+)([А-ЯЁA-Z][а-яёa-z\-]+)", word)
        out.extend(match.groups() if match else [word])
    return out


def _glue_initials(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if out and re.fullmatch(r"(?:[А-ЯЁA-Z]\.)+", out[-1]):
            out[-1] += word
        else:
            out.append(word)
    return out


def normalize(text: str, type: str) -> str:
    words = words_of(text)
    if not words:
        return text.strip()
    if type == PER:
        split = _split_initials(words)
        if split != words:
            name = normalize_person(split).split()
            # glue the initials back as the article wrote them
            return " ".join(_glue_initials(name))
    return normalize_person(words) if type == PER else normalize_phrase(words, type)


# ------------------------------------------------------------------ refine

OPENING_QUOTES = "«„“\""
EDGE_JUNK = "()" + QUOTE_CHARS + ",;:—–"
NON_NAME_POS = {"ADJF", "PRTF", "PRTS", "ADJS", "VERB", "INFN", "ADVB", "GRND", "CONJ", "PRCL", "PREP", "NPRO"}


def _trimmed(text: str, start: int, stop: int, type: str) -> Mention | None:
    # strip spaces, stray brackets and quotation marks at the edges
    while start < stop and (text[start].isspace() or text[start] in EDGE_JUNK):
        start += 1
    while stop > start and (text[stop - 1].isspace() or text[stop - 1] in EDGE_JUNK):
        stop -= 1
    if start >= stop or not any(c.isalnum() for c in text[start:stop]):
        return None
    return Mention(start, stop, type, text[start:stop])


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
    return [before, quoted]


NAME_TAGS = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}


def _is_common_word(mention: Mention, sentence_start: bool) -> bool:
    """A capitalised word that names nothing: "Речная экосистема", "Побритый наголо",
    "Замглавы ведомства"; a common noun only where a capital says nothing (sentence start)."""
    words = words_of(mention.text)
    if len(words) != 1 or not words[0].isalpha() or words[0].isupper():
        return False
    word = words[0].lower()
    if morph.lemma(word) in load_set("posts"):
        return True
    parses = morph.parse(word)
    if not parses or not all(p.is_known for p in parses):
        return False
    if all(p.tag.POS in {"VERB", "INFN", "PRTS", "GRND", "ADVB", "CONJ", "PRCL", "PREP", "NPRO"} for p in parses):
        return True
    if not sentence_start:
        return False
    return all(p.tag.POS in NON_NAME_POS for p in parses) or not any(NAME_TAGS & set(p.tag.grammemes) for p in parses)


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip(" \t" + QUOTE_CHARS + "—–-")
    return not before or before[-1] in ".!?\n"


SEPARATORS = re.compile(r"\s*[,;•|·]\s*")


def _split_lists(text: str, mention: Mention) -> list[Mention]:
    # "Овечкин, Фёдоров", "Йемен • Замбия": a list NER read as one name
    parts, start = [], mention.start
    for match in SEPARATORS.finditer(text, mention.start, mention.stop):
        parts.append((start, match.start()))
        start = match.end()
    parts.append((start, mention.stop))
    return [m for a, b in parts if (m := _trimmed(text, a, b, mention.type))]


def _drop_lead_words(text: str, mention: Mention) -> Mention:
    # "Всё-таки Проди": a sentence adverb or particle before a name; "Полковник Квачков",
    # "34-летний ТиДжей": a post or an age before a person's name (the post is a Role)
    words = list(re.finditer(r"\S+", mention.text))
    if len(words) > 1:
        first = words[0].group().lower()
        parses = morph.parse(first)
        if (parses and all(p.is_known and p.tag.POS in {"ADVB", "PRCL", "CONJ", "INTJ", "PREP"} for p in parses)) \
                or (mention.type == PER and (morph.lemma(first) in load_set("posts") or AGE.match(first))):
            start = mention.start + words[1].start()
            return Mention(start, mention.stop, mention.type, text[start:mention.stop])
    return mention


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


def refine_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """NER spans made into names: lists, brackets and quoted names split, edges trimmed."""
    refined = []
    pieces = []
    for mention in _join_initials(text, mentions):
        trimmed = _trimmed(text, mention.start, mention.stop, mention.type)
        if trimmed is not None:
            for piece in _split_lists(text, trimmed):
                pieces.extend(_split_place_pairs(text, _drop_lead_words(text, piece)))
    for trimmed in pieces:
        for part in _split_brackets(text, trimmed):
            for name in _split_quoted_name(text, part):
                if not _is_common_word(name, _starts_sentence(text, name.start)):
                    refined.append(name)
    return refined


# ------------------------------------------------------------------ filter

def _is_nameless(mention: Mention) -> bool:
    text = mention.text.strip(QUOTE_CHARS + " ")
    if not text or text.lower() in load_set("not_entities"):
        return True
    words = words_of(text)
    if mention.type == PER:
        if not any(w[:1].isupper() for w in words):
            return True
        if len(words) > MAX_NAME_WORDS:
            # NER ran a clause together (seen on Kazakh text): no one's name is this long
            return True
        # "Посол", "Президент": a post noun is a person only through a Role
        if all(morph.lemma(w) in load_set("posts") or not w[:1].isupper() for w in words):
            return True
    return False


def _is_titled_work(text: str, mention: Mention) -> bool:
    """A quoted name after a noun like "стратегия", "фильм": a title, not an organisation."""
    before = text[max(0, mention.start - 40):mention.start].rstrip()
    if not before or before[-1] not in OPENING_QUOTES:
        return False
    words = words_of(before[:-1])
    return bool(words) and morph.lemma(words[-1].lower()) in load_set("title_nouns")


# ------------------------------------------------------------------ group

@cache
def _aliases() -> dict[str, tuple[str, str]]:
    return {row[0].lower().replace("ё", "е"): (row[1], row[2]) for row in load_table("aliases")}


def canonical(name: str) -> str:
    return _aliases().get(name.lower().replace("ё", "е"), (name, ""))[0]


def known_type(name: str) -> str | None:
    """The type the alias lexicon or the country list gives a name, if any."""
    alias = _aliases().get(name.lower().replace("ё", "е"))
    if alias:
        return alias[1] or None
    return LOC if name.lower() in load_set("countries") else None


def _same_word(a: str, b: str) -> bool:
    # one name in two cases or genders: "Путина"/"Путин", "Александра"/"Александр"
    a, b = a.lower().replace("ё", "е"), b.lower().replace("ё", "е")
    if a == b:
        return True
    shorter = min(len(a), len(b))
    common = len(os.path.commonprefix([a, b]))
    return shorter >= 4 and common >= max(4, shorter - 2) and max(len(a), len(b)) - common <= 3


def _closeness(starts: list[int], offset: int) -> tuple[int, int]:
    """How near a group's mentions are to a mention: a name given before it first (a
    surname points back to the full name just written), the nearest of those; else the
    nearest one after it."""
    i = bisect.bisect_left(starts, offset)
    if i > 0:
        return 0, offset - starts[i - 1]
    return 1, starts[i] - offset


def _initials_fit(initials: list[str], group: _Group) -> bool:
    # "В. Лукашенко" is not Александр Лукашенко
    return all(any(token.lower().startswith(initial) for token in group.tokens) for initial in initials)


def _person_fits(tokens: list[str], group: _Group) -> bool:
    return all(any(_same_word(t, g) for g in group.tokens) for t in tokens)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isalpha() and w.lower() not in {"и", "по", "в", "на", "с", "для"}).upper()


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
        counts = by_key[key]
        best = max(counts.values())
        # a tie keeps the mention's own label
        types.append(mention.type if counts[mention.type] == best else counts.most_common(1)[0][0])
    return types


def group_mentions(text: str, mentions: list[Mention]) -> list[Entity]:
    mentions = refine_mentions(text, mentions)
    kept = [m for m in mentions if not _is_nameless(m) and not _is_titled_work(text, m)]
    names = [normalize(m.text, m.type) for m in kept]
    types = _vote_types(kept, names)
    groups: list[_Group] = []

    # persons: longest names first, so "Чжан" finds "Чжан Сяо"
    persons = [(m, n) for m, n, t in zip(kept, names, types) if t == PER]
    order = sorted(range(len(persons)), key=lambda i: (-len(persons[i][1].split()), persons[i][0].start))
    person_groups: list[_Group] = []
    for i in order:
        mention, name = persons[i]
        words = name.replace(".", ". ").split()     # "С.Антуфьев": an initial glued to the surname
        tokens = [w for w in words if not w.endswith(".")] or words
        initials = [w[:-1].lower() for w in words if w.endswith(".") and w[:-1].isalpha()]
        fits = [g for g in person_groups if _person_fits(tokens, g) and _initials_fit(initials, g)]
        if fits:
            # when two people share a surname, the one named last before it
            group = min(fits, key=lambda g: _closeness(g.starts, mention.start))
        else:
            group = _Group(PER, tokens=set(tokens))
            person_groups.append(group)
        group.mentions.append(mention)
        group.names.append(name)
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
            if between.strip() == "(" and prev_group.type == type:
                group = prev_group
        if group is None and mention.text.isupper() and len(mention.text) >= 2:
            group = next((g for (t, k), g in by_key.items()
                          if t == type and _initials(k) == mention.text.upper() and " " in k), None)
        if group is None:
            group = _Group(type, key=key)
            groups.append(group)
        by_key[(type, key)] = group
        group.mentions.append(mention)
        group.names.append(name)
        previous = (mention, group)

    return _to_entities(groups)


def _entity_name(group: _Group) -> str:
    counts = Counter(group.names)
    surfaces = {" ".join(words_of(m.text)) for m in group.mentions}
    if group.type == PER:
        # the fullest name; among those, one the text writes as it is (an attested nominative)
        longest = max(len(n.split()) for n in group.names)
        return max((n for n in group.names if len(n.split()) == longest),
                   key=lambda n: (n in surfaces, counts[n], -group.names.index(n)))
    # the lexicon's name where the article uses it or uses only short forms ("КНР",
    # "Китай" -> "Китай"; "РФ" -> "Россия"), else the article's own full name
    # ("Министерство юстиции", not "Минюст")
    canon = [canonical(n) for n in group.names if canonical(n) != n]
    if canon and (canon[0] in group.names or all(" " not in n for n in group.names)):
        return canon[0]
    # the full name rather than its abbreviation, then the most used
    return max(group.names, key=lambda n: (not n.isupper(), counts[n], -group.names.index(n)))


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


def extract_entities(doc: Doc) -> None:
    doc.entities = group_mentions(doc.text, doc.mentions)
