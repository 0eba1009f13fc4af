"""Quotes stage: direct and indirect speech, with its cue and its speaker.

    «Q», — сказал X.            direct: a speech verb after the quote
    X заявил: «Q».              direct: a colon and a speech verb before it
    «Q1, — сказал X, — Q2».     two direct quotes, one attribution
    X отметил, что Q.           indirect: a speech verb and a что-clause
    По словам X, Q.             indirect: a source phrase
    Q, сообщает X.              indirect: content first

1. pair quotation marks over each paragraph in one pass (razdel splits sentences
   inside quotes, so pairs are not looked for sentence by sentence);
2. find candidates with rules over tokens and lexicons, no syntax yet;
3. parse only the sentences that hold a cue, take the cue's subject as the speaker;
4. follow the speaker to an entity: a name, a post through the roles ("Посол"), a
   pronoun to the latest fitting person, an organisation behind "пресс-служба X".
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import Optional

from . import morph
from .clean import QUOTE_CHARS, iter_lines
from .doc import Doc, Token
from .lexicons import load_table
from .records import Quote, Span
from .references import (DASHES, POSSESSIVES, PRONOUNS, Reference, Resolver, Speakers, is_np_word, reference_nouns,
                         speaker_nouns)

DIRECT, INDIRECT = "direct", "indirect"
MAX_NESTING = 8            # how deep a closing mark looks for its opener: keeps pairing linear
TITLE_WORDS = 6            # a capitalised quoted phrase this short with no punctuation is a name
CUE_LOOKBACK = 12          # tokens between a speech verb and its "что"
SOURCE_WORDS = 16          # tokens a source after "по словам" may take
ATTRIBUTION_CHARS = 160    # the longest "— сказал X, —" inside a quote
VERBISH = {"VERB", "INFN", "GRND", "PRTS", "ADJS"}
# (?=(?P<x>...))(?P=x) takes a run whole and never gives it back (an atomic group that
# Python 3.10 can read), so a long run of spaces is not retried at every split
ATTRIBUTION_AHEAD = re.compile(r"(?=(?P<a>\s*))(?P=a)(?:[,!?…](?=(?P<b>\s*))(?P=b))?[—–-]\s")
SENTENCE_GOES_ON = re.compile(
    r"(?=(?P<a>\s*))(?P=a)(?=(?P<p>[.!?…]*))(?P=p)(?=(?P<b>\s*))(?P=b)(?:$|[А-ЯЁA-Z«\"“„—–-])")
SPACES = re.compile(r"\s*")
# verbs an infinitive cue may hang on: "стали обвинять Земана в том, что …"
PHASE_VERBS = {"стать", "начать", "начинать", "продолжать", "продолжить", "поспешить", "спешить", "успеть"}
# the farthest a quoted fragment may lie from its cue, in tokens
FRAGMENT_REACH = 12



# ------------------------------------------------------------------ lexicons

@cache
def speech_verbs() -> dict[str, frozenset[str]]:
    """lemma -> its flags ("obj", "impersonal", "fragment")."""
    return {row[0].lower(): frozenset(row[1].split() if len(row) > 1 else ()) for row in load_table("speech_verbs")}


def speaker_role(lemma: str) -> str:
    """Where the speaker of a cue is: "" the subject, "obj" the object, "impersonal" none."""
    flags = speech_verbs().get(lemma, frozenset())
    return "obj" if "obj" in flags else "impersonal" if "impersonal" in flags else ""


@cache
def speech_phrases() -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(words, kind, cue) for each phrase; "verb" phrases are matched on lemmas."""
    rows = []
    for row in load_table("speech_phrases"):
        phrase, kind = row[0].lower().replace("ё", "е"), row[1]
        words = tuple(phrase.split())
        if kind == "verb":
            words = tuple(morph.lemma(w) if w not in ("не", "с", "к") else w for w in words)
        rows.append((words, kind, phrase))
    return tuple(rows)


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





def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=morph.WORD_CACHE)
def speech_lemma(word: str) -> Optional[str]:
    """The lemma of a verb form of saying ("подчеркнул" -> "подчеркнуть"), else None.

    First-person forms ("напомним", "отмечу") are the author's voice, not a cue.
    """
    lower = _fold(word)
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
    parses = morph.parse(_fold(word))
    return bool(parses) and parses[0].tag.POS == "VERB"


# ------------------------------------------------------------------ quotation marks

@dataclass(slots=True)
class Pair:
    """A pair of quotation marks: `open` and `close` index the marks themselves."""
    open: int
    close: int
    closed: bool = True
    depth: int = 0

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def _left_open(prev: str) -> bool:
    # a mark after a space, a bracket, a dash or another opening mark opens
    return prev == "" or prev.isspace() or prev in "([{<—–-/:«„“‘"


def _right_closed(nxt: str) -> bool:
    return nxt == "" or nxt.isspace() or nxt in ".,;:!?…)]}>»“”\"'’-—–"


def _find_open(stack: list[tuple[str, int]], openers: str) -> int:
    """Index in the stack of the nearest opener among `openers`, looking MAX_NESTING deep."""
    for k in range(len(stack) - 1, max(-1, len(stack) - 1 - MAX_NESTING), -1):
        if stack[k][0] in openers:
            return k
    return -1


def _pair_line(text: str, start: int, stop: int) -> list[Pair]:
    pairs: list[Pair] = []
    stack: list[tuple[str, int]] = []

    def close(k: int, i: int) -> None:
        pairs.append(Pair(stack[k][1], i))
        del stack[k:]

    for i in range(start, stop):
        ch = text[i]
        if ch not in QUOTE_CHARS:
            continue
        prev = text[i - 1] if i > start else ""
        nxt = text[i + 1] if i + 1 < stop else ""
        if ch in "«„":
            stack.append((ch, i))
        elif ch == "»":
            k = _find_open(stack, "«")
            if k >= 0:
                close(k, i)
        elif ch in "\"“”":
            # „…“ closes with “; otherwise a mark's side is read off its neighbours
            k = _find_open(stack, "„") if ch == "“" else -1
            if k >= 0:
                close(k, i)
                continue
            k = _find_open(stack, "\"“„")
            opens, closes = _left_open(prev), _right_closed(nxt)
            if ch == "”" or (closes and not opens) or (opens == closes and k >= 0):
                if k >= 0 and ATTRIBUTION_AHEAD.match(text, i + 1, stop):
                    # '…: "Мам, я не делал!" - цитирует издание': the dash ends the outer quote
                    k = min((j for j in range(max(0, len(stack) - MAX_NESTING), len(stack))
                             if stack[j][0] in "\"“„"), default=k)
                if k >= 0:
                    close(k, i)
            elif opens or (not closes and k < 0):
                stack.append((ch, i))
        else:  # ' ‘ ’: an apostrophe between letters is no quotation mark
            if prev.isalpha() and nxt.isalpha():
                continue
            k = _find_open(stack, "'‘")
            if ch in "'‘" and _left_open(prev) and nxt.isalpha():
                stack.append((ch, i))
            elif ch in "'’" and k >= 0 and not _left_open(prev) and _right_closed(nxt):
                close(k, i)
    # an opener left open runs to the end of its paragraph, unless pairs follow it
    for ch, i in stack[:1]:
        if not any(p.open > i for p in pairs):
            end = stop
            while end > i + 1 and text[end - 1].isspace():
                end -= 1
            pairs.append(Pair(i, end, closed=False))
    return pairs


def pair_quotes(text: str, lines: Optional[list[tuple[int, int]]] = None) -> list[Pair]:
    """Pairs of quotation marks in `text`, paragraph by paragraph, with their nesting depth.

    One pass with a stack; a closing mark looks at most MAX_NESTING openers deep, so
    the time is linear however many stray marks the text has.
    """
    pairs: list[Pair] = []
    for start, stop in lines if lines is not None else iter_lines(text):
        pairs.extend(_pair_line(text, start, stop))
    pairs.sort(key=lambda p: (p.open, -p.close))
    outer: list[Pair] = []
    for pair in pairs:
        while outer and outer[-1].close < pair.open:
            outer.pop()
        pair.depth = len(outer)
        outer.append(pair)
    return pairs


# ------------------------------------------------------------------ candidates

@dataclass
class Found:
    """A quote found by a rule, before its speaker is known."""
    start: int
    stop: int
    kind: str
    cue: Optional[str]
    sent: Optional[int] = None        # sentence of the cue word (or of the source)
    token: Optional[int] = None       # index of the cue word in that sentence
    role: str = ""                    # "" subject, "obj", "impersonal", "source", "after", "previous"
    source: Optional[tuple[int, int]] = None   # token range naming the source, in `sent`
    rank: int = 2                     # lower wins when two quotes overlap
    speaker: Optional[str] = None
    speaker_span: Optional[tuple[int, int]] = None
    dropped: bool = False             # the cue turned out not to be speech


class Text:
    """The document seen by the rules: sentences, tokens, lines and quotation marks."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.sents = doc.sents
        self.sent_starts = [s.start for s in doc.sents]
        self.token_stops = [[t.stop for t in s.tokens] for s in doc.sents]
        # the paragraphs that hold sentences (chrome lines hold none)
        lines = list(iter_lines(doc.text))
        starts = [ln[0] for ln in lines]
        self.lines = [lines[k] for k in sorted({bisect_right(starts, s.start) - 1 for s in doc.sents})]
        self.line_starts = [ln[0] for ln in self.lines]
        self.pairs = pair_quotes(doc.text, self.lines)
        self.top = [p for p in self.pairs if p.depth == 0]
        self.top_starts = [p.open for p in self.top]
        self.mentions = sorted((m.start, m.stop, e) for e in doc.entities for m in e.mentions)
        self.mention_starts = [m[0] for m in self.mentions]
        self._stops: dict[int, list[int]] = {}
        self._children: dict[int, list[list[int]]] = {}

    # -- positions
    def sent_of(self, offset: int) -> Optional[int]:
        k = bisect_right(self.sent_starts, offset) - 1
        if k >= 0 and offset < self.sents[k].stop:
            return k
        return None

    def line_of(self, offset: int) -> tuple[int, int]:
        k = max(0, bisect_right(self.line_starts, offset) - 1)
        return self.lines[k] if self.lines else (0, len(self.text))

    def next_char(self, offset: int) -> str:
        """The first character from `offset` on that is not a space, in its line ("" if none)."""
        stop = self.line_of(offset)[1]
        at = SPACES.match(self.text, min(offset, stop), stop).end()
        return self.text[at:at + 1] if at < stop else ""

    def last_char(self, start: int, stop: int) -> int:
        """Index of the last character of text[start:stop] that is not a space (start - 1 if none)."""
        at = stop - 1
        while at >= start and self.text[at].isspace():
            at -= 1
        return at

    def token_at(self, si: int, offset: int) -> int:
        """Index of the first token of sentence `si` that ends after `offset`."""
        return bisect_right(self.token_stops[si], offset)

    def clause_stops(self, si: int) -> list[int]:
        """Indices of the tokens of sentence `si` that end a reported clause: a semicolon, or
        a colon before a quote or the paragraph's end (not before a list), outside quotes."""
        if si not in self._stops:
            self._stops[si] = [i for i, t in enumerate(self.sents[si].tokens)
                               if t.text in (":", ";") and self._ends_clause(t)]
        return self._stops[si]

    def _ends_clause(self, token: Token) -> bool:
        if self.inside_pair(token.start) is not None:
            return False
        follows = self.next_char(token.stop)
        return token.text == ";" or not follows or follows in QUOTE_CHARS

    def children(self, si: int) -> list[list[int]]:
        """For each token of the parsed sentence `si`, the indices of its dependents."""
        if si not in self._children:
            tokens = self.sents[si].tokens
            kids: list[list[int]] = [[] for _ in tokens]
            for j, token in enumerate(tokens):
                if 0 <= token.head < len(tokens):
                    kids[token.head].append(j)
            self._children[si] = kids
        return self._children[si]

    def inside_pair(self, offset: int) -> Optional[Pair]:
        """The top-level pair whose inner text holds `offset`."""
        k = bisect_right(self.top_starts, offset) - 1
        if k >= 0 and self.top[k].open < offset < self.top[k].close:
            return self.top[k]
        return None

    def mention_at(self, start: int, stop: int):
        """(start, stop, entity) of a mention overlapping [start, stop)."""
        k = bisect_right(self.mention_starts, stop) - 1
        while k >= 0 and k >= bisect_right(self.mention_starts, start) - 8:
            m = self.mentions[k]
            if m[0] < stop and start < m[1]:
                return m
            k -= 1
        return None

    def mentions_in(self, start: int, stop: int) -> list:
        lo = bisect_right(self.mention_starts, start - 1)
        out = []
        for k in range(max(0, lo - 4), len(self.mentions)):
            m = self.mentions[k]
            if m[0] >= stop:
                break
            if m[1] > start:
                out.append(m)
        return out


def _trim(text: str, start: int, stop: int, keep_final: bool = False) -> tuple[int, int]:
    """Strip spaces and an opening dash, and a final full stop, comma or colon (a final ! or ? stays)."""
    while start < stop and (text[start].isspace() or text[start] in DASHES and text[start + 1:start + 2].isspace()):
        start += 1
    while stop > start:
        ch = text[stop - 1]
        if ch.isspace() or (not keep_final and ch in ".,:;") or (ch in DASHES and text[stop - 2:stop - 1].isspace()):
            stop -= 1
        else:
            break
    return start, stop


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _enough_words(text: str, start: int, stop: int, n: int) -> bool:
    """At least n words in text[start:stop] (looking at a short prefix only)."""
    return len(_words(text[start:min(stop, start + 40 * n)])) >= n


def looks_like_title(inner: str) -> bool:
    """A name or title in quotation marks: «Зенит», "Пояс и путь", "Новый Казахстан"."""
    stripped = inner.strip()
    first = next((c for c in stripped if c.isalnum()), "")
    if not first or not (first.isupper() or first.isdigit()):
        return False
    if re.search(r"[.!?…]\s|[.!?…]$|,\s", stripped):
        return False
    return len(_words(stripped)) <= TITLE_WORDS


def _is_lower_start(inner: str) -> bool:
    first = next((c for c in inner if c.isalpha()), "")
    return bool(first) and first.islower()


# ------------------------------------------------------------------ cue words

def _in_formula(tokens: list[Token], i: int) -> bool:
    """Token i is inside an author's formula: "следует отметить", "надо сказать"."""
    if _fold(tokens[i].text) not in formula_words():
        return False
    for words, kind, _ in speech_phrases():
        if kind != "not":
            continue
        n = len(words)
        for first in range(max(0, i - n + 1), min(i, len(tokens) - n) + 1):
            if all(_fold(tokens[first + k].text) == words[k] for k in range(n)):
                return True
    return False


def cue_at(tokens: list[Token], i: int, fragment: bool = False) -> Optional[tuple[str, int, str]]:
    """(cue, index of its last word, speaker role) when a cue starts at token i.

    Verbs of naming ("назвал") are cues only for a quoted `fragment`.
    """
    word = _fold(tokens[i].text)
    if word not in cue_forms():
        return None
    for words, phrase in verb_phrases().get(word, ()) + verb_phrases().get(morph.lemma(word), ()):
        if i + len(words) > len(tokens):
            continue
        got = [_fold(t.text) for t in tokens[i:i + len(words)]]
        if all(g == w or morph.lemma(g) == w for g, w in zip(got, words)):
            return phrase, i + len(words) - 1, "obj" if "слова" in phrase else ""
    lemma = speech_lemma(word)
    if lemma is None or ("fragment" in speech_verbs()[lemma] and not fragment):
        return None
    if i > 0 and _fold(tokens[i - 1].text) == "не":
        return None      # negated speech: "никто не говорил, что"
    if _in_formula(tokens, i):
        return None
    return lemma, i, speaker_role(lemma)


def find_cue(tokens: list[Token], first: int, last: int, nearest_to: int) -> Optional[tuple[str, int, str]]:
    """The cue among tokens[first:last] nearest to token `nearest_to`."""
    best = None
    for i in range(first, last):
        found = cue_at(tokens, i)
        if found and (best is None or abs(i - nearest_to) < abs(best[1] - nearest_to)):
            best = (found[0], i, found[2])
    return best


def source_phrase_at(tokens: list[Token], i: int) -> Optional[tuple[str, int]]:
    """("по словам", index after the phrase) when a source phrase starts at token i."""
    first = _fold(tokens[i].text)
    for words, kind, phrase in speech_phrases():
        if kind != "source" or first != words[0]:
            continue
        j = i + 1
        if j < len(tokens) and _fold(tokens[j].text) in POSSESSIVES | {"ее"}:
            j += 1  # "по его словам": the possessive is the source
        rest = [_fold(t.text) for t in tokens[j:j + len(words) - 1]]
        if rest == list(words[1:]):
            return phrase, j + len(words) - 1
    return None


# ------------------------------------------------------------------ direct speech

def _after_attribution(tx: Text, offset: int, line_stop: int) -> Optional[tuple[int, int, str, str]]:
    """A cue right after a quote: ', — сказал X' / '- подчеркнул Посол'.

    Returns (sentence, cue token, cue, role) or None.
    """
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
    found = find_cue(tokens, first, min(first + 3, len(tokens)), first)
    if found is None or any(t.text in ",.;:!?" for t in tokens[first:found[1]]):
        return None
    return si, found[1], found[0], found[2]


def _before_colon(tx: Text, offset: int) -> Optional[Found]:
    """'X заявил: «Q»' / 'X: «Q»': the cue or the name before a colon ending at `offset`."""
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
    found = find_cue(tokens, first, colon, colon)
    if found is not None and tx.inside_pair(tokens[found[1]].start) is None:
        return Found(0, 0, DIRECT, found[0], si, found[1], found[2])
    # "Обозреватель РИА Новости Сергей Петухов: «…»", "Иванов (прокурор): …": a paragraph
    # opened by a name
    last = colon - 1
    if last > 0 and tokens[last].text == ")":
        last = next((k - 1 for k in range(last - 1, max(first, last - 6), -1) if tokens[k].text == "("), last)
    name = tx.mention_at(tokens[last].start, tokens[last].stop) if last >= 0 else None
    if (name is not None and name[2].type in ("PER", "ORG") and colon - first <= 10
            and tokens[first].start == tx.line_of(tokens[first].start)[0]
            and not any(is_finite_verb(t.text) or any(c.isdigit() or c == "/" for c in t.text)
                        for t in tokens[first:colon])):
        return Found(0, 0, DIRECT, ":", si, None, "source", (first, colon))
    return None


def _colon_line_before(tx: Text, line_start: int) -> Optional[Found]:
    """The previous paragraph ends in a colon after a cue: 'Дуда написал в Twitter:'."""
    k = bisect_right(tx.line_starts, line_start) - 1
    if k <= 0:
        return None
    start, stop = tx.lines[k - 1]
    colon = tx.last_char(start, stop)
    if colon < start or tx.text[colon] != ":" or line_start - (colon + 1) > 4:
        return None
    return _before_colon(tx, colon)


def _interruptions(tx: Text, start: int, stop: int) -> list[tuple[int, int, int, int, str, str]]:
    """'«Q1, — сказал X, — Q2»': attributions inside a quote.

    Returns (attribution start, attribution stop, sentence, cue token, cue, role) each.
    """
    found = []
    text = tx.text
    for match in re.finditer(r"(?:[,!?…]\s*[—–-]+|\s[—–]|\s-)\s*", text[start:stop]):
        begin = start + match.end()
        attribution = _after_attribution(tx, start + match.start(), stop)
        if attribution is None:
            continue
        # the attribution ends at ", —" or ". —" and the quote goes on
        tail = re.search(r"[,.]\s*[—–-]+\s*", text[begin:min(stop, begin + ATTRIBUTION_CHARS)])
        if tail is None or begin + tail.end() >= stop:
            continue
        found.append((start + match.start(), begin + tail.end()) + attribution)
    return found


def find_direct(tx: Text) -> list[Found]:
    """Direct speech in quotation marks."""
    out: list[Found] = []
    text = tx.text
    for pair in tx.top:
        start, stop = pair.inner
        if stop - start < 2 or tx.sent_of(start) is None:
            continue
        line_start, line_stop = tx.line_of(pair.open)
        inner = text[start:stop]
        pieces = _interruptions(tx, start, stop)
        if pieces:
            out.extend(_split_quote(text, start, stop, pieces))
            continue
        a, b = _trim(text, start, stop)
        if b <= a:
            continue
        after = _after_attribution(tx, pair.close + 1, line_stop) if pair.closed else None
        if after is not None and not _names_only(tx, a, b):
            si, ti, cue, role = after
            out.append(Found(a, b, DIRECT, cue, si, ti, role or "after", rank=1))
            continue
        lookback = max(line_start, pair.open - ATTRIBUTION_CHARS)
        before = text[lookback:pair.open].rstrip()
        colon = None
        if before.endswith(":"):
            colon = _before_colon(tx, lookback + len(before) - 1)
        elif not before and pair.open - line_start <= ATTRIBUTION_CHARS:
            colon = _colon_line_before(tx, line_start)
        if colon is not None:
            colon.start, colon.stop, colon.rank = a, b, 1
            out.append(colon)
            continue
        if re.search(r"(?:^|\W)что$", before, re.I) and _ends_sentence(tx, pair, line_stop):
            cue = _cue_before_that(tx, pair.open)
            if cue is not None:
                si, ti, lemma, role = cue
                out.append(Found(a, b, DIRECT, lemma, si, ti, role, rank=1))
                continue
        if _is_lower_start(inner) and not _scare_quoted(before):
            cue = _cue_in_sentence(tx, pair)
            if cue is not None:
                si, ti, lemma, role = cue
                out.append(Found(a, b, DIRECT, lemma, si, ti, role, rank=3))
                continue
        if _may_continue(text, pair, line_start):
            out.append(Found(a, b, DIRECT, None, role="previous", rank=4))
    return out


def _split_quote(text: str, start: int, stop: int, pieces) -> list[Found]:
    """The stretches of a quote between its attributions: the first takes the cue after
    it, every other the cue before it ("«Q1, — говорит X, — Q2, — заключил X, — Q3»")."""
    out = []
    bounds = [start] + [b for p in pieces for b in p[:2]] + [stop]
    for n in range(len(pieces) + 1):
        a, b = _trim(text, bounds[2 * n], bounds[2 * n + 1], keep_final=True)
        a, b = _trim(text, a, b) if text[b - 1:b] in ".," else (a, b)
        _, _, si, ti, cue, role = pieces[max(0, n - 1)]
        if b > a:
            out.append(Found(a, b, DIRECT, cue, si, ti, role or "after", rank=1))
    return out


def _names_only(tx: Text, start: int, stop: int) -> bool:
    """The quoted words are just a name: «Зенит», — сказал он (of the club, not a quote)."""
    return any(m[0] <= start and m[1] >= stop for m in tx.mentions_in(start, stop))


def _may_continue(text: str, pair: Pair, line_start: int) -> bool:
    """A quoted stretch with no cue that may go on with the previous speaker: it opens a
    sentence, reads as speech (not a title) and is long enough to say something."""
    inner = text[pair.open + 1:pair.close].strip()
    before = text[max(line_start, pair.open - 20):pair.open].rstrip()
    if before and before[-1] not in ".!?…" or _is_lower_start(inner) or looks_like_title(inner):
        return False
    return len(_words(inner)) >= (4 if pair.closed else 8)


def _ends_sentence(tx: Text, pair: Pair, line_stop: int) -> bool:
    # matched in place: a slice to the end of the line would copy a long line once per quote
    return SENTENCE_GOES_ON.match(tx.text, min(pair.close + 1, line_stop), line_stop) is not None


def _scare_quoted(before: str) -> bool:
    return re.search(r"(?:так называем\w*|т\.\s?н\.)$", before.lower()) is not None


def _cue_before_that(tx: Text, offset: int) -> Optional[tuple[int, int, str, str]]:
    """The speech verb governing a "что" that ends just before `offset`."""
    si = tx.sent_of(offset - 1)
    if si is None:
        return None
    tokens = tx.sents[si].tokens
    i = tx.token_at(si, offset) - 1
    if i < 0 or _fold(tokens[i].text) != "что":
        return None
    return _cue_for_that(tx, si, i)


def _cue_in_sentence(tx: Text, pair: Pair) -> Optional[tuple[int, int, str, str]]:
    """A speech verb of the sentence a quoted fragment hangs on: 'назвала ситуацию «тяжёлой»'."""
    si = tx.sent_of(pair.open)
    if si is None:
        return None
    tokens = tx.sents[si].tokens
    at = tx.token_at(si, pair.open)
    end = tx.token_at(si, pair.close)
    best = None
    for i in range(max(0, at - FRAGMENT_REACH), min(len(tokens), end + FRAGMENT_REACH)):
        token = tokens[i]
        if tx.inside_pair(token.start) is not None:
            continue
        if i > end and any(t.text in ",.;:!?()" + DASHES for t in tokens[end + 1:i]):
            break    # a verb after the fragment must be in its clause: "источники "…" говорят"
        found = cue_at(tokens, i, fragment=True)
        if found is None or not _may_infinitive(tokens, i):
            continue
        # a verb before the fragment binds closer than one after it
        distance = at - i if i < at else 2 * (i - end)
        if best is None or distance < best[0]:
            best = (distance, i, found)
    if best is None or best[0] > FRAGMENT_REACH:
        return None
    _, i, (cue, _, role) = best
    return si, i, cue, role


def find_unquoted_direct(tx: Text, quoted: list[Found]) -> list[Found]:
    """Direct speech whose quotation marks are lost: a paragraph after 'X сказал:', or
    followed by '— сказала X', or opened by a dash ('— Q, — заявил X')."""
    out: list[Found] = []
    text = tx.text
    taken = sorted((f.start, f.stop) for f in quoted if f.rank < 4)
    taken_starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))   # the farthest stop of taken[:k + 1]
    for line_start, line_stop in tx.lines:
        line = text[line_start:line_stop]
        body = line.lstrip(" \t" + DASHES)
        if not body.strip() or body[:1] in QUOTE_CHARS:
            continue
        begin = line_start + len(line) - len(body)
        k = bisect_left(taken_starts, line_stop)     # taken[:k] start before the line ends
        if k and reach[k - 1] > begin:
            continue
        colon = _colon_line_before(tx, line_start)
        if colon is not None:
            colon.start, colon.stop = _trim(text, begin, line_stop)
            colon.rank = 2
            out.append(colon)
            continue
        for match in re.finditer(r"(?:[,!?…]\s*[—–-]+|\s[—–-])\s*", line):
            attribution = _after_attribution(tx, line_start + match.start(), line_stop)
            if attribution is None:
                continue
            si, ti, cue, role = attribution
            if text[line_start + match.start() - 1:line_start + match.start() + 1].strip(" ,")[-1:] in QUOTE_CHARS:
                break   # a quotation mark before the dash: the quote is a pair of its own
            a, b = _trim(text, begin, line_start + match.start() + 1, keep_final=True)
            a, b = _trim(text, a, b) if text[b - 1:b] in ".," else (a, b)
            if _enough_words(text, a, b, 3):
                out.append(Found(a, b, DIRECT, cue, si, ti, role or "after", rank=2))
            break
    return out


# ------------------------------------------------------------------ indirect speech

def _clause_end(tx: Text, si: int, first: int) -> int:
    """Offset where a reported clause starting at token `first` ends: the sentence end,
    or a colon or semicolon before it."""
    stops = tx.clause_stops(si)
    k = bisect_left(stops, first)
    return tx.sents[si].tokens[stops[k]].start if k < len(stops) else tx.sents[si].stop


def _cue_for_that(tx: Text, si: int, i: int) -> Optional[tuple[int, int, str, str]]:
    """The speech verb a "что" at token i hangs on: 'заявил, что' / 'сообщили о том, что'."""
    tokens = tx.sents[si].tokens
    j, reach = i - 1, CUE_LOOKBACK
    if j >= 0 and tokens[j].text == ",":
        j -= 1
        if j >= 0 and _fold(tokens[j].text) in ("то", "том", "тем"):
            j -= 1
            if j >= 0 and _fold(tokens[j].text) in ("о", "на", "в", "за"):
                j -= 1
    else:
        reach = CUE_LOOKBACK // 2   # "подтвердил в среду, 20 апреля что": a comma lost
    for k in range(j, max(-1, j - reach), -1):
        token = tokens[k]
        if token.text in ".;:!?" or _fold(token.text) in ("что", "чтобы", "который", "которая", "которые"):
            return None
        found = cue_at(tokens, k) if token.text[:1].isalpha() else None
        if found is not None:
            if tx.inside_pair(token.start) is not None or not _may_infinitive(tokens, k):
                return None
            return si, k, found[0], found[2]
        # a phrase cue ends here: "обратили внимание на то, что"
        for n in range(2, 5):
            found = cue_at(tokens, k - n + 1) if k - n + 1 >= 0 else None
            if found and found[1] == k:
                return si, k - n + 1, found[0], found[2]
        if is_finite_verb(token.text) and not speech_lemma(token.text):
            return None   # another clause's verb: "стало известно, что"
    return None


def _may_infinitive(tokens: list[Token], k: int) -> bool:
    """An infinitive is a cue only after a verb of phase: "стали обвинять", not
    "остается лишь заключить" or "следует отметить"."""
    if morph.parse(_fold(tokens[k].text))[0].tag.POS != "INFN":
        return True
    return k > 0 and morph.lemma(tokens[k - 1].text) in PHASE_VERBS


def find_that_clauses(tx: Text) -> list[Found]:
    """'X отметил, что Q', 'Сообщается, что Q', 'X считает, что Q'."""
    out = []
    for si, sent in enumerate(tx.sents):
        tokens = sent.tokens
        for i, token in enumerate(tokens):
            if _fold(token.text) != "что" or i + 1 >= len(tokens):
                continue
            if tx.inside_pair(token.start) is not None:
                continue
            cue = _cue_for_that(tx, si, i)
            if cue is None:
                continue
            a, b = _trim(tx.text, tokens[i + 1].start, _clause_end(tx, si, i + 1))
            if not _enough_words(tx.text, a, b, 2):
                continue
            _, ti, lemma, role = cue
            out.append(Found(a, b, INDIRECT, lemma, si, ti, role))
    # "обратили внимание на то, что Q1, и высказали озабоченность тем, что Q2": Q1 ends
    # at the comma before the second cue
    for f, g in zip(out, out[1:]):
        if f.sent == g.sent and f.start < tx.sents[g.sent].tokens[g.token].start < f.stop:
            tokens = tx.sents[f.sent].tokens
            comma = next((k for k in range(g.token - 1, -1, -1) if tokens[k].start <= f.start or tokens[k].text == ","), 0)
            if tokens[comma].text == "," and tokens[comma].start > f.start:
                f.stop = _trim(tx.text, f.start, tokens[comma].start)[1]
    return out


def _source_end(tokens: list[Token], j: int) -> int:
    """End of the source noun group after "по словам" when no comma closes it."""
    k = j
    while k < len(tokens) and k - j < SOURCE_WORDS:
        word = tokens[k].text
        if word in QUOTE_CHARS or word in ("(", ")"):
            k += 1
            continue
        parses = morph.parse(_fold(word)) if word[:1].isalpha() else ()
        if not parses or not any(p.tag.case == "gent" or p.tag.POS is None or "Fixd" in p.tag for p in parses):
            break
        k += 1
    return k


def _opens_clause(tokens: list[Token], i: int) -> bool:
    """A source phrase at token i starts its clause: 'По словам X', ', по словам X',
    'Однако по данным X', 'Кроме того, по словам X'."""
    if i == 0 or tokens[i - 1].text in ",(" + DASHES:
        return True
    return i <= 2 and all(morph.parse(_fold(t.text))[0].tag.POS in ("CONJ", "ADVB", "PRCL", "INTJ", None)
                          for t in tokens[:i] if t.text[:1].isalpha())


def _source_phrase(tx: Text, si: int, i: int) -> Optional[Found]:
    """'По словам X, Q', 'Q, по данным X', 'по его словам Q'."""
    tokens = tx.sents[si].tokens
    found = source_phrase_at(tokens, i)
    if found is None or not _opens_clause(tokens, i):
        return None     # "поединок по версии IBF" names a ranking, not a source
    cue, j = found
    if j - i > 2 and _fold(tokens[j - 2].text) in POSSESSIVES | {"ее"}:
        source, source_stop = (j - 2, j - 1), j
    else:
        source_stop = _source_stop(tokens, j)
        if source_stop == j or not _names_something(tokens[j]):
            return None   # "по предварительным данным", "по данным на 2013 год"
        source = (j, source_stop)
    quote = _rest_or_before(tx, si, i, source_stop)
    if quote is None:
        return None
    return Found(quote[0], quote[1], INDIRECT, cue, si, None, "source", source)


def _as_reported(tx: Text, si: int, i: int) -> Optional[Found]:
    """'Как сообщил X, Q', 'Как сообщается, Q', 'Q, как пишет X.'"""
    tokens = tx.sents[si].tokens
    if not _opens_clause(tokens, i):
        return None
    for at in (i + 1, i + 2):
        found = cue_at(tokens, at) if at < len(tokens) and tokens[at].text[:1].isalpha() else None
        if found:
            break
    else:
        return None
    last, comma = found[1], None
    for m in range(last + 1, min(len(tokens), last + SOURCE_WORDS)):
        text = tokens[m].text
        if text == ",":
            comma = m
            break
        glued = m + 1 < len(tokens) and tokens[m + 1].start == tokens[m].stop
        if text in (":", "(", ")") or (text in ".!?" and m < len(tokens) - 1 and not glued):
            return None   # 'Как отмечается в материалах банка: «…»' is direct; "(как называют …)"
    if comma is None:
        comma = last if speaker_role(found[0]) == "impersonal" else len(tokens)
    quote = _rest_or_before(tx, si, i, comma + 1)
    if quote is None:
        return None
    return Found(quote[0], quote[1], INDIRECT, found[0], si, at, found[2])


def find_source_phrases(tx: Text) -> list[Found]:
    """'По словам X, Q', 'Q, по данным X', 'Как сообщил X, Q'."""
    out = []
    for si, sent in enumerate(tx.sents):
        for i, token in enumerate(sent.tokens):
            word = _fold(token.text)
            if word not in ("по", "на", "согласно", "со", "как") or tx.inside_pair(token.start) is not None:
                continue
            found = _as_reported(tx, si, i) if word == "как" else _source_phrase(tx, si, i)
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
    if word[:1].isupper():
        return True
    return any(p.tag.POS in ("NOUN", "ADJF", "NPRO") and p.tag.case == "gent" for p in morph.parse(_fold(word)))


def _rest_or_before(tx: Text, si: int, first: int, after: int) -> Optional[tuple[int, int]]:
    """The reported words for a source phrase at tokens [first, after): what follows it in
    the sentence, or what precedes it when it closes the sentence ('Q, по данным X.')."""
    sent = tx.sents[si]
    tokens = sent.tokens
    while after < len(tokens) and tokens[after].text in ",":
        after += 1
    if after < len(tokens) and tokens[after].text not in ".!?…":
        a, b = _trim(tx.text, tokens[after].start, _clause_end(tx, si, after))
    elif first > 0:
        a, b = _trim(tx.text, sent.start, tokens[first].start)
    else:
        return None
    if not _enough_words(tx.text, a, b, 2):
        return None
    return a, b


def _attribution_cue(tokens: list[Token], k: int, about: bool) -> Optional[tuple[str, int, str]]:
    """The cue of an attribution that starts at token k: 'сообщает X', 'как пишет X',
    'об этом корреспонденту "Газеты" сообщили в комитете' (`about`: after "об этом")."""
    for m in range(k, min(k + (8 if about else 3), len(tokens))):
        word = tokens[m].text
        if word in QUOTE_CHARS and about:
            continue
        if not word[:1].isalpha():
            return None
        found = cue_at(tokens, m)
        if found:
            return found
        if not about and (_fold(word) in ("и", "а", "но", "или", "да")
                          or _fold(word) != "как" and not morph.has_pos(_fold(word), "ADVB", "PRCL")):
            return None   # ", которое отмечается …", ", и предполагают …" are no attribution
    return None


def _first_predicate(tokens: list[Token]) -> int:
    """Index of the first word that makes a clause (a finite verb, a short form, a
    predicative or a dash), len(tokens) if none."""
    for k, token in enumerate(tokens):
        if token.text in DASHES:
            return k
        parses = morph.parse(_fold(token.text)) if token.text[:1].isalpha() else ()
        if parses and parses[0].tag.POS in ("VERB", "PRTS", "ADJS", "PRED"):
            return k
    return len(tokens)


def find_content_first(tx: Text) -> list[Found]:
    """'Q, сообщает X.', 'Q, пишет Metro.', 'Q: об этом сообщили в ведомстве.'"""
    out = []
    for si, sent in enumerate(tx.sents):
        tokens = sent.tokens
        if _fold(tokens[0].text) == "об":
            continue   # "Об этом сообщил Посол": reporting with no content
        # the sentence's last clause word and first predicate, found once when first needed
        clause_word = predicate = None
        for c, token in enumerate(tokens):
            if token.text not in (",", ":") or c < 2 or tx.inside_pair(token.start) is not None:
                continue
            k, about = c + 1, False
            if token.text == ":":
                if not (k + 1 < len(tokens) and _fold(tokens[k].text) == "об" and _fold(tokens[k + 1].text) == "этом"):
                    continue
                k, about = k + 2, True
            while k < len(tokens) and tokens[k].text in DASHES:
                k += 1
            found = _attribution_cue(tokens, k, about)
            if found is None:
                continue
            if clause_word is None:
                clause_word = _last_clause_word(tokens)
            if clause_word > found[1]:
                continue   # the attribution must run to the end: no second clause after the speaker
            if not about and (not is_finite_verb(tokens[found[1]].text)
                              or _lexical_subject(tx, si, found[1], rightwards=True) is None):
                continue   # the speaker follows the verb: "…, сообщает Metro"
            a, b = _trim(tx.text, sent.start, token.start)
            if not _enough_words(tx.text, a, b, 2):
                continue
            if predicate is None:
                predicate = _first_predicate(tokens)
            if predicate >= c:
                continue   # the words before the comma make no clause
            cue_token = next(m for m in range(k, len(tokens)) if cue_at(tokens, m))
            out.append(Found(a, b, INDIRECT, found[0], si, cue_token, found[2] or "after"))
            break
    return out


def _last_clause_word(tokens: list[Token]) -> int:
    """Index of the last word that opens a clause ("что", "который", a colon), -1 if none."""
    for k in range(len(tokens) - 1, -1, -1):
        if _fold(tokens[k].text) in ("что", "чтобы", "как", "который", "которая") or tokens[k].text in ":;":
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
            if tokens[c + 1].text in QUOTE_CHARS or _fold(tokens[c + 1].text) == "об":
                continue
            found = _before_colon(tx, token.start)
            if found is None:
                continue
            a, b = _trim(tx.text, tokens[c + 1].start, sent.stop)
            if not _enough_words(tx.text, a, b, 3):
                continue
            if found.cue == ":" and not tx.mentions_in(tokens[0].start, token.start):
                continue
            found.start, found.stop, found.kind = a, b, INDIRECT
            if found.cue == ":" and _is_person_line(tx, found):
                found.kind = DIRECT   # a transcript line: "Иванов (прокурор): Q"
            out.append(found)
    return out


def _is_person_line(tx: Text, found: Found) -> bool:
    tokens = tx.sents[found.sent].tokens
    first, last = found.source
    names = tx.mentions_in(tokens[first].start, tokens[last - 1].stop)
    return bool(names) and names[0][2].type == "PER" and tx.line_of(tokens[first].start)[0] == tokens[first].start


# ------------------------------------------------------------------ speakers

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
            if role == "obj" and morph.lemma(tokens[kid].text) == "слово":   # "приводит слова X"
                owners = _children(tokens, kids, kid, ("nmod",))
                return owners[0] if owners else None
            return kid
        token = tokens[node]
        # "прокомментировал отравление и порассуждал": a conjunct may hang on the object
        if token.head >= 0 and (token.rel in ("advcl", "xcomp", "conj") or node != cue and token.rel in ("obj", "obl")):
            node = token.head
        else:
            break
    return None





def _lexical_subject(tx: Text, si: int, cue: int, rightwards: bool) -> Optional[int]:
    """Without a parse: the nearest name, pronoun or noun next to the cue, in its clause."""
    tokens = tx.sents[si].tokens
    order = range(cue + 1, len(tokens)) if rightwards else range(cue - 1, -1, -1)
    for j in order:
        token = tokens[j]
        if token.text in ",;:.!?" or token.text in DASHES:
            return None
        if tx.mention_at(token.start, token.stop) or _fold(token.text) in PRONOUNS:
            previous = tokens[j - 1].text if j > 0 else ""
            if rightwards or not (previous[:1].islower() and morph.has_pos(_fold(previous), "NOUN")):
                return j
            continue     # "отравление Скрипалей": a name after a noun depends on it
        if _fold(token.text) in ("в", "на", "о", "об", "с", "со", "для", "к", "по", "из", "от"):
            continue
        if len(token.text) > 1 and is_np_word(token) and any(p.tag.case == "nomn" for p in morph.parse(_fold(token.text))):
            return j
    return None


def _verb_gender(word: str) -> Optional[str]:
    parses = morph.parse(_fold(word))
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
            first, last = found.source
            while first < last and not tokens[first].text[:1].isalnum():
                first += 1
            while last > first and tokens[last - 1].text in ",.;:" + DASHES:
                last -= 1
            if first < last:
                self._settle(found, first, first, last, last, case="gent")
            return
        if found.token is None:
            return
        if found.role == "impersonal":
            owner = self._document_owner(tokens, found.token)
            if owner is not None:
                self._settle(found, owner, *self._group(found.sent, owner), case=None)
            elif self._in_document(tokens, found.token):
                found.speaker = self.rules.source_org(tokens[found.token].start)
            return
        head = self._subject(found)
        if head is None:
            self._dropped_subject(found, tokens[found.token])
            return
        parse = morph.parse(_fold(tokens[head].text))[0]
        if parse.tag.POS in ("NPRO", "ADJF") and parse.tag.gender == "neut" and parse.tag.number == "sing":
            found.dropped = True    # "Последнее говорило о том, что …": a thing does not speak
            return
        first, last = self._group(found.sent, head)
        cue = found.token
        scope = cue if cue > head else self._clause_stop(tokens, head)
        self._settle(found, head, first, last, scope, _verb_gender(tokens[cue].text))

    def _subject(self, found: Found) -> Optional[int]:
        tx, cue = self.tx, found.token
        tokens = tx.sents[found.sent].tokens
        parsed = tx.sents[found.sent].parsed
        head = _syntax_subject(tokens, tx.children(found.sent), cue, found.role) if parsed else None
        if head is None:
            head = _lexical_subject(tx, found.sent, cue, rightwards=found.role in ("after", "obj"))
        if head is None and found.role not in ("after", "obj"):
            head = _lexical_subject(tx, found.sent, cue, rightwards=True)
        if head is None:
            return self._place_speaker(tokens, cue)
        if found.role != "obj" and head > cue and head + 1 < len(tokens) and _fold(tokens[head + 1].text) in ("в", "во"):
            # "сообщили ТАСС в пресс-службе базы": the name before "в" is told, the place speaks
            place = self._place_speaker(tokens, cue)
            if place is not None and place > head:
                self.rules.told.add(tokens[head].start)
                return place
        return head

    def _group(self, si: int, head: int) -> tuple[int, int]:
        """Token range of the words naming the speaker: its noun group, whole names kept."""
        tokens = self.tx.sents[si].tokens
        first, last = _np_range(tokens, head) if self.tx.sents[si].parsed else (head, head + 1)
        mention = self.tx.mention_at(tokens[head].start, tokens[head].stop)
        if mention:
            first = min(first, self.tx.token_at(si, mention[0]))
            last = max(last, self.tx.token_at(si, mention[1] - 1) + 1)
        return first, last

    @staticmethod
    def _clause_stop(tokens: list[Token], head: int) -> int:
        k = head + 1
        while k < len(tokens) and tokens[k].text not in ",.;:!?" + DASHES:
            k += 1
        return k

    def _dropped_subject(self, found: Found, verb: Token) -> None:
        """'В своём посте обещал, что …': no subject; the person the text is about speaks."""
        if found.role == "" and _verb_gender(verb.text) is not None:
            found.speaker = self.rules.person_before(verb.start, _verb_gender(verb.text), prefer_speaker=True)

    def _document_owner(self, tokens: list[Token], cue: int) -> Optional[int]:
        """'говорится в сообщении полиции' -> полиции; 'в публикации говорится' -> публикации."""
        for j in list(range(cue + 1, min(len(tokens), cue + 6))) + list(range(cue - 1, max(-1, cue - 6), -1)):
            if tokens[j].text in ",;:.!?" or j == 0 or _fold(tokens[j - 1].text) not in ("в", "во", "на"):
                continue
            kind = speaker_nouns().get(morph.lemma(tokens[j].text), ("",))[0]
            if kind == "media":
                return j
            if kind == "org":
                owner = j + 1
                while owner < len(tokens) and speaker_nouns().get(morph.lemma(tokens[owner].text), ("",))[0] == "org":
                    owner += 1   # "в сообщении пресс-службы ЦБ" -> ЦБ
                return owner if owner < len(tokens) and is_np_word(tokens[owner]) else None
        return None

    @staticmethod
    def _in_document(tokens: list[Token], cue: int) -> bool:
        """'говорится в сообщении', 'в нем отмечается': a statement or release with no owner."""
        for j in range(max(1, cue - 5), min(len(tokens), cue + 5)):
            if _fold(tokens[j - 1].text) not in ("в", "во", "на"):
                continue
            word = _fold(tokens[j].text)
            if word in ("нем", "ней") or speaker_nouns().get(morph.lemma(word), ("",))[0] in ("org", "media"):
                return True
        return False

    def _place_speaker(self, tokens: list[Token], cue: int) -> Optional[int]:
        """'пояснили в Fitch', 'утверждают в Odebrecht', 'сообщили в ведомстве': an
        organisation, or a noun for one, after "в"."""
        for j in range(max(1, cue - 6), min(len(tokens), cue + 6)):
            if _fold(tokens[j - 1].text) not in ("в", "во"):
                continue
            mention = self.tx.mention_at(tokens[j].start, tokens[j].stop)
            if mention and mention[2].type == "ORG":
                return j
            lemma = morph.lemma(tokens[j].text)
            if mention is None and abs(j - cue) <= 4 and (reference_nouns().get(lemma, ("",))[0] == "ORG"
                                                           or speaker_nouns().get(lemma, ("",))[0] == "org"):
                return j
        return None

    def _settle(self, found: Found, head: int, first: int, last: int, scope: Optional[int] = None,
                gender: Optional[str] = None, case: Optional[str] = "nomn") -> None:
        tokens = self.tx.sents[found.sent].tokens
        found.speaker_span = (tokens[first].start, tokens[last - 1].stop)
        found.speaker = self.rules.resolve(tokens, head, first, max(last, scope or last), gender, case)


# ------------------------------------------------------------------ assembly

def _nested(tx: Text, inner: Found, outer: Found) -> bool:
    """Reported speech inside reported speech, each with its own cue: 'Как передаёт РИА,
    Челах заявил матери, что никого не убивал' gives both."""
    if inner.kind != INDIRECT or outer.kind != INDIRECT or inner.sent is None or inner.token is None:
        return False
    cue = tx.sents[inner.sent].tokens[inner.token].start
    return outer.start <= inner.start and inner.stop <= outer.stop and outer.start < cue < outer.stop


def select(tx: Text, found: list[Found]) -> list[Found]:
    """Drop quotes that overlap a better one: a rank lower, then a longer span, wins."""
    kept: list[Found] = []      # by start; apart from each other, or nested
    starts: list[int] = []
    for f in sorted(found, key=lambda f: (f.rank, f.kind != DIRECT, -(f.stop - f.start), f.start)):
        k = bisect_right(starts, f.start)
        near = kept[max(0, k - 4):k + 4]     # kept quotes are apart: only neighbours can overlap
        if all(f.stop <= g.start or g.stop <= f.start or _nested(tx, f, g) for g in near):
            kept.insert(k, f)
            starts.insert(k, f.start)
    return kept


def _keep_continued(tx: Text, quotes: list[Found]) -> list[Found]:
    """The quotes, less the cue-less ones that continue no quote next to them."""
    kept = []
    prev = None     # the latest quote one may continue: cue-less ones nobody claimed are passed over
    for n, f in enumerate(quotes):
        if f.role != "previous" or _continue(tx, quotes, n, prev):
            kept.append(f)
        if not (f.role == "previous" and f.cue is None and f.speaker is None):
            prev = f
    return kept


def _continue(tx: Text, quotes: list[Found], n: int, prev: Optional[Found]) -> bool:
    """A quoted paragraph with no cue continues the quote `prev` right before it (or, when
    its closing mark is lost, the one right after it)."""
    f = quotes[n]
    line = bisect_right(tx.line_starts, f.start) - 1
    pair = tx.inside_pair(f.start)
    if pair is not None and not pair.closed and n + 1 < len(quotes):
        after = quotes[n + 1]
        if after.role != "previous" and bisect_right(tx.line_starts, after.start) - 1 == line + 1:
            f.speaker, f.cue, f.kind = after.speaker, after.cue, after.kind
            return True
    if (prev is not None and line - (bisect_right(tx.line_starts, prev.stop) - 1) <= 1
            and (prev.speaker or prev.speaker_span)):
        f.speaker = prev.speaker
        return True
    return False


def _to_quote(text: str, f: Found) -> Quote:
    speaker_span = None
    if f.speaker_span is not None:
        a, b = f.speaker_span
        speaker_span = Span(start=a, stop=b, text=text[a:b])
    return Quote(text=text[f.start:f.stop], span=Span(start=f.start, stop=f.stop, text=text[f.start:f.stop]),
                 kind=f.kind, speaker=f.speaker, speaker_span=speaker_span, cue=f.cue)


def _quoted_whole(tx: Text, found: Found) -> None:
    """Reported words that are all inside quotation marks are direct speech:
    'добавил, что «Q»', 'как сообщил Эрик, "Q"'."""
    pair = tx.inside_pair(found.start + 1) if tx.text[found.start] in QUOTE_CHARS else tx.inside_pair(found.start)
    if pair is None or pair.open < found.start - 1:
        return   # the quotation marks must open where the reported words do
    # and close where they end (either slice is empty on one side)
    if tx.text[found.stop:pair.close].strip(" .,!?…") or tx.text[pair.close + 1:found.stop].strip(" .,!?…"):
        return
    found.kind = DIRECT
    found.start, found.stop = _trim(tx.text, *pair.inner)


def find_quotes(tx: Text) -> list[Found]:
    """Every candidate quote of the text, overlaps settled, speakers not yet known."""
    direct = find_direct(tx)
    direct += find_unquoted_direct(tx, direct)
    indirect = find_that_clauses(tx) + find_source_phrases(tx) + find_content_first(tx) + find_colon_clauses(tx)
    for found in indirect:
        _quoted_whole(tx, found)
    return select(tx, direct + indirect)


def extract_quotes(doc: Doc) -> None:
    """Fill `doc.quotes` with the direct and indirect quotes of the article.

    Needs `doc.entities` and `doc.roles`; parses the syntax of the sentences that hold
    a cue, and no others.

    Args:
        doc: the document, with sentences, entities and roles filled in.
    """
    tx = Text(doc)
    found = find_quotes(tx)
    # the parser runs only where a cue verb's subject is looked for
    needed = {id(tx.sents[f.sent]): tx.sents[f.sent] for f in found
              if f.token is not None and f.role not in ("source", "impersonal")}
    doc.require_syntax(sorted(needed.values(), key=lambda s: s.start))
    rules = Speakers(doc.resolver if doc.resolver is not None else Resolver(doc))
    words = SpeakerWords(tx, rules)
    for f in found:
        if f.role != "previous":
            words.find(f)
            rules.note(f.stop, f.speaker)
    found = [f for f in found if not f.dropped]
    kept = _keep_continued(tx, found)
    for f in kept:
        _speaker_words_as_reference(doc, f)
    doc.quotes = [_to_quote(doc.text, f) for f in kept]
    doc.references += first_person_references(doc, kept)


def _speaker_words_as_reference(doc: Doc, f: Found) -> None:
    """Make the words naming a resolved speaker one of its mentions or references: a
    name as it is, other words ("Посол", "он", "Посла Китая Чжан Сяо") a reference."""
    if f.speaker is None or f.speaker_span is None:
        return
    a, b = f.speaker_span
    lead = LEADING_PREPOSITION.match(doc.text, a, b)
    if lead:        # "в ведомстве": the preposition names nobody
        a = lead.end()
        f.speaker_span = (a, b)
    entity = next((e for e in doc.entities if e.id == f.speaker), None)
    if entity is None or any(m.start == a and m.stop == b for m in entity.mentions):
        return
    if any(r.start == a and r.stop == b and r.entity == f.speaker for r in doc.references):
        return      # the references stage found them already
    # the speaker rules know more than a document-wide rule about these words
    doc.references = [r for r in doc.references if not (r.start < b and a < r.stop)]
    doc.references.append(Reference(a, b, f.speaker, "speaker"))


LEADING_PREPOSITION = re.compile(r"(?:в|во|на|у|от|из)\s+", re.I)
FIRST_PERSON = {"PER": re.compile(r"(?<!\w)(?:я|меня|мне|мной|мною)(?!\w)", re.I),
                "ORG": re.compile(r"(?<!\w)(?:мы|нас|нам|нами)(?!\w)", re.I)}


def first_person_references(doc: Doc, quotes: list[Found]) -> list[Reference]:
    """"я" inside a person's direct quote is that person; "мы" inside an organisation's is
    the organisation."""
    types = {e.id: e.type for e in doc.entities}
    out = []
    for f in quotes:
        pattern = FIRST_PERSON.get(types.get(f.speaker, ""))
        if f.kind != DIRECT or pattern is None:
            continue
        out += [Reference(m.start(), m.end(), f.speaker, "first_person")
                for m in pattern.finditer(doc.text, f.start, f.stop)]
    return out
