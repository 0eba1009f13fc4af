"""Selection: overlapping candidates settled by the rank of the rule that found them,
cue-less quoted paragraphs kept only where they continue a quote, reported words all in
quotation marks made direct."""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from ..clean import QUOTE_CHARS
from ..records import Quote, Span
from .text import DIRECT, INDIRECT, Found, Text, trim

CONTINUED = "continued_paragraph"
# rule -> rank: when two quotes overlap, the lower rank wins
RANKS = {
    "attribution_after": 1, "split_by_attribution": 1, "colon_before": 1, "quoted_that_clause": 1,
    "paragraph_after_colon": 2, "dashed_paragraph": 2,
    "relayed_that_clause": 2, "that_clause": 2, "source_phrase": 2, "as_reported": 2, "content_first": 2, "colon_clause": 2,
    "transcript_line": 2, "transcript_paragraph": 2,
    "interview_answer": 3,
    "fragment_on_cue": 3,
    CONTINUED: 4,
}


# the rules of a clause an outlet relays ("Как сообщает ТАСС, X назвал ситуацию «тяжёлой»"),
# in which what X said is a quote of its own
RELAYS = frozenset({"as_reported", "relayed_that_clause", "content_first"})


def _nested(tx: Text, inner: Found, outer: Found) -> bool:
    """Speech inside reported speech, each with its own cue: 'Как передаёт РИА, Челах
    заявил матери, что никого не убивал' and 'X отметил, что «Q», — передает Y' give both."""
    if outer.kind != INDIRECT or inner.sent is None or inner.token is None and (
            not inner.cue.source or outer.rule != "relayed_that_clause"):
        return False
    if inner.rule == "fragment_on_cue" and outer.rule not in RELAYS:
        return False    # a quoted fragment inside a reported clause is part of that one quote
    # where the cue is: its verb, or its source phrase's source ("По его словам, «Q», — передает Y")
    cue = tx.sents[inner.sent].tokens[inner.token if inner.token is not None else inner.cue.source[0]].start
    return outer.start <= inner.start and inner.stop <= outer.stop and outer.start < cue < outer.stop


def select(tx: Text, found: list[Found]) -> list[Found]:
    """Drop quotes that overlap a better one: a rule ranked lower, then direct speech,
    then a longer span, wins."""
    kept: list[Found] = []      # by start; apart from each other, or nested
    starts: list[int] = []
    for f in sorted(found, key=lambda f: (RANKS[f.rule], f.kind != DIRECT, -(f.stop - f.start), f.start)):
        k = bisect_right(starts, f.start)
        near = kept[max(0, k - 4):k + 4]     # kept quotes are apart: only neighbours can overlap
        if all(f.stop <= g.start or g.stop <= f.start or _nested(tx, f, g) or _nested(tx, g, f) for g in near):
            kept.insert(k, f)
            starts.insert(k, f.start)
    return kept


def keep_continued(tx: Text, quotes: list[Found]) -> list[Found]:
    """The quotes, less the cue-less ones that continue no quote next to them."""
    kept = []
    prev = None     # the latest quote one may continue: cue-less ones nobody claimed are passed over
    for n, f in enumerate(quotes):
        if f.rule != CONTINUED or _continue(tx, quotes, n, prev):
            kept.append(f)
        if not (f.rule == CONTINUED and f.cue is None and f.speaker is None):
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
        if after.rule != CONTINUED and bisect_right(tx.line_starts, after.start) - 1 == line + 1:
            f.speaker, f.cue, f.kind = after.speaker, after.cue, after.kind
            return True
    if (prev is not None and line - (bisect_right(tx.line_starts, prev.stop) - 1) <= 1
            and (prev.speaker or prev.speaker_span)):
        f.speaker = prev.speaker
        return True
    return False


def to_quote(text: str, f: Found) -> Quote:
    speaker_span = None
    if f.speaker_span is not None:
        a, b = f.speaker_span
        speaker_span = Span(start=a, stop=b, text=text[a:b])
    return Quote(text=text[f.start:f.stop], span=Span(start=f.start, stop=f.stop, text=text[f.start:f.stop]),
                 kind=f.kind, speaker=f.speaker, speaker_span=speaker_span, cue=f.lemma)


def quoted_whole(tx: Text, found: Found) -> None:
    """Reported words that are all inside quotation marks are direct speech:
    'добавил, что «Q»', 'как сообщил Эрик, "Q"'."""
    pair = tx.inside_pair(found.start + 1) if tx.text[found.start] in QUOTE_CHARS else tx.inside_pair(found.start)
    if pair is None or pair.open < found.start - 1:
        return   # the quotation marks must open where the reported words do
    # and close where they end (either slice is empty on one side)
    if tx.text[found.stop:pair.close].strip(" .,!?…") or tx.text[pair.close + 1:found.stop].strip(" .,!?…"):
        return
    found.kind = DIRECT
    found.start, found.stop = trim(tx.text, *pair.inner)


