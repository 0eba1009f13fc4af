"""Roles stage: who holds which post, from the words around a person's name.

An ordered list of small named rules (`RULES`), each a generator over one sentence;
a later rule never gives a post word to a person an earlier rule gave it to:

    title_before_name     Посол Китая в Казахстане Чжан Сяо; музыканты Юрий Царёв, Алексей Борисов
    apposition            Сергей Семак, главный тренер «Зенита»; Иван Петров — певец, актёр и режиссёр
    predicate             Сидибе был министром здравоохранения; Петров занимает пост министра
    predicate_first       капитаном стал Михаель Баллак; пост министра занял Иван Петров
    appointed             президент назначил руководителем ведомства Ивана Петрова
    coordinated_titles    Писатель, поэт и журналист Дмитрий Быков; ... был министром, а затем послом
    post_away_from_name   Сенатор Джон Керри прибыл в Пакистан. Председатель комитета заявил ...

The title is a post noun (`posts`, `professions` lexicons) with the adjectives before it
("главный тренер") and the post nouns it governs ("заместитель министра"); the org is the
first organisation or place named between the title and the person, or after the title.

A person named in the genitive owns the post, not holds it ("представитель Обамы"); and
a relative (`person_relations` lexicon) or a representative in front of a post does not
take it: the head of the title phrase is the noun that agrees with the name, so in
"Супруга президента Ольга Иванова" it is "Супруга" and Ольга Иванова is no президент,
and in "пресс-секретарь губернатора Иван Петров" it is "пресс-секретарь".
Who holds a post stated without a name is decided in one place, `choose_holder`.
`debug_roles` gives each role with the rule that made it (not part of the JSON).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Callable, Iterator, Optional

from . import morph
from .doc import Doc, Sent, Token
from .lexicons import load_set
from .morph import NAME_GRAMMEMES
from .records import Entity, Role, Span

# what may stand between a title and the name it belongs to
LINKS = {"в", "во", "при", "по", "и", "на", "для", "с", "со", "от", "-", "—", "–", "(", ")"}
QUOTES = set("«»„“”\"'")
CLAUSE_ENDS = {",", ".", ")", "—", "–", ";", ":", "!", "?"}
POST_NOUNS = {"пост", "поста", "посту", "постом", "должность", "должности", "должностью", "место", "места"}
MAX_GAP = 12  # tokens between a title and the name
MAX_PREDICATE_GAP = 5  # tokens between a name and its copula
AGE = re.compile(r"^\d+-?летн", re.I)  # "89-летний Роберт Мугабе"
# case variants that count as the main case when agreeing ("чаю" gen2 is genitive)
CASE_OF = {"gen2": "gent", "acc2": "accs", "loc2": "loct", "voct": "nomn"}
NOT_HEADS = {"бывший"}
FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "ADVB", "INTJ", "NPRO"}
# posts that many people hold at once: without a name they pick out no one
SHARED_POSTS = {"представитель", "сотрудник", "член", "участник", "эксперт", "аналитик", "депутат",
                "источник", "наблюдатель", "специалист", "работник", "служащий", "чиновник"}
# verbs whose subject gives the post to someone else: "президент назначил Иванова министром"
APPOINTING = {"назначить", "назначать", "избрать", "избирать", "утвердить", "утверждать",
              "переизбрать", "назвать", "выдвинуть", "выдвигать", "рекомендовать"}
# verbs after which a post in the genitive follows "пост": "занял пост министра"
TAKING = {"занять", "занимать", "получить", "покинуть", "сменить", "возглавить", "оставить"}


# ------------------------------------------------------------------ lexicons

@cache
def post_lemmas() -> frozenset[str]:
    """Post nouns (`posts`: offices every stage knows) and professions (`professions`:
    occupations that make a role but name no office)."""
    return load_set("posts") | load_set("professions")


def is_post(word: str) -> bool:
    """A post noun: "посол", "главы", "экс-министр", "хип-хоп-исполнитель"."""
    return _find_post(word)


@cache
def _post_forms() -> frozenset[str]:
    return morph.forms_of(post_lemmas())


@lru_cache(maxsize=morph.WORD_CACHE)
def _find_post(word: str) -> bool:
    word = morph.fold(word)
    forms = _post_forms()
    if word not in forms and not ("-" in word and word.rsplit("-", 1)[1] in forms):
        return False     # no form of a post: most words, known without pymorphy
    posts = post_lemmas()
    # any animate noun reading counts: "премьера" is a premier's genitive as well as a premiere
    if word in posts or morph.lemma(word) in posts or \
            any(p.tag.POS == "NOUN" and "anim" in p.tag and p.normal_form.replace("ё", "е") in posts
                for p in morph.parse(word)):
        return True
    if "-" in word:
        tail = word.rsplit("-", 1)[1]
        return len(tail) > 2 and (tail in posts or morph.lemma(tail) in posts)
    return False


def is_relation(word: str) -> bool:
    """A noun that relates a person to the one named after it, and names no post of
    theirs: "супруга", "сын", "вдова", "друг", "оппонент" (lexicon `person_relations`)."""
    return _find_relation(word)


# ------------------------------------------------------------------ words

def _is_modifier(token: Token) -> bool:
    return _find_modifier(token.text)


@lru_cache(maxsize=morph.WORD_CACHE)
def _find_modifier(word: str) -> bool:
    if AGE.match(word):
        return True
    if not word.replace("-", "").isalpha():
        return False
    # pronominal adjectives ("который", "этот") never open a title
    return any(p.tag.POS in ("ADJF", "PRTF") and "Apro" not in p.tag for p in morph.parse(word.lower()))


def _is_post_noun(token: Token) -> bool:
    """A post noun, or an adjective that names one on its own ("уполномоченный",
    "управляющий"); not "бывший", which the posts lexicon lists for the other stages
    but which in a title only qualifies the post after it."""
    return _find_post_noun(token.text)


@lru_cache(maxsize=morph.WORD_CACHE)
def _find_post_noun(text: str) -> bool:
    if not _find_post(text):
        return False
    word = morph.fold(text)
    parses = morph.parse(word)
    if parses and parses[0].tag.POS in FUNCTION_WORDS:
        return False  # "После выступления": a preposition first, not the locative of "посол"
    if not parses or any(p.tag.POS == "NOUN" or "Subx" in p.tag for p in parses):
        return True
    return morph.lemma(word) not in NOT_HEADS and \
        any(p.tag.POS in ("ADJF", "PRTF") and p.tag.gender in ("masc", "femn") for p in parses)


def _is_descriptor(token: Token) -> bool:
    # lower-case words of an org name between title and person: "футбольного клуба";
    # an abbreviated legal form: "глава ОАО «Газпром»"
    word = token.text
    if word.isalpha() and word.isupper() and 2 <= len(word) <= 4:
        return True
    if not word[:1].isalpha() or word[:1].isupper():
        return False
    parses = morph.parse(word.lower())
    return bool(parses) and parses[0].tag.POS in ("NOUN", "ADJF", "PRTF") and parses[0].tag.case != "nomn"


def _is_finite_verb(token: Token) -> bool:
    parses = morph.parse(token.text.lower())
    return bool(parses) and parses[0].tag.POS in ("VERB", "PRTS", "ADJS") and token.text.islower()


def _copula(token: Token) -> Optional[str]:
    """The lemma of a linking verb ("был", "назначен", "является"), else None."""
    return _find_copula(token.text)


@lru_cache(maxsize=morph.WORD_CACHE)
def _find_copula(word: str) -> Optional[str]:
    if morph.fold(word) not in _word_forms("copulas"):
        return None
    for p in morph.parse(word.lower())[:2]:
        if p.tag.POS in ("VERB", "INFN", "PRTS", "PRTF", "GRND") and p.normal_form in load_set("copulas"):
            return p.normal_form
    return None


def _is_active_appointing(token: Token) -> bool:
    # "назначил" (the subject appoints) against "назначен" (the subject is appointed)
    return _find_appointing(token.text)


@lru_cache(maxsize=morph.WORD_CACHE)
def _find_appointing(word: str) -> bool:
    if morph.fold(word) not in _appointing_forms():
        return False
    parses = morph.parse(word.lower())[:2]
    return any(p.tag.POS in ("VERB", "INFN", "GRND") and p.normal_form in APPOINTING for p in parses) and \
        not any(p.tag.POS == "PRTS" for p in parses)


def _noun_readings(word: str) -> frozenset[tuple[str, str]]:
    """(case, gender) of a noun's parses; substantivised adjectives count ("уполномоченный")."""
    return _find_readings(word)


@lru_cache(maxsize=morph.WORD_CACHE)  # asked of post nouns, relatives and a few words beside them
def _find_readings(word: str) -> frozenset[tuple[str, str]]:
    out = set()
    parses = morph.parse(morph.fold(word))
    people = [p for p in parses if p.tag.POS == "NOUN" and "anim" in p.tag]
    if people:  # a person noun agrees as a person: "политику" is the politician's dative, not "policy"
        parses = people + [p for p in parses if "Subx" in p.tag]
    for p in parses:
        if p.tag.POS in ("NOUN", "ADJF", "PRTF") and p.tag.case:
            gender = "plur" if p.tag.number == "plur" else str(p.tag.gender or "")
            case = str(p.tag.case)
            out.add((CASE_OF.get(case, case), gender))
    return frozenset(out)


@cache
def _word_forms(lexicon: str) -> frozenset[str]:
    """Every form of a lexicon's words: a quick test before pymorphy is asked."""
    return morph.forms_of(load_set(lexicon))


@cache
def _appointing_forms() -> frozenset[str]:
    return morph.forms_of(APPOINTING)


@lru_cache(maxsize=morph.WORD_CACHE)
def _find_relation(word: str) -> bool:
    word = morph.fold(word)
    return word in _word_forms("person_relations") and morph.lemma(word) in load_set("person_relations")


def _cases(readings: set[tuple[str, str]]) -> set[str]:
    return {case for case, _ in readings}


@lru_cache(maxsize=morph.WORD_CACHE)
def _entity_gender(name: str) -> str:
    """"masc" or "femn" when the first word of a person's normal name says so, else ""."""
    words = name.split()
    genders = {str(p.tag.gender) for p in morph.parse(morph.fold(words[0]))
               if "Name" in p.tag and p.tag.case == "nomn" and p.tag.number == "sing"} if words else set()
    return genders.pop() if len(genders) == 1 else ""


def _name_readings(mention: Span, entity: Optional[Entity] = None) -> set[tuple[str, str]]:
    """(case, gender) that every word of a person's name allows, from its name parses,
    in the person's gender when their full name shows it ("Кокорина" of Александр
    Кокорин is genitive); empty when the name says nothing (indeclinable, unknown)."""
    found = set(_name_word_readings(mention.text))
    gender = _entity_gender(entity.name) if entity is not None else ""
    if gender and found:
        found = {(case, g) for case, g in found if g in (gender, "")} or found
    if not found and entity is not None and _inflected(mention.text, entity.name):
        # a name pymorphy does not know, written otherwise than its nominative ("Бишимбаева"
        # of Куандык Бишимбаев): in some other case
        found = {(case, "") for case in OBLIQUE_CASES}
    return found


OBLIQUE_CASES = ("gent", "datv", "accs", "ablt", "loct")


def _inflected(text: str, name: str) -> bool:
    """The last word of a mention is no word of the person's normal name, as written."""
    said = text.split()
    return bool(said) and morph.fold(said[-1]) not in {morph.fold(word) for word in name.split()}


@lru_cache(maxsize=morph.WORD_CACHE)
def _name_word_readings(text: str) -> frozenset[tuple[str, str]]:
    found: Optional[set] = None
    for word in re.findall(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*", text):
        # one person's name is singular: "Елизаветы" is her genitive, not "Елизаветы" several
        parses = [p for p in morph.parse(morph.fold(word))
                  if p.tag.POS == "NOUN" and NAME_GRAMMEMES & set(p.tag.grammemes) and p.tag.number != "plur"]
        if not parses or any("Fixd" in p.tag or not p.is_known for p in parses):
            continue
        readings = {(CASE_OF.get(str(p.tag.case), str(p.tag.case)),
                     "plur" if p.tag.number == "plur" else str(p.tag.gender or "")) for p in parses}
        found = readings if found is None else found & readings
    return frozenset(found or ())


def _agrees(noun: Token, name: set[tuple[str, str]], with_gender: bool, plural: bool = True) -> bool:
    readings = _noun_readings(noun.text)
    if not plural:  # one name beside the noun: "главы правительства Иван Сомов" is not "главы" plural
        readings = frozenset(r for r in readings if r[1] != "plur")
    if not with_gender:
        return bool(_cases(readings) & _cases(name))
    # kinship nouns carry their gender: "мать" is never the man named after it
    # (a plural one over a list of names: "дочери президента Анна и Мария")
    return any(case == c and (gender == g or "" in (gender, g) or (gender == "plur" and case == "nomn"))
               for case, gender in readings for c, g in name)


def _modifier_lemma(word: str, gender: str = "masc") -> str:
    # "действующего" -> "действующий", not the verb's infinitive; in the head's gender:
    # "британской королевы" -> "британская королева"
    word = morph.fold(word)
    parses = morph.parse(word)
    if any(p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn" and p.tag.number == "sing"
           and p.tag.gender == gender for p in parses):
        return word  # already in the title's form: "лучший арбитр"
    for p in parses:
        if p.tag.POS in ("ADJF", "PRTF"):
            form = morph.inflect_parse(p, {"nomn", "sing", gender}, word)     # "лучшим" -> "лучший", not "наихороший"
            if form is not None:
                return form.replace("ё", "е")
    return morph.lemma(word)


def _gender_of(lemma: str) -> str:
    for p in morph.parse(lemma):
        if p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "sing":
            return "femn" if p.tag.gender == "femn" else "masc"
    return "masc"


def _head_lemma(word: str) -> str:
    # the lemma as written: "экс-министр" stays a title of its own, as the text gives it
    lemma = morph.lemma(morph.fold(word))
    if lemma not in post_lemmas():  # "аналитика" of an analyst, not analytics
        lemma = next((p.normal_form.replace("ё", "е") for p in morph.parse(morph.fold(word))
                      if p.tag.POS == "NOUN" and "anim" in p.tag and p.normal_form.replace("ё", "е") in post_lemmas()),
                     lemma)
    if lemma not in post_lemmas() and (lemma == "исполнять" or _modifier_lemma(word) in post_lemmas()):
        return _modifier_lemma(word)    # a participle's post: "управляющего" -> "управляющий", not "управлять"
    return lemma


def _title_text(tokens: list[Token], start: int, head: int, stop: int) -> str:
    """Lemmas of the modifiers and the head, the words the head governs as written:
    "первый заместитель министра"."""
    if morph.fold(tokens[head].text) in ("и", "врио"):  # "и. о. главы", "врио губернатора": as written
        return " ".join(morph.fold(t.text) for t in tokens[head:stop]).replace(" .", ".")
    head_lemma = _head_lemma(tokens[head].text)
    gender = _gender_of(head_lemma)
    words = [_modifier_lemma(t.text, gender) for t in tokens[start:head]]
    words.append(head_lemma)
    words.extend(morph.fold(t.text) for t in tokens[head + 1:stop])
    return " ".join(w for w in words if w)


# ------------------------------------------------------------------ the sentence

@dataclass
class Found:
    """A role and where it came from (the rule, the title's tokens) before it is kept."""
    role: Role
    rule: str
    title_start: int  # token indices in the sentence
    head: int


class View:
    """One sentence with its mentions by token, and what the article said before it."""

    def __init__(self, sent: Sent, index: dict[int, tuple[Entity, Span]], previous: list[tuple[Entity, Span]],
                 holders: dict[str, list[tuple[Entity, Optional[str]]]], doc: Optional[Doc] = None):
        self.doc = doc                # for the references stage's answer about a pronoun
        self.sent = sent
        self.tokens = sent.tokens
        self.index = index
        self.previous = previous      # person mentions of the sentence before, in order
        self.holders = holders        # title head lemma -> (person, org id) given it so far
        self.found: list[Found] = []  # roles of this sentence so far
        self._persons: Optional[list[tuple[Entity, Span, int, int]]] = None

    def mention(self, i: int) -> tuple[int, int]:
        """First and last token of the mention at token i."""
        mention = self.index[i][1]
        first = last = i
        while first - 1 in self.index and self.index[first - 1][1] is mention:
            first -= 1
        while last + 1 in self.index and self.index[last + 1][1] is mention:
            last += 1
        return first, last

    def persons(self) -> list[tuple[Entity, Span, int, int]]:
        """Each person mention of the sentence with its first and last token, in order."""
        if self._persons is None:
            seen, self._persons = set(), []
            for i in sorted(self.index):
                entity, mention = self.index[i]
                if entity.type == "PER" and id(mention) not in seen:
                    seen.add(id(mention))
                    first, last = self.mention(i)
                    self._persons.append((entity, mention, first, last))
        return self._persons

    def role(self, person: Entity, title: str, org: Optional[Entity], start: int, stop: int) -> Role:
        sent = self.sent
        words = sent.text[start - sent.start:stop - sent.start]
        org_id = org.id if org else self._org_by_noun(start, stop) or self._ministry_of(words)
        return Role(person=person.id, title=title, org=org_id, span=Span(start=start, stop=stop, text=words))

    def _org_by_noun(self, start: int, stop: int) -> Optional[str]:
        """The organisation or place a noun in the title refers back to ("глава корпорации"
        after "компания Boeing", "аким города" after Шымкент), as the references stage reads it."""
        from .references import refers_to, reference_nouns

        if self.doc is None:
            return None
        for token in self.tokens:
            if start <= token.start and token.stop <= stop and token.text[:1].islower() \
                    and reference_nouns().get(morph.lemma(morph.fold(token.text)), ("",))[0] in ("ORG", "LOC"):
                reference = refers_to(self.doc, token.start)
                return reference.entity if reference is not None else None
        return None


    def _ministry_of(self, words: str) -> Optional[str]:
        """The ministry a minister's post names by its field, when the article names it:
        "замминистра финансов" -> the article's "Министерство финансов" or "Минфин"."""
        field = ministry_field(words)
        if self.doc is None or field is None:
            return None
        found = {e.id for e in self.doc.entities if e.type == "ORG"
                 and any(names_ministry(morph.fold(m.text), field) for m in e.mentions)}
        return found.pop() if len(found) == 1 else None


MINISTER_WORDS = ("министр", "замминистр", "вице-министр", "министерств")
MINISTRY_STEM = 3       # letters of a field word a ministry's compound name keeps ("Минфин", "Минтранс")


def ministry_field(text: str) -> Optional[str]:
    """The field word after a minister's post ("министр финансов" -> "финансов")."""
    words = morph.fold(text).split()
    for k, word in enumerate(words[:-1]):
        if word.startswith(MINISTER_WORDS) or word.startswith("заместител") and words[k + 1].startswith("министр"):
            field = words[k + 2] if word.startswith("заместител") and k + 2 < len(words) else words[k + 1]
            return field if field.isalpha() and not field.startswith("министр") else None
    return None


def names_ministry(name: str, field: str) -> bool:
    """"министерство финансов россии" or "минфин" names the ministry of "финансов"."""
    words = name.split()
    if any(word.startswith("министерств") for word in words):
        return field in words
    return len(words) == 1 and words[0].startswith("мин") and len(words[0]) >= 3 + MINISTRY_STEM \
        and field.startswith(words[0][3:3 + MINISTRY_STEM])


def minister_of(doc: Doc, org: Entity) -> Optional[str]:
    """The one person the article made a minister of the field the organisation is the
    ministry of ("Министр иностранных дел Белоруссии Максим Рыженков" for "глава МИД")."""
    from .entities import alias_names

    names = {morph.fold(m.text) for m in org.mentions} | set(alias_names(org.name))
    found = {role.person for role in doc.roles
             if (field := ministry_field(role.span.text)) is not None and any(names_ministry(n, field) for n in names)}
    return found.pop() if len(found) == 1 else None


def _mention_index(sent: Sent, mentions: list[tuple[int, int, Entity, Span]]) -> dict[int, tuple[Entity, Span]]:
    """token index -> (entity, mention) for the mentions in this sentence.

    `mentions` is every mention of the document, sorted by start: a bisect finds the
    sentence's own, so the whole stage stays linear in the article's length.
    """
    index: dict[int, tuple[Entity, Span]] = {}
    first = bisect.bisect_left(mentions, (sent.start, -1))
    spans = []
    for start, stop, entity, mention in mentions[first:]:
        if start >= sent.stop:
            break
        spans.append((start, stop, entity, mention))
    if not spans:
        return index
    starts = [t.start for t in sent.tokens]
    for start, stop, entity, mention in spans:
        i = bisect.bisect_left(starts, start)
        while i < len(sent.tokens) and sent.tokens[i].stop <= stop:
            index[i] = (entity, mention)
            i += 1
    return index


# ------------------------------------------------------------------ title phrases

def _title_start(tokens: list[Token], head: int) -> int:
    """Extend a title left over its adjectives ("главный тренер", "первый и единственный")."""
    start = head
    while start > 0:
        prev = tokens[start - 1]
        if _is_modifier(prev) and not AGE.match(prev.text) and not _is_post_noun(prev) \
                and (not prev.text[:1].isupper() or start - 1 == 0):
            start -= 1
        elif prev.text.lower() == "и" and start >= 2 and _is_modifier(tokens[start - 2]) \
                and not _is_post_noun(tokens[start - 2]):
            start -= 2
        else:
            break
    return start


def _title_stop(tokens: list[Token], post: int, limit: int, index) -> int:
    # the title runs over the post nouns it governs: "заместитель министра"
    stop = post + 1
    while stop < limit and stop not in index and _is_post_noun(tokens[stop]):
        stop += 1
    return stop


def _post_chain(tokens: list[Token], post: int) -> list[int]:
    """The nouns in front of a post that govern it, left to right, the post last:
    "заместитель министра" -> [заместитель, министра]; "супруга президента" -> [супруга, президента]."""
    chain = [post]
    while True:
        acting = _acting_start(tokens, chain[0])
        if acting is not None and "gent" in _cases(_noun_readings(tokens[chain[0]].text)):
            return [acting] + chain  # "исполняющий обязанности министра": the participle heads
        k = chain[0] - 1
        while k >= 0 and _is_modifier(tokens[k]) and not _is_post_noun(tokens[k]) and not is_relation(tokens[k].text):
            k -= 1
        if k < 0 or not (_is_post_noun(tokens[k]) or is_relation(tokens[k].text)):
            return chain
        if all(gender == "plur" for _, gender in _noun_readings(tokens[k].text)):
            return chain     # "заявил журналистам хоким": a plural is the verb's, no one's title
        # the noun on the right must be able to be the genitive the left one governs
        if "gent" not in _cases(_noun_readings(tokens[chain[0]].text)):
            return chain
        chain.insert(0, k)


def _acting_start(tokens: list[Token], k: int) -> Optional[int]:
    """Where "исполняющий обязанности" ("и. о.", "врио") starts when it ends right before token k."""
    if k >= 2 and morph.fold(tokens[k - 1].text) == "обязанности" and morph.lemma(morph.fold(tokens[k - 2].text)) == "исполнять":
        return k - 2
    if k >= 1 and morph.fold(tokens[k - 1].text) == "врио":
        return k - 1
    if k >= 4 and [morph.fold(t.text) for t in tokens[k - 4:k]] == ["и", ".", "о", "."]:
        return k - 4
    return None


def _agreeing_noun(tokens: list[Token], chain: list[int], name: set[tuple[str, str]],
                   plural: bool = True) -> Optional[int]:
    """Which noun of the chain the name stands beside: the first that agrees with it
    (the first of all when the name says nothing); None when none does (the name is the
    genitive the post governs: "представитель Обамы"). `plural`: whether the name is
    one of a list, which a plural noun may stand beside."""
    if not name:
        return chain[0]
    return next((k for k in chain if _agrees(tokens[k], name, plural=plural,
                                             with_gender=is_relation(tokens[k].text) and not _is_post_noun(tokens[k]))),
                None)


def _is_relative(token: Token) -> bool:
    return is_relation(token.text) and not _is_post_noun(token)


def _head_of(tokens: list[Token], chain: list[int], name: set[tuple[str, str]], plural: bool = True) -> Optional[int]:
    """The post the name holds; None when it holds none of the chain's: the genitive a
    post governs, or a relative's name ("Супруга президента Ольга Иванова")."""
    head = _agreeing_noun(tokens, chain, name, plural)
    return None if head is None or _is_relative(tokens[head]) else head


def _after_preposition(tokens: list[Token], i: int) -> bool:
    # "при президенте", "по правам": the noun is in a prepositional phrase of the title
    j = i - 1
    while j >= 0 and _is_modifier(tokens[j]) and not tokens[j].text[:1].isupper():
        j -= 1
    return j >= 0 and tokens[j].text.lower() in {"в", "во", "при", "по", "на", "для", "с", "со", "от", "у"}


def _skip_aside(tokens: list[Token], i: int) -> int:
    # from a ")" back to the token before its "(": "Юрий Царёв (проект «Метро»), Алексей Борисов"
    depth, j = 0, i
    while j >= 0:
        if tokens[j].text == ")":
            depth += 1
        elif tokens[j].text == "(":
            depth -= 1
            if depth == 0:
                return j - 1
        j -= 1
    return -1


def _org_after(view: View, start: int) -> tuple[Optional[Entity], int]:
    """The first org or place named after a title, before the clause ends; and where it stops."""
    tokens, index = view.tokens, view.index
    end = tokens[start - 1].stop
    for j in range(start, min(len(tokens), start + MAX_GAP)):
        if j in index:
            entity, mention = index[j]
            return (None, end) if entity.type == "PER" else (entity, mention.stop)
        token = tokens[j]
        if not (token.text.lower() in LINKS or token.text in QUOTES or _is_descriptor(token)):
            break
    return None, end


def _after_first_title(view: View, i: int) -> Optional[int]:
    """Where a post stands after a first description that is no post, joined by "и":
    ", главный организатор и председатель жюри" -> the index of "председатель"."""
    tokens = view.tokens
    for k in range(i, min(len(tokens), i + 4)):
        if k in view.index or not tokens[k].text.isalpha():
            return None
        if tokens[k].text == "и":
            return k + 1 if k > i else None
        if _is_finite_verb(tokens[k]):
            return None
    return None


def _single_post_after(view: View, i: int, cases: set[str]) -> Optional[int]:
    """A post noun at i after its adjectives, in one of `cases` (any when empty); its index."""
    tokens = view.tokens
    while i < len(tokens) and _is_modifier(tokens[i]) and not _is_post_noun(tokens[i]):
        i += 1
    if i >= len(tokens) or i in view.index or not _is_post_noun(tokens[i]):
        return None
    if cases and not cases & _cases(_noun_readings(tokens[i].text)):
        return None
    return i


# ------------------------------------------------------------------ holders

def _holder_key(head: Token) -> str:
    # "Экс-президент" after "президент Египта Мухаммед Мурси" is the same post
    lemma = _head_lemma(head.text)
    return lemma[4:] if lemma.startswith("экс-") and len(lemma) > 4 else lemma


def choose_holder(view: View, head: Token, org: Optional[Entity], opens_sentence: bool) -> Optional[Entity]:
    """Who a post stated without a name means ("Экс-министр финансов отметил").

    The one place that decides it, so that it can ask the references stage once that
    stage runs before roles: for now the person given this post (of this org) last in
    the article; else, for a post that opens its sentence, the only person the sentence
    before named. A post many people hold at once ("представитель") names no one."""
    if _head_lemma(head.text) in SHARED_POSTS:
        return None
    for person, given_org in reversed(view.holders.get(_holder_key(head), [])):
        if org is None or given_org is None or given_org == org.id:
            return person
        return None
    people = {entity.id: entity for entity, _ in view.previous}
    if opens_sentence and len(people) == 1:
        return next(iter(people.values()))
    return None


# ------------------------------------------------------------------ rules

def title_before_name(view: View) -> Iterator[Found]:
    """[title] [org words] PERSON; over a list of names after one plural title."""
    tokens, index = view.tokens, view.index
    for person, mention, first, last in view.persons():
        if first > 0 and tokens[first - 1].text == "(":
            continue  # a name in brackets repeats the one before it: "Ши Тао (Shi Tao)"
        if last + 1 in index and index[last + 1][0].type == "PER" and index[last + 1][0] is not person \
                and first > 0 and "nomn" in _cases(_noun_readings(tokens[first - 1].text)):
            continue  # "Адвокат Мельниченко Николай Недилько": between a post and a name, the post's genitive
        org, i = None, first - 1
        while i >= 0 and first - i <= MAX_GAP:
            token = tokens[i]
            if i in index:
                entity, _ = index[i]
                start, stop = view.mention(i)
                if entity.type == "PER":
                    after = tokens[stop + 1].text.lower() if stop + 1 < len(tokens) else ""
                    # a list of names after one title: "музыканты Юрий Царёв, Алексей Борисов и ..."
                    # or the genitive a title governs: "адвокат Александра Кокорина Андрей Ромашов"
                    if after in {",", "и", ")", "("} or (start > 0 and _is_post_noun(tokens[start - 1])
                                                         and stop == first - 1):
                        i = start - 1
                        continue
                    break
                org = entity  # walking left: the org right after the title wins
                i = start - 1
                continue
            if is_relation(token.text) and not _is_post_noun(token):
                name = _name_readings(mention, person)
                if name and "gent" in _cases(_noun_readings(token.text)) and "gent" not in _cases(name) \
                        and not _agrees(token, name, with_gender=True):
                    i -= 1  # "Уполномоченный по правам ребёнка Анна Кузнецова": a word of the org
                    continue
                break  # "жена Ивана Петрова": the name is the relative's genitive
            if _is_post_noun(token) and _after_preposition(tokens, i) and _name_readings(mention, person) \
                    and not _agrees(token, _name_readings(mention, person), with_gender=False):
                i -= 1  # "Советник при президенте России X": a post inside the org words
                continue
            if _is_post_noun(token) and _plural_genitive(token) and i > 0 and not tokens[i - 1].text[:1].isupper() \
                    and not _is_post_noun(tokens[i - 1]) and "gent" in _cases(_noun_readings(tokens[i - 1].text)):
                i -= 1  # "генсек кабинета министров X", "совета директоров": the body's name, after its noun
                continue
            if _is_post_noun(token):
                chain = _post_chain(tokens, i)
                name = _name_readings(mention, person)
                in_list = _in_list(view, first, last)
                head = _head_of(tokens, chain, name, in_list)
                relative = _agreeing_noun(tokens, chain, name, in_list)
                if head is None and relative is not None and _is_relative(tokens[relative]):
                    # titles joined before the relative are the person's: "Глава ассоциации
                    # и супруга композитора Анна Петрова"
                    stub = Found(view.role(person, "-", None, tokens[relative].start, mention.stop), "relative",
                                 _title_start(tokens, relative), relative)
                    yield from _titles_before(view, stub)
                if head is None or (_plural_only(tokens[head]) and not in_list):
                    break  # "Адвокаты Кристенсена": several people's post, his genitive
                if _apposition_before(view, _title_start(tokens, head), tokens[head], name, person):
                    break  # "Ивана Петрова, помощника Сергея Сидорова": the title is Петров's
                start = _title_start(tokens, head)
                title = _title_text(tokens, start, head, chain[-1] + 1)
                yield Found(view.role(person, title, org, tokens[start].start, mention.stop),
                            "title_before_name", start, head)
                break
            if token.text == ")":
                i = _skip_aside(tokens, i)
                continue
            if token.text == ",":
                # a comma between two names of a list, or after a bracketed aside of one
                before = _skip_aside(tokens, i - 1) if tokens[i - 1].text == ")" else i - 1
                if not (before in index and index[before][0].type == "PER"):
                    break
            elif not (_is_org_word(tokens, i) or AGE.match(token.text)):
                break
            i -= 1


def _plural_genitive(token: Token) -> bool:
    """A noun that can only be a plural genitive ("министров", "директоров"; a person's
    plural accusative has the same form)."""
    readings = _noun_readings(token.text)
    return bool(readings) and all(gender == "plur" for _, gender in readings) and _cases(readings) <= {"gent", "accs"}


def _apposition_before(view: View, start: int, head: Token, name: set[tuple[str, str]], person: Entity) -> bool:
    """The title phrase starting at token `start` follows another person's name and a
    comma, in apposition to it in the genitive: the name after the title is its dependent."""
    before = start - 2
    if before < 0 or view.tokens[start - 1].text != "," or before not in view.index:
        return False
    entity, mention = view.index[before]
    return (entity.type == "PER" and entity is not person
            and _genitive_apposition(head, name, _name_readings(mention, entity)))


def coordinated_titles(view: View) -> Iterator[Found]:
    """Titles joined by "," or "и" before one that names its holder:
    "Писатель, поэт и журналист Дмитрий Быков" gives three roles."""
    for found in list(view.found):
        if found.rule == "title_before_name":
            yield from _titles_before(view, found)
        elif found.rule in ("predicate", "appointed"):
            yield from _titles_after(view, found)


THEN = {"затем", "потом", "позже", "позднее", "впоследствии", "также", "после", "этого", "еще", "ещё"}


def _titles_after(view: View, found: Found) -> Iterator[Found]:
    # more instrumental titles after a predicate's: "был министром здравоохранения, а затем
    # министром иностранных дел"
    tokens = view.tokens
    person = next(entity for entity, _ in view.index.values() if entity.id == found.role.person)
    starts = [t.start for t in tokens]
    k = bisect.bisect_left(starts, tokens[found.head].stop)
    while True:
        # past the org words of the title before: "министром здравоохранения"
        while k < len(tokens) and tokens[k].text.lower() not in {",", "и", "а"} and \
                ((k in view.index and view.index[k][0].type != "PER") or _is_org_word(tokens, k)):
            k += 1
        if k >= len(tokens) or tokens[k].text not in {",", "и", "а"}:
            return
        k += 1
        while k < len(tokens) and tokens[k].text.lower() in THEN | {",", "а", "и"}:
            k += 1
        post = _single_post_after(view, k, {"ablt"})
        if post is None:
            return
        stop = _title_stop(tokens, post, len(tokens), view.index)
        org, end = _org_after(view, stop)
        yield Found(view.role(person, _title_text(tokens, k, post, stop), org, tokens[k].start, end),
                    "coordinated_titles", k, post)
        k = stop


def _titles_before(view: View, found: Found) -> Iterator[Found]:
    # joined by "," or "и" ("писатель и журналист X"), or stacked, each with its own
    # org words ("представитель вооружённых сил полковник X")
    tokens, index = view.tokens, view.index
    head_cases = _cases(_noun_readings(tokens[found.head].text))
    person = next(entity for entity, _ in index.values() if entity.id == found.role.person)
    stop = found.role.span.stop
    j = found.title_start - 1
    while j > 0:
        joined = tokens[j].text in {",", "и"}
        org, k = None, j - 1 if joined else j
        while k >= 0 and j - k <= MAX_GAP and not _is_post_noun(tokens[k]):
            if k in index:
                if index[k][0].type == "PER":
                    return
                org = org or index[k][0]
                k = view.mention(k)[0] - 1
                continue
            if not (_is_org_word(tokens, k) and tokens[k].text.lower() != "и"):
                return
            k -= 1
        if k < 0 or (not joined and k == j) or not _is_post_noun(tokens[k]) \
                or not head_cases & _cases(_noun_readings(tokens[k].text)):
            return
        head = _post_chain(tokens, k)[0]
        if is_relation(tokens[head].text) and not _is_post_noun(tokens[head]):
            return
        start = _title_start(tokens, head)
        yield Found(view.role(person, _title_text(tokens, start, head, k + 1), org, tokens[start].start, stop),
                    "coordinated_titles", start, head)
        j = start - 1


def _is_org_word(tokens: list[Token], k: int) -> bool:
    """A word of the org phrase after a title: "футбольного клуба", "в", "«", an adverb
    before its adjective ("крайне правого")."""
    token = tokens[k]
    if token.text.lower() in LINKS or token.text in QUOTES or _is_descriptor(token):
        return True
    return token.text.islower() and k + 1 < len(tokens) and _is_descriptor(tokens[k + 1]) and \
        any(p.tag.POS == "ADVB" for p in morph.parse(token.text)[:1])


def _in_list(view: View, first: int, last: int) -> bool:
    # one of several names: "музыканты Юрий Царёв, Алексей Борисов и Павел Шевелёв"
    tokens, index = view.tokens, view.index
    j = last + 1
    if j < len(tokens) and tokens[j].text == "(":  # "Юрий Царёв (проект «Метро»), Алексей Борисов"
        while j < len(tokens) and tokens[j].text != ")":
            j += 1
        j += 1
    after = j < len(tokens) and tokens[j].text.lower() in {",", "и"} and \
        any(k in index and index[k][0].type == "PER" for k in range(j + 1, min(len(tokens), j + 3)))
    before = first > 0 and tokens[first - 1].text.lower() in {",", "и", ")"}
    return after or before


def _plural_only(token: Token) -> bool:
    readings = _noun_readings(token.text)
    return bool(readings) and all(g == "plur" for _, g in readings)


def apposition(view: View) -> Iterator[Found]:
    """PERSON , [title] [org words]; PERSON — title; PERSON (title); and the titles
    that follow it joined by "," or "и": "Иван Петров, певец, актёр и режиссёр"."""
    tokens, index = view.tokens, view.index
    for person, mention, first, last in view.persons():
        i = last + 1
        if i >= len(tokens) or tokens[i].text not in {",", "—", "–", "-", "("}:
            continue
        name = _name_readings(mention, person)
        if first > 0 and is_relation(tokens[first - 1].text) and \
                not (name and _agrees(tokens[first - 1], name, with_gender=True)):
            continue  # "Ли Пэн, соратник Цзян Цзэминя, премьер ...": the title is Ли Пэн's
        cases: set[str] = set()
        while True:
            start = head = i + 1
            if start + 1 < len(tokens) and _acting_start(tokens, start + 2) == start:
                post = _single_post_after(view, start + 2, {"gent"})  # ", исполняющий обязанности посла"
            else:
                post = head = _single_post_after(view, start, cases)
                if post is None and not cases:
                    start = _after_first_title(view, start)     # ", главный организатор и председатель жюри"
                    post = head = _single_post_after(view, start, cases) if start is not None else None
            if post is None or _plural_only(tokens[post]):
                break
            if name and not cases and not _agrees(tokens[head], name, with_gender=False):
                break
            head_cases = _cases(_noun_readings(tokens[head].text))
            if not name and not cases and not {"nomn", "gent", "datv", "accs"} & head_cases:
                break  # "Кристенсен, представившийся офицером": a predicate, not an apposition
            stop = _title_stop(tokens, post, len(tokens), index)
            org, end = _org_after(view, stop)
            after = bisect.bisect_left([t.start for t in tokens], end)
            if after < len(tokens) and after in index and index[after][0].type == "PER" \
                    and not _depends_on(tokens[head], _name_readings(index[after][1], index[after][0]), name):
                break  # "..., продюсер и актёр Игорь Жижикин": the title of the next name
            # an apposition closes before the clause goes on: "Чжан Сяо, главы КНР ... проведут" is a subject
            k = stop
            while k < len(tokens) and tokens[k].text not in CLAUSE_ENDS:
                if k not in index and _is_finite_verb(tokens[k]):
                    return
                k += 1
            k = stop
            yield Found(view.role(person, _title_text(tokens, start, head, stop), org, tokens[first].start, end),
                        "apposition" if not cases else "coordinated_titles", start, head)
            cases = cases or _cases(_noun_readings(tokens[head].text))
            # the next title of the same person: ", певец, актёр и режиссёр"
            while k < len(tokens) and tokens[k].text not in {",", "и"} and tokens[k].text not in CLAUSE_ENDS:
                k += 1
            if k >= len(tokens) or tokens[k].text not in {",", "и"}:
                break
            i = k


def _depends_on(title: Token, name: set[tuple[str, str]], holder: set[tuple[str, str]]) -> bool:
    """A name after a title that cannot stand in the title's case is the title's
    dependent, not its holder: "Марк Фейгин, адвокат Надежды Савченко"; so is a name in
    the genitive after a title in apposition to a name in the genitive ("записи Марка
    Фейгина, адвоката Надежды Савченко"): the title already has its holder."""
    if not name:
        return False
    return not _agrees(title, name, with_gender=False) or _genitive_apposition(title, name, holder)


def _genitive_apposition(title: Token, name: set[tuple[str, str]], holder: set[tuple[str, str]]) -> bool:
    """A post that serves a person agrees with the name before its comma in the genitive,
    and the name after it can be a genitive too: "Ивана Петрова, помощника Сергея
    Сидорова" (not "Николая Азарова, народного депутата Александра Волкова", a list)."""
    if morph.lemma(morph.fold(title.text)) not in load_set("person_serving_posts"):
        return False
    shared = _cases(_noun_readings(title.text)) & _cases(holder)
    return "gent" in shared and "nomn" not in shared and "gent" in _cases(name)


def predicate(view: View) -> Iterator[Found]:
    """PERSON [copula] [title in the instrumental]: "Сидибе был министром", "Петров
    назначен на должность директора", "Петров занимает пост министра", "Петров,
    назначенный министром, ..."."""
    tokens = view.tokens
    for person, mention, first, last in view.persons():
        if not _can_be_subject(tokens, first, mention, person):
            continue    # "брат Петрова стал директором": the brother is
        copula = None
        if last + 2 < len(tokens) and tokens[last + 1].text == "," and _copula(tokens[last + 2]) and \
                _is_modifier(tokens[last + 2]):
            copula = last + 2  # a participle: "Иван Петров, назначенный министром финансов, ..."
        found = _predicate_role(view, person, copula if copula is not None else _copula_after(view, last),
                                tokens[first].start, "predicate")
        if found is not None:
            yield found


def _can_be_subject(tokens: list[Token], first: int, mention: Span, person: Entity) -> bool:
    """A name that can be the subject of its clause: not a relative's genitive ("сын
    Петрова"), nor another noun's when its forms rule the nominative out ("сторонники
    Петрова стали")."""
    if first == 0:
        return True
    before = tokens[first - 1].text
    if is_relation(before):
        return False
    readings = _name_readings(mention, person)
    return not (readings and "nomn" not in _cases(readings) and before.islower() and _noun_readings(before))


def pronoun_predicate(view: View) -> Iterator[Found]:
    """"Она занимает пост министра культуры", "Он был назначен послом": a post stated of
    a pronoun goes to the person the references stage says the pronoun means."""
    from .references import refers_to

    for k, token in enumerate(view.tokens):
        if view.doc is None or morph.fold(token.text) not in ("он", "она"):
            continue
        copula = _copula_after(view, k)
        if copula is None or _post_after_copula(view, copula) is None:
            continue
        reference = refers_to(view.doc, token.start)
        person = next((e for e in view.doc.entities if reference and e.id == reference.entity), None)
        if person is not None and person.type == "PER":
            found = _predicate_role(view, person, copula, token.start, "pronoun_predicate")
            if found is not None:
                yield found


def _copula_after(view: View, last: int) -> Optional[int]:
    """The linking verb a few words after token `last`, in its clause, before another name."""
    tokens = view.tokens
    for j in range(last + 1, min(len(tokens), last + 1 + MAX_PREDICATE_GAP)):
        if j in view.index or tokens[j].text in CLAUSE_ENDS:
            return None
        if _copula(tokens[j]):
            return j
    return None


def _predicate_role(view: View, person: Entity, copula: Optional[int], start: int, rule: str) -> Optional[Found]:
    """The role the title after `copula` gives `person`, its span from `start`."""
    if copula is None or _is_active_appointing(view.tokens[copula]):
        return None
    found = _post_after_copula(view, copula)
    if found is None:
        return None
    title_start, post = found
    stop = _title_stop(view.tokens, post, len(view.tokens), view.index)
    org, end = _org_after(view, stop)
    return Found(view.role(person, _title_text(view.tokens, title_start, post, stop), org, start, end),
                 rule, title_start, post)


def _post_after_copula(view: View, copula: int) -> Optional[tuple[int, int]]:
    """The title after a linking verb: instrumental ("был министром"), or genitive after
    "пост"/"должность" ("занял пост министра", "назначен на должность директора")."""
    tokens = view.tokens
    i, cases = copula + 1, {"ablt"}
    while i < len(tokens) and (_copula(tokens[i]) and not _is_post_noun(tokens[i])):
        i += 1  # "был назначен"
    if i < len(tokens) and tokens[i].text.lower() in {"на", "в"}:
        i += 1
    if i < len(tokens) and tokens[i].text.lower() in POST_NOUNS | {"качестве"}:
        i, cases = i + 1, {"gent"}
    elif _copula(tokens[copula]) in TAKING:
        return None
    post = _single_post_after(view, i, cases)
    return None if post is None else (i, post)


def predicate_first(view: View) -> Iterator[Found]:
    """[title in the instrumental] [org words] [copula] PERSON: "капитаном стал Баллак",
    "Главой ведомства назначен Иван Петров"; "пост министра занял Иван Петров"."""
    tokens, index = view.tokens, view.index
    for i, token in enumerate(tokens):
        if i in index or not _is_post_noun(token):
            continue
        start = _title_start(tokens, i)
        after_post_noun = start > 0 and tokens[start - 1].text.lower() in POST_NOUNS
        cases = _cases(_noun_readings(token.text))
        if not ("ablt" in cases or (after_post_noun and "gent" in cases)):
            continue
        # the clause's verb after the title and its org words; or the person and then
        # the verb: "Пост главы правительства Кейта занимал с 1994 года"
        org, j, named = None, _title_stop(tokens, i, len(tokens), index), None
        while j < len(tokens) and j - i <= MAX_GAP:
            if j in index:
                if index[j][0].type == "PER":
                    if after_post_noun and named is None:
                        named = j
                        j = view.mention(j)[1] + 1
                        continue
                    break
                org = org or index[j][0]
                j = view.mention(j)[1] + 1
                continue
            if named is None and (tokens[j].text.lower() in LINKS or tokens[j].text in QUOTES
                                  or _is_descriptor(tokens[j])):
                j += 1
                continue
            break
        verb = _copula(tokens[j]) if j < len(tokens) else None
        if verb is None or _is_active_appointing(tokens[j]) or (after_post_noun and verb not in TAKING):
            continue
        if named is not None:
            k = named
        else:
            # the person right after the verb, past their own adjectives and title
            k = j + 1
            while k < len(tokens) and k not in index and k - j <= 4 and tokens[k].text.islower() and \
                    (_is_modifier(tokens[k]) or _is_post_noun(tokens[k])
                     or "nomn" in _cases(_noun_readings(tokens[k].text))):
                k += 1
            if k not in index or index[k][0].type != "PER" or is_relation(tokens[k - 1].text):
                continue  # "стал близкий друг Лукашенко": the name is the friend's genitive
        person, mention = index[k]
        name = _name_readings(mention, person)
        if name and "nomn" not in _cases(name):
            continue
        stop = _title_stop(tokens, i, len(tokens), index)
        yield Found(view.role(person, _title_text(tokens, start, i, stop), org, tokens[start].start, mention.stop),
                    "predicate_first", start, i)


def appointed(view: View) -> Iterator[Found]:
    """VERB(appoint) ... PERSON ... title: "назначил Иванова министром", "назначил
    руководителем ведомства Ивана Петрова", "выдвинул на пост главы ФБР Джеймса Коми"."""
    tokens, index = view.tokens, view.index
    for v, token in enumerate(tokens):
        if v in index or not _is_active_appointing(token):
            continue
        person = mention = post = None
        post_start = None
        k = v + 1
        while k < len(tokens) and k - v <= MAX_GAP and tokens[k].text not in CLAUSE_ENDS - {"—", "–"}:
            if k in index:
                entity, span = index[k]
                if entity.type == "PER" and person is None:
                    person, mention = entity, span
                k = view.mention(k)[1] + 1
                continue
            if post is None and _is_post_noun(tokens[k]):
                cases = _cases(_noun_readings(tokens[k].text))
                after_post_noun = tokens[k - 1].text.lower() in POST_NOUNS
                if "ablt" in cases or (after_post_noun and "gent" in cases):
                    post, post_start = k, _title_start(tokens, k)
                elif person is None:
                    post_start = None  # a title of the person to come ("полковника Игоря Шуневича")
            elif k not in index and _is_finite_verb(tokens[k]):
                break
            k += 1
        if person is None or post is None:
            continue
        name = _name_readings(mention, person)
        if name and not {"accs", "nomn"} & _cases(name):
            continue
        stop = _title_stop(tokens, post, len(tokens), index)
        org, _ = _org_after(view, stop)
        span_start = min(tokens[post_start].start, mention.start)
        span_stop = max(tokens[stop - 1].stop, mention.stop)
        yield Found(view.role(person, _title_text(tokens, post_start, post, stop), org, span_start, span_stop),
                    "appointed", post_start, post)


def post_away_from_name(view: View) -> Iterator[Found]:
    """A post as the subject of a clause, with no name beside it: "Председатель комитета
    заявил ..." after a sentence naming the person; "... что премьер был госпитализирован"
    after the article gave someone that post. `choose_holder` says who."""
    tokens, index = view.tokens, view.index
    for i, token in enumerate(tokens):
        if i in index or not _is_post_noun(token) or any(f.head == i for f in view.found):
            continue
        readings = _noun_readings(token.text)
        if not any(case == "nomn" and gender != "plur" for case, gender in readings):
            continue  # "Министры заявили": a post of several people names no one
        start = _title_start(tokens, i)
        if start > 0 and not _opens_clause(tokens[start - 1]):
            continue
        chain_stop = _title_stop(tokens, i, len(tokens), index)
        org, j = None, chain_stop
        while j < len(tokens) and (j in index or _is_org_word(tokens, j)) and tokens[j].text.lower() != "и":
            if j in index:
                if index[j][0].type == "PER":
                    break
                org = org or index[j][0]
                j = view.mention(j)[1] + 1
                continue
            j += 1
        if j >= len(tokens) or j in index or not _is_verb(tokens[j]):
            continue
        holder = choose_holder(view, token, org, opens_sentence=start == 0)
        if holder is None:
            continue
        _, end = _org_after(view, chain_stop)
        yield Found(view.role(holder, _title_text(tokens, start, i, chain_stop), org, tokens[start].start, end),
                    "post_away_from_name", start, i)


def _opens_clause(token: Token) -> bool:
    # what may stand before a clause's subject: "что", a comma, an adverb ("Ранее", "вскоре")
    word = token.text.lower()
    if word in {",", "что", "чтобы", "когда", "как", "но", "а", "и", "—", "–", ":", ";"}:
        return True
    parses = morph.parse(word)
    return bool(parses) and parses[0].tag.POS == "ADVB"


def _is_verb(token: Token) -> bool:
    parses = morph.parse(token.text.lower())
    return token.text.islower() and bool(parses) and parses[0].tag.POS == "VERB"


Rule = Callable[[View], Iterator[Found]]
# in order: a later rule never takes a post token an earlier one gave its holder
RULES: tuple[tuple[str, Rule], ...] = (
    ("title_before_name", title_before_name),
    ("apposition", apposition),
    ("predicate", predicate),
    ("pronoun_predicate", pronoun_predicate),
    ("predicate_first", predicate_first),
    ("appointed", appointed),
    ("coordinated_titles", coordinated_titles),
    ("post_away_from_name", post_away_from_name),
)


# ------------------------------------------------------------------ the stage

def find_roles(doc: Doc) -> list[Found]:
    """Every role of the document with the rule that made it, in text order."""
    mentions = sorted(((m.start, m.stop, e, m) for e in doc.entities for m in e.mentions),
                      key=lambda item: (item[0], item[1]))
    by_id = {entity.id: entity for entity in doc.entities}
    holders: dict[str, list[tuple[Entity, Optional[str]]]] = {}
    previous: list[tuple[Entity, Span]] = []
    kept: dict[tuple[str, int], Found] = {}
    for sent in doc.sents:
        index = _mention_index(sent, mentions)
        view = View(sent, index, previous, holders, doc)
        # every rule starts from a post noun: a sentence with none has no role to give
        rules = RULES if any(_is_post_noun(token) for token in sent.tokens) else ()
        for _, rule in rules:
            for found in rule(view):
                # a post word of the text is one role of each person it names
                key = (found.role.person, view.tokens[found.head].start)
                if key in kept:
                    continue
                kept[key] = found
                view.found.append(found)
                holders.setdefault(_holder_key(view.tokens[found.head]), []).append(
                    (by_id[found.role.person], found.role.org))
        people = [(entity, mention) for entity, mention, _, _ in view.persons()]
        if people:
            previous = people
        elif sent.tokens:
            previous = []
    return sorted(kept.values(), key=lambda f: (f.role.span.start, f.role.span.stop))


def debug_roles(doc: Doc) -> list[tuple[Role, str]]:
    """(role, name of the rule that made it): a wrong role points at its rule."""
    return [(found.role, found.rule) for found in find_roles(doc)]


def extract_roles(doc: Doc) -> None:
    doc.roles = [found.role for found in find_roles(doc)]
