"""Roles stage: who holds which post, from appositions around a person's name.

    Посол Китая в Казахстане Чжан Сяо          title first:  [title] [org words] PERSON
    Сергей Семак, главный тренер «Зенита»      title after:  PERSON , [title] [org words]

The title is a post noun from the `posts` lexicon with the adjectives before it
("главный тренер") and a post noun it governs ("заместитель министра"); the org is
the first organisation or place named between the title and the person (or after
the title, in the second pattern).
"""
from __future__ import annotations

from . import morph
from .doc import Doc, Sent, Token
from .lexicons import load_set
from .records import Entity, Role, Span

# what may stand between a title and the name it belongs to
LINKS = {"в", "во", "при", "по", "и", "на", "для", "с", "со", "-", "—", "–", "(", ")"}
QUOTES = set("«»„“”\"'")
MAX_GAP = 12  # tokens between a title and the name


def _is_post(token: Token) -> bool:
    word = token.text.lower()
    return morph.lemma(word) in load_set("posts") or word in load_set("posts")


def _is_modifier(token: Token) -> bool:
    word = token.text
    if not word.isalpha() and "-" not in word:
        return False
    # pronominal adjectives ("который", "этот") never open a title
    return any(p.tag.POS in ("ADJF", "PRTF") and "Apro" not in p.tag for p in morph.parse(word.lower()))


def _is_finite_verb(token: Token) -> bool:
    parses = morph.parse(token.text.lower())
    return bool(parses) and parses[0].tag.POS in ("VERB", "PRTS", "ADJS") and token.text.islower()


def _is_descriptor(token: Token) -> bool:
    # lower-case words of an org name between title and person: "футбольного клуба"
    word = token.text
    if not word[:1].isalpha() or word[:1].isupper():
        return False
    parses = morph.parse(word.lower())
    return bool(parses) and parses[0].tag.POS in ("NOUN", "ADJF", "PRTF") and parses[0].tag.case != "nomn"


def _title_text(tokens: list[Token]) -> str:
    # lemmas up to the first post noun, the words it governs as written: "заместитель министра"
    words, head_seen = [], False
    for token in tokens:
        word = token.text.lower()
        if head_seen:
            words.append(word)
            continue
        if _is_post(token):
            head_seen = True
            words.append(morph.lemma(word))
        else:
            # an adjective agreeing with a masculine post: "главного" -> "главный"
            words.append(morph.lemma(word))
    return " ".join(words)


def _mention_index(sent: Sent, entities: list[Entity]):
    """token index -> (entity, mention) for the mentions in this sentence."""
    index = {}
    for entity in entities:
        for mention in entity.mentions:
            if mention.stop <= sent.start or mention.start >= sent.stop:
                continue
            for i, token in enumerate(sent.tokens):
                if token.start >= mention.start and token.stop <= mention.stop:
                    index[i] = (entity, mention)
    return index


def _title_start(tokens: list[Token], post: int, floor: int) -> int:
    """Extend a title left over adjectives and a governing post noun ("заместитель министра")."""
    start = post
    while start - 1 >= floor:
        prev = tokens[start - 1]
        if _is_modifier(prev) and not prev.text[:1].isupper() or (prev.text[:1].isupper() and _is_modifier(prev)
                                                                   and start - 1 == floor):
            start -= 1
        elif prev.text.lower() == "и" and start - 2 >= floor and _is_modifier(tokens[start - 2]):
            start -= 2
        elif _is_post(prev):
            start -= 1
        else:
            break
    return start


def _roles_before(sent: Sent, index, person: Entity, first: int) -> Role | None:
    tokens = sent.tokens
    org = None
    i = first - 1
    while i >= 0 and first - i <= MAX_GAP:
        token = tokens[i]
        if i in index:
            entity, _ = index[i]
            if entity.type == "PER":
                return None
            org = entity
        elif _is_post(token):
            start = _title_start(tokens, i, 0)
            title = _title_text(tokens[start:_title_stop(tokens, i, first, index)])
            return _role(sent, person, title, org, tokens[start].start, tokens[first].start)
        elif not (token.text.lower() in LINKS or token.text in QUOTES or _is_descriptor(token)):
            return None
        i -= 1
    return None


def _title_stop(tokens: list[Token], post: int, limit: int, index) -> int:
    # the title runs over post nouns governed by it: "заместитель министра иностранных дел"
    stop = post + 1
    while stop < limit and stop not in index and (_is_post(tokens[stop]) or _is_descriptor(tokens[stop])):
        if not _is_post(tokens[stop]):
            break
        stop += 1
    return stop


def _roles_after(sent: Sent, index, person: Entity, last: int) -> Role | None:
    tokens = sent.tokens
    i = last + 1
    if i >= len(tokens) or tokens[i].text not in {",", "—", "–", "-", "("}:
        return None
    i += 1
    start = i
    while i < len(tokens) and _is_modifier(tokens[i]) and not _is_post(tokens[i]):
        i += 1
    if i >= len(tokens) or not _is_post(tokens[i]):
        return None
    post = i
    stop = _title_stop(tokens, post, len(tokens), index)
    org, j, end = None, stop, tokens[stop - 1].stop
    while j < len(tokens) and j - stop < MAX_GAP:
        token = tokens[j]
        if j in index:
            entity, mention = index[j]
            if entity.type == "PER":
                break
            org, end = entity, mention.stop
            break
        if not (token.text.lower() in LINKS or token.text in QUOTES or _is_descriptor(token)):
            break
        j += 1
    # an apposition closes before the clause goes on: "Чжан Сяо, главы КНР ... проведут" is a subject
    k = j
    while k < len(tokens) and tokens[k].text not in {",", ".", ")", "—", "–", ";", ":", "!", "?"}:
        if _is_finite_verb(tokens[k]):
            return None
        k += 1
    title = _title_text(tokens[start:stop])
    return _role(sent, person, title, org, tokens[index_start(tokens, last, index)].start, end)


def index_start(tokens: list[Token], last: int, index) -> int:
    entity, mention = index[last]
    return next(i for i, t in enumerate(tokens) if t.start >= mention.start)


def _role(sent: Sent, person: Entity, title: str, org: Entity | None, start: int, stop: int) -> Role:
    text = sent.text[start - sent.start:stop - sent.start]
    return Role(person=person.id, title=title, org=org.id if org else None, span=Span(start=start, stop=stop, text=text))


def extract_roles(doc: Doc) -> None:
    roles: dict[tuple[str, str], Role] = {}
    for sent in doc.sents:
        index = _mention_index(sent, doc.entities)
        visited = set()
        for i in sorted(index):
            entity, mention = index[i]
            if entity.type != "PER" or id(mention) in visited:
                continue
            visited.add(id(mention))
            last = max(j for j in index if index[j][1] is mention)
            for role in (_roles_before(sent, index, entity, i), _roles_after(sent, index, entity, last)):
                if role is None:
                    continue
                # one role per person and title; the mention that names the org wins
                key = (role.person, role.title)
                if key not in roles or (roles[key].org is None and role.org is not None):
                    roles[key] = role
    doc.roles = sorted(roles.values(), key=lambda r: r.span.start)
