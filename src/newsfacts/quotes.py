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
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from typing import Optional

from . import morph
from .clean import iter_lines
from .doc import Doc, Sent, Token
from .lexicons import load_set, load_table
from .records import Quote, Span

DIRECT, INDIRECT = "direct", "indirect"
QUOTE_CHARS = "«»„“”\"'‘’"
DASHES = "—–-"
MAX_NESTING = 8            # how deep a closing mark looks for its opener: keeps pairing linear
TITLE_WORDS = 6            # a capitalised quoted phrase this short with no punctuation is a name
CUE_LOOKBACK = 12          # tokens between a speech verb and its "что"
SOURCE_WORDS = 12          # tokens a source after "по словам" may take
ATTRIBUTION_CHARS = 160    # the longest "— сказал X, —" inside a quote
PRONOUN_SENTS = 4          # how far back a pronoun looks for its person
VERBISH = {"VERB", "INFN", "GRND", "PRTS", "ADJS"}
PRONOUNS = {
    "он": "masc", "его": "masc", "него": "masc", "ему": "masc", "нему": "masc", "нем": "masc", "ним": "masc",
    "она": "femn", "ее": "femn", "нее": "femn", "ей": "femn", "ней": "femn", "ею": "femn",
    "они": "plur", "их": "plur", "них": "plur", "им": "plur", "ими": "plur",
}
POSSESSIVES = {"его", "ее", "её", "их", "свой", "своим", "своей", "своему", "моим", "нашим"}


# ------------------------------------------------------------------ lexicons

@cache
def speech_verbs() -> dict[str, str]:
    """lemma -> where its speaker is ("" for the subject, "obj", "impersonal")."""
    return {row[0].lower(): (row[1] if len(row) > 1 else "") for row in load_table("speech_verbs")}


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
def speaker_nouns() -> dict[str, tuple[str, frozenset[str]]]:
    """noun lemma -> (kind, posts it covers)."""
    return {row[0].lower(): (row[1], frozenset(row[2].split()) if len(row) > 2 else frozenset())
            for row in load_table("speaker_nouns")}


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@cache
def speech_lemma(word: str) -> Optional[str]:
    """The lemma of a verb form of saying ("подчеркнул" -> "подчеркнуть"), else None."""
    lower = _fold(word)
    if not lower.isalpha():
        return None
    for parse in morph.parse(lower):
        if parse.tag.POS in VERBISH and "impr" not in parse.tag:
            lemma = parse.normal_form.replace("ё", "е")
            if lemma in speech_verbs():
                return lemma
    return None


@cache
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
            elif k >= 0 and not _left_open(prev) and _right_closed(nxt):
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


class Text:
    """The document seen by the rules: sentences, tokens, lines and quotation marks."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.sents = doc.sents
        self.sent_starts = [s.start for s in doc.sents]
        used = {(s.start, s.stop) for s in doc.sents}
        self.lines = [ln for ln in iter_lines(doc.text) if any(a >= ln[0] and b <= ln[1] for a, b in used)] \
            if len(doc.sents) < 2000 else list(iter_lines(doc.text))
        self.line_starts = [ln[0] for ln in self.lines]
        self.pairs = pair_quotes(doc.text, self.lines)
        self.top = [p for p in self.pairs if p.depth == 0]
        self.top_starts = [p.open for p in self.top]
        self.mentions = sorted((m.start, m.stop, e) for e in doc.entities for m in e.mentions)
        self.mention_starts = [m[0] for m in self.mentions]

    # -- positions
    def sent_of(self, offset: int) -> Optional[int]:
        k = bisect_right(self.sent_starts, offset) - 1
        if k >= 0 and offset < self.sents[k].stop:
            return k
        return None

    def line_of(self, offset: int) -> tuple[int, int]:
        k = max(0, bisect_right(self.line_starts, offset) - 1)
        return self.lines[k] if self.lines else (0, len(self.text))

    def token_at(self, si: int, offset: int) -> int:
        """Index of the first token of sentence `si` that ends after `offset`."""
        for i, token in enumerate(self.sents[si].tokens):
            if token.stop > offset:
                return i
        return len(self.sents[si].tokens)

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
    """Strip spaces, and a final full stop, comma or colon (a final ! or ? stays)."""
    while start < stop and text[start].isspace():
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

def cue_at(tokens: list[Token], i: int) -> Optional[tuple[str, int, str]]:
    """(cue, index of its last word, speaker role) when a cue starts at token i."""
    word = _fold(tokens[i].text)
    for words, kind, phrase in speech_phrases():
        if kind != "verb" or i + len(words) > len(tokens):
            continue
        got = [_fold(t.text) for t in tokens[i:i + len(words)]]
        if all(g == w or morph.lemma(g) == w for g, w in zip(got, words)):
            return phrase, i + len(words) - 1, "obj" if "слова" in phrase else ""
    lemma = speech_lemma(word)
    if lemma is None:
        return None
    if i > 0 and _fold(tokens[i - 1].text) == "не":
        return None      # negated speech: "никто не говорил, что"
    return lemma, i, speech_verbs()[lemma]


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
        j, got = i + 1, [first]
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
    # "Обозреватель РИА Новости Сергей Петухов: «…»": a name and no verb
    names = tx.mentions_in(tokens[first].start, tokens[colon].start)
    if names and colon - first <= 12 and not any(is_finite_verb(t.text) for t in tokens[first:colon]):
        return Found(0, 0, DIRECT, ":", si, None, "source", (first, colon))
    return None


def _colon_line_before(tx: Text, line_start: int) -> Optional[Found]:
    """The previous paragraph ends in a colon after a cue: 'Дуда написал в Twitter:'."""
    k = bisect_right(tx.line_starts, line_start) - 1
    if k <= 0:
        return None
    start, stop = tx.lines[k - 1]
    prev = tx.text[start:stop].rstrip()
    if not prev.endswith(":") or line_start - (start + len(prev)) > 4:
        return None
    return _before_colon(tx, start + len(prev) - 1)


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
            bounds = [start] + [b for p in pieces for b in p[:2]] + [stop]
            for n in range(len(pieces) + 1):
                a, b = _trim(text, bounds[2 * n], bounds[2 * n + 1], keep_final=True)
                a, b = _trim(text, a, b) if text[b - 1:b] in ".," else (a, b)
                _, _, si, ti, cue, role = pieces[max(0, n - 1)] if n else pieces[0]
                if b > a:
                    out.append(Found(a, b, DIRECT, cue, si, ti, role or "after", rank=1))
            continue
        a, b = _trim(text, start, stop)
        if b <= a:
            continue
        after = _after_attribution(tx, pair.close + 1, line_stop) if pair.closed else None
        if after is not None and not (looks_like_title(inner) and len(_words(inner)) < 3):
            si, ti, cue, role = after
            out.append(Found(a, b, DIRECT, cue, si, ti, role or "after", rank=1))
            continue
        before = text[line_start:pair.open].rstrip()
        colon = None
        if before.endswith(":"):
            colon = _before_colon(tx, line_start + len(before) - 1)
        elif not before:
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
        if not looks_like_title(inner) and len(_words(inner)) >= 3:
            out.append(Found(a, b, DIRECT, None, role="previous", rank=4))
    return out


def _ends_sentence(tx: Text, pair: Pair, line_stop: int) -> bool:
    rest = tx.text[pair.close + 1:line_stop]
    return re.match(r"\s*[.!?…]*\s*(?:$|[А-ЯЁA-Z«\"“„—–-])", rest) is not None


def _scare_quoted(before: str) -> bool:
    return re.search(r"(?:так называем\w*|т\.\s?н\.)$", before.lower()) is not None


def _cue_before_that(tx: Text, offset: int) -> Optional[tuple[int, int, str, str]]:
    """The speech verb governing a "что" that ends just before `offset`."""
    si = tx.sent_of(offset - 1)
    if si is None:
        return None
    tokens = tx.sents[si].tokens
    i = tx.token_at(si, offset - 1)
    if i >= len(tokens) or _fold(tokens[i].text) != "что":
        return None
    return _cue_for_that(tx, si, i)


def _cue_in_sentence(tx: Text, pair: Pair) -> Optional[tuple[int, int, str, str]]:
    """A speech verb of the sentence a quoted fragment hangs on: 'назвала ситуацию «тяжёлой»'."""
    si = tx.sent_of(pair.open)
    if si is None:
        return None
    tokens = tx.sents[si].tokens
    at = tx.token_at(si, pair.open)
    best = None
    for i, token in enumerate(tokens):
        if tx.inside_pair(token.start) is not None:
            continue
        found = cue_at(tokens, i)
        if found is None or speech_verbs().get(found[0]) == "impersonal":
            continue
        # a verb before the fragment binds closer than one after it
        distance = at - i if i < at else 2 * (i - at) + 4
        if best is None or distance < best[0]:
            best = (distance, i, found)
    if best is None or best[0] > 20:
        return None
    _, i, (cue, _, role) = best
    return si, i, cue, role


def find_unquoted_direct(tx: Text, quoted: list[Found]) -> list[Found]:
    """Direct speech whose quotation marks are lost: a paragraph after 'X сказал:', or
    followed by '— сказала X', or opened by a dash ('— Q, — заявил X')."""
    out: list[Found] = []
    text = tx.text
    taken = sorted((f.start, f.stop) for f in quoted)
    for line_start, line_stop in tx.lines:
        line = text[line_start:line_stop]
        body = line.lstrip(" \t" + DASHES)
        if not body.strip() or body[:1] in QUOTE_CHARS:
            continue
        begin = line_start + len(line) - len(body)
        if any(a < line_stop and begin < b for a, b in taken):
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
            a, b = _trim(text, begin, line_start + match.start() + 1, keep_final=True)
            a, b = _trim(text, a, b) if text[b - 1:b] in ".," else (a, b)
            if len(_words(text[a:b])) >= 3:
                out.append(Found(a, b, DIRECT, cue, si, ti, role or "after", rank=2))
            break
    return out


# ------------------------------------------------------------------ indirect speech

def _clause_end(tx: Text, si: int, first: int) -> int:
    """Offset where a reported clause starting at token `first` ends: the sentence end,
    or a colon or semicolon before it."""
    sent = tx.sents[si]
    tokens = sent.tokens
    for i in range(first, len(tokens)):
        if tokens[i].text in (":", ";") and tx.inside_pair(tokens[i].start) is None:
            return tokens[i].start
    return sent.stop


def _cue_for_that(tx: Text, si: int, i: int) -> Optional[tuple[int, int, str, str]]:
    """The speech verb a "что" at token i hangs on: 'заявил, что' / 'сообщили о том, что'."""
    tokens = tx.sents[si].tokens
    j = i - 1
    if j >= 0 and tokens[j].text == ",":
        j -= 1
        if j >= 0 and _fold(tokens[j].text) in ("то", "том", "тем"):
            j -= 1
            if j >= 0 and _fold(tokens[j].text) in ("о", "на", "в", "за"):
                j -= 1
    elif j < 0 or speech_lemma(tokens[j].text) is None:
        return None
    for k in range(j, max(-1, j - CUE_LOOKBACK), -1):
        token = tokens[k]
        if token.text in ".;:!?" or _fold(token.text) in ("что", "чтобы", "который", "которая", "которые"):
            return None
        found = cue_at(tokens, k) if token.text[:1].isalpha() else None
        if found is not None:
            if tx.inside_pair(token.start) is not None:
                return None
            return si, k, found[0], found[2]
        # a phrase cue ends here: "обратили внимание на то, что"
        for words, kind, phrase in speech_phrases():
            n = len(words)
            if kind == "verb" and k - n + 1 >= 0:
                found = cue_at(tokens, k - n + 1)
                if found and found[1] == k:
                    return si, k - n + 1, found[0], found[2]
        if is_finite_verb(token.text) and not speech_lemma(token.text):
            return None   # another clause's verb: "стало известно, что"
    return None


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
            if len(_words(tx.text[a:b])) < 2:
                continue
            _, ti, lemma, role = cue
            out.append(Found(a, b, INDIRECT, lemma, si, ti, role))
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


def find_source_phrases(tx: Text) -> list[Found]:
    """'По словам X, Q', 'Q, по данным X', 'Как сообщил X, Q'."""
    out = []
    for si, sent in enumerate(tx.sents):
        tokens = sent.tokens
        for i, token in enumerate(tokens):
            if tx.inside_pair(token.start) is not None:
                continue
            word = _fold(token.text)
            if word in ("по", "на", "согласно", "со"):
                found = source_phrase_at(tokens, i)
                if found is None:
                    continue
                cue, j = found
                possessive = _fold(tokens[j - 2].text) in POSSESSIVES | {"ее"} if j - i > 2 else False
                if possessive:
                    source = (j - 2, j - 1)
                    source_stop = j
                else:
                    source_stop = _source_stop(tokens, j)
                    if source_stop == j or not _names_something(tokens[j]):
                        continue   # "по предварительным данным", "по данным на 2013 год"
                    source = (j, source_stop)
                quote = _rest_or_before(tx, si, i, source_stop)
                if quote is not None:
                    out.append(Found(quote[0], quote[1], INDIRECT, cue, si, None, "source", source))
            elif word == "как" and i + 1 < len(tokens):
                found = None
                for k in (i + 1, i + 2):
                    if k < len(tokens) and tokens[k].text[:1].isalpha():
                        found = cue_at(tokens, k)
                        if found:
                            break
                if found is None:
                    continue
                k = found[1]
                comma = next((m for m in range(k + 1, min(len(tokens), k + SOURCE_WORDS)) if tokens[m].text in ",:"), None)
                if comma is not None and tokens[comma].text == ":":
                    continue   # 'Как отмечается в материалах банка: «…»' is direct
                quote = _rest_or_before(tx, si, i, comma + 1 if comma is not None else k + 1)
                if quote is not None:
                    out.append(Found(quote[0], quote[1], INDIRECT, found[0], si, k - (found[1] - k), found[2]))
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
    if len(_words(tx.text[a:b])) < 2:
        return None
    return a, b


def find_content_first(tx: Text) -> list[Found]:
    """'Q, сообщает X.', 'Q, пишет Metro.', 'Q: об этом сообщили в ведомстве.'"""
    out = []
    for si, sent in enumerate(tx.sents):
        tokens = sent.tokens
        for c, token in enumerate(tokens):
            if token.text not in (",", ":") or c < 2 or tx.inside_pair(token.start) is not None:
                continue
            k = c + 1
            if token.text == ":":
                if k + 1 < len(tokens) and _fold(tokens[k].text) == "об" and _fold(tokens[k + 1].text) == "этом":
                    k += 2
                else:
                    continue
            while k < len(tokens) and tokens[k].text in DASHES:
                k += 1
            found = None
            for m in range(k, min(k + 4, len(tokens))):
                if not tokens[m].text[:1].isalpha():
                    break
                found = cue_at(tokens, m)
                if found:
                    break
            if found is None or not _reaches_end(tokens, found[1] + 1):
                continue
            if _fold(tokens[0].text) == "об" or (token.text == "," and not is_finite_verb(tokens[found[1]].text)):
                continue
            a, b = _trim(tx.text, sent.start, token.start)
            if len(_words(tx.text[a:b])) < 3:
                continue
            out.append(Found(a, b, INDIRECT, found[0], si, m, found[2] or "after"))
            break
    return out


def _reaches_end(tokens: list[Token], k: int) -> bool:
    """The attribution runs to the end of the sentence: no second clause after the speaker."""
    for token in tokens[k:]:
        if _fold(token.text) in ("что", "чтобы", "как", "который", "которая") or token.text in ":;":
            return False
    return True


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
            if len(_words(tx.text[a:b])) < 3:
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
