"""Indirect speech: reported words without quotation marks.

    X отметил, что Q.              that_clause
    По словам X, Q.  Q, по данным X.   source_phrase
    Как сообщил X, Q.              as_reported
    Q, сообщает X.  Q, о чем X уведомил Y.   content_first (one quote per attribution:
    Q, заявил X, передает Y.       Q is X's, "Q, заявил X" Y's;
    Если A, заявил X, то B.        B is X's)
    X констатировал: Q.  Reuters: Q.   colon_clause

A reported clause ends where it ends: before a following attribution (", сообщает X")
and before a second predicate of the speaker (", однако отказался …").
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from typing import Optional

from .. import morph
from ..clean import QUOTE_CHARS
from ..doc import Token
from ..morph import fold
from ..references import DASHES, speaker_nouns
from ..references.lexicon import PREPOSITIONS
from .cues import POSSESSIVE_SOURCES, Cue, cue_at, cue_before_colon, cue_for_that, is_finite_verb, source_phrase_at
from .speakers import lexical_subject
from .text import INDIRECT, Found, Text, a_list_of_names, enough_words, is_speaker_label, trim

SOURCE_WORDS = 16          # tokens a source after "по словам" may take
CLAUSE_REACH = 40          # tokens looked through for where a reported clause ends


def _clause_end(tx: Text, si: int, first: int) -> int:
    """Offset where a reported clause starting at token `first` ends: the sentence end,
    or a colon or semicolon before it, or the comma before an attribution ('…, сообщает X')."""
    stops = tx.clause_stops(si)
    k = bisect_left(stops, first)
    end = tx.sents[si].tokens[stops[k]].start if k < len(stops) else tx.sents[si].stop
    tokens = tx.sents[si].tokens
    commas = tx.cache.setdefault("attribution_commas", {})
    if si not in commas:
        commas[si] = [c for c, _, _ in attributions(tx, si)]
    k = bisect_left(commas[si], first)
    return min(end, tokens[commas[si][k]].start) if k < len(commas[si]) else end


def find_that_clauses(tx: Text) -> list[Found]:
    """'X отметил, что Q', 'Сообщается, что Q', 'X считает, что Q'."""
    out = []
    for si, sent in enumerate(tx.sents):
        tokens = sent.tokens
        for i, token in enumerate(tokens):
            if fold(token.text) != "что" or i + 1 >= len(tokens):
                continue
            if tx.inside_pair(token.start) is not None:
                continue
            cue = cue_for_that(tx, si, i)
            if cue is None:
                continue
            end = _clause_end(tx, si, i + 1)
            a, b = trim(tx.text, tokens[i + 1].start, _second_predicate(tx, si, cue, i + 1, end))
            if not enough_words(tx.text, a, b, 2):
                continue
            out.append(Found(a, b, INDIRECT, "that_clause", cue))
    # "обратили внимание на то, что Q1, и высказали озабоченность тем, что Q2": Q1 ends
    # at the comma before the second cue
    for f, g in zip(out, out[1:]):
        if f.sent == g.sent and f.start < tx.sents[g.sent].tokens[g.token].start < f.stop:
            tokens = tx.sents[f.sent].tokens
            comma = next((k for k in range(g.token - 1, -1, -1) if tokens[k].start <= f.start or tokens[k].text == ","), 0)
            if tokens[comma].text == "," and tokens[comma].start > f.start:
                f.stop = trim(tx.text, f.start, tokens[comma].start)[1]
    return out


SECOND_PREDICATE_LINKS = ("однако", "но", "а", "и", "затем", "после", "хотя")


def _second_predicate(tx: Text, si: int, cue: Cue, first: int, end: int) -> int:
    """Where a reported clause from token `first` gives way to a second predicate of the
    speaker: 'сказал, что цифры некорректные, однако отказался назвать свои' ends at
    the comma before "однако": the verb there agrees with the cue, not with the clause."""
    tokens = tx.sents[si].tokens
    form = _verb_form(tokens[cue.token].text)
    if form is None:
        return end
    for k in range(first + 1, min(len(tokens) - 1, first + CLAUSE_REACH)):
        if tokens[k].start >= end or fold(tokens[k].text) == "что":
            break   # past the clause, or into the next one
        if tokens[k].text != ",":
            continue
        j = k + 1
        if fold(tokens[j].text) in SECOND_PREDICATE_LINKS:
            j += 1
        if j < len(tokens) and j > k + 1 and _verb_form(tokens[j].text) == form:
            return tokens[k].start
    return end


def _verb_form(word: str) -> Optional[tuple]:
    """(tense, number, gender, person) of a finite verb form, else None."""
    parses = morph.parse(fold(word)) if word[:1].isalpha() else ()
    if not parses or parses[0].tag.POS != "VERB":
        return None
    tag = parses[0].tag
    return tag.tense, tag.number, tag.gender, tag.person


def _source_end(tokens: list[Token], j: int) -> int:
    """End of the source noun group after "по словам" when no comma closes it."""
    k = j
    while k < len(tokens) and k - j < SOURCE_WORDS:
        word = tokens[k].text
        if word in QUOTE_CHARS or word in ("(", ")"):
            k += 1
            continue
        parses = morph.parse(fold(word)) if word[:1].isalpha() else ()
        if not parses or not any(p.tag.case == "gent" or p.tag.POS is None or "Fixd" in p.tag for p in parses):
            break
        k += 1
    return k


def _opens_clause(tokens: list[Token], i: int) -> bool:
    """A source phrase at token i starts its clause: 'По словам X', ', по словам X',
    'Однако по данным X', 'Кроме того, по словам X'."""
    if i == 0 or tokens[i - 1].text in ",(" + DASHES:
        return True
    return i <= 2 and all(morph.parse(fold(t.text))[0].tag.POS in ("CONJ", "ADVB", "PRCL", "INTJ", None)
                          for t in tokens[:i] if t.text[:1].isalpha())


def source_phrase(tx: Text, si: int, i: int) -> Optional[Found]:
    """'По словам X, Q', 'Q, по данным X', 'по его словам Q'."""
    tokens = tx.sents[si].tokens
    found = source_phrase_at(tokens, i)
    if found is None or not _opens_clause(tokens, i):
        return None     # "поединок по версии IBF" names a ranking, not a source
    cue, j = found
    if j - i > 2 and fold(tokens[j - 2].text) in POSSESSIVE_SOURCES:
        source, source_stop = (j - 2, j - 1), j
    else:
        source_stop = _source_stop(tokens, j)
        if source_stop == j or not _names_something(tokens[j]):
            return None   # "по предварительным данным", "по данным на 2013 год"
        source = (j, source_stop)
    quote = _rest_or_before(tx, si, i, _after_description(tokens, source_stop))
    if quote is None:
        return None
    return Found(quote[0], quote[1], INDIRECT, "source_phrase", Cue(cue, None, None, "source", si, source))


RELATIVE_OPENERS = ("котор", "чей", "чья", "чье", "чьи", "чьим", "чьих")     # "который", "чьи подопечные"


def _describes_source(tokens: list[Token], k: int) -> bool:
    """A relative, or a participle in the source's case, the genitive ("возглавляющего"; not
    "задержанные - израильтяне", the reported words' own subject)."""
    word = fold(tokens[k].text)
    return _describes(tokens, k) and (word.startswith(RELATIVE_OPENERS)
                                      or any(p.tag.case == "gent" for p in morph.parse(word)))


def _after_description(tokens: list[Token], comma: int) -> int:
    """Past what describes the source after its comma: "По словам Ивана Петрова, который
    возглавляет министерство, рост продолжится" reports what follows the second comma."""
    while comma + 1 < len(tokens) and tokens[comma].text == "," and _describes_source(tokens, comma + 1):
        following = next((m for m in range(comma + 2, len(tokens)) if tokens[m].text == ","), None)
        if following is None:
            return comma
        comma = following
    return comma


# "после того, как", "перед тем, как", "с тех пор, как" (not "Кроме того, как сообщили")
TIME_CONJUNCTIONS = frozenset({"после того", "до того", "перед тем", "вместо того", "тех пор"})


def _time_clause(tokens: list[Token], i: int) -> bool:
    """The "как" at i joins a time clause ("после того, как написал заметку")."""
    return i >= 3 and tokens[i - 1].text == "," and \
        f"{fold(tokens[i - 3].text)} {fold(tokens[i - 2].text)}" in TIME_CONJUNCTIONS


def _as_reported(tx: Text, si: int, i: int) -> Optional[Found]:
    """'Как сообщил X, Q', 'Как сообщается, Q', 'Q, как пишет X.'"""
    tokens = tx.sents[si].tokens
    if not _opens_clause(tokens, i) or _time_clause(tokens, i):
        return None     # "после того, как написал заметку": a time clause, no source
    for at in (i + 1, i + 2):
        found = cue_at(tokens, at) if at < len(tokens) and tokens[at].text[:1].isalpha() else None
        if found:
            break
    else:
        return None
    last, comma = found.last, None
    for m in range(last + 1, min(len(tokens), last + SOURCE_WORDS)):
        text = tokens[m].text
        if text == "," and not (m + 1 < len(tokens) and _describes(tokens, m + 1)):
            comma = m       # ', добывающей нефть в заливе,' still describes the speaker
            break
        glued = m + 1 < len(tokens) and tokens[m + 1].start == tokens[m].stop
        if text in (":", "(", ")") or (text in ".!?" and m < len(tokens) - 1 and not glued):
            return None   # 'Как отмечается в материалах банка: «…»' is direct; "(как называют …)"
    if comma is None:
        comma = last if found.role == "impersonal" else len(tokens)
    quote = _rest_or_before(tx, si, i, comma + 1)
    if quote is None:
        return None
    return Found(quote[0], quote[1], INDIRECT, "as_reported", replace(found, sent=si))


def find_source_phrases(tx: Text) -> list[Found]:
    """'По словам X, Q', 'Q, по данным X', 'Как сообщил X, Q'."""
    out = []
    for si, sent in enumerate(tx.sents):
        for i, token in enumerate(sent.tokens):
            word = fold(token.text)
            if word not in ("по", "на", "согласно", "со", "как") or tx.inside_pair(token.start) is not None:
                continue
            found = _as_reported(tx, si, i) if word == "как" else source_phrase(tx, si, i)
            if found is not None:
                out.append(found)
    return out


def _source_stop(tokens: list[Token], j: int) -> int:
    comma = next((m for m in range(j, min(len(tokens), j + SOURCE_WORDS)) if tokens[m].text in ",.;:!?"), None)
    if comma is not None and tokens[comma].text == ",":
        return comma
    return _source_end(tokens, j)


def _names_something(token: Token) -> bool:
    word = token.text
    if word in QUOTE_CHARS:
        return True
    if not word[:1].isalpha():
        return False
    if word[:1].isupper() or _is_latin(word):
        return True     # a name, or a site written in lower case ("fotocasa.es")
    # a numeral too: "по данным двух источников"
    return any(p.tag.POS in ("NOUN", "ADJF", "NPRO", "NUMR") and p.tag.case == "gent" for p in morph.parse(fold(word)))


def _rest_or_before(tx: Text, si: int, first: int, after: int) -> Optional[tuple[int, int]]:
    """The reported words for a source phrase at tokens [first, after): what follows it in
    the sentence, or what precedes it when it closes the sentence ('Q, по данным X.')."""
    sent = tx.sents[si]
    tokens = sent.tokens
    while after < len(tokens) and tokens[after].text in ",":
        after += 1
    if after < len(tokens) and tokens[after].text not in ".!?…":
        a, b = trim(tx.text, tokens[after].start, _clause_end(tx, si, after))
    elif first > 0:
        a, b = trim(tx.text, sent.start, tokens[first].start)
    else:
        return None
    if not enough_words(tx.text, a, b, 2):
        return None
    return a, b


# adverbs that open a clause of their own: what comes after the comma is no attribution
CLAUSE_ADVERBS = frozenset({"где", "куда", "откуда", "когда", "пока", "если", "хотя", "поскольку", "почему", "зачем"})


def _attribution_cue(tokens: list[Token], k: int, about: bool) -> Optional[Cue]:
    """The cue of an attribution that starts at token k: 'сообщает X', 'как пишет X',
    'об этом корреспонденту "Газеты" сообщили в комитете' (`about`: after "об этом")."""
    for m in range(k, min(k + (8 if about else 3), len(tokens))):
        word = tokens[m].text
        if word in QUOTE_CHARS and about:
            continue
        if not word[:1].isalpha() or fold(word) in ("что", "чтобы") or fold(word) in CLAUSE_ADVERBS:
            return None   # ", что уже предупредил …", ", где отмечал …" are clauses of their own
        found = cue_at(tokens, m)
        if found:
            return found
        if not about and (fold(word) in ("и", "а", "но", "или", "да")
                          or fold(word) != "как" and not morph.has_pos(fold(word), "ADVB", "PRCL")):
            return None   # ", которое отмечается …", ", и предполагают …" are no attribution
    return None


def _first_predicate(tokens: list[Token]) -> int:
    """Index of the first word that makes a clause (a finite verb, a short form, a
    predicative or a dash), len(tokens) if none."""
    for k, token in enumerate(tokens):
        if token.text in DASHES:
            return k
        parses = morph.parse(fold(token.text)) if token.text[:1].isalpha() else ()
        if parses and parses[0].tag.POS in ("VERB", "PRTS", "ADJS", "PRED"):
            return k
    return len(tokens)


def find_content_first(tx: Text) -> list[Found]:
    """'Q, сообщает X.', 'Q, пишет Metro.', 'Q: об этом сообщили в ведомстве.'

    Each attribution of a sentence gives a quote: 'Q, заявил X, передает Y' gives Q to X
    and 'Q, заявил X' to Y; an attribution inside the sentence ('Если A, заявил X, то B')
    gives X the words after it.
    """
    out = []
    for si, sent in enumerate(tx.sents):
        tokens = sent.tokens
        found = attributions(tx, si)
        for n, (c, end, cue) in enumerate(found):
            if end < len(tokens) and (n + 1 == len(found) or found[n + 1][0] != end):
                # the sentence goes on after the speaker: the quote is what follows
                stop = tokens[found[n + 1][0]].start if n + 1 < len(found) else _clause_end(tx, si, end + 1)
                a, b = trim(tx.text, tokens[end].stop, stop)
            else:
                a, b = trim(tx.text, sent.start, tokens[c].start)
                if (opener := THAT_OPENER.match(tx.text, a, b)) is not None:
                    a = opener.end()    # "О том, что Q, заявил X": the quote is Q
            if enough_words(tx.text, a, b, 2):
                out.append(Found(a, b, INDIRECT, "content_first", cue))
    return out


THAT_OPENER = re.compile(r"(?:о|об)\s+том\s*,\s*что\s+", re.I)


def _names_a_body(token: Token) -> bool:
    """The first word after the cue of a bare report brings in a body: "в" ("сообщили в
    департаменте полиции") or a body's own noun ("сообщает пресс-служба акимата")."""
    word = fold(token.text)
    if word in ("в", "во"):
        return True
    # a body, not a person who speaks for one ("представитель штаба" may be anyone's)
    return (token.text.islower() and speaker_nouns().get(morph.lemma(word), ("",))[0] == "org"
            and "inan" in morph.parse(word)[0].tag)


def find_bare_reports(tx: Text) -> list[Found]:
    """'Об этом сообщили в департаменте полиции Алматы.': reporting with no content is no
    quote, but it names the source the next sentences go on about ("По данным ведомства").
    Each is found as a dropped quote, so that its speaker is settled in turn and an
    organisation NER missed becomes an entity."""
    out = []
    for si, sent in enumerate(tx.sents):
        tokens = sent.tokens
        if len(tokens) < 5 or [fold(t.text) for t in tokens[:2]] != ["об", "этом"]:
            continue
        cue = _attribution_cue(tokens, 2, about=True)
        if cue is None or cue.last + 1 >= len(tokens) or not _names_a_body(tokens[cue.last + 1]):
            continue    # "Об этом сообщил Посол": a name NER tags, no body to make
        out.append(Found(sent.start, sent.start, INDIRECT, "bare_report", replace(cue, role="after", sent=si),
                         dropped=True))
    return out


def attributions(tx: Text, si: int) -> list[tuple[int, int, Cue]]:
    """The attributions that follow content in sentence `si` (', сообщает X', ': об этом
    сообщили в ведомстве'), each as (the comma before it, the comma after its speaker
    words or the sentence's length, its cue)."""
    cache = tx.cache.setdefault("attributions", {})
    if si not in cache:
        cache[si] = _find_attributions(tx, si)
    return cache[si]


def _find_attributions(tx: Text, si: int) -> list[tuple[int, int, Cue]]:
    tokens = tx.sents[si].tokens
    if fold(tokens[0].text) == "об":
        return []   # "Об этом сообщил Посол": reporting with no content
    out: list[tuple[int, int, Cue]] = []
    # the sentence's last clause word and first predicate, found once when first needed
    clause_word = predicate = None
    for c, token in enumerate(tokens):
        if token.text not in (",", ":") or c < 2 or tx.inside_pair(token.start) is not None:
            continue
        k, about = c + 1, False
        if token.text == ":":
            if not (k + 1 < len(tokens) and fold(tokens[k].text) == "об" and fold(tokens[k + 1].text) == "этом"):
                continue
            k, about = k + 2, True
        elif k + 1 < len(tokens) and fold(tokens[k].text) == "о" and fold(tokens[k + 1].text) == "чем":
            k, about = k + 2, True      # "Q, о чем X уведомил Y"
        while k < len(tokens) and tokens[k].text in DASHES:
            k += 1
        if k < len(tokens) and fold(tokens[k].text) == "как" and _time_clause(tokens, k):
            continue    # "после того, как написал": a time clause
        found = _attribution_cue(tokens, k, about)
        if found is None:
            continue
        if clause_word is None:
            clause_word = _last_clause_word(tokens)
        if clause_word > found.last:
            continue   # no second clause after the speaker: "…, сообщает X, что …"
        if not about and (not any(is_finite_verb(t.text) for t in tokens[found.token:found.last + 1])
                          or found.role != "impersonal" and lexical_subject(tx, si, found.last, rightwards=True) is None
                          and not _name_after(tokens, found.last)):
            continue   # the speaker follows the verb: "…, сообщает Metro"; or none: "…, говорится в статье"
        if predicate is None:
            predicate = _first_predicate(tokens)
        if predicate >= c:
            continue   # the words before the comma make no clause
        out.append((c, _speaker_words_end(tx, tokens, found.last), replace(found, sent=si, role=found.role or "after")))
    return out


def _name_after(tokens: list[Token], last: int) -> bool:
    """A capitalised or Latin word right after the cue: a name NER missed ('пишет 3DNews')."""
    word = tokens[last + 1].text if last + 1 < len(tokens) else ""
    return word[:1].isalnum() and any(c.isupper() or c.isascii() and c.isalpha() for c in word)


def _speaker_words_end(tx: Text, tokens: list[Token], last: int) -> int:
    """Index of the comma that ends an attribution's speaker words when a clause of the
    reported words follows ('Если A, заявил X, то B'); else len(tokens): the speaker
    words run to the end, with what describes the speaker ('…, которая обещает …',
    '…, помогавший …', '…, чьи подопечные …')."""
    for k in range(last + 1, len(tokens)):
        if tokens[k].text in ",;:" and tx.inside_pair(tokens[k].start) is None:
            rest = tokens[k + 1:k + 1 + CLAUSE_REACH]
            if not rest or rest[0].text in ".!?…" or _describes(rest, 0) or not _verb_before_comma(rest):
                return len(tokens)
            return k
    return len(tokens)


def _verb_before_comma(tokens: list[Token]) -> bool:
    """A finite verb comes before the first comma: the words make a clause ('то урожай
    погибнет'), not an aside ('очевидно, подразумевая …')."""
    for token in tokens:
        if token.text in ",;:.!?":
            return False
        if is_finite_verb(token.text):
            return True
    return False


def _is_latin(word: str) -> bool:
    return word[:1].isascii() and word[:1].isalpha()


def _describes(tokens: list[Token], k: int) -> bool:
    """The word at k opens a description of the word before it: a relative or a participle,
    not one that is the subject of a verb right after it ("задержанный дал показания",
    "пострадавшие госпитализированы", "пострадавших нет")."""
    word = fold(tokens[k].text)
    if word.startswith(RELATIVE_OPENERS + ("где",)):
        return True
    parses = morph.parse(word) if word[:1].isalpha() else ()
    after = fold(tokens[k + 1].text) if k + 1 < len(tokens) else ""
    if after in ("которого", "которой", "которых") and word[:1].isalpha():
        return True     # "партия которого", "слова которого приводит РИА Новости"
    if parses and parses[0].tag.POS == "ADJF" and "Apro" not in parses[0].tag and after in PREPOSITIONS:
        return True     # "источник, близкий к руководству компании": an adjective with its complement
    if not parses or parses[0].tag.POS not in ("PRTF", "GRND"):
        return False
    return not (parses[0].tag.POS == "PRTF" and (is_finite_verb(after) or morph.has_pos(after, "PRTS")
                                                 or after in ("нет", "не")))


def _last_clause_word(tokens: list[Token]) -> int:
    """Index of the last word that opens a clause ("что", "как", a colon), -1 if none; a
    relative ("который") about the speaker opens none of its own."""
    for k in range(len(tokens) - 1, -1, -1):
        if fold(tokens[k].text) in ("что", "чтобы", "как") or tokens[k].text in ":;":
            return k
    return -1


def find_colon_clauses(tx: Text) -> list[Found]:
    """'X констатировал: Q' and 'Reuters: Q' with no quotation marks."""
    out = []
    for si, sent in enumerate(tx.sents):
        tokens = sent.tokens
        for c, token in enumerate(tokens):
            if token.text != ":" or c + 1 >= len(tokens) or tx.inside_pair(token.start) is not None:
                continue
            if tokens[c + 1].text in QUOTE_CHARS or fold(tokens[c + 1].text) == "об":
                continue
            cue = cue_before_colon(tx, token.start)
            if cue is None:
                continue
            a, b = trim(tx.text, tokens[c + 1].start, sent.stop)
            if not enough_words(tx.text, a, b, 3):
                continue
            if cue.lemma == ":" and not tx.mentions_in(tokens[0].start, token.start):
                continue
            if cue.lemma == ":" and (is_speaker_label(tx, cue) or a_list_of_names(tx.text, a, b)):
                continue   # a transcript line (direct.find_transcripts), or names under a heading
            out.append(Found(a, b, INDIRECT, "colon_clause", cue))
    return out

