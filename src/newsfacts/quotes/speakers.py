"""Speaker words: the words next to a cue that name its speaker (the cue verb's subject,
from the parse where there is one, else the nearest name, pronoun or noun; "в ведомстве"
after the verb; the owner of "в сообщении X"). The references stage's `Speakers`
follows them to an entity. After the quotes are chosen, the words and the "я"/"мы" of
a direct quote become references of the speaker."""
from __future__ import annotations

import re
from dataclasses import replace
from bisect import bisect_left, bisect_right
from typing import Optional

from .. import morph
from ..clean import QUOTE_CHARS
from ..doc import Doc, Token
from ..lexicons import load_set
from ..morph import NAME_GRAMMEMES, fold
from ..references import DASHES, PRONOUNS, Reference, Speakers, is_np_word, reference_nouns, speaker_nouns
from ..references.lexicon import (PREPOSITIONS, SENTENCE_END, cases, deputy_title, document_nouns, field_reading,
                                  genitive_reading, is_nominative, lemma_before, named_as_outlet,
                                  countries, past_locative_adjectives, person_titles, speech_verb_lemmas)
from ..references.rules import is_modifier
from ..references.speakers import document_lemma
from .cues import POSSESSIVE_SOURCES, document_at, is_finite_verb, past_modifiers_back, speech_lemma
from .text import DIRECT, Found, Text


def _np_range(tokens: list[Token], head: int) -> tuple[int, int]:
    """The tokens of the noun group headed by `head` (its syntax subtree, cut at commas)."""
    def under(j: int) -> bool:
        for _ in range(12):
            if j == head:
                return True
            j = tokens[j].head
            if j < 0:
                return False
        return False

    stops = ",;:!?." + DASHES
    first = head
    while first > 0 and tokens[first - 1].text not in stops and under(first - 1):
        first -= 1
    last = head + 1
    while last < len(tokens) and tokens[last].text not in stops and under(last):
        last += 1
    return first, last


def _children(tokens: list[Token], kids: list[list[int]], head: int, rels: tuple[str, ...]) -> list[int]:
    return [j for j in kids[head] if tokens[j].rel in rels] if 0 <= head < len(kids) else []


def _syntax_subject(tokens: list[Token], kids: list[list[int]], cue: int, role: str) -> Optional[int]:
    """The subject of the cue verb (its object for "цитирует X"), climbing from a gerund,
    an infinitive or a second verb to the verb it hangs on. `kids`: each token's dependents."""
    rels = ("obj",) if role == "obj" else ("nsubj", "nsubj:pass")
    node = cue
    for _ in range(3):
        found = _children(tokens, kids, node, rels)
        if found:
            kid = found[0]
            if role == "obj":   # "приводит ТАСС слова Пескова": the words, not the outlet, when both are objects
                kid = next((j for j in found if morph.lemma(tokens[j].text) == "слово"), kid)
            if role == "obj" and morph.lemma(tokens[kid].text) == "слово":   # "приводит слова X"
                owners = _children(tokens, kids, kid, ("nmod",)) or [j for j in found if j > kid]
                return owners[0] if owners else None
            return kid
        token = tokens[node]
        # "прокомментировал отравление и порассуждал": a conjunct may hang on the object
        if token.head >= 0 and (token.rel in ("advcl", "xcomp", "conj") or node != cue and token.rel in ("obj", "obl")):
            node = token.head
        else:
            break
    return None





ONE = frozenset({"один", "одна", "одно", "одни"})


def _describing(word: str) -> bool:
    """An adjective or a participle that describes the noun after it ("официальный"); not a
    pronoun or a numeral read as one ("один из")."""
    tag = morph.parse(fold(word))[0].tag
    return tag.POS in ("ADJF", "PRTF") and "Apro" not in tag and "Anum" not in tag and fold(word) not in ONE


# a pronoun after a verb in any case but the nominative is the one told ("сказал ей")
OBLIQUE_PRONOUNS = frozenset(PRONOUNS) - {"он", "она", "оно", "они"}


def _infinitive(word: str) -> bool:
    parses = morph.parse(fold(word))
    return bool(parses) and parses[0].tag.POS == "INFN"


def lexical_subject(tx: Text, si: int, cue: int, rightwards: bool) -> Optional[int]:
    """Without a parse: the nearest name, pronoun or noun next to the cue, in its clause."""
    tokens = tx.sents[si].tokens
    order = range(cue + 1, len(tokens)) if rightwards else range(cue - 1, -1, -1)
    for j in order:
        token = tokens[j]
        if token.text in ",;:.!?" or token.text in DASHES:
            return None
        mention = tx.mention_at(token.start, token.stop)
        if rightwards and not mention and fold(token.text) in OBLIQUE_PRONOUNS:
            continue        # "заявил ей Петров": the one told comes before the speaker
        if rightwards and mention and mention[2].type == "ORG" and _told(tx.text[mention[0]:mention[1]].split()[0]):
            continue        # "заявил в интервью «Пятому каналу» Омельченко": the one told, too
        if rightwards and j > cue + 1 and token.text.isalpha() and _infinitive(token.text):
            return None     # "пообещал ей прекратить дело": a deed, not a speaker (but "дал понять X")
        if mention or fold(token.text) in PRONOUNS:
            previous = tokens[j - 1].text if j > 0 else ""
            owner = tx.mention_at(tokens[j - 1].start, tokens[j - 1].stop) if mention and j > 0 else None
            if not rightwards and owner is not None and owner != mention and (
                    mention[2].type == "LOC" and owner[2].type == "ORG"):
                continue     # "в Минздраве Казахстана сообщили": the place belongs to the body
            if rightwards or fold(token.text) in ("он", "она", "оно", "они") or not (
                    previous[:1].islower() and morph.has_pos(fold(previous), "NOUN")):
                return j
            continue     # "отравление Скрипалей": a name after a noun depends on it ("на кадрах он" does not)
        if fold(token.text) in ("в", "на", "о", "об", "с", "со", "для", "к", "по", "из", "от"):
            continue
        if rightwards and j > 0 and fold(tokens[j - 1].text) in ("в", "во") and token.text[:1].islower():
            body = past_locative_adjectives(tokens, j, len(tokens))     # "в краевом правительстве"
            if (reference_nouns().get(morph.lemma(tokens[body].text), ("",))[0] == "ORG"
                    or speaker_nouns().get(morph.lemma(tokens[body].text), ("",))[0] == "org"):
                return body     # "сообщили в акимате Алматы", "в пресс-службе суда": the body speaks
        if j > 0 and (fold(tokens[j - 1].text) in PREPOSITIONS or _governed(tokens[j - 1].text, token.text)) \
                and not _body_word(token.text) and not _owned_by_org(tx, tokens, j):
            # "в ответ", "в четверг", "с членами правительства": no subject ("в минобороны",
            # "в миссии ПАСЕ" are bodies that speak)
            continue
        if len(token.text) > 1 and is_np_word(token) and _nominative(token.text):
            return j
    return None


def _body_word(word: str) -> bool:
    """A word for an organisation or a body ("минобороны", "ведомстве", "мэрии")."""
    lemma = morph.lemma(fold(word))
    return (reference_nouns().get(lemma, ("",))[0] == "ORG" or speaker_nouns().get(lemma, ("",))[0] in ("org", "media")
            or any("Orgn" in p.tag for p in morph.parse(fold(word))[:1]))


def _told(word: str) -> bool:
    """A name's first word in the dative and in no nominative ("Пятому", "Интерфаксу")."""
    word = word.strip(QUOTE_CHARS)
    if not word.isalpha():
        return False    # "Фонтанка.ру": a site's name, no case pymorphy can tell
    return "datv" in cases(word) and not is_nominative(word)


def _owned_by_org(tx: Text, tokens: list[Token], j: int) -> bool:
    """An organisation is named right after the word, as its owner ("миссии ПАСЕ")."""
    if j + 1 >= len(tokens):
        return False
    mention = tx.mention_at(tokens[j + 1].start, tokens[j + 1].stop)
    return mention is not None and mention[2].type == "ORG"


def _governed(before: str, word: str) -> bool:
    """A word in lower case that may be a genitive right after a noun in lower case, or
    after an adjective in the genitive, depends on a noun ("членами правительства",
    "«Пятому каналу» украинского телевидения")."""
    if not (before[:1].islower() and word[:1].islower()
            and any(p.tag.case == "gent" for p in morph.parse(fold(word))[:2])):
        return False
    return morph.has_pos(fold(before), "NOUN") or any(
        p.tag.POS == "ADJF" and p.tag.case == "gent" for p in morph.parse(fold(before))[:1])


def _nominative(word: str) -> bool:
    """A reading in the nominative; a word in lower case is no name ("августа"), but a
    post pymorphy only knows as a surname is a post ("хоким")."""
    lower = word[:1].islower()
    return any(p.tag.case == "nomn" and not (lower and NAME_GRAMMEMES & p.tag.grammemes
                                             and p.normal_form not in person_titles())
               for p in morph.parse(fold(word)))


def _past_acting(tokens: list[Token], head: int) -> int:
    """"и.о. министра", "врио губернатора": the post after the mark of an acting holder
    heads the speaker's words."""
    texts = [t.text.lower() for t in tokens[head:head + 5]]
    if texts[:4] == ["и", ".", "о", "."] and len(texts) > 4:
        return head + 4
    if texts[:1] == ["врио"] and len(texts) > 1:
        return head + 1
    return head


PLACE_REACH = 6        # tokens from the cue to the body after "в" that speaks ("пояснили в Fitch")
TOLD_REACH = 10        # the same past an outlet told and a time ("сообщили «Интерфаксу» в среду в НИИ")
SHARED_REACH = 8       # words between two verbs of saying joined by "и" ("сообщили в пресс-службе X и подчеркнули")


def _document_before_relative(tokens: list[Token], cue: int) -> Optional[int]:
    """The document noun a "в котором" before the cue stands for ("сообщение, в котором
    говорится"), or None."""
    for j in range(max(2, cue - 3), cue):
        if fold(tokens[j].text) in ("котором", "которой", "которых") and fold(tokens[j - 1].text) in ("в", "во") \
                and tokens[j - 2].text == "," and j >= 3 and document_lemma(tokens, j - 3) is not None:
            return j - 3
    return None


ON_BEHALF_REACH = 10    # tokens from the cue to the "от имени" of its document
DOCUMENT_REACH = 10     # tokens back from an impersonal cue to the document that speaks


def _on_behalf(tokens: list[Token], cue: int) -> Optional[int]:
    """Who a document beside the cue was put out in the name of: "в распространенном от ее
    имени заявлении говорится" -> "ее"; "заявление, сделанное от имени компании" -> "компании"."""
    lo, hi = max(0, cue - ON_BEHALF_REACH), min(len(tokens), cue + ON_BEHALF_REACH)
    if not any(document_lemma(tokens, k) is not None for k in range(lo, hi)):
        return None
    for j in range(lo, hi - 2):
        if fold(tokens[j].text) != "от" or any(t.text in ".;:!?" for t in tokens[min(j, cue) + 1:max(j, cue)]):
            continue
        if fold(tokens[j + 1].text) == "имени":
            return j + 2
        if fold(tokens[j + 1].text) in POSSESSIVE_SOURCES and fold(tokens[j + 2].text) == "имени":
            return j + 1
    return None


def _passive(token: Token) -> bool:
    """A passive participle ("подготовленного", "опубликованном"): the author follows it."""
    return any(p.tag.POS == "PRTF" and "pssv" in p.tag for p in morph.parse(fold(token.text))[:2])


def _genitives(tokens: list[Token]) -> bool:
    """Words that may all be a noun's genitive dependents ("образования", "полиции Алматы",
    "образования и науки"), or a field after "по" ("по делам молодежи")."""
    if len(tokens) > 1 and fold(tokens[0].text) == "по":
        return all(field_reading(token.text) is not None or token.text == "и" and 1 < k < len(tokens) - 1
                   for k, token in enumerate(tokens[1:], 1))
    return all(token.text[:1].isupper() or genitive_reading(token.text) is not None or token.text in QUOTE_CHARS
               or token.text == "и" and 0 < k < len(tokens) - 1 for k, token in enumerate(tokens))


def _plural_verb(word: str) -> bool:
    """"сообщили": a verb with no subject of its own, whose dative names who was told
    ("сообщили ТАСС в пресс-службе"); "написал Милонов в Twitter" has its subject."""
    return any(p.tag.POS == "VERB" and p.tag.number == "plur" for p in morph.parse(fold(word))[:2])


def _gerund(word: str) -> bool:
    """"подтвердив", "заявляя": a gerund, whose subject is its main clause's."""
    return any(p.tag.POS == "GRND" for p in morph.parse(fold(word))[:1])


def _agree(verb: str, other: str) -> bool:
    """Two past-tense verbs of one subject agree: both plural, or of one gender."""
    return _plural_verb(verb) == _plural_verb(other) and _verb_gender(verb) == _verb_gender(other)


def _verb_gender(word: str) -> Optional[str]:
    parses = morph.parse(fold(word))
    if parses and parses[0].tag.POS in ("VERB", "ADJS", "PRTS") and parses[0].tag.number == "sing":
        gender = str(parses[0].tag.gender) if parses[0].tag.gender else None
        return gender if gender in ("masc", "femn") else None
    return None


class SpeakerWords:
    """Finds the words next to a cue that name its speaker; the references stage's
    `Speakers` follows them to an entity."""

    def __init__(self, tx: Text, rules: Speakers):
        self.tx = tx
        self.rules = rules

    # -- the words
    def find(self, found: Found) -> None:
        """Set `found.speaker_span` and `found.speaker` from the words around its cue."""
        if found.sent is None:
            return
        self.rules.quote = (found.start, found.stop)
        tokens = self.tx.sents[found.sent].tokens
        if found.role == "source":
            first, last = found.cue.source
            while first < last and not tokens[first].text[:1].isalnum():
                first += 1
            while last > first and tokens[last - 1].text in ",.;:" + DASHES:
                last -= 1
            head = first
            # ("главного санврача": an adjective pymorphy first reads as a noun, "главное")
            while head < last - 1 and tokens[head].text[:1].islower() and fold(tokens[head + 1].text) != "из" and (
                    morph.parse(fold(tokens[head].text))[0].tag.POS in ("ADJF", "PRTF", "NUMR")
                    or is_modifier(fold(tokens[head].text)) and tokens[head + 1].text[:1].islower()):
                head += 1   # "по данным аналитического агентства", "двух источников": the noun heads the words
                # ("по словам одного из собеседников": "один из" heads its own)
            if first < last:
                self._settle(found, head, first, last, last, case="gent")
            return
        if found.token is None:
            return
        if found.role == "impersonal":
            owner = self._document_owner(tokens, found.token)
            if owner is None:
                owner = _on_behalf(tokens, found.token)
            if owner is not None:
                self._settle(found, owner, *self._owner_group(found.sent, owner), case=None)
            elif (document := _document_before_relative(tokens, found.token)) is not None:
                # "распространила сообщение, в котором говорится": who put the document out
                lemma = document_lemma(tokens, document)
                found.speaker = self.rules.document_author(lemma, tokens[document].stop)
                self.rules.tx.speaker_rules[tokens[document].start] = "document_author" if found.speaker else None
            elif (document := document_at(tokens, found.token)) is not None:
                # "говорится в заявлении": who the text introduced it with, else the article's source;
                # "В нем указывается": the document "нем" stands for
                lemma, at = document_lemma(tokens, document), tokens[document].start
                if lemma is None:
                    lemma = self._document_before(found.sent, document)
                found.speaker, rule = (lemma and self.rules.document_author(lemma, at)), "document_author"
                if found.speaker is None and document_nouns().get(lemma) != "party":
                    found.speaker, rule = self.rules.source_org(tokens[found.token].start), "article_source"
                self.rules.tx.speaker_rules[at] = rule if found.speaker is not None else None
            return
        head = self._subject(found)
        if head is not None and found.start <= tokens[head].start < found.stop:
            head = None     # "назвали «чудом на Гудзоне»": the quoted words name no speaker
        if head is not None:
            head = _past_acting(tokens, head)
        if head is None:
            self._dropped_subject(found, tokens[found.token])
            return
        parse = morph.parse(fold(tokens[head].text))[0]
        if parse.tag.POS in ("NPRO", "ADJF") and parse.tag.gender == "neut" and parse.tag.number == "sing":
            found.dropped = True    # "Последнее говорило о том, что …": a thing does not speak
            return
        first, last = self._group(found.sent, head)
        cue = found.token
        # the outlet told is none of the speaker's words: "В полиции [РИА «Новости»] рассказали"
        told = next((k for k in range(head + 1, max(last, cue)) if tokens[k].start in self.rules.told), None)
        if head > cue:
            last = self._named_after_descriptions(found.sent, head, last)
        elif last < cue:
            named = self._named_before_cue(found.sent, head, last, cue)
            if named is not None:
                head = named
                first, last = self._group(found.sent, head)
        scope = cue if cue > head else self._clause_stop(tokens, head)
        if told is not None:
            last, scope = min(last, told), min(scope, told)
        # "сообщили в редакции": the place speaks, in the locative ("редакции" is no plural)
        case = "loct" if head > 0 and fold(tokens[head - 1].text) in ("в", "во") else "nomn"
        self._settle(found, head, first, last, scope, _verb_gender(tokens[cue].text), case)

    def _named_after_descriptions(self, si: int, head: int, last: int) -> int:
        """"— говорит депутат парламента, бывшая чемпионка мира Анна Орлова.": a person
        named at the end of a row of descriptions after the cue is the one they describe;
        the words then reach to the name."""
        tokens = self.tx.sents[si].tokens
        named = self.tx.mention_at(tokens[head].start, tokens[head].stop)
        if named is not None:
            # "пояснил Москомстройинвест Константин Тимофеев": a person right after the name of
            # their body; the words reach to the person
            after = self.tx.mention_at(named[1] + 1, named[1] + 2) if self.tx.text[named[1]:named[1] + 1] == " " else None
            if after is not None and after[0] == named[1] + 1 and after[2].type == "PER" and after[2].id != named[2].id:
                return self.tx.token_at(si, after[1] - 1) + 1
            return last
        k = last
        while k < len(tokens) and k < last + 12:
            token = tokens[k]
            mention = self.tx.mention_at(token.start, token.stop)
            if mention is not None:
                if mention[2].type != "PER" or (k == last and tokens[k - 1].text != ","):
                    return last     # another entity, or a name right after the words: not this row
                end = self.tx.token_at(si, mention[1] - 1) + 1
                # the sentence ends with the name, or goes on with a gerund's aside ("..., отказавшись")
                closes = end >= len(tokens) or tokens[end].text in ".!?;" or (
                    tokens[end].text == "," and end + 1 < len(tokens)
                    and morph.parse(fold(tokens[end + 1].text))[0].tag.POS == "GRND")
                return end if closes else last
            if token.text != "," and not (token.text[:1].islower() and token.text[:1].isalpha()
                                          and not is_finite_verb(token.text)):
                return last
            k += 1
        return last

    def _named_before_cue(self, si: int, head: int, last: int, cue: int) -> Optional[int]:
        """"Специалист в области хирургии и основатель организации Saving Faces, профессор Иан
        Хатчисон заявил": a person named right before the cue, after a comma that closes the
        row of descriptions the subject's words began, is the one they describe."""
        tokens = self.tx.sents[si].tokens
        if self.tx.mention_at(tokens[head].start, tokens[head].stop) is not None or tokens[last].text != ",":
            return None
        mention = self.tx.mention_at(tokens[cue - 1].start, tokens[cue - 1].stop)
        if mention is None or mention[2].type != "PER" or mention[1] != tokens[cue - 1].stop:
            return None
        start = self.tx.token_at(si, mention[0])
        between = tokens[last + 1:start]
        if any(t.text in ",;:" or t.text in DASHES or is_finite_verb(t.text) or not t.text[:1].islower()
               for t in between) or len(between) > 2:
            return None     # one or two words of a post before the name ("профессор")
        return start

    def _subject(self, found: Found) -> Optional[int]:
        tx, cue = self.tx, found.token
        tokens = tx.sents[found.sent].tokens
        shared = self._shared_subject(found, tokens, cue)
        if shared is not None:
            return shared
        parsed = tx.sents[found.sent].parsed
        head = _syntax_subject(tokens, tx.children(found.sent), cue, found.role) if parsed else None
        if head is not None and found.role != "obj" and not self._may_be_subject(tokens, head):
            head = None     # "В начале августа в МВД сообщали": a parse's slip, read by words instead
        gerund = found.role == "" and _gerund(tokens[cue].text)
        if head is not None and (found.start <= tokens[head].start < found.stop
                                 or gerund and tx.inside_pair(tokens[head].start) is not None):
            # a parse's slip into what was said: "О том, что Петренко готов …, заявил X", "он сидит
            # … и добавляет: «Я …»"; a gerund's into another quote: "«Q», - сообщил X, назвав …"
            head = None
        if head is None and gerund:
            head = self._main_clause_subject(found.sent, cue)
        if head is None:
            head = lexical_subject(tx, found.sent, cue, rightwards=found.role in ("after", "obj"))
        if head is None and found.role == "" and fold(tokens[cue - 1].text) in (",", "и"):
            # "рассказал о краже в Twitter, пожаловался", "он сидит, жестикулирует и добавляет"
            head = self._predicates_subject(found.sent, cue)
        if head is None and found.role not in ("after", "obj") and not gerund:
            # (a gerund's subject is its main clause's: "X воздержался от критики, подтвердив, что Q";
            # past the cue's own words: "выразили уверенность")
            head = lexical_subject(tx, found.sent, found.cue.last if found.cue.last is not None else cue,
                                   rightwards=True)
        if head is None:
            place = self._place_speaker(tokens, cue)
            if place is not None and _plural_verb(tokens[cue].text):
                self._outlet_told(tokens[place].stop, tokens[cue].start)
            return place
        if head < cue and _plural_verb(tokens[cue].text):
            # "в комитете образования пояснили": the body after "в" speaks, not a word of its name
            place = self._place_speaker(tokens, cue)
            if place is not None and place < head and _genitives(tokens[place + 1:head + 1]):
                self._outlet_told(tokens[place].stop, tokens[cue].start)
                return place
        if found.role != "obj" and _plural_verb(tokens[cue].text):
            told = self._told_organisation(found.sent, head, cue)
            if told is not None:
                # "«Интерфаксу» сообщили в посольстве", "сообщили агентству «Интерфакс» в полиции":
                # the organisation in the dative was told; the body after "в" speaks, else no one named
                self.rules.told.add(self.tx.mention_at(tokens[told].start, tokens[told].stop)[0])
                return self._told_place(tokens, cue)
        after = self._after_name(found.sent, head)
        if found.role == "obj" and head == cue + 1 and self._outlet_then_object(found.sent, head, after):
            return after    # "цитирует ТАСС главу «Россетей»": the outlet quotes, its object spoke
        if (found.role != "obj" and head > cue and after < len(tokens) and fold(tokens[after].text) in ("в", "во")
                and _plural_verb(tokens[cue].text)):
            # "сообщили ТАСС в пресс-службе базы": the name before "в" is told, the place speaks
            place = self._place_speaker(tokens, cue, after + 1)
            if place is not None and place > head:
                self.rules.told.add(tokens[head].start)
                return place
        if found.role != "obj" and head > cue and self._told_then_subject(found.sent, head, after):
            # "рассказал Znak.com один из политтехнологов", "сказал «Интерфаксу» представитель
            # ведомства": the organisation is told; the words after it speak
            self.rules.told.add(tokens[head].start)
            while after + 1 < len(tokens) and _describing(tokens[after].text) and tokens[after + 1].text.isalpha():
                after += 1      # "официальный представитель МИД": the noun heads the words
            return after
        if found.role == "" and head < cue and _plural_verb(tokens[cue].text) and self._one_person(found.sent, head, cue):
            return None     # "Тимошенко сказали, что": one person is no subject of a plural verb, but whom it was told
        return head

    def _outlet_told(self, start: int, stop: int) -> None:
        """An outlet named between the body that speaks and a plural verb was told ("В
        полиции РИА «Новости» рассказали"), and is none of the body's words."""
        for mention in self.tx.mentions_in(start, stop):
            if mention[2].type == "ORG" and self.rules.is_outlet(mention[2].id):
                self.rules.told.add(mention[0])

    def _one_person(self, si: int, head: int, cue: int) -> bool:
        """A person's name alone before the verb: not one of several ("Петров и Сидоров"),
        nor with others ("Петров с коллегами")."""
        tokens = self.tx.sents[si].tokens
        mention = self.tx.mention_at(tokens[head].start, tokens[head].stop)
        if mention is None or mention[2].type != "PER":
            return False
        first = self.tx.token_at(si, mention[0])
        between = [fold(t.text) for t in tokens[max(0, first - 1):first]] + [
            fold(t.text) for t in tokens[head + 1:cue]]
        return not any(word in ("и", ",", "с", "со", "вместе") for word in between)

    def _shared_subject(self, found: Found, tokens: list[Token], cue: int) -> Optional[int]:
        """A second verb joined by "и" shares the first one's subject: the name or pronoun
        right after it ("сказал он и добавил, что", "заявил Иван Петров и подчеркнул"), else,
        for a first verb of saying of the same agreement, the subject found for it
        ("сообщили в пресс-службе X и подчеркнули, что", "сообщила представитель Y и отметила")."""
        if cue < 3 or fold(tokens[cue - 1].text) != "и":
            return None
        j = cue - 2
        mention = self.tx.mention_at(tokens[j].start, tokens[j].stop)
        if mention is not None:
            j = self.tx.token_at(self.tx.sent_of(tokens[j].start), mention[0])
        if (mention is not None or fold(tokens[j].text) in PRONOUNS) and j > 0 and is_finite_verb(tokens[j - 1].text):
            return j
        for j in range(cue - 2, max(0, cue - 2 - SHARED_REACH), -1):
            word = tokens[j].text
            if is_finite_verb(word):
                if j == cue - 2 or speech_lemma(word) is None or not _agree(word, tokens[cue].text):
                    return None
                first = replace(found, cue=replace(found.cue, token=j, last=j, role="after"))
                head = self._subject(first)
                return head if head is not None and j < head < cue - 1 else None
            if not (word[:1].isalnum() or word in QUOTE_CHARS):
                return None     # a clause ends between: the verb before is another's
        return None
    def _document_before(self, si: int, k: int) -> Optional[str]:
        """The lemma of the document a pronoun at k ("в нем", "в ней") stands for: the last
        document noun of its gender in its sentence or the one before ("направил письмо
        министру. В нем указывается")."""
        tokens = self.tx.sents[si].tokens
        genders = {"нем": ("masc", "neut"), "ней": ("femn",)}.get(fold(tokens[k].text))
        if genders is None:
            return None
        for sent in (si, si - 1):
            if sent < 0:
                break
            words = self.tx.sents[sent].tokens
            for j in range(k - 1 if sent == si else len(words) - 1, -1, -1):
                lemma = document_lemma(words, j)
                parse = morph.parse(fold(words[j].text))[:1]
                if lemma is not None and parse and parse[0].tag.gender in genders:
                    return lemma
        return None

    def _main_clause_subject(self, si: int, cue: int) -> Optional[int]:
        """The subject of the finite verb a gerund's clause hangs on, named right before
        that verb ("Харири-младший воздержался от критики, подтвердив, что"), or after it
        when it follows a quote ("«Q», - сообщил Жданов, назвав …")."""
        tokens = self.tx.sents[si].tokens
        verb = next((k for k in range(cue - 1, -1, -1) if is_finite_verb(tokens[k].text)), None)
        if verb is None:
            return None
        return (lexical_subject(self.tx, si, verb, rightwards=False)
                or lexical_subject(self.tx, si, verb, rightwards=True))

    def _predicates_subject(self, si: int, cue: int) -> Optional[int]:
        """Verbs of one agreement joined by commas and "и" share the subject before the first
        ("На кадрах он сидит, жестикулирует и добавляет: …"); none in a clause a relative or
        "что" opens ("Петров, который, отвечая на вопросы, подчеркнул", "женщин, которые
        признались, что изменяли, думают")."""
        tokens = self.tx.sents[si].tokens
        first = None
        for k in range(cue - 1, -1, -1):
            word = tokens[k].text
            if fold(word) in ("что", "чтобы", "который", "которая", "которые", "которых"):
                return None
            if word in ".;:!?" + DASHES or self.tx.inside_pair(tokens[k].start) is not None:
                break
            if k < cue - 1 and is_finite_verb(word):
                if not _agree(word, tokens[cue].text):
                    break
                first = k
        return lexical_subject(self.tx, si, first, rightwards=False) if first is not None else None

    def _told_place(self, tokens: list[Token], cue: int) -> Optional[int]:
        """The body after "в" that speaks when an outlet was told, past a time between
        ("сообщили «Интерфаксу» в среду в пресс-службе МЧС")."""
        for j in range(cue + 1, min(len(tokens), cue + TOLD_REACH)):
            if fold(tokens[j - 1].text) in ("в", "во"):
                near = past_locative_adjectives(tokens, j, len(tokens))
                place = self._place_speaker(tokens, cue, near=near, reach=TOLD_REACH)
                if place is not None:
                    return place
        return self._place_speaker(tokens, cue, reach=TOLD_REACH)

    def _told_organisation(self, si: int, head: int, cue: int) -> Optional[int]:
        """Where the organisation at `head` (past an opening quotation mark) begins, when it
        is who a plural verb of saying told: its name is in the dative ("Интерфаксу"), a
        media noun in the dative comes before it ("агентству «Интерфакс»"), or it stands
        between the cue and another organisation after "в" ("РИА «Новости» в пресс-службе
        X", "В министерстве РИА «Новости» сообщили")."""
        tokens = self.tx.sents[si].tokens
        mention = self.tx.mention_at(tokens[head].start, tokens[head].stop)
        while mention is None and head < len(tokens) - 1 and tokens[head].text in QUOTE_CHARS:
            head += 1
            mention = self.tx.mention_at(tokens[head].start, tokens[head].stop)
        if mention is None or mention[2].type != "ORG":
            return None
        k = self.tx.token_at(si, mention[0])
        while k > 0 and tokens[k - 1].text in QUOTE_CHARS:
            k -= 1
        if k > 0 and tokens[k - 1].text[:1].islower():
            before = morph.parse(fold(tokens[k - 1].text))[:1]
            if before and before[0].tag.case == "datv" and \
                    speaker_nouns().get(before[0].normal_form, ("",))[0] == "media":
                return head
        word = fold(self.tx.text[mention[0]:mention[1]].split()[0].strip(QUOTE_CHARS))
        if {p.tag.case for p in morph.parse(word) if p.tag.POS == "NOUN"} == {"datv"}:
            return head
        place = self._place_speaker(tokens, cue, reach=TOLD_REACH)
        if place is None or self.tx.mention_at(tokens[place].start, tokens[place].stop) == mention:
            return None
        last = self.tx.token_at(si, mention[1] - 1)
        if place < k and last < cue and all(t.text in QUOTE_CHARS for t in tokens[last + 1:cue]):
            return head     # "В министерстве РИА «Новости» сообщили"
        if cue < k and place > last and all(t.text in QUOTE_CHARS for t in tokens[cue + 1:k]):
            return head     # "сообщили РИА «Новости» в пресс-службе"
        return None

    def _outlet_then_object(self, si: int, head: int, after: int) -> bool:
        """An organisation's name right after a verb of quoting, then a person's name or a
        noun that can be its object in the accusative: the organisation is the verb's subject."""
        tokens = self.tx.sents[si].tokens
        mention = self.tx.mention_at(tokens[head].start, tokens[head].stop)
        if mention is None or mention[2].type != "ORG" or after >= len(tokens):
            return False
        named = self.tx.mention_at(tokens[after].start, tokens[after].stop)
        if named is not None:
            return named[2].type == "PER"
        word = fold(tokens[after].text)
        return tokens[after].text[:1].islower() and any(
            p.tag.POS == "NOUN" and p.tag.case == "accs" and "anim" in p.tag for p in morph.parse(word))

    def _may_be_subject(self, tokens: list[Token], k: int) -> bool:
        """Whether the word at k may head a subject: any but a word in lower case with no
        nominative reading ("августа"; "два собеседника" after a numeral is one; so is a
        deputy's title, "замглавы")."""
        word = tokens[k].text
        if not word[:1].islower() or any(c.isupper() for c in word) or not re.search(r"[а-яё]", word):
            return True     # a name, "аль-Барадеи", "iPhone"
        if fold(word) in PRONOUNS or self.tx.mention_at(tokens[k].start, tokens[k].stop) is not None:
            return True
        if k > 0 and (tokens[k - 1].text[:1].isdigit() or morph.has_pos(fold(tokens[k - 1].text), "NUMR")):
            return True
        if deputy_title(word):
            return True     # "замруководителя", "замглавы": a deputy's title keeps the genitive
        return _nominative(word) or not any(p.tag.case for p in morph.parse(fold(word)))

    def _told_then_subject(self, si: int, head: int, after: int) -> bool:
        """An organisation's name right after the cue, then a word that opens a noun group in
        the nominative: the name is who was told."""
        tokens = self.tx.sents[si].tokens
        mention = self.tx.mention_at(tokens[head].start, tokens[head].stop)
        if mention is None or mention[2].type != "ORG" or after >= len(tokens):
            return False
        named = self.tx.mention_at(tokens[after].start, tokens[after].stop)
        if named is not None:   # "рассказала «Уфа1» Алина Хасанова": a person named in the nominative
            return named[2].type == "PER" and is_nominative(self.tx.text[named[0]:named[1]].split()[0])
        word = tokens[after].text
        if not word[:1].isalpha() or not word[:1].islower() or fold(word) in PREPOSITIONS:
            return False
        parses = morph.parse(fold(word))[:1]
        return bool(parses) and parses[0].tag.case == "nomn" and parses[0].tag.POS in NOUN_GROUP_OPENERS

    def _after_name(self, si: int, head: int) -> int:
        """The token after the word at `head`, or after the whole name it begins and its
        closing quotation mark ("«Интерфаксу» в", "РИА Новости в")."""
        tokens = self.tx.sents[si].tokens
        mention = self.tx.mention_at(tokens[head].start, tokens[head].stop)
        k = self.tx.token_at(si, mention[1] - 1) + 1 if mention else head + 1
        while k < len(tokens) and tokens[k].text in QUOTE_CHARS:
            k += 1
        return k

    def _group(self, si: int, head: int) -> tuple[int, int]:
        """Token range of the words naming the speaker: its noun group, whole names kept."""
        tokens = self.tx.sents[si].tokens
        first, last = _np_range(tokens, head) if self.tx.sents[si].parsed else (head, head + 1)
        mention = self.tx.mention_at(tokens[head].start, tokens[head].stop)
        if mention:
            first = min(first, self.tx.token_at(si, mention[0]))
            last = max(last, self.tx.token_at(si, mention[1] - 1) + 1)
        return first, last

    def _owner_group(self, si: int, head: int) -> tuple[int, int]:
        """The words naming a document's owner: its noun group, and the name right after it
        that a parse left out ("в сообщении компании «Вега»")."""
        tokens = self.tx.sents[si].tokens
        first, last = self._group(si, head)
        k = last + 1 if last < len(tokens) and tokens[last].text in QUOTE_CHARS else last
        mention = self.tx.mention_at(tokens[k].start, tokens[k].stop) if k < len(tokens) else None
        if mention and mention[0] == tokens[k].start:
            last = max(last, self.tx.token_at(si, mention[1] - 1) + 1)
        return first, last

    @staticmethod
    def _clause_stop(tokens: list[Token], head: int) -> int:
        k = head + 1
        while k < len(tokens) and tokens[k].text not in ",.;:!?" + DASHES:
            k += 1
        return k

    def _dropped_subject(self, found: Found, verb: Token) -> None:
        """'В своём посте обещал, что …': no subject; the person the text is about speaks.
        So for a gerund with no main clause ("Добавив при этом, что …"): the last speaker."""
        if found.role == "" and _verb_gender(verb.text) is not None:
            found.speaker = self.rules.person_before(verb.start, _verb_gender(verb.text), prefer_speaker=True)
        elif found.role == "" and _gerund(verb.text) and not any(
                is_finite_verb(t.text) for t in self.tx.sents[found.sent].tokens):
            found.speaker = self.rules.person_before(verb.start, None, prefer_speaker=True)

    def _document_owner(self, tokens: list[Token], cue: int) -> Optional[int]:
        """'говорится в сообщении полиции' -> полиции; 'в публикации говорится' -> публикации;
        'следует из отчета компании' -> компании."""
        before = list(range(cue - 1, max(-1, cue - 6), -1))
        if not any(t.text in ",;:.!?" for t in tokens[max(0, cue - DOCUMENT_REACH):cue]):
            # a long owner in one clause: "В заявлении представителя МИД КНДР Хен Хак Пона говорится"
            before += range(cue - 6, max(-1, cue - DOCUMENT_REACH), -1)
        if cue > 1 and tokens[cue - 1].text == ",":
            # "В заявлении, сделанном иорданским монархом, говорится": the noun before the participle's phrase
            comma = next((k for k in range(cue - 2, 0, -1) if tokens[k].text == ","), None)
            if comma is not None and _passive(tokens[comma + 1]):
                before += range(comma - 1, max(-1, comma - 4), -1)
        for j in list(range(cue + 1, min(len(tokens), cue + 8))) + before:
            if tokens[j].text in ",;:.!?" or j == 0 or fold(tokens[past_modifiers_back(tokens, j)].text) not in (
                    "в", "во", "на", "из"):
                continue
            kind = speaker_nouns().get(morph.lemma(tokens[j].text), ("",))[0]
            if kind == "media":
                return j
            if kind == "org":
                owner = j + 1
                while owner < len(tokens):
                    if speaker_nouns().get(morph.lemma(tokens[owner].text), ("",))[0] == "org" \
                            and "anim" not in morph.parse(fold(tokens[owner].text))[0].tag:
                        owner += 1   # "в сообщении пресс-службы ЦБ" -> ЦБ; "представителя МИД Y" is Y
                    elif (fold(tokens[owner].text) in ("на", "в") and owner + 1 < len(tokens)
                          and speaker_nouns().get(morph.lemma(tokens[owner + 1].text), ("",))[0] == "org"):
                        owner += 2   # "в сообщении на сайте Кремля" -> Кремля
                    else:
                        break
                if owner + 1 < len(tokens) and tokens[owner].text in QUOTE_CHARS:
                    owner += 1   # "в пресс-релизе «Лукойла»"
                if owner == j + 1 and owner + 2 < len(tokens) and tokens[owner].text == "," and _passive(tokens[owner + 1]):
                    # "из доклада, подготовленного Минэкономразвития", "экспертами ВШЭ",
                    # "сделанном иорданским монархом": its author, past the author's adjectives
                    k = owner + 2
                    while k + 1 < len(tokens) and tokens[k].text[:1].islower() and any(
                            p.tag.POS == "ADJF" and p.tag.case == "ablt" for p in morph.parse(fold(tokens[k].text))[:1]):
                        k += 1
                    return k if tokens[k].text[:1].isupper() or any(
                        p.tag.POS == "NOUN" and p.tag.case == "ablt" for p in morph.parse(fold(tokens[k].text))[:2]) else None
                while owner + 1 < len(tokens) and tokens[owner].text[:1].islower() and \
                        morph.parse(fold(tokens[owner].text))[0].tag.POS in ("ADJF", "PRTF"):
                    owner += 1      # "на сайте областной прокуратуры": the noun heads the owner's words
                return owner if owner < len(tokens) and is_np_word(tokens[owner]) else None
        return None

    def _place_speaker(self, tokens: list[Token], cue: int, near: Optional[int] = None,
                       reach: int = PLACE_REACH) -> Optional[int]:
        """'пояснили в Fitch', 'утверждают в Odebrecht', 'сообщили в ведомстве': an
        organisation, or a noun for one, after "в" (a noun near the cue, or at `near`)."""
        for k in range(max(0, cue - 3), cue):
            if fold(tokens[k].text) == "там" and _plural_verb(tokens[cue].text) and all(
                    morph.parse(fold(t.text))[0].tag.POS in ("ADVB", "PRCL", "CONJ") for t in tokens[k + 1:cue]):
                return k    # "Там также отметили": the body the text last put something in
        for j in range(max(1, cue - reach), min(len(tokens), cue + reach)):
            if fold(tokens[j - 1].text) not in ("в", "во"):
                continue
            j = past_locative_adjectives(tokens, j, cue if j < cue else len(tokens))     # "в краевом правительстве"
            mention = self.tx.mention_at(tokens[j].start, tokens[j].stop)
            if mention and mention[2].type == "ORG":
                return j
            lemma = morph.lemma(tokens[j].text)
            # words between, quotation marks aside ("В пресс-службе Минпромторга “Ъ” подтвердили")
            between = sum(t.text not in QUOTE_CHARS for t in tokens[min(j, cue) + 1:max(j, cue)])
            if mention is None and (between <= 3 or j == near or j < cue and _genitives(tokens[j + 1:cue])) and (
                    reference_nouns().get(lemma, ("",))[0] == "ORG"
                    or speaker_nouns().get(lemma, ("",))[0] in ("org", "media")):
                return j
        return None

    def _settle(self, found: Found, head: int, first: int, last: int, scope: Optional[int] = None,
                gender: Optional[str] = None, case: Optional[str] = "nomn") -> None:
        tokens = self.tx.sents[found.sent].tokens
        found.speaker_span = (tokens[first].start, tokens[last - 1].stop)
        found.speaker = self.rules.resolve(tokens, head, first, max(last, scope or last), gender, case)



# ------------------------------------------------------------------ speakers as references

def speaker_words_as_references(doc: Doc, quotes: list[Found]) -> None:
    """Make the words naming each resolved speaker one of its mentions or references: a
    name as it is, other words ("Посол", "он", "Посла Китая Чжан Сяо") a reference.

    The references are kept sorted by start, so each quote looks only at its neighbours:
    an article of many quotes of one speaker costs linear time.
    """
    entities = {e.id for e in doc.entities}
    types = {e.id: e.type for e in doc.entities}
    places = _post_places(doc, types)
    named = {e.id: sorted((m.start, m.stop) for m in e.mentions) for e in doc.entities}
    other_names = {(m.start, m.stop) for e in doc.entities if e.type == "ORG" for m in e.mentions}
    refs = sorted(doc.references, key=lambda r: (r.start, r.stop))
    starts = [r.start for r in refs]
    longest = max((r.stop - r.start for r in refs), default=0)
    for f in quotes:
        if f.speaker is None or f.speaker_span is None:
            continue
        a, b = f.speaker_span
        lead = LEADING_PREPOSITION.match(doc.text, a, b)
        if lead:        # "в ведомстве": the preposition names nobody
            a = lead.end()
            f.speaker_span = (a, b)
        if f.speaker not in entities:
            continue
        # a name is never also a reference: "Посла Китая Чжан Сяо" -> "Чжан Сяо"; a department
        # named on its own speaks through the name right after it ("Департамента печати МИД")
        inner = _name_within(named[f.speaker], a, b)
        if inner is None and (a, b) in other_names:
            inner = _name_within(named[f.speaker], b + 1, b + 1 + NEXT_NAME)
            inner = inner if inner is not None and not doc.text[b:inner[0]].strip() else None
        if inner is not None:
            f.speaker_span = inner
            continue
        lo, hi = bisect_left(starts, a - longest), bisect_left(starts, b)
        near = [k for k in range(lo, hi) if refs[k].stop > a]
        if any(refs[k].start == a and refs[k].stop == b and refs[k].entity == f.speaker for k in near):
            continue    # the references stage found them already
        # the speaker rules know more than a document-wide rule about these words; a place
        # inside them is the country of the speaker's post ("главы государства")
        for k in reversed(near):
            inside = a <= refs[k].start and refs[k].stop <= b and (refs[k].start, refs[k].stop) != (a, b)
            if inside and types.get(refs[k].entity) == "LOC" and places.get(f.speaker):
                refs[k] = Reference(refs[k].start, refs[k].stop, places[f.speaker], refs[k].rule)
            elif inside and refs[k].entity != f.speaker:
                continue    # another's words inside ("собеседник агентства", "Ее пресс-секретарь")
            else:
                del refs[k], starts[k]
        at = bisect_left(starts, a)
        refs.insert(at, Reference(a, b, f.speaker, "speaker"))
        starts.insert(at, a)
        longest = max(longest, b - a)
    doc.references = refs


def _post_places(doc: Doc, types: dict[str, str]) -> dict[str, str]:
    """A person -> the one place their posts are in ("" when several)."""
    places: dict[str, str] = {}
    for role in doc.roles:
        if types.get(role.org) == "LOC":
            places[role.person] = role.org if places.get(role.person, role.org) == role.org else ""
    return places


def _name_within(mentions: list[tuple[int, int]], a: int, b: int) -> Optional[tuple[int, int]]:
    """The first of the sorted mentions that lies within a..b."""
    k = bisect_left(mentions, (a, a))
    return mentions[k] if k < len(mentions) and mentions[k][1] <= b else None


NEXT_NAME = 40      # characters of a name right after the speaker words that may be the speaker's
LEADING_PREPOSITION = re.compile(r"(?:в|во|на|у|от|из)\s+", re.I)
SINGULAR_FIRST = re.compile(r"(?<!\w)(?:я|меня|мне|мной|мною|мо(?:й|я|е|ё|и|его|ей|ему|им|их|ем|ём|ю|ими))(?!\w)",
                            re.I)
PLURAL_FIRST = re.compile(r"(?<!\w)(?:мы|нас|нам|нами|наш(?:а|е|и|его|ей|ему|им|их|ем|у|ими)?)(?!\w)", re.I)


NOUN_GROUP_OPENERS = ("NOUN", "ADJF", "NUMR", "PRTF")      # "один из", "представитель", "главный"
INTRODUCING_WIDTH = 40      # characters between an organisation and the name it introduces


def _body_of(doc: Doc) -> dict[str, str]:
    """The body a person's "мы" speaks for: the organisation or place their post belongs
    to ("министр иностранных дел России" -> Россия), else the organisation named or called
    by its noun right before the person is first named, in the same sentence ("аналитик
    ИК «Атон» Андрей Труфанов", "физиолог из Университета Сиены Анна Алоизи",
    "вице-президент клуба из Перми Иван Петров")."""
    bodies: dict[str, str] = {}
    types = {e.id: e.type for e in doc.entities}
    for role in doc.roles:
        if role.org is not None:
            bodies.setdefault(role.person, role.org)
    # an outlet that relays is no one's body ("сообщает CNBC со ссылкой на главу компании X")
    # nor one told, right after the verb ("заявил РБК адвокат X")
    orgs = sorted([(m.stop, e.id) for e in doc.entities if e.type == "ORG" for m in e.mentions
                   if not named_as_outlet(doc.text, m.start, m.stop)
                   and lemma_before(doc.text, m.start) not in speech_verb_lemmas()]
                  # or one the text calls by its noun ("лидер группы Стинг" after The Police)
                  + [(ref.stop, ref.entity) for ref in doc.references if types.get(ref.entity) == "ORG"])
    stops = [stop for stop, _ in orgs]
    for person in doc.entities:
        if person.type != "PER" or person.id in bodies or not person.mentions:
            continue
        first = min(m.start for m in person.mentions)
        k = bisect_right(stops, first) - 1
        if k >= 0 and first - stops[k] < INTRODUCING_WIDTH and not SENTENCE_END.search(doc.text, stops[k], first):
            bodies[person.id] = orgs[k][1]
    return bodies


def _country_voiced(doc: Doc, types: dict[str, str]) -> dict[str, str]:
    """A body that speaks for its state (`data/state_voices.txt`: "МИД", "Госдума") ->
    the country named right after it ("МИД России", "Госдума РФ"), when one is."""
    voices = tuple(load_set("state_voices"))
    places = {m.start: e.id for e in doc.entities if e.type == "LOC" and fold(e.name) in countries()
              for m in e.mentions}
    out = {}
    for entity in doc.entities:
        if types.get(entity.id) not in ("ORG", "LOC") or not fold(entity.name).startswith(voices):
            continue
        owners = {places[m.stop + 1] for m in entity.mentions
                  if doc.text[m.stop:m.stop + 1] == " " and m.stop + 1 in places}
        if len(owners) == 1:
            out[entity.id] = owners.pop()
    return out


def first_person_references(doc: Doc, quotes: list[Found]) -> list[Reference]:
    """The first person of a direct quote: "я", "мой" are a person speaker; "мы", "наш" are
    an organisation speaker, or the body a person speaker's post belongs to; a body that
    speaks for its state is its country ("МИД России" -> Россия)."""
    types = {e.id: e.type for e in doc.entities}
    bodies = _body_of(doc)
    voiced = _country_voiced(doc, types)
    bodies = {person: voiced.get(body, body) for person, body in bodies.items()}
    out = []
    for f in quotes:
        if f.kind != DIRECT or f.speaker not in types:
            continue
        if types[f.speaker] == "PER":
            pairs = [(SINGULAR_FIRST, f.speaker), (PLURAL_FIRST, bodies.get(f.speaker))]
        else:
            pairs = [(PLURAL_FIRST, voiced.get(f.speaker, f.speaker))]
        for pattern, entity in pairs:
            if entity is not None:
                out += [Reference(m.start(), m.end(), entity, "first_person")
                        for m in pattern.finditer(doc.text, f.start, f.stop)]
    return out
