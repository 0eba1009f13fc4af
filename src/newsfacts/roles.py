"""Roles stage: who holds which post, from the words around a person's name.

    Посол Китая в Казахстане Чжан Сяо          title first:  [title] [org words] PERSON
    музыканты Юрий Царёв, Алексей Борисов      title first, over a list of names
    Сергей Семак, главный тренер «Зенита»      apposition:   PERSON , [title] [org words]
    Сидибе был министром здравоохранения       predicate:    PERSON [copula] [title in the instrumental]

The title is a post noun from the `posts` lexicon with the adjectives before it
("главный тренер") and the post nouns it governs ("заместитель министра"); the org is
the first organisation or place named between the title and the person, or after
the title in the other two patterns.
"""
from __future__ import annotations

import bisect
import re

from . import morph
from .doc import Doc, Sent, Token
from .lexicons import load_set
from .records import Entity, Role, Span

# what may stand between a title and the name it belongs to
LINKS = {"в", "во", "при", "по", "и", "на", "для", "с", "со", "-", "—", "–", "(", ")"}
QUOTES = set("«»„“”\"'")
CLAUSE_ENDS = {",", ".", ")", "—", "–", ";", ":", "!", "?"}
POST_NOUNS = {"пост", "должность"}  # "занял пост генерального директора"
MAX_GAP = 12  # tokens between a title and the name
MAX_PREDICATE_GAP = 5  # tokens between a name and its copula
AGE = re.compile(r"^\d+-?летн", re.I)  # "89-летний Роберт Мугабе"


# ------------------------------------------------------------------ words

def is_post(word: str) -> bool:
    """A post noun: "посол", "главы", "экс-министр", "хип-хоп-исполнитель"."""
    word = word.lower().replace("ё", "е")
    posts = load_set("posts")
    if word in posts or morph.lemma(word) in posts:
        return True
    if "-" in word:
        tail = word.rsplit("-", 1)[1]
        return len(tail) > 2 and (tail in posts or morph.lemma(tail) in posts)
    return False


def _is_modifier(token: Token) -> bool:
    word = token.text
    if AGE.match(word):
        return True
    if not word.replace("-", "").isalpha():
        return False
    # pronominal adjectives ("который", "этот") never open a title
    return any(p.tag.POS in ("ADJF", "PRTF") and "Apro" not in p.tag for p in morph.parse(word.lower()))


def _is_descriptor(token: Token) -> bool:
    # lower-case words of an org name between title and person: "футбольного клуба"
    word = token.text
    if not word[:1].isalpha() or word[:1].isupper():
        return False
    parses = morph.parse(word.lower())
    return bool(parses) and parses[0].tag.POS in ("NOUN", "ADJF", "PRTF") and parses[0].tag.case != "nomn"


def _is_finite_verb(token: Token) -> bool:
    parses = morph.parse(token.text.lower())
    return bool(parses) and parses[0].tag.POS in ("VERB", "PRTS", "ADJS") and token.text.islower()


def _is_copula(token: Token) -> bool:
    word = token.text.lower()
    return any(p.normal_form in load_set("copulas") for p in morph.parse(word)[:2]
               if p.tag.POS in ("VERB", "INFN", "PRTS", "PRTF"))


def _is_instrumental_post(token: Token) -> bool:
    return is_post(token.text) and any(p.tag.case == "ablt" for p in morph.parse(token.text.lower()))


def _title_text(tokens: list[Token]) -> str:
    # lemmas up to the first post noun, the words it governs as written: "заместитель министра"
    words, head_seen = [], False
    for token in tokens:
        word = token.text.lower()
        if head_seen:
            words.append(word)
        else:
            head_seen = is_post(word)
            words.append(morph.lemma(word))
    return " ".join(words)


# ------------------------------------------------------------------ spans

def _mention_index(sent: Sent, mentions: list[tuple[int, int, Entity, Span]]) -> dict[int, tuple[Entity, Span]]:
    """token index -> (entity, mention) for the mentions in this sentence.

    `mentions` is every mention of the document, sorted by start: a bisect finds the
    sentence's own, so the whole stage stays linear in the article's length.
    """
    index = {}
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


def _title_start(tokens: list[Token], post: int) -> int:
    """Extend a title left over adjectives and a governing post noun ("заместитель министра")."""
    start = post
    while start > 0:
        prev = tokens[start - 1]
        if _is_modifier(prev) and not AGE.match(prev.text) and (not prev.text[:1].isupper() or start - 1 == 0):
            start -= 1
        elif prev.text.lower() == "и" and start >= 2 and _is_modifier(tokens[start - 2]):
            start -= 2
        elif is_post(prev.text):
            start -= 1
        else:
            break
    return start


def _title_stop(tokens: list[Token], post: int, limit: int, index) -> int:
    # the title runs over the post nouns it governs: "заместитель министра"
    stop = post + 1
    while stop < limit and stop not in index and is_post(tokens[stop].text):
        stop += 1
    return stop


def _org_after(tokens: list[Token], index, start: int) -> tuple[Entity | None, int]:
    """The first org or place named after a title, before the clause ends; and where it stops."""
    end = tokens[start - 1].stop
    for j in range(start, min(len(tokens), start + MAX_GAP)):
        if j in index:
            entity, mention = index[j]
            return (None, end) if entity.type == "PER" else (entity, mention.stop)
        token = tokens[j]
        if not (token.text.lower() in LINKS or token.text in QUOTES or _is_descriptor(token)):
            break
    return None, end


def _role(sent: Sent, person: Entity, title: str, org: Entity | None, start: int, stop: int) -> Role:
    text = sent.text[start - sent.start:stop - sent.start]
    return Role(person=person.id, title=title, org=org.id if org else None,
                span=Span(start=start, stop=stop, text=text))


# ------------------------------------------------------------------ patterns

def _title_first(sent: Sent, index, person: Entity, first: int) -> Role | None:
    tokens, org = sent.tokens, None
    i = first - 1
    while i >= 0 and first - i <= MAX_GAP:
        token = tokens[i]
        if i in index:
            entity, _ = index[i]
            if entity.type == "PER":
                # a list of names after one title: "музыканты Юрий Царёв, Алексей Борисов и ..."
                if tokens[i + 1].text.lower() in {",", "и", ")"}:
                    while i - 1 in index and index[i - 1][1] is index[i][1]:
                        i -= 1
                    i -= 1
                    continue
                return None
            org = entity
        elif is_post(token.text):
            if org is None and _is_possessor(token, index[first][1]):
                return None
            start = _title_start(tokens, i)
            title = _title_text(tokens[start:_title_stop(tokens, i, first, index)])
            return _role(sent, person, title, org, tokens[start].start, index[first][1].stop)
        elif token.text == ",":
            if not _in_name_list(tokens, i, index):
                return None
        elif not (token.text.lower() in LINKS or token.text in QUOTES or _is_descriptor(token)
                  or AGE.match(token.text)):
            return None
        i -= 1
    return None


def _cases(word: str, named_only: bool) -> set:
    parses = [p for p in morph.parse(word.lower()) if p.tag.POS == "NOUN"]
    if named_only:
        parses = [p for p in parses if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
    if any("Fixd" in p.tag or not p.is_known for p in parses):
        return set()
    return {p.tag.case for p in parses}


def _is_possessor(post: Token, mention: Span) -> bool:
    """"представитель Обамы", "жена Путина": the name is the post's genitive, not its holder
    (an apposition agrees with its title in case)."""
    name_cases = _cases(mention.text.split()[-1], named_only=True)
    post_cases = _cases(post.text, named_only=False)
    return bool(name_cases and post_cases) and not name_cases & post_cases


def _in_name_list(tokens: list[Token], i: int, index) -> bool:
    # a comma between two names of a list, or after a bracketed aside of one
    return (i - 1 in index and index[i - 1][0].type == "PER") or tokens[i - 1].text == ")"


def _apposition(sent: Sent, index, person: Entity, first: int, last: int) -> Role | None:
    tokens = sent.tokens
    i = last + 1
    if i >= len(tokens) or tokens[i].text not in {",", "—", "–", "-", "("}:
        return None
    i += 1
    start = i
    while i < len(tokens) and _is_modifier(tokens[i]) and not is_post(tokens[i].text):
        i += 1
    if i >= len(tokens) or not is_post(tokens[i].text):
        return None
    stop = _title_stop(tokens, i, len(tokens), index)
    org, end = _org_after(tokens, index, stop)
    # an apposition closes before the clause goes on: "Чжан Сяо, главы КНР ... проведут" is a subject
    k = stop
    while k < len(tokens) and tokens[k].text not in CLAUSE_ENDS:
        if k not in index and _is_finite_verb(tokens[k]):
            return None
        k += 1
    return _role(sent, person, _title_text(tokens[start:stop]), org, tokens[first].start, end)


def _predicate(sent: Sent, index, person: Entity, first: int, last: int) -> Role | None:
    tokens = sent.tokens
    copula = None
    for j in range(last + 1, min(len(tokens), last + 1 + MAX_PREDICATE_GAP)):
        if j in index or tokens[j].text in CLAUSE_ENDS:
            return None
        if _is_copula(tokens[j]):
            copula = j
            break
    if copula is None:
        return None
    i = copula + 1
    if i < len(tokens) and tokens[i].text.lower() in POST_NOUNS | {"посту", "должности"}:
        i += 1
    start = i
    while i < len(tokens) and _is_modifier(tokens[i]) and not is_post(tokens[i].text):
        i += 1
    if i >= len(tokens) or not is_post(tokens[i].text) or i in index:
        return None
    if start == copula + 1 and not _is_instrumental_post(tokens[i]):
        return None
    stop = _title_stop(tokens, i, len(tokens), index)
    org, end = _org_after(tokens, index, stop)
    return _role(sent, person, _title_text(tokens[start:stop]), org, tokens[first].start, end)


def extract_roles(doc: Doc) -> None:
    roles: dict[tuple[int, int, str], Role] = {}
    mentions = sorted(((m.start, m.stop, e, m) for e in doc.entities for m in e.mentions),
                      key=lambda item: (item[0], item[1]))
    for sent in doc.sents:
        index = _mention_index(sent, mentions)
        visited = set()
        for i in sorted(index):
            entity, mention = index[i]
            if entity.type != "PER" or id(mention) in visited:
                continue
            visited.add(id(mention))
            last = max(j for j in index if index[j][1] is mention)
            found = (_title_first(sent, index, entity, i), _apposition(sent, index, entity, i, last),
                     _predicate(sent, index, entity, i, last))
            for role in found:
                if role is None:
                    continue
                # each place in the text that states a post is a role of its own
                roles.setdefault((role.span.start, role.span.stop, role.title), role)
    doc.roles = sorted(roles.values(), key=lambda r: r.span.start)
