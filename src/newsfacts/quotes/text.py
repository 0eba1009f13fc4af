"""What the quote rules share: the record of a quote found (`Found`, with its `Cue`),
and `Text`, the document seen by the rules (sentences, tokens, paragraphs, quotation
marks and mentions, each indexed once per article)."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

from ..clean import QUOTE_CHARS, iter_lines
from ..doc import Doc, Token
from ..references import DASHES
from .marks import Pair, pair_quotes

DIRECT, INDIRECT = "direct", "indirect"
TITLE_WORDS = 6            # a capitalised quoted phrase this short with no punctuation is a name
SPACES = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class Cue:
    """A speech cue and where its speaker is.

    `lemma` is the verb's lemma ("сказать"), a phrase ("по словам") or ":" for a bare
    colon; `token` its first word and `last` its last in sentence `sent`; `role` where
    the speaker is: "" the subject, "obj" the object ("цитирует X"), "impersonal" none
    ("сообщается"), "after" the words after the verb ("— сказал X"), "source" the token
    range `source` ("по словам X", "X: …").
    """
    lemma: str
    token: Optional[int] = None
    last: Optional[int] = None
    role: str = ""
    sent: Optional[int] = None
    source: Optional[tuple[int, int]] = None


@dataclass
class Found:
    """A quote found by the rule named `rule`, before its speaker is known."""
    start: int
    stop: int
    kind: str
    rule: str
    cue: Optional[Cue] = None
    speaker: Optional[str] = None
    speaker_span: Optional[tuple[int, int]] = None
    dropped: bool = False             # the cue turned out not to be speech
    lead: Optional[int] = None        # an interview answer: where its interview starts

    @property
    def sent(self) -> Optional[int]:
        return self.cue.sent if self.cue else None

    @property
    def token(self) -> Optional[int]:
        return self.cue.token if self.cue else None

    @property
    def role(self) -> str:
        return self.cue.role if self.cue else ""

    @property
    def lemma(self) -> Optional[str]:
        return self.cue.lemma if self.cue else None

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
        self.cache: dict[str, dict] = {}      # what a rule finds once per sentence, by rule
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


def trim(text: str, start: int, stop: int, keep_final: bool = False) -> tuple[int, int]:
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


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def enough_words(text: str, start: int, stop: int, n: int) -> bool:
    """At least n words in text[start:stop] (looking at a short prefix only)."""
    return len(words_of(text[start:min(stop, start + 40 * n)])) >= n


def a_list_of_names(text: str, start: int, stop: int) -> bool:
    """Only capitalised words, joined by commas and "и" ("Сикоев Алик, Гиоев Заурбек"): the
    names listed under a heading ("ОМОН: …"), nothing said."""
    words = re.findall(r"\w+", text[start:stop])
    return len(words) > 1 and all(word[:1].isupper() or word == "и" for word in words)


def looks_like_title(inner: str) -> bool:
    """A name or title in quotation marks: «Зенит», "Пояс и путь", "Новый Казахстан"."""
    stripped = inner.strip()
    first = next((c for c in stripped if c.isalnum()), "")
    if not first or not (first.isupper() or first.isdigit()):
        return False
    if re.search(r"[.!?…]\s|[.!?…]$|,\s", stripped):
        return False
    return len(words_of(stripped)) <= TITLE_WORDS


def is_lower_start(inner: str) -> bool:
    first = next((c for c in inner if c.isalpha()), "")
    return bool(first) and first.islower()



def is_speaker_label(tx: Text, cue: Cue) -> bool:
    """The words before a bare colon open their paragraph and name a person: a
    transcript's speaker label ("Иванов (прокурор): Q")."""
    tokens = tx.sents[cue.sent].tokens
    first, last = cue.source
    names = tx.mentions_in(tokens[first].start, tokens[last - 1].stop)
    return bool(names) and names[0][2].type == "PER" and tx.line_of(tokens[first].start)[0] == tokens[first].start
