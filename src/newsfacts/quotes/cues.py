"""Speech cues: the lexicons of verbs and phrases of saying, and the rules that find a
cue next to a quote or a clause. Each finder returns a `Cue` record."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import cache, lru_cache
from typing import Optional

from .. import morph
from ..clean import QUOTE_CHARS
from ..doc import Token
from ..lexicons import load_table
from ..morph import fold
from ..references import DASHES, POSSESSIVES, speaker_nouns
from ..references.lexicon import document_nouns
from .text import Cue, Text

VERBISH = {"VERB", "INFN", "GRND", "PRTS", "ADJS"}
CUE_LOOKBACK = 12          # tokens between a speech verb and its "что"
ATTRIBUTION_CHARS = 160    # the longest "— сказал X, —" inside a quote
# verbs an infinitive cue may hang on: "стали обвинять Земана в том, что …"
PHASE_VERBS = {"стать", "начать", "начинать", "продолжать", "продолжить", "поспешить", "спешить", "успеть"}
# a possessive naming the source: "по его словам", "по её данным"
POSSESSIVE_SOURCES = POSSESSIVES | {"ее"}


# ------------------------------------------------------------------ lexicons

@cache
def speech_verbs() -> dict[str, frozenset[str]]:
    """lemma -> its flags ("obj", "impersonal", "fragment")."""
    return {row[0].lower(): frozenset(row[1].split() if len(row) > 1 else ()) for row in load_table("speech_verbs")}


def speaker_role(lemma: str) -> str:
    """Where the speaker of a cue is: "" the subject, "obj" the object, "impersonal" none."""
    if lemma in phrase_roles():
        return phrase_roles()[lemma]
    flags = speech_verbs().get(lemma, frozenset())
    return "obj" if "obj" in flags else "impersonal" if "impersonal" in flags else ""


@cache
def speech_phrases() -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(words, kind, cue) for each phrase; "verb" phrases are matched on lemmas."""
    rows = []
    for row in load_table("speech_phrases"):
        phrase, kind = row[0].lower().replace("ё", "е"), row[1].split()[0]
        words = tuple(phrase.split())
        if kind == "verb":
            words = tuple(morph.lemma(w) if w not in ("не", "с", "к") else w for w in words)
        rows.append((words, kind, phrase))
    return tuple(rows)


@cache
def phrase_roles() -> dict[str, str]:
    """cue -> where its speaker is, from a verb phrase's flags ("obj", "impersonal")."""
    roles = {}
    for row in load_table("speech_phrases"):
        flags = row[1].split()[1:]
        roles[row[0].lower().replace("ё", "е")] = "obj" if "obj" in flags else "impersonal" if "impersonal" in flags else ""
    return roles


@cache
def verb_phrases() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Multi-word verbs of saying by their first word's lemma: (lemmas, cue)."""
    index: dict[str, list] = {}
    for words, kind, phrase in speech_phrases():
        if kind == "verb":
            index.setdefault(words[0], []).append((words, phrase))
    return {first: tuple(rows) for first, rows in index.items()}


@cache
def cue_forms() -> frozenset[str]:
    """Every form of every word a cue can start with ("заявил", "сообщившая"), folded:
    most words are none of them, and need no pymorphy parse to say so."""
    return morph.forms_of(set(speech_verbs()) | set(verb_phrases()))


@cache
def formula_words() -> frozenset[str]:
    """Every word of the author's formulas ("следует отметить"): a quick test before matching."""
    return frozenset(w for words, kind, _ in speech_phrases() if kind == "not" for w in words)





@lru_cache(maxsize=morph.WORD_CACHE)
def speech_lemma(word: str) -> Optional[str]:
    """The lemma of a verb form of saying ("подчеркнул" -> "подчеркнуть"), else None.

    First-person forms ("напомним", "отмечу") are the author's voice, not a cue.
    """
    lower = fold(word)
    parses = morph.parse(lower)
    if not lower.isalpha() or any("1per" in p.tag for p in parses):
        return None
    for parse in parses:
        if parse.tag.POS in VERBISH and "impr" not in parse.tag:
            lemma = parse.normal_form.replace("ё", "е")
            if lemma in speech_verbs():
                return lemma
    return None


@lru_cache(maxsize=morph.WORD_CACHE)
def is_finite_verb(word: str) -> bool:
    parses = morph.parse(fold(word))
    return bool(parses) and parses[0].tag.POS == "VERB"



# ------------------------------------------------------------------ cue words

def _in_formula(tokens: list[Token], i: int) -> bool:
    """Token i is inside an author's formula: "следует отметить", "надо сказать"."""
    if fold(tokens[i].text) not in formula_words():
        return False
    for words, kind, _ in speech_phrases():
        if kind != "not":
            continue
        n = len(words)
        for first in range(max(0, i - n + 1), min(i, len(tokens) - n) + 1):
            if all(fold(tokens[first + k].text) == words[k] for k in range(n)):
                return True
    return False


def _short_participle(word: str) -> bool:
    parses = morph.parse(word)
    return bool(parses) and parses[0].tag.POS == "PRTS"


NAME_WORDS = 3     # words of a name inside a verb phrase ("РИА Новости", "«Российской газете»")


OUTLET_WORDS = 5    # words of an outlet or a body inside "приводит X слова Y"


def _after_name(tokens: list[Token], k: int) -> int:
    """The index after a capitalised name (quotation marks included) that starts at k, or k."""
    stop = k
    for j in range(k, min(len(tokens), k + NAME_WORDS + 2)):
        text = tokens[j].text
        if text in QUOTE_CHARS:
            continue
        if not text[:1].isupper():
            break
        stop = j + 1
    while stop < len(tokens) and tokens[stop].text in QUOTE_CHARS:
        stop += 1
    return stop


def cue_at(tokens: list[Token], i: int, fragment: bool = False, colon: bool = False,
           attribution: bool = False) -> Optional[Cue]:
    """The cue that starts at token i, if one does.

    Verbs of naming ("назвал") are cues only for a quoted `fragment`, verbs like
    "поздравить" only before a `colon`, verbs like "решить" only in the `attribution`
    right after a quote ("«…», — решили в прокуратуре").
    """
    word = fold(tokens[i].text)
    if word not in cue_forms():
        return None
    for words, phrase in verb_phrases().get(word, ()) + verb_phrases().get(morph.lemma(word), ()):
        if i + len(words) > len(tokens):
            continue
        got = [fold(t.text) for t in tokens[i:i + len(words)]]
        if all(g == w or morph.lemma(g) == w for g, w in zip(got, words)):
            if any(g != w and _short_participle(g) for g, w in zip(got, words)):
                continue    # "Не исключено, что": no one says it
            return Cue(phrase, i, i + len(words) - 1, phrase_roles()[phrase])
        if phrase_roles()[phrase] == "obj" and len(words) == 2:
            # "приводит ТАСС слова Пескова": the outlet that quotes stands inside the phrase
            k = _after_name(tokens, i + 1)
            if i + 1 < k < len(tokens) and morph.lemma(fold(tokens[k].text)) == words[1]:
                return Cue(phrase, i, k, "obj")
            # or a body's words ("приводит пресс-служба петербургского клуба слова врача")
            for k in range(i + 2, min(len(tokens), i + 2 + OUTLET_WORDS)):
                text = tokens[k].text
                if not (text.replace("-", "").isalpha() or text in QUOTE_CHARS) or is_finite_verb(text):
                    break
                if morph.lemma(fold(text)) == words[1]:
                    return Cue(phrase, i, k, "obj")
    lemma = speech_lemma(word)
    if lemma is None or not _in_its_context(speech_verbs()[lemma], fragment, colon, attribution):
        return None
    if i > 0 and fold(tokens[i - 1].text) == "не":
        return None      # negated speech: "никто не говорил, что"
    if _hypothetical(tokens, i):
        return None
    if _in_formula(tokens, i) and not ("impersonal" in speech_verbs()[lemma] and in_document(tokens, i)):
        return None     # "как говорится" is a saying, "как говорится в сообщении" a document's words
    if "document" in speech_verbs()[lemma] and not in_document(tokens, i):
        return None      # "предполагается, что" alone is an expectation, "в докладе предполагается" speech
    return Cue(lemma, i, i, speaker_role(lemma))


def in_document(tokens: list[Token], cue: int) -> bool:
    """'говорится в сообщении', 'в нем отмечается': a document next to the cue."""
    return document_at(tokens, cue) is not None


def document_at(tokens: list[Token], cue: int) -> Optional[int]:
    """Where the document next to the cue is named ('говорится в [сообщении]'), or None."""
    for j in range(max(1, cue - 5), min(len(tokens), cue + 5)):
        if fold(tokens[past_modifiers_back(tokens, j)].text) not in ("в", "во", "на"):
            continue    # "в [исковом] заявлении"
        word = fold(tokens[j].text)
        lemma = morph.lemma(word)
        if word in ("нем", "ней") or speaker_nouns().get(lemma, ("",))[0] in ("org", "media") \
                or lemma in document_nouns():
            return j
    return None


MODIFIERS_BACK = 3     # words before a document's noun that describe it ("в еще одной статье")


def past_modifiers_back(tokens: list[Token], j: int) -> int:
    """The token before the document noun at j, past the words that describe it: "в
    [еще одной] статье", "в [своем] сообщении", "в [исковом] заявлении"."""
    k = j - 1
    while k > 0 and j - k <= MODIFIERS_BACK and tokens[k].text[:1].islower() and (
            fold(tokens[k].text) == "еще" or morph.parse(fold(tokens[k].text))[0].tag.POS in ("ADJF", "PRTF", "NUMR")):
        k -= 1
    return k


def _in_its_context(flags: frozenset[str], fragment: bool, colon: bool, attribution: bool = False) -> bool:
    """A verb flagged "fragment" is a cue only for a quoted fragment ("назвал выборы
    «фарсом»"), one flagged "colon" only before a colon ("поздравил победителей:"), one
    flagged "attribution" only right after a quote ("— решили в прокуратуре")."""
    if not flags & {"fragment", "colon", "attribution"}:
        return True
    return "fragment" in flags and fragment or "colon" in flags and colon or "attribution" in flags and attribution


def _hypothetical(tokens: list[Token], i: int) -> bool:
    """"бы" in the cue's clause: 'Если бы министр сказал, что …' is no speech."""
    for k in range(i - 1, max(-1, i - 5), -1):
        if tokens[k].text in ",.;:!?":
            break
        if fold(tokens[k].text) in ("бы", "б"):
            return True
    return i + 1 < len(tokens) and fold(tokens[i + 1].text) in ("бы", "б")


def find_cue(tokens: list[Token], first: int, last: int, nearest_to: int, colon: bool = False,
             attribution: bool = False) -> Optional[Cue]:
    """The cue among tokens[first:last] nearest to token `nearest_to`."""
    best = None
    for i in range(first, last):
        found = cue_at(tokens, i, colon=colon, attribution=attribution)
        if found and (best is None or abs(i - nearest_to) < abs(best.token - nearest_to)):
            best = found
    return best


def source_phrase_at(tokens: list[Token], i: int) -> Optional[tuple[str, int]]:
    """("по словам", index after the phrase) when a source phrase starts at token i."""
    first = fold(tokens[i].text)
    for words, kind, phrase in speech_phrases():
        if kind != "source" or first != words[0]:
            continue
        j = i + 1
        if j < len(tokens) and fold(tokens[j].text) in POSSESSIVE_SOURCES:
            j += 1  # "по его словам": the possessive is the source
        rest = [fold(t.text) for t in tokens[j:j + len(words) - 1]]
        if rest == list(words[1:]):
            return phrase, j + len(words) - 1
    return None



def may_infinitive(tokens: list[Token], k: int) -> bool:
    """An infinitive is a cue only after a verb of phase: "стали обвинять", not
    "остается лишь заключить" or "следует отметить"."""
    if morph.parse(fold(tokens[k].text))[0].tag.POS != "INFN":
        return True
    return k > 0 and morph.lemma(tokens[k - 1].text) in PHASE_VERBS


# ------------------------------------------------------------------ cues next to a quote or a clause

def cue_after(tx: Text, offset: int, line_stop: int) -> Optional[Cue]:
    """A cue right after a quote ending at `offset`: ', — сказал X' / '- подчеркнул Посол'."""
    rest = tx.text[offset:min(line_stop, offset + ATTRIBUTION_CHARS)]
    match = re.match(r"\s*(?:[,!?…]\s*)?[—–-]+\s*|\s*,\s*", rest)
    if not match:
        return None
    begin = offset + match.end()
    si = tx.sent_of(begin)
    if si is None:
        return None
    tokens = tx.sents[si].tokens
    first = tx.token_at(si, begin)
    found = find_cue(tokens, first, min(first + 3, len(tokens)), first, attribution=True)
    if found is None or any(t.text in ",.;:!?" for t in tokens[first:found.token]):
        return None
    return replace(found, sent=si, role=found.role or "after")


def cue_before_colon(tx: Text, offset: int) -> Optional[Cue]:
    """'X заявил: «Q»' / 'X: «Q»': the cue, or the name opening the paragraph, before a
    colon at `offset`."""
    si = tx.sent_of(offset)
    if si is None:
        return None
    tokens = tx.sents[si].tokens
    colon = tx.token_at(si, offset)
    if colon >= len(tokens) or tokens[colon].text != ":":
        return None
    first = colon
    while first > 0 and tokens[first - 1].text not in ".;:!?" and colon - first < 25:
        first -= 1
    found = find_cue(tokens, first, colon, colon, colon=True)
    if found is not None and tx.inside_pair(tokens[found.token].start) is None:
        return replace(found, sent=si)
    # "Обозреватель РИА Новости Сергей Петухов: «…»", "Иванов (прокурор): …": a paragraph
    # opened by a name
    last = colon - 1
    if last > 0 and tokens[last].text == ")":
        last = next((k - 1 for k in range(last - 1, max(first, last - 6), -1) if tokens[k].text == "("), last)
    name = tx.mention_at(tokens[last].start, tokens[last].stop) if last >= 0 else None
    if name is not None and name[2].type == "LOC" and name[0] > tokens[first].start:
        # "МВД Казахстана:": the place is the organisation's
        name = tx.mention_at(name[0] - 2, name[0] - 1)
    if (name is not None and name[2].type in ("PER", "ORG") and colon - first <= 10
            and tokens[first].start == tx.line_of(tokens[first].start)[0]
            and tokens[first].text not in DASHES    # "- ФОТО с оргий X: …" is a link or a list item
            and not any(is_finite_verb(t.text) or any(c.isdigit() or c == "/" for c in t.text)
                        for t in tokens[first:colon])):
        return Cue(":", None, None, "source", si, (first, colon))
    return None


def cue_on_line_before(tx: Text, line_start: int) -> Optional[Cue]:
    """The previous paragraph ends in a colon after a cue: 'Дуда написал в Twitter:'."""
    k = bisect_right(tx.line_starts, line_start) - 1
    if k <= 0:
        return None
    start, stop = tx.lines[k - 1]
    colon = tx.last_char(start, stop)
    if colon < start or tx.text[colon] != ":" or line_start - (colon + 1) > 4:
        return None
    return cue_before_colon(tx, colon)


def cue_for_that(tx: Text, si: int, i: int) -> Optional[Cue]:
    """The speech verb a "что" at token i hangs on: 'заявил, что' / 'сообщили о том, что'."""
    tokens = tx.sents[si].tokens
    j, reach = i - 1, CUE_LOOKBACK
    if j >= 0 and tokens[j].text == ",":
        j -= 1
        if j >= 0 and fold(tokens[j].text) in ("то", "том", "тем"):
            j -= 1
            if j >= 0 and fold(tokens[j].text) in ("о", "на", "в", "за"):
                j -= 1
    else:
        reach = CUE_LOOKBACK // 2   # "подтвердил в среду, 20 апреля что": a comma lost
    for k in range(j, max(-1, j - reach), -1):
        token = tokens[k]
        if token.text in ".;:!?" or fold(token.text) in ("что", "чтобы", "который", "которая", "которые"):
            return None
        found = cue_at(tokens, k) if token.text[:1].isalpha() else None
        if found is not None:
            if tx.inside_pair(token.start) is not None or not may_infinitive(tokens, k):
                return None
            return replace(found, sent=si)
        # a phrase cue ends here: "обратили внимание на то, что"
        for n in range(2, 5):
            found = cue_at(tokens, k - n + 1) if k - n + 1 >= 0 else None
            if found and found.last == k:
                return replace(found, sent=si)
        if is_finite_verb(token.text) and not speech_lemma(token.text):
            return None   # another clause's verb: "стало известно, что"
    return None
